"""Sequence, integrate and checkpoint (INTEGRITY.md §1).

`ledger_append` runs inside the caller's business transaction: the entry gets the next index,
the tree's perfect-subtree hashes are extended, and all of it commits or rolls back with the change
it attests. So an entry exists if and only if its change committed.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import uuid
from typing import Any

from django.db import connection, transaction
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


def frontier_after(
    frontier: list[list[Any]], index: int, leaf: bytes
) -> tuple[list[list[Any]], list[tuple[int, int, str]]]:
    """Append leaf `index` to the right-edge frontier; return the new frontier and the nodes made.

    The frontier holds [level, hex hash] of the perfect subtrees along the tree's right edge
    (one per set bit of the size, largest first), so integration never reads a stored node.
    """
    frontier = [list(x) for x in frontier]
    nodes = [(0, index, leaf.hex())]
    level, h = 0, leaf
    while frontier and frontier[-1][0] == level:
        _, left = frontier.pop()
        h = node_hash(bytes.fromhex(left), h)
        level += 1
        nodes.append((level, index >> level, h.hex()))
    frontier.append([level, h.hex()])
    return frontier, nodes


@functools.cache
def _sql() -> dict[str, str]:
    """The hot-path statements. Only quoted table/column names from model metadata are
    interpolated; every value is a bound parameter."""
    q = connection.ops.quote_name
    entry_fields = list(LedgerEntry._meta.concrete_fields)
    head, entry, node = (q(m._meta.db_table) for m in (LedgerHead, LedgerEntry, LedgerNode))
    columns = ", ".join(q(str(f.column)) for f in entry_fields)
    marks = ", ".join(["%s"] * len(entry_fields))
    node_columns = f"{q('level')}, {q('index')}, {q('hash')}"
    return {
        "head": f"SELECT size, frontier, last_leaf FROM {head} WHERE id = 1",  # noqa: S608
        "entry": f"INSERT INTO {entry} ({columns}) VALUES ({marks})",  # noqa: S608
        "node": f"INSERT INTO {node} ({node_columns}) VALUES (%s, %s, %s)",  # noqa: S608
        "move": f"UPDATE {head} SET size = %s, frontier = %s, last_leaf = %s WHERE id = 1",  # noqa: S608
    }


def _lock_head(cursor: Any) -> tuple[int, list[list[Any]], str]:
    """Lock the head row (FOR UPDATE where the database has it; SQLite's IMMEDIATE transaction
    already serialises writers), creating it if a flush removed the one the migration made."""
    sql = _sql()["head"] + (" FOR UPDATE" if connection.features.has_select_for_update else "")
    cursor.execute(sql)
    row = cursor.fetchone()
    if row is None:
        LedgerHead.objects.get_or_create(pk=1, defaults={"size": 0})
        cursor.execute(sql)
        row = cursor.fetchone()
    size, frontier, last_leaf = row
    return int(size), json.loads(frontier or "[]"), last_leaf or ""


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

    Sequencing and integration are four statements (lock head, insert entry, insert nodes,
    move head) in plain SQL: this runs inside every business write, so it is kept cheap.

    Raises: TransactionManagementError outside a transaction; IntegrityError when `identity`
        was already recorded (idempotency).
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("ledger_append must run inside a transaction")
    now = timezone.now()
    with connection.cursor() as cursor:
        index, frontier, prev = _lock_head(cursor)
        body = {
            "type": kind,
            "at": now.isoformat(timespec="microseconds"),
            "actor": actor,
            "target": target,
            "data": data,
            "prev": prev,
        }
        entry = canonical_json(body)
        leaf = leaf_hash(entry)
        row = LedgerEntry(
            index=index,
            identity_hash=hashlib.sha256((identity or entry.hex()).encode()).hexdigest(),
            kind=kind,
            agency_id=agency_id,
            subject_sha256=subject_sha256,
            entry=entry.decode("utf-8"),
            leaf_hash=leaf.hex(),
            recorded_at=now,
        )
        values = [
            f.get_db_prep_save(getattr(row, f.attname), connection)
            for f in LedgerEntry._meta.concrete_fields
        ]
        cursor.execute(_sql()["entry"], values)
        frontier, nodes = frontier_after(frontier, index, leaf)
        cursor.executemany(_sql()["node"], nodes)
        cursor.execute(_sql()["move"], [index + 1, json.dumps(frontier), leaf.hex()])
    return row


def _locked_head() -> LedgerHead:
    """Lock the head row through the ORM (checkpointing; not on the hot path)."""
    head = LedgerHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        LedgerHead.objects.get_or_create(pk=1, defaults={"size": 0})
        head = LedgerHead.objects.select_for_update().get(pk=1)
    return head


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
