"""`sanxiang verify` for the vault: every blob re-hashed from storage, every item's blob (and
thumbnail) the one its `evidence.item.sealed` ledger entry recorded.

A flipped byte or a truncated file shows as a hash or size mismatch; a deleted file as missing; a
blob replaced together with its recorded hash (a new Blob row and file) no longer matches the hash
in the ledger entry, which cannot be rewritten without the ledger checks noticing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from sanxiang.evidence.models import Blob, EvidenceItem
from sanxiang.evidence.services import EVENT_ITEM_SEALED
from sanxiang.evidence.storage import get_storage
from sanxiang.ledger.integrity import Discrepancy, Progress
from sanxiang.ledger.models import LedgerEntry


def _noop(_: int) -> None:
    return None


def _sealed_records() -> dict[str, dict[str, Any]]:
    """target id of each sealed item -> the `new` data its ledger entry recorded."""
    out: dict[str, dict[str, Any]] = {}
    for entry in LedgerEntry.objects.filter(kind=EVENT_ITEM_SEALED).only("entry").iterator():
        try:
            body = json.loads(entry.entry)
            out[body["target"].rsplit(":", 1)[-1]] = body["data"]["new"]
        except (ValueError, KeyError, TypeError):
            continue  # an altered entry is reported by check_ledger
    return out


def _rehash(blob: Blob) -> tuple[str, int] | None:
    """(sha256, size) of what storage holds now, reading one byte past the recorded size."""
    digest, size = hashlib.sha256(), 0
    try:
        if blob.size > 0 or get_storage(blob.backend).exists(blob.sha256):
            for chunk in get_storage(blob.backend).read_range(blob.sha256, 0, blob.size):
                digest.update(chunk)
                size += len(chunk)
    except (OSError, LookupError):
        return None
    except Exception as exc:  # botocore's NoSuchKey/ClientError: missing from the bucket
        if type(exc).__name__ in {"NoSuchKey", "ClientError"}:
            return None
        raise
    return digest.hexdigest(), size


def check_blobs(progress: Progress = _noop) -> Iterator[Discrepancy]:
    for blob in Blob.objects.order_by("sha256").iterator(chunk_size=500):
        found = _rehash(blob)
        if found is None:
            yield Discrepancy("blob_missing", f"证据文件 {blob.sha256} 在存储中不存在（被删除）")
        elif found != (blob.sha256, blob.size):
            yield Discrepancy(
                "blob_altered", f"证据文件 {blob.sha256} 的内容与其 SHA-256 不符（被修改）"
            )
        progress(1)


def check_items_sealed(progress: Progress = _noop) -> Iterator[Discrepancy]:
    sealed = _sealed_records()
    for item in EvidenceItem.objects.only("pk", "blob_id", "thumbnail_id").iterator(
        chunk_size=1000
    ):
        record = sealed.get(str(item.pk))
        if record is None:
            yield Discrepancy("evidence_not_ledgered", f"证据 {item.pk} 没有封存日志记录")
        elif record.get("sha256") != item.blob_id:
            yield Discrepancy(
                "evidence_blob_swapped",
                f"证据 {item.pk} 的文件与封存时记录的 SHA-256 不符（被替换）",
            )
        elif "thumbnail_sha256" in record and record["thumbnail_sha256"] != item.thumbnail_id:
            yield Discrepancy(
                "evidence_thumbnail_swapped", f"证据 {item.pk} 的缩略图与封存记录不符"
            )
        progress(1)
