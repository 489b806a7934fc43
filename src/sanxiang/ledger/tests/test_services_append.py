"""ledger_append: its statements per append, and chaining whoever appended before."""

import json
import threading

import pytest
from django.db import connection, transaction

from sanxiang.ledger.integrity import check_ledger
from sanxiang.ledger.models import LedgerEntry
from sanxiang.ledger.services import ledger_append, tree_size


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path):
    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.pem"


def append(target: str) -> None:
    with transaction.atomic():
        ledger_append(kind="test.thing.done", actor="tester", target=target, data={"t": target})


def assert_log_intact(size: int) -> None:
    assert tree_size() == size
    assert list(check_ledger()) == []


@pytest.mark.django_db
def test_append_is_two_statements_on_postgresql(django_assert_num_queries):
    append("first")
    # PostgreSQL: lock and read the head, then one statement for entry, nodes and head.
    # SQLite: lock, entry, nodes, head.
    expected = 2 if connection.vendor == "postgresql" else 4
    with transaction.atomic(), django_assert_num_queries(expected):
        ledger_append(kind="test.thing.done", actor="tester", target="second", data={})
    assert_log_intact(2)


@pytest.mark.django_db
def test_append_after_a_rolled_back_append_chains_to_the_committed_head():
    append("kept")
    with transaction.atomic():
        append("rolled back")
        transaction.set_rollback(True)
    append("after")
    entries = list(LedgerEntry.objects.order_by("index"))
    assert [e.index for e in entries] == [0, 1]
    assert f'"prev":"{entries[0].leaf_hash}"' in entries[1].entry
    assert_log_intact(2)


@pytest.mark.django_db
def test_several_appends_in_one_transaction():
    with transaction.atomic():
        for i in range(5):
            ledger_append(kind="test.thing.done", actor="tester", target=f"t:{i}", data={})
    assert_log_intact(5)


@pytest.mark.django_db(transaction=True)
def test_append_after_another_connection_appended_chains_to_its_entries():
    append("mine")

    def other_process() -> None:
        try:
            append("theirs 1")
            append("theirs 2")
        finally:
            connection.close()

    thread = threading.Thread(target=other_process)
    thread.start()
    thread.join()
    append("mine again")
    targets = [json.loads(e.entry)["target"] for e in LedgerEntry.objects.order_by("index")]
    assert targets == ["mine", "theirs 1", "theirs 2", "mine again"]
    assert_log_intact(4)
