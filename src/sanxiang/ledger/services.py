"""Sequence, integrate and checkpoint (INTEGRITY.md §1).

`ledger_append` runs inside the caller's business transaction: the entry gets the next index,
the tree's perfect-subtree hashes are extended, and all of it commits or rolls back with the change
it attests. So an entry exists if and only if its change committed. `ledger_append_many` does the
same for a batch, with the head locked once and the rows written in bulk.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import itertools
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from sanxiang.ledger import node_cache
from sanxiang.ledger.canonical import canonical_json
from sanxiang.ledger.keys import load_signing_key
from sanxiang.ledger.merkle import (
    HASH_SIZE,
    NodeReader,
    consistency_proof,
    leaf_hash,
    root_hash,
    verify_consistency,
)
from sanxiang.ledger.models import Checkpoint, LedgerEntry, LedgerHead, LedgerNode

INCONSISTENT = "新检查点与上一检查点不一致，拒绝签发（日志可能被篡改）"
HEAD_CORRUPT = "日志头保存的右边界子树与日志长度不符，拒绝追加（请运行 sanxiang verify）"

# Entry columns in the order every insert binds them.
ENTRY_FIELDS = (
    "index",
    "identity_hash",
    "kind",
    "agency_id",
    "subject_sha256",
    "entry",
    "leaf_hash",
    "recorded_at",
)
# Rows per bulk statement (ledger_append_many); memory stays flat however long the batch.
BATCH = 2000
BULK_ROWS = 100  # from this many rows a statement counts as bulk (see _insert)

Row = tuple[Any, ...]
Node = tuple[int, int, str]  # (level, index, hex hash) of one perfect subtree
Run = tuple[int, int, list[str]]  # (level, first index, hex hashes) of consecutive nodes
# merkle.node_hash, inlined in integrate's inner loop: SHA-256(0x01 || left || right).
_sha256 = hashlib.sha256


@dataclass(frozen=True)
class LedgerEvent:
    """One entry for ledger_append_many: the keyword arguments of ledger_append."""

    kind: str
    actor: str
    target: str
    data: dict[str, Any] = field(default_factory=dict)
    agency_id: uuid.UUID | None = None
    subject_sha256: str = ""
    identity: str = ""


def read_node(level: int, index: int) -> bytes:
    return bytes.fromhex(LedgerNode.objects.get(level=level, index=index).hash)


@functools.cache
def _nodes_sql(vendor: str, count: int, placeholder: str) -> str:
    """SELECT of `count` (level, index) nodes. A chain of ORs rather than a row-value IN: SQLite
    answers the ORs with one unique-index search each, but scans the whole table for
    `(level, index) IN (VALUES ...)`. (`vendor` keys the cache: quoting depends on it.)"""
    q = connection.ops.quote_name
    match = f"({q('level')} = {placeholder} AND {q('index')} = {placeholder})"
    return (
        f"SELECT {q('level')}, {q('index')}, {q('hash')} FROM {q(LedgerNode._meta.db_table)} "  # noqa: S608
        f"WHERE {' OR '.join([match] * count)}"
    )


def read_nodes(keys: Sequence[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """The stored hashes of these (level, index) subtrees, in one query."""
    if not keys:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            _nodes_sql(connection.vendor, len(keys), "%s"),
            list(itertools.chain.from_iterable(keys)),
        )
        return {(level, index): bytes.fromhex(h) for level, index, h in cursor.fetchall()}


def read_nodes_direct(keys: Sequence[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """`read_nodes` straight through the database driver, for the public proof endpoint only.

    Django's cursor wrapper (query logging, error wrapping, placeholder rewriting) costs about a
    third of a proof that misses the node memory (bench/ledger_vs_pymerkle.py: ~25 of ~70 µs on
    SQLite at 1,000,000 entries). The query is the same SELECT; it only reads; it runs on the same
    connection and transaction. Not seen by django_assert_num_queries — tests count calls instead.
    """
    if not keys:
        return {}
    connection.ensure_connection()
    raw = connection.connection
    placeholder = "?" if connection.vendor == "sqlite" else "%s"
    sql = _nodes_sql(connection.vendor, len(keys), placeholder)
    rows = raw.execute(sql, list(itertools.chain.from_iterable(keys))).fetchall()
    return {(level, index): bytes.fromhex(h) for level, index, h in rows}


class _Missing(Exception):
    """A node the per-process cache does not hold (then the database is asked)."""


def read_once[T](compute: Callable[[NodeReader], T]) -> T:
    """compute(reader) with every stored node it reads fetched in a single query, or none.

    Nodes already in the per-process cache of committed nodes (node_cache) are served from memory;
    when one is missing, a dry run with placeholder hashes names every node the computation reads
    (which depends only on sizes and indexes, never on hash values) and the missing ones come in
    one query (a proof at 1,000,000 entries reads about 25: one round trip instead of 25).
    """
    cached = node_cache.CACHE.nodes

    def from_cache(level: int, index: int) -> bytes:
        try:
            return cached[(level, index)]
        except KeyError:
            raise _Missing from None

    try:
        return compute(from_cache)
    except _Missing:
        pass
    wanted: list[tuple[int, int]] = []

    def record(level: int, index: int) -> bytes:
        wanted.append((level, index))
        return bytes(HASH_SIZE)

    compute(record)
    found = read_nodes([key for key in wanted if key not in cached])
    node_cache.CACHE.keep(found)
    return compute(reader_of(found, cached))


def reader_of(
    found: dict[tuple[int, int], bytes], cached: dict[tuple[int, int], bytes]
) -> NodeReader:
    """A NodeReader over nodes just fetched and the memory of committed ones as it was when the
    missing nodes were named (keeping `found` may drop some from the memory; not from `cached`)."""

    def read(level: int, index: int) -> bytes:
        value = found.get((level, index)) or cached.get((level, index))
        if value is None:
            raise LedgerNode.DoesNotExist(f"ledger node ({level}, {index})")
        return value

    return read


def _levels(size: int) -> list[int]:
    """Levels of the perfect subtrees on the right edge of a tree of `size` leaves, largest first."""
    return [level for level in range(size.bit_length() - 1, -1, -1) if size >> level & 1]


def frontier_json(size: int, stack: Sequence[bytes]) -> str:
    """The head's frontier column: [[level, hex hash], ...] largest subtree first."""
    return json.dumps([[level, h.hex()] for level, h in zip(_levels(size), stack, strict=True)])


