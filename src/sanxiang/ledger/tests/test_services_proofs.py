"""Roots and proofs from stored nodes read in one query (read_once)."""

import pytest
from django.db import transaction

from sanxiang.ledger.merkle import (
    MemoryTree,
    consistency_proof,
    inclusion_proof,
    root_hash,
)
from sanxiang.ledger.models import LedgerEntry, LedgerNode
from sanxiang.ledger.services import LedgerEvent, ledger_append_many, read_node, read_once

pytestmark = pytest.mark.django_db

SIZE = 300


@pytest.fixture
def tree() -> MemoryTree:
    with transaction.atomic():
        ledger_append_many(
            LedgerEvent("test.thing.done", "tester", f"t:{i}", {"i": i}) for i in range(SIZE)
        )
    rebuilt = MemoryTree()
    for entry in LedgerEntry.objects.order_by("index").values_list("entry", flat=True):
        rebuilt.append(entry.encode())
    return rebuilt


@pytest.mark.parametrize(("index", "size"), [(0, 1), (0, 300), (299, 300), (137, 300), (64, 65)])
def test_inclusion_proof_read_once_matches_the_rebuilt_tree(tree, index, size):
    proof = read_once(lambda read: inclusion_proof(read, index, size))
    assert proof == inclusion_proof(tree.read, index, size)
    assert proof == inclusion_proof(read_node, index, size)


@pytest.mark.parametrize(("first", "second"), [(1, 300), (7, 8), (100, 257), (300, 300)])
def test_consistency_proof_and_root_read_once_match_the_rebuilt_tree(tree, first, second):
    proof = read_once(lambda read: consistency_proof(read, first, second))
    assert proof == consistency_proof(tree.read, first, second)
    assert read_once(lambda read: root_hash(read, second)) == tree.root(second)


def test_proof_reads_the_nodes_in_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        read_once(lambda read: inclusion_proof(read, 123, 299))


def test_missing_node_is_reported_not_guessed(tree):
    LedgerNode.objects.filter(level=2, index=74).delete()  # leaves 296..299
    with pytest.raises(LedgerNode.DoesNotExist):
        read_once(lambda read: inclusion_proof(read, 0, 300))
