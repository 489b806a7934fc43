"""The public ledger API: hashes and proofs a third party can check with the verifier key."""

import base64
import hashlib

import pytest
from django.db import transaction

from sanxiang.ledger.keys import parse_verifier
from sanxiang.ledger.merkle import MemoryTree, verify_consistency, verify_inclusion
from sanxiang.ledger.models import LedgerEntry
from sanxiang.ledger.services import ledger_append

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path):
    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "ledger.pem"


def fill(n, file_hash=""):
    for i in range(n):
        with transaction.atomic():
            ledger_append(
                kind="evidence.item.sealed" if file_hash and i == n - 1 else "test.done",
                actor="t",
                target=f"x:{i}",
                data={"i": i},
                subject_sha256=file_hash if i == n - 1 else "",
            )


def test_checkpoint_key_leaves_and_proofs_verify(client):
    fill(11)
    note = client.get("/api/v1/ledger/checkpoint")
    assert note["Content-Type"].startswith("text/plain")
    body, sig_line = note.content.decode().split("\n\n")
    origin, size, root_b64 = body.splitlines()
    assert size == "11"
    verifier = client.get("/api/v1/ledger/key").content.decode().strip()
    name, key_id, public = parse_verifier(verifier)
    raw = base64.b64decode(sig_line.split(" ")[2])
    assert raw[:4] == key_id
    public.verify(raw[4:], (body + "\n").encode())
    root = base64.b64decode(root_b64)

    leaves = client.get("/api/v1/ledger/leaves", {"start": 0, "end": 11}).json()["leaf_hashes"]
    tree = MemoryTree()
    for e in LedgerEntry.objects.all():
        tree.append(e.entry.encode())
    assert [tree.read(0, i).hex() for i in range(11)] == leaves
    assert tree.root() == root

    proof = client.get("/api/v1/ledger/proof/inclusion", {"index": 7, "tree_size": 11}).json()
    verify_inclusion(
        bytes.fromhex(leaves[7]), 7, 11, [bytes.fromhex(h) for h in proof["hashes"]], root
    )
    cons = client.get("/api/v1/ledger/proof/consistency", {"first": 4, "second": 11}).json()
    verify_consistency(4, 11, [bytes.fromhex(h) for h in cons["hashes"]], tree.root(4), root)


@pytest.mark.parametrize(
    ("path", "params", "code"),
    [
        ("/api/v1/ledger/leaves", {"start": 3, "end": 2}, "invalid_range"),
        ("/api/v1/ledger/leaves", {"start": 0, "end": 5000}, "invalid_range"),
        ("/api/v1/ledger/proof/inclusion", {"index": 5, "tree_size": 5}, "invalid_index"),
        ("/api/v1/ledger/proof/inclusion", {"index": 0, "tree_size": 99}, "invalid_index"),
        ("/api/v1/ledger/proof/consistency", {"first": 0, "second": 3}, "invalid_tree_size"),
        ("/api/v1/ledger/proof/consistency", {"first": 4, "second": 3}, "invalid_tree_size"),
        ("/api/v1/ledger/lookup", {"sha256": "abc"}, "invalid_sha256"),
        ("/api/v1/ledger/lookup", {"sha256": "<script>" * 8}, "invalid_sha256"),
    ],
)
def test_bad_parameters_get_stable_codes(client, path, params, code):
    fill(5)
    response = client.get(path, params)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["message"].startswith("参数不正确")


def test_non_integer_parameters_are_422_not_500(client):
    response = client.get("/api/v1/ledger/leaves", {"start": "x", "end": "1"})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"


def test_lookup_finds_a_recorded_file_and_never_returns_entry_contents(client):
    digest = hashlib.sha256(b"video bytes").hexdigest()
    fill(3, file_hash=digest)
    found = client.get("/api/v1/ledger/lookup", {"sha256": digest.upper()}).json()
    assert found["found"] is True
    assert found["records"][0]["index"] == 2
    assert found["records"][0]["kind"] == "evidence.item.sealed"
    assert "entry" not in found["records"][0]
    missing = client.get("/api/v1/ledger/lookup", {"sha256": "0" * 64}).json()
    assert missing == {"sha256": "0" * 64, "found": False, "records": []}