def _stack(size: int, frontier: str) -> list[bytes]:
    """The right-edge subtree hashes (largest first) from the head's frontier column.

    Raises: RuntimeError when the frontier does not fit the size (a tampered head would
        otherwise be integrated into every later node).
    """
    pairs = json.loads(frontier or "[]")
    if [level for level, _ in pairs] != _levels(size):
        raise RuntimeError(HEAD_CORRUPT)
    return [bytes.fromhex(h) for _, h in pairs]


def integrate(
    size: int, stack: Sequence[bytes], leaves: Sequence[bytes]
) -> tuple[list[bytes], list[Run]]:
    """Extend the tree of `size` leaves whose right edge is `stack` by `leaves`.

    Returns the new right edge and the nodes to store, every leaf and every perfect subtree the
    leaves complete, as one run of consecutive nodes per level. Level by level, in whole lists
    rather than leaf by leaf (a million-entry batch spends most of its integration time here):
    the level's new nodes, after the right-edge subtree of that level if there is one, pair up
    into the next level's; an odd one out becomes the level's right-edge subtree. Stored nodes
    are never read.
    """
    edge = dict(zip(_levels(size), stack, strict=True))
    runs: list[Run] = []
    level, start, row = 0, size, list(leaves)
    while row:
        runs.append((level, start, [h.hex() for h in row]))
        left = edge.pop(level, None)
        if left is not None:  # exactly when `start` is odd: a subtree waits for its sibling
            row.insert(0, left)
            start -= 1
        if len(row) % 2:
            edge[level] = row.pop()
        pairs = iter(row)
        row = [_sha256(b"\x01" + a + b).digest() for a, b in zip(pairs, pairs, strict=False)]
        level, start = level + 1, start // 2
    return [edge[level] for level in sorted(edge, reverse=True)], runs


def nodes_of(runs: Iterable[Run]) -> list[Node]:
    return [(level, start + i, h) for level, start, hexes in runs for i, h in enumerate(hexes)]


