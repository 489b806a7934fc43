"""Content-addressed files under the vault directory: `aa/bb/<sha256>`, mode 0444.

A blob is written to a temporary file in the vault, fsynced, made read-only and then linked
into place with `os.link`, which refuses to replace an existing name: two uploads of the same
bytes race safely and the second stores nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

CHUNK = 1024 * 1024
READ_ONLY = 0o444


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LocalStorage:
    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def key_for(self, sha256: str) -> str:
        return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError("not a lowercase SHA-256 hex digest")
        return self.root / self.key_for(sha256)

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def put_file(self, *, path: Path, sha256: str, retain_until: dt.datetime) -> bool:
        dest = self.path_for(sha256)
        try:
            if dest.exists():
                return False
            dest.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "rb+") as fh:
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(path, READ_ONLY)
            try:
                os.link(path, dest)
            except FileExistsError:
                return False
            _fsync_dir(dest.parent)
            return True
        finally:
            Path(path).unlink(missing_ok=True)

    def put_bytes(self, *, data: bytes, sha256: str, retain_until: dt.datetime) -> bool:
        if self.exists(sha256):
            return False
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return self.put_file(path=Path(tmp), sha256=sha256, retain_until=retain_until)

    def read_range(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        with open(self.path_for(sha256), "rb") as fh:
            fh.seek(start)
            remaining = end - start + 1
            while remaining > 0:
                chunk = fh.read(min(CHUNK, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                yield chunk
