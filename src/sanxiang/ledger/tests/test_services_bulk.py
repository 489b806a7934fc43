"""ledger_append_many: the same log as one ledger_append per event, written in bulk, all or nothing."""

import datetime as dt
import json
import random
import uuid

import pytest
from django.db import IntegrityError, transaction

from sanxiang.ledger import services
from sanxiang.ledger.integrity import check_ledger, tree_frontier
from sanxiang.ledger.merkle import MemoryTree, node_hash
from sanxiang.ledger.models import LedgerEntry, LedgerHead, LedgerNode
from sanxiang.ledger.services import (
    HEAD_CORRUPT,
    LedgerEvent,
    checkpoint_publish,
    frontier_json,
    integrate,
    ledger_append,
    ledger_append_many,
    nodes_of,
    tree_size,
)

pytestmark = pytest.mark.django_db

AGENCY = uuid.UUID("5a1f4a52-9a52-4d4b-9a0e-3c1b1f0e2a77")
CLOCK = dt.datetime(2026, 11, 23, 9, 0, 0, 123456, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path):
    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.pem"


@pytest.fixture
def fixed_clock(monkeypatch):
    """Singles and a batch made at the same instant must give byte-identical entries."""
    monkeypatch.setattr(services.timezone, "now", lambda: CLOCK)


def events(n: int, start: int = 0) -> list[LedgerEvent]:
    return [
        LedgerEvent(
            kind="test.thing.done",
            actor="tester",
            target=f"t:{i}",
            data={"i": i, "名称": f"事项{i}", "nested": {"b": [1, None, True]}},
            agency_id=AGENCY if i % 3 == 0 else None,
            subject_sha256=f"{i:064x}" if i % 4 == 0 else "",
            identity=f"thing:{i}" if i % 2 == 0 else "",
        )
        for i in range(start, start + n)
    ]


def append_singly(batch: list[LedgerEvent]) -> None:
    for e in batch:
        with transaction.atomic():
            ledger_append(
                kind=e.kind,
                actor=e.actor,
                target=e.target,
                data=e.data,
                agency_id=e.agency_id,
                subject_sha256=e.subject_sha256,
                identity=e.identity,
            )


def append_in_bulk(batch: list[LedgerEvent]) -> None:
    with transaction.atomic():
        ledger_append_many(batch)


def snapshot() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], tuple[object, ...]]:
    entries = list(
        LedgerEntry.objects.order_by("index").values_list(
            "index",
            "identity_hash",
            "kind",
            "agency_id",
            "subject_sha256",
            "entry",
            "leaf_hash",
            "recorded_at",
        )
    )
    nodes = list(
        LedgerNode.objects.order_by("level", "index").values_list("level", "index", "hash")
    )
    head = LedgerHead.objects.values_list("size", "frontier", "last_leaf").get(pk=1)
    return entries, nodes, head


class Undo(Exception):
    pass


def result_of(write, batch: list[LedgerEvent]):
    """What `write` leaves in the database, then undone so the other writer starts alike."""
    try:
        with transaction.atomic():
            write(batch)
            state = snapshot()
            raise Undo
    except Undo:
        return state


@pytest.mark.parametrize(("before", "count"), [(0, 1), (0, 37), (5, 1), (8, 64), (13, 50)])
@pytest.mark.usefixtures("fixed_clock")
def test_bulk_gives_the_same_log_as_single_appends_when_made_at_the_same_time(
    monkeypatch, before, count
):
    monkeypatch.setattr(services, "BATCH", 7)  # several batches, the last one short
    append_singly(events(before))
    batch = events(count, start=before)
    single = result_of(append_singly, batch)
    bulk = result_of(append_in_bulk, batch)
    assert bulk == single
    entries, nodes, head = bulk
    assert [e[0] for e in entries] == list(range(before + count))
    rebuilt = MemoryTree()
    for e in entries:
        rebuilt.append(e[5].encode())
    assert {(lvl, i): h for lvl, i, h in nodes} == {k: v.hex() for k, v in rebuilt.nodes.items()}
    assert head == (before + count, json.dumps(tree_frontier(rebuilt)), entries[-1][6])


