"""Public reads of the ledger: hashes and proofs only, never entry contents (INTEGRITY.md §1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from sanxiang.core.errors import ValidationFailed
from sanxiang.ledger.merkle import consistency_proof
from sanxiang.ledger.models import Checkpoint, LedgerEntry
from sanxiang.ledger.proofs import inclusion_path
from sanxiang.ledger.services import checkpoint_publish, read_once, tree_has_size, tree_size

MAX_LEAVES = 1000
# A public GET may sign a fresh checkpoint when the log has grown, at most once per
# SANXIANG_CHECKPOINT_INTERVAL (the worker's period, ADR 0007), or this often when that is off.
DEFAULT_ON_DEMAND_INTERVAL = 60.0

BAD_RANGE = "参数不正确：需要 0 ≤ start < end ≤ 树大小，且一次最多 {max} 条"
BAD_INDEX = "参数不正确：需要 0 ≤ index < tree_size ≤ 当前树大小 {size}"
BAD_CONSISTENCY = "参数不正确：需要 0 < first ≤ second ≤ 当前树大小 {size}"
BAD_SHA256 = "参数不正确：sha256 应为 64 位十六进制字符"


def latest_checkpoint() -> Checkpoint:
    """The newest signed checkpoint, signing one first when none covers a log that has grown."""
    latest = Checkpoint.objects.order_by("-size").first()
    if latest is None:
        return checkpoint_publish()
    grown = latest.size < tree_size()
    seconds = float(
        getattr(settings, "SANXIANG_CHECKPOINT_INTERVAL", 0) or DEFAULT_ON_DEMAND_INTERVAL
    )
    if grown and timezone.now() - latest.created_at >= dt.timedelta(seconds=seconds):
        return checkpoint_publish()
    return latest


def leaf_hashes(*, start: int, end: int) -> list[str]:
    """Raises: ValidationFailed on a range outside the tree or longer than MAX_LEAVES."""
    size = tree_size()
    if not (0 <= start < end <= size) or end - start > MAX_LEAVES:
        raise ValidationFailed(BAD_RANGE.format(max=MAX_LEAVES), code="invalid_range")
    rows = LedgerEntry.objects.filter(index__gte=start, index__lt=end).order_by("index")
    return list(rows.values_list("leaf_hash", flat=True))


def inclusion(*, index: int, size: int) -> list[str]:
    """Raises: ValidationFailed unless 0 <= index < size <= current size."""
    if not (0 <= index < size and tree_has_size(size)):
        raise ValidationFailed(BAD_INDEX.format(size=tree_size()), code="invalid_index")
    return [h.hex() for h in inclusion_path(index, size)]


def consistency(*, first: int, second: int) -> list[str]:
    """Raises: ValidationFailed unless 0 < first <= second <= current size."""
    if not (0 < first <= second and tree_has_size(second)):
        raise ValidationFailed(BAD_CONSISTENCY.format(size=tree_size()), code="invalid_tree_size")
    return [h.hex() for h in read_once(lambda read: consistency_proof(read, first, second))]


@dataclass(frozen=True)
class Recorded:
    index: int
    recorded_at: dt.datetime
    kind: str
    leaf_hash: str


def lookup(*, sha256: str) -> list[Recorded]:
    """Where a file or document with this SHA-256 was recorded. Raises: ValidationFailed."""
    value = sha256.strip().lower()
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise ValidationFailed(BAD_SHA256, code="invalid_sha256")
    rows = LedgerEntry.objects.filter(subject_sha256=value).order_by("index")[:100]
    return [Recorded(r.index, r.recorded_at, r.kind, r.leaf_hash) for r in rows]
