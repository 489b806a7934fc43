"""`sanxiang verify` on the vault: every tampering with a blob or its recorded hash is reported."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from sanxiang.evidence.integrity import check_blobs, check_items_sealed
from sanxiang.evidence.models import Blob, EvidenceItem
from sanxiang.evidence.storage import get_storage
from sanxiang.evidence.tests.factories import upload_bytes
from sanxiang.ledger.integrity import check_ledger


@pytest.fixture
def item(client, officer_user, agency, video_file) -> EvidenceItem:
    client.force_login(officer_user)
    response = upload_bytes(
        client, video_file.read_bytes(), filename="clip.mp4", agency=str(agency.pk)
    )
    assert response.status_code == 204, response.content
    return EvidenceItem.objects.get()


def codes() -> list[str]:
    return [d.code for d in (*check_blobs(), *check_items_sealed(), *check_ledger())]


def blob_path(sha256: str) -> Path:
    return get_storage("local").path_for(sha256)  # type: ignore[attr-defined]


def writable(path: Path) -> None:
    os.chmod(path, 0o644)


def test_untouched_vault_verifies_clean(item):
    assert codes() == []
    assert "sanxiang.evidence.integrity.check_blobs" in django_settings.SANXIANG_INTEGRITY_CHECKS


def test_flipped_byte_is_reported(item):
    path = blob_path(item.blob_id)
    writable(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    assert "blob_altered" in codes()


def test_truncated_or_extended_file_is_reported(item):
    path = blob_path(item.blob_id)
    writable(path)
    with open(path, "ab") as fh:
        fh.write(b"\0")
    assert "blob_altered" in codes()


def test_deleted_blob_is_reported(item):
    path = blob_path(item.blob_id)
    writable(path)
    path.unlink()
    assert "blob_missing" in codes()


def test_blob_replaced_together_with_its_recorded_hash_is_reported(item, tmp_path):
    """Store other bytes under their own hash and point the item at them (row and file agree)."""
    import hashlib

    forged = b"forged video"
    digest = hashlib.sha256(forged).hexdigest()
    original = Blob.objects.get(pk=item.blob_id)
    get_storage("local").put_bytes(data=forged, sha256=digest, retain_until=original.retain_until)
    Blob.objects.create(
        sha256=digest,
        size=len(forged),
        media_type=original.media_type,
        backend="local",
        key=digest,
        sealed_at=original.sealed_at,
        retain_until=original.retain_until,
    )
    EvidenceItem.objects.filter(pk=item.pk).update(blob_id=digest)
    found = codes()
    assert "evidence_blob_swapped" in found
    assert "blob_altered" not in found  # the forged blob itself is internally consistent


def test_item_inserted_behind_services_is_reported(item):
    clone = EvidenceItem.objects.get(pk=item.pk)
    clone.pk = None
    clone.id = None
    clone.save()
    assert "evidence_not_ledgered" in codes()


def test_vault_dir_is_outside_the_database(item):
    # The vault is files (or S3 objects) the database cannot rewrite; removing the directory is
    # noticed blob by blob.
    shutil.rmtree(blob_path(item.blob_id).parent.parent, ignore_errors=True)
    assert codes().count("blob_missing") >= 1
