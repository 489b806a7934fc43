"""Writing ledger evidence bundles (format and layout: `sanxiang.ledger.bundles`).

Database-free like the verifier: the caller (e.g. `ledger.exports.bundle_seal`) supplies the
entries, proofs, checkpoint and keys.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanxiang.ledger.merkle import leaf_hash

FORMAT = "sanxiang-ledger-bundle/1"
MANIFEST = "manifest.json"
ENTRIES = "ledger/entries.jsonl"
PROOFS = "ledger/proofs.json"
CHECKPOINT = "ledger/checkpoint.txt"
KEY = "ledger/key.txt"
FIXED = (MANIFEST, ENTRIES, PROOFS, CHECKPOINT, KEY)
CHUNK = 1024 * 1024
# Already-compressed media are stored as they are; deflating them costs time for nothing.
STORED_TYPES = ("video/", "audio/", "image/jpeg", "image/png", "application/zip")


# -- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BundleFile:
    path: str
    sha256: str
    size: int
    media_type: str
    title: str = ""
    ledger_index: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "size": self.size,
            "media_type": self.media_type,
            "title": self.title,
            "ledger_index": self.ledger_index,
        }


def _check_path(path: str) -> None:
    if not safe_path(path) or path in FIXED:
        raise ValueError(f"not a usable bundle path: {path!r}")


def safe_path(path: str) -> bool:
    """A relative POSIX path without `..`, backslashes or empty parts (safe to unzip)."""
    if not path or path.startswith("/") or "\\" in path or path.endswith("/"):
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


class BundleWriter:
    """Write a bundle to a file, streaming: files first, then the manifest, then the ledger part.

    with BundleWriter(path) as w:
        w.add_file("files/a.pdf", data, media_type="application/pdf", ledger_index=12)
        manifest = w.write_manifest(title=..., origin=..., entries=[12, 40])
        ... record sha256(manifest) in the ledger, sign a checkpoint covering it ...
        w.write_ledger(entries={...}, proofs={...}, tree_size=..., root_hash=..., checkpoint=...,
                       keys=[...])
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.zip = zipfile.ZipFile(self.path, "w", allowZip64=True)
        self.files: list[BundleFile] = []
        self.manifest: bytes | None = None

    def __enter__(self) -> BundleWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.zip.close()

    def _info(self, path: str, media_type: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(path, date_time=dt.datetime.now(dt.UTC).timetuple()[:6])
        stored = media_type.startswith(STORED_TYPES)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def add_file(
        self,
        path: str,
        content: bytes | Iterable[bytes],
        *,
        media_type: str,
        title: str = "",
        ledger_index: int | None = None,
    ) -> BundleFile:
        """Add one file (bytes, or an iterable of chunks for big ones), hashing on the way."""
        _check_path(path)
        if self.manifest is not None:
            raise RuntimeError("files must be added before the manifest")
        if any(f.path == path for f in self.files):
            raise ValueError(f"duplicate bundle path: {path}")
        hasher, size = hashlib.sha256(), 0
        chunks = [content] if isinstance(content, bytes) else content
        with self.zip.open(self._info(path, media_type), "w", force_zip64=True) as out:
            for chunk in chunks:
                hasher.update(chunk)
                size += len(chunk)
                out.write(chunk)
        item = BundleFile(path, hasher.hexdigest(), size, media_type, title, ledger_index)
        self.files.append(item)
        return item

    def write_manifest(
        self,
        *,
        title: str,
        origin: str,
        entries: Iterable[int],
        meta: Mapping[str, Any] | None = None,
        created_at: dt.datetime | None = None,
    ) -> bytes:
        """Write manifest.json; returns its exact bytes (whose SHA-256 the caller ledgers)."""
        listed = sorted(set(entries))
        for f in self.files:
            if f.ledger_index is not None and f.ledger_index not in listed:
                raise ValueError(f"{f.path}: ledger entry #{f.ledger_index} is not in the bundle")
        body = {
            "format": FORMAT,
            "title": title,
            "origin": origin,
            "created_at": (created_at or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
            "meta": dict(meta or {}),
            "files": [f.as_json() for f in self.files],
            "ledger_entries": listed,
        }
        data = (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        self.zip.writestr(self._info(MANIFEST, "application/json"), data)
        self.manifest = data
        return data

    def write_ledger(
        self,
        *,
        entries: Mapping[int, bytes],
        proofs: Mapping[int, Sequence[bytes]],
        tree_size: int,
        root_hash: bytes,
        checkpoint: str,
        keys: Sequence[str],
    ) -> None:
        """entries.jsonl, proofs.json, checkpoint.txt and key.txt; entries in index order."""
        if self.manifest is None:
            raise RuntimeError("write the manifest first")
        order = sorted(entries)
        lines = []
        for index in order:
            entry = entries[index]
            if b"\n" in entry:
                raise ValueError(f"ledger entry #{index} is not canonical JSON")
            lines.append(entry + b"\n")
        self.zip.writestr(self._info(ENTRIES, "application/jsonl"), b"".join(lines))
        body = {
            "tree_size": tree_size,
            "root_hash": root_hash.hex(),
            "entries": [
                {
                    "index": index,
                    "leaf_hash": leaf_hash(entries[index]).hex(),
                    "inclusion": [h.hex() for h in proofs[index]],
                }
                for index in order
            ],
        }
        proofs_bytes = (json.dumps(body, indent=1) + "\n").encode()
        self.zip.writestr(self._info(PROOFS, "application/json"), proofs_bytes)
        self.zip.writestr(self._info(CHECKPOINT, "text/plain"), checkpoint.encode("utf-8"))
        self.zip.writestr(self._info(KEY, "text/plain"), "".join(f"{k}\n" for k in keys).encode())
