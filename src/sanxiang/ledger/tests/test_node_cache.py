"""The per-process memory of committed Merkle nodes (ledger.node_cache): served again without a
query, never filled from inside a transaction, and always giving the same proofs as the rows."""

import pytest
from django.db import transaction

from sanxiang.ledger import node_cache, proofs, selectors
from sanxiang.ledger.merkle import MemoryTree, inclusion_proof, range_hash
from sanxiang.ledger.models import LedgerEntry
from sanxiang.ledger.proofs import inclusion_path
from sanxiang.ledger.services import LedgerEvent, ledger_append_many, read_once

pytestmark = pytest.mark.django_db(transaction=True)  # autocommit reads, as a public GET does


def _append(start: int, count: int) -> None:
    with transaction.atomic():
        ledger_append_many(
            LedgerEvent("test.thing.done", "tester", f"t:{i}", {"i": i})
            for i in range(start, start + count)
        )


def _rebuilt() -> MemoryTree:
    tree = MemoryTree()
    for entry in LedgerEntry.objects.order_by("index").values_list("entry", flat=True):
        tree.append(entry.encode())
    return tree


def _count_node_reads(monkeypatch) -> list[int]:
    """Counts the node queries of the proof endpoint (it bypasses Django's query log)."""
    calls: list[int] = []
    direct = proofs.read_nodes_direct

    def counted(keys):
        found = direct(keys)
        if keys:
            calls.append(len(keys))
        return found

    monkeypatch.setattr(proofs, "read_nodes_direct", counted)
    return calls


def test_a_second_proof_is_served_from_memory_without_a_query(
    django_assert_num_queries, monkeypatch
):
    _append(0, 300)
    reads = _count_node_reads(monkeypatch)
    first = selectors.inclusion(index=137, size=300)
    assert len(reads) == 1  # every missing node in one query
    assert node_cache.CACHE.size == 300
    assert node_cache.CACHE.nodes
    with django_assert_num_queries(0):
        again = selectors.inclusion(index=137, size=300)
    assert len(reads) == 1
    assert again == first
    expected = [h.hex() for h in inclusion_proof(_rebuilt().read, 137, 300)]
    assert again == expected


def test_the_log_growing_keeps_cached_nodes_right_and_asks_for_the_new_ones():
    _append(0, 100)
    selectors.inclusion(index=5, size=100)
    _append(100, 157)
    tree = _rebuilt()
    for index, size in [(5, 100), (5, 257), (99, 257), (256, 257), (128, 200)]:
        served = selectors.inclusion(index=index, size=size)
        assert served == [h.hex() for h in inclusion_proof(tree.read, index, size)]
    assert node_cache.CACHE.size == 257


def test_nothing_read_inside_a_transaction_is_kept_because_it_may_roll_back():
    _append(0, 64)
    node_cache.node_cache_clear()

    def append_read_and_fail() -> None:
        with transaction.atomic():
            ledger_append_many([LedgerEvent("test.thing.done", "tester", "x", {"x": 1})])
            read_once(lambda read: inclusion_proof(read, 64, 65))
            selectors.tree_size()
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        append_read_and_fail()
    assert node_cache.CACHE.nodes == {}
    assert node_cache.CACHE.size == 0
    _append(64, 1)  # a different entry 64 this time
    served = selectors.inclusion(index=64, size=65)
    assert served == [h.hex() for h in inclusion_proof(_rebuilt().read, 64, 65)]


def test_a_size_beyond_the_tree_is_still_refused_after_caching():
    _append(0, 10)
    selectors.inclusion(index=0, size=10)
    from sanxiang.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as err:
        selectors.inclusion(index=0, size=11)
    assert "10" in err.value.message


def test_proofs_served_through_memory_equal_the_rebuilt_tree_for_every_index_and_size():
    _append(0, 70)
    tree = _rebuilt()
    for size in (1, 2, 3, 31, 32, 33, 64, 70):
        for index in range(size):
            served = inclusion_path(index, size)
            assert served == inclusion_proof(tree.read, index, size), (index, size)
    assert node_cache.CACHE.edges  # the right-edge hashes of sizes like 70 are remembered
    for (start, end), value in node_cache.CACHE.edges.items():
        assert value == range_hash(tree.read, start, end)


def test_a_full_memory_dropping_nodes_mid_proof_still_serves_the_right_proof(monkeypatch):
    _append(0, 300)
    tree = _rebuilt()
    selectors.inclusion(index=0, size=300)  # memory now holds nodes this proof does not need
    monkeypatch.setattr(node_cache, "MAX_NODES", len(node_cache.CACHE.nodes) + 1)
    monkeypatch.setattr(node_cache, "MAX_EDGES", 1)
    for index in (299, 150, 7):
        served = selectors.inclusion(index=index, size=300)
        assert served == [h.hex() for h in inclusion_proof(tree.read, index, 300)]
    assert len(node_cache.CACHE.edges) == 1
