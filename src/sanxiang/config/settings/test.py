"""Tests: fast hashing, no external network, same database choice as base (SQLite or DATABASE_URL)."""

import os
from pathlib import Path

from sanxiang.config.settings.base import *  # noqa: F403

DEBUG = False
# Argon2 stays first so tests exercise it, with the cheapest parameters.
PASSWORD_HASHERS = [
    "sanxiang.testing.hashers.FastArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
if str(DATABASES["default"]["ENGINE"]).endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["NAME"] = ":memory:"  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
VAR_DIR = Path(os.environ.get("SANXIANG_VAR_DIR", "/tmp/sanxiang-test-var"))  # noqa: F405, S108
MEDIA_ROOT = VAR_DIR / "media"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve app static files straight from the packages; no collectstatic step needed.
WHITENOISE_USE_FINDERS = True