@functools.cache
def _sql() -> dict[str, str]:
    """The statements appends use. Only quoted table/column names from model metadata are
    interpolated; every value is a bound parameter."""
    q = connection.ops.quote_name
    head, entry, node = (q(m._meta.db_table) for m in (LedgerHead, LedgerEntry, LedgerNode))
    column = {f.name: str(f.column) for f in LedgerEntry._meta.concrete_fields}
    columns = ", ".join(q(column[name]) for name in ENTRY_FIELDS)
    return {
        "head": f"SELECT size, frontier, last_leaf FROM {head} WHERE id = 1",  # noqa: S608
        "entry": f"INSERT INTO {entry} ({columns}) VALUES ",  # noqa: S608
        "entry_row": "(" + ", ".join(["%s"] * len(ENTRY_FIELDS)) + ")",
        "node": f"INSERT INTO {node} ({q('level')}, {q('index')}, {q('hash')}) VALUES ",  # noqa: S608
        "node_row": "(%s, %s, %s)",
        "node_run": (  # SQLite, bound with ?: level, first index, JSON array of hex hashes
            f"INSERT INTO {node} ({q('level')}, {q('index')}, {q('hash')}) "  # noqa: S608
            "SELECT ?, ? + key, value FROM json_each(?)"
        ),
        "move": f"UPDATE {head} SET size = %s, frontier = %s, last_leaf = %s WHERE id = 1",  # noqa: S608
    }


@functools.cache
def _insert_sql(kind: str, rows: int) -> str:
    sql = _sql()
    return sql[kind] + ", ".join([sql[f"{kind}_row"]] * rows)


@functools.cache
def _qmark_sql(kind: str, rows: int) -> str:
    return _insert_sql(kind, rows).replace("%s", "?")


@functools.cache
def _append_sql(nodes: int) -> str:
    """PostgreSQL: entry, nodes and head move in one statement (data-modifying CTEs), so a
    single append costs two round trips (lock and read the head, write) instead of four."""
    return (
        f"WITH e AS ({_insert_sql('entry', 1)}), n AS ({_insert_sql('node', nodes)}) "
        + _sql()["move"]
    )


def _lock_head(cursor: Any) -> tuple[int, list[bytes], str]:
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
    return int(size), _stack(int(size), frontier), last_leaf or ""


def _insert(cursor: Any, kind: str, rows: Sequence[Row]) -> None:
    """Multi-row INSERTs, as many rows per statement as the database takes parameters."""
    limit = (connection.features.max_query_params or 65535) // len(rows[0])
    for start in range(0, len(rows), limit):
        chunk = rows[start : start + limit]
        params = list(itertools.chain.from_iterable(chunk))
        if connection.vendor == "sqlite" and len(chunk) >= BULK_ROWS:
            # Django's SQLite cursor rewrites each %s to ? with a regex on every execute; on a
            # statement of thousands of rows that is a third of the insert. Bind with ? directly
            # (bulk only: single appends stay visible to Django's query wrappers).
            with connection.wrap_database_errors:
                connection.connection.execute(_qmark_sql(kind, len(chunk)), params)
        else:
            cursor.execute(_insert_sql(kind, len(chunk)), params)


def _entry(event: LedgerEvent, at: str, prev: str) -> bytes:
    body = {
        "type": event.kind,
        "at": at,
        "actor": event.actor,
        "target": event.target,
        "data": event.data,
        "prev": prev,
    }
    return canonical_json(body)


class _Sequencer:
    """Turns events into entry rows at consecutive indexes, each chained to the one before."""

    def __init__(self, index: int, prev: str, now: dt.datetime) -> None:
        self.index, self.prev = index, prev
        self.at = now.isoformat(timespec="microseconds")
        self.recorded_at = LedgerEntry._meta.get_field("recorded_at").get_db_prep_save(
            now, connection
        )
        self.uuid_field = LedgerEntry._meta.get_field("agency_id")

    def row(self, event: LedgerEvent) -> tuple[Row, bytes]:
        entry = _entry(event, self.at, self.prev)
        leaf = leaf_hash(entry)
        identity = (event.identity or entry.hex()).encode()
        agency = event.agency_id
        row = (
            self.index,
            hashlib.sha256(identity).hexdigest(),
            event.kind,
            None if agency is None else self.uuid_field.get_db_prep_save(agency, connection),
            event.subject_sha256,
            entry.decode("utf-8"),
            leaf.hex(),
            self.recorded_at,
        )
        self.index += 1
        self.prev = row[6]
        return row, leaf


