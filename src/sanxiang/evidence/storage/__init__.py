"""One small interface for sealed evidence bytes, and the backend chosen by settings.

Backends are content-addressed (a blob's key derives from its SHA-256), write-once and
read-only after writing: `LocalStorage` (files, mode 0444) and `S3Storage` (Object Lock,
COMPLIANCE mode). Storing bytes that already exist stores nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from sanxiang.evidence import conf


class BlobStorage(Protocol):
    name: str

    def key_for(self, sha256: str) -> str: ...

    def exists(self, sha256: str) -> bool: ...

    def put_file(self, *, path: Path, sha256: str, retain_until: dt.datetime) -> bool:
        """Store the file at `path` (consumed: moved or deleted). True if new bytes were stored."""
        ...

    def put_bytes(self, *, data: bytes, sha256: str, retain_until: dt.datetime) -> bool: ...

    def read_range(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        """Bytes start..end inclusive, in chunks."""
        ...


def get_storage(name: str | None = None) -> BlobStorage:
    """The backend named by settings (or by `name`, for reading a blob stored elsewhere)."""
    name = name or conf.vault_backend()
    if name == "s3":
        from sanxiang.evidence.storage.s3 import S3Storage

        return S3Storage.from_settings()
    from sanxiang.evidence.storage.local import LocalStorage

    return LocalStorage(conf.vault_dir())
