"""Local development: the embedded SQLite database under var/, DEBUG on."""

from sanxiang.config.settings.base import *  # noqa: F403

DEBUG = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Serve app static files straight from the packages; no collectstatic step needed.
WHITENOISE_USE_FINDERS = True