def _require_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(f"{name} must run inside a transaction")


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

    This runs inside every business write, so it is plain SQL with few round trips: lock and
    read the head, then write entry, nodes and the moved head (one statement on PostgreSQL).

    Raises: TransactionManagementError outside a transaction; IntegrityError when `identity`
        was already recorded (idempotency).
    """
    _require_transaction("ledger_append")
    event = LedgerEvent(kind, actor, target, data, agency_id, subject_sha256, identity)
    now = timezone.now()
    with connection.cursor() as cursor:
        index, stack, prev = _lock_head(cursor)
        values, leaf = _Sequencer(index, prev, now).row(event)
        stack, runs = integrate(index, stack, [leaf])
        nodes = nodes_of(runs)
        head = [index + 1, frontier_json(index + 1, stack), values[6]]
        if connection.vendor == "postgresql":
            params = [*values, *itertools.chain.from_iterable(nodes), *head]
            cursor.execute(_append_sql(len(nodes)), params)
        else:
            _insert(cursor, "entry", [values])
            _insert(cursor, "node", nodes)
            cursor.execute(_sql()["move"], head)
    return LedgerEntry(
        index=index,
        identity_hash=values[1],
        kind=kind,
        agency_id=agency_id,
        subject_sha256=subject_sha256,
        entry=values[5],
        leaf_hash=values[6],
        recorded_at=now,
    )


def _sequence_batch(cursor: Any, sequencer: _Sequencer, events: list[LedgerEvent]) -> list[bytes]:
    """Sequence: give the events the next indexes and store their entries; return the leaves."""
    rows: list[Row] = []
    leaves: list[bytes] = []
    for event in events:
        row, leaf = sequencer.row(event)
        rows.append(row)
        leaves.append(leaf)
    _insert(cursor, "entry", rows)
    return leaves


def _integrate_batch(cursor: Any, stack: list[bytes], first: int, leaves: list[bytes]) -> None:
    """Integrate: extend the tree by `leaves` (the first at index `first`); store the nodes."""
    stack[:], runs = integrate(first, stack, leaves)
    if connection.vendor != "sqlite":
        _insert(cursor, "node", nodes_of(runs))
        return
    # SQLite: one statement per level, its hashes as one JSON array that json_each unpacks in C;
    # a quarter cheaper per row than the same rows as a multi-row VALUES list (see _insert).
    with connection.wrap_database_errors:
        for level, start, hexes in runs:
            connection.connection.execute(_sql()["node_run"], (level, start, json.dumps(hexes)))


def ledger_append_many(events: Iterable[LedgerEvent]) -> range:
    """Append `events` in order; must run inside the transaction of the change they record.

    The result is exactly what one ledger_append per event gives (entries, chaining, stored
    nodes, head), except that the batch shares one `at` time; the head is locked once and rows
    are written BATCH at a time. Returns the indexes the events received.

    Raises: TransactionManagementError outside a transaction; IntegrityError when an identity
        was already recorded, in which case nothing of the batch is written.
    """
    _require_transaction("ledger_append_many")
    with transaction.atomic(), connection.cursor() as cursor:
        first, stack, prev = _lock_head(cursor)
        sequencer = _Sequencer(first, prev, timezone.now())
        it = iter(events)
        while batch := list(itertools.islice(it, BATCH)):
            start = sequencer.index
            _integrate_batch(cursor, stack, start, _sequence_batch(cursor, sequencer, batch))
        size = sequencer.index
        if size > first:
            cursor.execute(_sql()["move"], [size, frontier_json(size, stack), sequencer.prev])
    return range(first, size)


def _locked_head() -> LedgerHead:
    """Lock the head row through the ORM (checkpointing; not on the hot path)."""
    head = LedgerHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        LedgerHead.objects.get_or_create(pk=1, defaults={"size": 0})
        head = LedgerHead.objects.select_for_update().get(pk=1)
    return head


def tree_size() -> int:
    size = LedgerHead.objects.values_list("size", flat=True).filter(pk=1).first() or 0
    node_cache.CACHE.saw_size(size)
    return size


def tree_has_size(size: int) -> bool:
    """Whether the tree has at least `size` leaves. It only grows, so a size this process has
    already seen committed needs no query."""
    return size <= node_cache.CACHE.size or size <= tree_size()


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
    root = read_once(lambda read: root_hash(read, head.size))
    if latest is not None and latest.size:
        proof = read_once(lambda read: consistency_proof(read, latest.size, head.size))
        try:
            verify_consistency(latest.size, head.size, proof, bytes.fromhex(latest.root_hash), root)
        except ValueError as exc:
            raise RuntimeError(INCONSISTENT) from exc
    key = load_signing_key()
    body = checkpoint_body(key.name, head.size, root)
    signature = base64.b64encode(key.key_id + key.sign(body.encode())).decode()
    note = f"{body}\n\u2014 {key.name} {signature}\n"
    return Checkpoint.objects.create(
        size=head.size, root_hash=root.hex(), note=note, key_id=key.key_id.hex()
    )
