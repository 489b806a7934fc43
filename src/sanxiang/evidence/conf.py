"""Evidence settings, read at call time so tests can override them.

Environment variables (all optional) set the defaults:
SANXIANG_VAULT_BACKEND = "local" | "s3"; SANXIANG_VAULT_DIR; SANXIANG_S3_ENDPOINT,
SANXIANG_S3_BUCKET, SANXIANG_S3_REGION, SANXIANG_S3_ACCESS_KEY, SANXIANG_S3_SECRET_KEY.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

DEFAULT_MAX_UPLOAD = 8 * 1024**3  # 8 GiB: a long body-camera recording
DEFAULT_RETENTION_DAYS = 30 * 365  # until a case's 保管期限 sets it per item
DEFAULT_UPLOAD_TTL_HOURS = 72


def _setting(name: str, default: object) -> object:
    return getattr(settings, name, os.environ.get(name, default))


def vault_backend() -> str:
    return str(_setting("SANXIANG_VAULT_BACKEND", "local"))


def vault_dir() -> Path:
    return Path(str(_setting("SANXIANG_VAULT_DIR", Path(settings.VAR_DIR) / "vault")))


def incoming_dir() -> Path:
    """Unfinished uploads: inside the vault directory, so sealing is a rename on one filesystem."""
    return vault_dir() / "incoming"


def max_upload_bytes() -> int:
    return int(str(_setting("SANXIANG_TUS_MAX_SIZE", DEFAULT_MAX_UPLOAD)))


def upload_ttl_hours() -> int:
    return int(str(_setting("SANXIANG_TUS_TTL_HOURS", DEFAULT_UPLOAD_TTL_HOURS)))


def retention_days() -> int:
    return int(str(_setting("SANXIANG_EVIDENCE_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)))


def stream_record_window_seconds() -> int:
    """A <video> element sends many Range requests per playback; one record per window."""
    return int(str(_setting("SANXIANG_EVIDENCE_STREAM_WINDOW", 300)))


def s3_options() -> dict[str, str]:
    return {
        "endpoint_url": str(_setting("SANXIANG_S3_ENDPOINT", "")),
        "bucket": str(_setting("SANXIANG_S3_BUCKET", "sanxiang-evidence")),
        "region": str(_setting("SANXIANG_S3_REGION", "us-east-1")),
        "access_key": str(_setting("SANXIANG_S3_ACCESS_KEY", "")),
        "secret_key": str(_setting("SANXIANG_S3_SECRET_KEY", "")),
    }
