import base64
import json

import pytest
from django.db import transaction

from sanxiang.ledger.keys import load_signing_key, parse_verifier
from sanxiang.ledger.merkle import MemoryTree, inclusion_proof, verify_inclusion
from sanxiang.ledger.models import Checkpoint, LedgerEntry
from sanxiang.ledger.services import checkpoint_publish, ledger_append, read_node, tree_size

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path):
    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.pem"


def append(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        with transaction.atomic():
            ledger_append(kind="test.thing.done", actor="tester", target=f"t:{i}", data={"i": i})


def test_entries_are_contiguous_and_chained():
    append(5)
    entries = list(LedgerEntry.objects.all())
    assert [e.index for e in entries] == [0, 1, 2, 3, 4]
    assert tree_size() == 5
    assert '"prev":""' in entries[0].entry
    assert f'"prev":"{entries[0].leaf_hash}"' in entries[1].entry


def test_entry_exists_only_if_business_change_committed():
    def business_change() -> None:
        with transaction.atomic():
            ledger_append(kind="test.thing.done", actor="a", target="t", data={})
            raise RuntimeError("business change failed")

    with pytest.raises(RuntimeError, match="business change failed"):
        business_change()
    assert LedgerEntry.objects.count() == 0
    assert tree_size() == 0


@pytest.mark.django_db(transaction=True)
def test_append_outside_transaction_refused():
    with pytest.raises(transaction.TransactionManagementError):
        ledger_append(kind="x", actor="a", target="t", data={})


def test_stored_nodes_give_the_same_root_and_proofs_as_a_rebuilt_tree():
    append(13)
    rebuilt = MemoryTree()
    for e in LedgerEntry.objects.all():
        rebuilt.append(e.entry.encode())
    cp = checkpoint_publish()
    assert cp.root_hash == rebuilt.root().hex()
    proof = inclusion_proof(read_node, 6, 13)
    leaf = bytes.fromhex(LedgerEntry.objects.get(index=6).leaf_hash)
    verify_inclusion(leaf, 6, 13, proof, bytes.fromhex(cp.root_hash))


def test_checkpoint_is_a_valid_c2sp_signed_note():
    append(3)
    cp = checkpoint_publish()
    key = load_signing_key()
    name, key_id, public = parse_verifier(key.verifier())
    body, signature_line = cp.note.split("\n\n")
    assert body.splitlines() == [
        name,
        "3",
        base64.b64encode(bytes.fromhex(cp.root_hash)).decode(),
    ]
    dash, signer, sig_b64 = signature_line.strip().split(" ")
    assert dash == "\u2014"
    assert signer == name
    raw = base64.b64decode(sig_b64)
    assert raw[:4] == key_id
    public.verify(raw[4:], (body + "\n").encode())  # raises InvalidSignature if wrong


def test_checkpoint_not_duplicated_and_grows_consistently():
    append(2)
    first = checkpoint_publish()
    assert checkpoint_publish().pk == first.pk
    append(5, start=2)
    second = checkpoint_publish()
    assert second.size == 7
    assert Checkpoint.objects.count() == 2


def test_checkpoint_refused_when_history_was_rewritten():
    from sanxiang.ledger.models import LedgerNode

    append(4)
    checkpoint_publish()
    # An administrator rewrites a stored subtree hash: the next head no longer extends the last.
    LedgerNode.objects.filter(level=2, index=0).update(hash="00" * 32)
    append(1, start=4)
    with pytest.raises(RuntimeError, match="不一致"):
        checkpoint_publish()


def test_append_recreates_head_row_after_a_table_flush():
    from sanxiang.ledger.models import LedgerHead

    LedgerHead.objects.all().delete()  # what a transactional test flush does
    append(2)
    assert tree_size() == 2


def test_frontier_integration_matches_a_rebuilt_tree_at_every_size():
    from sanxiang.ledger.integrity import tree_frontier
    from sanxiang.ledger.models import LedgerHead, LedgerNode

    rebuilt = MemoryTree()
    for i in range(40):
        append(1, start=i)
        rebuilt.append(LedgerEntry.objects.get(index=i).entry.encode())
        head = LedgerHead.objects.get(pk=1)
        assert json.loads(head.frontier) == tree_frontier(rebuilt)
        assert head.last_leaf == rebuilt.read(0, i).hex()
    stored = {(n.level, n.index): n.hash for n in LedgerNode.objects.all()}
    assert stored == {k: v.hex() for k, v in rebuilt.nodes.items()}


def test_migration_fills_frontier_of_an_existing_log():
    import importlib

    from django.apps import apps

    from sanxiang.ledger.models import LedgerHead

    append(11)
    expected = LedgerHead.objects.get(pk=1)
    LedgerHead.objects.filter(pk=1).update(frontier="[]", last_leaf="")
    migration = importlib.import_module("sanxiang.ledger.migrations.0003_head_frontier")
    migration.fill_frontier(apps, None)
    head = LedgerHead.objects.get(pk=1)
    assert head.frontier == expected.frontier
    assert head.last_leaf == expected.last_leaf
