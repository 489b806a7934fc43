"""LocalStorage: content-addressed, write-once, read-only, dedupe; backend chosen by settings."""

from __future__ import annotations

import datetime as dt
import hashlib
import stat

import pytest

from sanxiang.evidence.storage import get_storage
from sanxiang.evidence.storage.local import LocalStorage

UNTIL = dt.datetime(2056, 1, 1, tzinfo=dt.UTC)


def test_put_file_stores_under_hash_path_read_only(tmp_path):
    storage = LocalStorage(tmp_path / "vault")
    src = tmp_path / "upload.part"
    src.write_bytes(b"evidence bytes")
    sha = hashlib.sha256(b"evidence bytes").hexdigest()
    assert storage.put_file(path=src, sha256=sha, retain_until=UNTIL) is True
    dest = tmp_path / "vault" / sha[:2] / sha[2:4] / sha
    assert dest.read_bytes() == b"evidence bytes"
    assert stat.S_IMODE(dest.stat().st_mode) == 0o444
    assert not src.exists()  # consumed
    assert storage.exists(sha)
    assert storage.key_for(sha) == f"{sha[:2]}/{sha[2:4]}/{sha}"


def test_same_bytes_stored_once(tmp_path):
    storage = LocalStorage(tmp_path / "vault")
    sha = hashlib.sha256(b"same").hexdigest()
    assert storage.put_bytes(data=b"same", sha256=sha, retain_until=UNTIL) is True
    inode = (tmp_path / "vault" / storage.key_for(sha)).stat().st_ino
    src = tmp_path / "again"
    src.write_bytes(b"same")
    assert storage.put_file(path=src, sha256=sha, retain_until=UNTIL) is False
    assert (tmp_path / "vault" / storage.key_for(sha)).stat().st_ino == inode
    files = [p for p in (tmp_path / "vault").rglob("*") if p.is_file()]
    assert len(files) == 1
    assert not src.exists()


def test_read_range_is_inclusive(tmp_path):
    storage = LocalStorage(tmp_path / "vault")
    data = bytes(range(256)) * 10
    sha = hashlib.sha256(data).hexdigest()
    storage.put_bytes(data=data, sha256=sha, retain_until=UNTIL)
    assert b"".join(storage.read_range(sha, 10, 19)) == data[10:20]
    assert b"".join(storage.read_range(sha, 0, len(data) - 1)) == data


def test_rejects_a_key_that_is_not_a_hash(tmp_path):
    with pytest.raises(ValueError, match="SHA-256"):
        LocalStorage(tmp_path).path_for("../../etc/passwd")


def test_backend_chosen_by_settings(settings, vault):
    storage = get_storage()
    assert isinstance(storage, LocalStorage)
    assert storage.root == vault
    settings.SANXIANG_VAULT_BACKEND = "s3"
    settings.SANXIANG_S3_ENDPOINT = "http://127.0.0.1:1"
    settings.SANXIANG_S3_BUCKET = "evidence-test"
    assert get_storage().name == "s3"
    assert get_storage("local").name == "local"
