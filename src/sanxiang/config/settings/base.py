"""Settings shared by every environment. Environment variables override the embedded defaults."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

SRC_DIR = Path(__file__).resolve().parents[3]
BASE_DIR = SRC_DIR.parent
VAR_DIR = Path(os.environ.get("SANXIANG_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SANXIANG_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("SANXIANG_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves Swagger UI from its own static files, never from a CDN
    "axes",
    "django_tasks_db",
    # Bounded contexts, lower layers first (ARCHITECTURE.md).
    "sanxiang.core",
    "sanxiang.ledger",
    "sanxiang.organisations",
    "sanxiang.accounts",
    "sanxiang.catalog",
    "sanxiang.evidence",
    "sanxiang.cases",
    "sanxiang.documents",
    "sanxiang.legal_review",
    "sanxiang.disclosure",
    "sanxiang.licensing",
    "sanxiang.inspections",
    "sanxiang.spotchecks",
    "sanxiang.applicants",
    "sanxiang.outbound",
    "sanxiang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sanxiang.core.middleware.RequestIdMiddleware",
    "sanxiang.core.middleware.UploadLimitMiddleware",
    "sanxiang.core.middleware.ApplicationErrorMiddleware",
    "axes.middleware.AxesMiddleware",
    "sanxiang.applicants.middleware.ApplicantBoundaryMiddleware",
]

ROOT_URLCONF = "sanxiang.config.urls"
# Chinese 404/403/500 pages instead of Django's defaults (core/templates/404.html etc.).
WSGI_APPLICATION = "sanxiang.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_from_env() -> dict[str, object]:
    """DATABASE_URL=postgres://user:pw@host:port/name selects PostgreSQL; otherwise SQLite in var/."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlparse(url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parts.path.lstrip("/"),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
        }
    path = Path(os.environ.get("SANXIANG_SQLITE_PATH", VAR_DIR / "sanxiang.sqlite3"))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # WAL lets the web process and the worker share the file; IMMEDIATE avoids
        # "database is locked" upgrades inside write transactions. Reads go through a memory map
        # (1 GiB of address space, backed by the OS page cache) instead of a read() per page into
        # each connection's own 2 MB cache: Django opens a connection per request, and on a fresh
        # one the ten index lookups of a ledger proof at 1,000,000 entries (a 1 GB file) took
        # 143 µs without the map and 31 µs with it; 45 vs 33 µs once warm (bench/README.md).
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824;"
            ),
        },
    }


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: 5 failures for one username locks that account for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sanxiang.accounts.views.lockout_response"
AXES_VERBOSE = False
# axes.W006 warns that username-only lockout ignores the client address. That is the policy here
# (等保 account lockout: the account is locked whoever tries it, and only the 安全管理员 or the
# cool-off lifts it), and counting per address would let one NAT'd office lock itself out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Sessions expire after 30 minutes idle and when the browser closes.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# Request bodies: uploads above this are refused with a Chinese message before Django reads them.
SANXIANG_MAX_UPLOAD_BYTES = int(os.environ.get("SANXIANG_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# The ledger's origin line and signing-key name (INTEGRITY.md §1); the key file lives outside
# the database so that a database administrator cannot re-sign a rewritten log.
SANXIANG_LEDGER_ORIGIN = os.environ.get("SANXIANG_LEDGER_ORIGIN", "sanxiang.example.gov.cn/ledger")
SANXIANG_LEDGER_KEY_FILE = Path(
    os.environ.get("SANXIANG_LEDGER_KEY_FILE", VAR_DIR / "keys" / "ledger-ed25519.pem")
)
# `sanxiang worker` signs a checkpoint this often (seconds) when the log has grown; 0 = never
# (ADR 0007). Retired verifier keys: `<key file stem>-retired.txt` next to the key, or
# SANXIANG_LEDGER_RETIRED_KEYS_FILE (docs/howto/rotate-ledger-key.md).
SANXIANG_CHECKPOINT_INTERVAL = float(os.environ.get("SANXIANG_CHECKPOINT_INTERVAL", 60))
# `sanxiang verify` runs these checks in order (each yields Discrepancy objects).
SANXIANG_INTEGRITY_CHECKS = [
    "sanxiang.ledger.integrity.check_ledger",
    "sanxiang.ledger.integrity.check_audit_coverage",
    "sanxiang.organisations.integrity.check_rows_audited",
    "sanxiang.catalog.integrity.check_catalog_digests",
    "sanxiang.evidence.integrity.check_items_sealed",
    "sanxiang.evidence.integrity.check_blobs",
    "sanxiang.documents.integrity.check_documents",
    "sanxiang.spotchecks.integrity.check_rows_audited",
    "sanxiang.applicants.integrity.check_rows_audited",
    "sanxiang.inspections.integrity.check_inspections_audited",
    "sanxiang.licensing.integrity.check_licensing_rows_audited",
    "sanxiang.disclosure.integrity.check_policies_audited",
]
# Printed in the QR code of every generated 文书: where the public verifies it.
SANXIANG_PUBLIC_BASE_URL = os.environ.get("SANXIANG_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# The document CA and agencies' signing keys (PEM files, 0600), outside the database.
SANXIANG_DOCUMENT_KEY_DIR = Path(
    os.environ.get("SANXIANG_DOCUMENT_KEY_DIR", VAR_DIR / "keys" / "documents")
)
SANXIANG_SITE_NAME = os.environ.get("SANXIANG_SITE_NAME", "行政执法三项制度平台")
NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