def test_bulk_entries_are_chained_and_share_one_time():
    append_singly(events(3))
    with transaction.atomic():
        indexes = ledger_append_many(events(10, start=3))
    assert indexes == range(3, 13)
    entries = list(LedgerEntry.objects.order_by("index"))
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert json.loads(entry.entry)["prev"] == previous.leaf_hash
    times = {json.loads(e.entry)["at"] for e in entries[3:]}
    assert len(times) == 1
    assert len({e.recorded_at for e in entries[3:]}) == 1


def test_bulk_larger_than_one_statement_takes_verifies_clean(monkeypatch):
    # More rows than SQLite binds in one statement (32766 parameters): the insert is split.
    monkeypatch.setattr(services, "BATCH", 5000)
    with transaction.atomic():
        ledger_append_many(events(5000))
    checkpoint_publish()
    with transaction.atomic():
        ledger_append_many(events(3, start=5000))
    append_singly(events(2, start=5003))
    checkpoint_publish()
    assert tree_size() == 5005
    assert list(check_ledger()) == []


@pytest.mark.parametrize("count", [3, 150])  # 150: rows bound by the bulk path on SQLite
def test_bulk_writes_nothing_when_an_identity_repeats(count):
    append_singly(events(4))
    before = snapshot()
    batch = [
        *events(count, start=4),
        LedgerEvent("test.thing.done", "tester", "t:dup", identity="thing:2"),
    ]
    with transaction.atomic():
        with pytest.raises(IntegrityError):
            ledger_append_many(batch)
        assert snapshot() == before  # the batch's savepoint rolled back; the caller can go on
        ledger_append(kind="test.thing.done", actor="tester", target="t:after", data={})
    assert tree_size() == 5
    assert list(check_ledger()) == []


def test_bulk_of_nothing_changes_nothing():
    append_singly(events(2))
    before = snapshot()
    with transaction.atomic():
        assert ledger_append_many([]) == range(2, 2)
    assert snapshot() == before


def test_bulk_takes_a_generator():
    with transaction.atomic():
        ledger_append_many(e for e in events(9))
    assert tree_size() == 9


@pytest.mark.django_db(transaction=True)
def test_bulk_refused_outside_transaction():
    with pytest.raises(transaction.TransactionManagementError):
        ledger_append_many(events(1))
    assert LedgerEntry.objects.count() == 0


@pytest.mark.parametrize("append", [append_singly, append_in_bulk])
def test_append_refused_when_the_head_frontier_does_not_fit_its_size(append):
    append_singly(events(6))
    LedgerHead.objects.filter(pk=1).update(frontier=json.dumps([[2, "00" * 32]]))  # 6 = 4 + 2
    with pytest.raises(RuntimeError, match=HEAD_CORRUPT):
        append(events(1, start=6))
    assert tree_size() == 6


@pytest.mark.django_db(databases=[])
@pytest.mark.parametrize("seed", range(20))
def test_integrate_in_random_pieces_stores_what_a_rebuilt_tree_holds(seed):
    rnd = random.Random(seed)
    leaves = [bytes([rnd.randrange(256)]) * 32 for _ in range(rnd.randrange(1, 300))]
    rebuilt = MemoryTree()
    stack: list[bytes] = []
    stored: dict[tuple[int, int], str] = {}
    size = 0
    while size < len(leaves):
        piece = leaves[size : size + rnd.choice([1, 1, 2, 3, 7, 64, 129])]
        stack, runs = integrate(size, stack, piece)
        for level, index, h in nodes_of(runs):
            assert (level, index) not in stored  # every node is made once
            stored[(level, index)] = h
        for leaf in piece:
            rebuilt.nodes[(0, rebuilt.size)] = leaf  # leaves given as hashes: append by hand
            level, i, h = 0, rebuilt.size, leaf
            while i & 1:
                h = node_hash(rebuilt.nodes[(level, i - 1)], h)
                level, i = level + 1, i >> 1
                rebuilt.nodes[(level, i)] = h
            rebuilt.size += 1
        size += len(piece)
        assert json.loads(frontier_json(size, stack)) == tree_frontier(rebuilt)
    assert stored == {k: v.hex() for k, v in rebuilt.nodes.items()}
