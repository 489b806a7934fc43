"""Sequence, integrate and checkpoint (INTEGRITY.md §1).

`ledger_append` runs inside the caller's business transaction: the entry gets the next index,
the tree's perfect-subtree hashes are extended, and all of it commits or rolls back with the change
it attests. So an entry exists if and only if its change committed.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from sanxiang.ledger.canonical import canonical_json
from sanxiang.ledger.keys import load_signing_key
from sanxiang.ledger.merkle import (
    consistency_proof,
    leaf_hash,
    node_hash,
    root_hash,
    verify_consistency,
)
from sanxiang.ledger.models import Checkpoint, LedgerEntry, LedgerHead, LedgerNode

INCONSISTENT = "新检查点与上一检查点不一致，拒绝签发（日志可能被篡改）"


def read_node(level: int, index: int) -> bytes:
    return bytes.fromhex(LedgerNode.objects.get(level=level, index=index).hash)


def _integrate(index: int, leaf: bytes) -> None:
    """Store the leaf node and every perfect subtree it completes (O(log n) rows)."""
    nodes = [LedgerNode(level=0, index=index, hash=leaf.hex())]
    level, i, h = 0, index, leaf
    while i & 1:
        left = read_node(level, i - 1)
        h = node_hash(left, h)
        level, i = level + 1, i >> 1
        nodes.append(LedgerNode(level=level, index=i, hash=h.hex()))
    LedgerNode.objects.bulk_create(nodes)


def _locked_head() -> LedgerHead:
    """Lock the head row, creating it if a flush removed the one the migration made."""
    head = LedgerHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        LedgerHead.objects.get_or_create(pk=1, defaults={"size": 0})
        head = LedgerHead.objects.select_for_update().get(pk=1)
    return head


def ledger_append(
    *,
    kind: str,
    actor: str,
    target: str,
    data: dict[str, Any],
    agency_id: uuid.UUID | None = None,
    subject_sha256: str = "",
    identity: str = "",
) -> LedgerEntry:
    """Append one entry; must run inside the transaction of the change it records.

    Raises: TransactionManagementError outside a transaction; IntegrityError when `identity`
        was already recorded (idempotency).
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("ledger_append must run inside a transaction")
    head = _locked_head()
    index = head.size
    prev = LedgerEntry.objects.filter(index=index - 1).values_list("leaf_hash", flat=True).first()
    now = timezone.now()
    body = {
        "type": kind,
        "at": now.isoformat(timespec="microseconds"),
        "actor": actor,
        "target": target,
        "data": data,
        "prev": prev or "",
    }
    entry = canonical_json(body)
    leaf = leaf_hash(entry)
    row = LedgerEntry.objects.create(
        index=index,
        identity_hash=hashlib.sha256((identity or entry.hex()).encode()).hexdigest(),
        kind=kind,
        agency_id=agency_id,
        subject_sha256=subject_sha256,
        entry=entry.decode("utf-8"),
        leaf_hash=leaf.hex(),
        recorded_at=now,
    )
    _integrate(index, leaf)
    head.size = index + 1
    head.save(update_fields=["size"])
    return row


def tree_size() -> int:
    return LedgerHead.objects.values_list("size", flat=True).filter(pk=1).first() or 0


def checkpoint_body(origin: str, size: int, root: bytes) -> str:
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"


@transaction.atomic
def checkpoint_publish() -> Checkpoint:
    """Sign the current tree head, unless the latest checkpoint already covers it.

    Raises: RuntimeError when the new head is not consistent with the previous checkpoint; the
        log then never signs it (two inconsistent checkpoints would prove a fork).
    """
    head = _locked_head()
    latest = Checkpoint.objects.order_by("-size").first()
    if latest is not None and latest.size == head.size:
        return latest
    root = root_hash(read_node, head.size)
    if latest is not None:
        proof = consistency_proof(read_node, latest.size, head.size) if latest.size else []
        if latest.size:
            try:
                verify_consistency(
                    latest.size, head.size, proof, bytes.fromhex(latest.root_hash), root
                )
            except ValueError as exc:
                raise RuntimeError(INCONSISTENT) from exc
    key = load_signing_key()
    body = checkpoint_body(key.name, head.size, root)
    signature = base64.b64encode(key.key_id + key.sign(body.encode())).decode()
    note = f"{body}\n\u2014 {key.name} {signature}\n"
    return Checkpoint.objects.create(
        size=head.size, root_hash=root.hex(), note=note, key_id=key.key_id.hex()
    )
