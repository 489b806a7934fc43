"""Known-answer vectors (RFC 6962/9162 reference data, transparency-dev/merkle testdata)."""

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.ledger.merkle import (
    EMPTY_ROOT,
    MemoryTree,
    ProofError,
    consistency_proof,
    inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


@pytest.fixture
def tree():
    t = MemoryTree()
    for leaf in LEAVES:
        t.append(leaf)
    return t


def test_empty_tree_root_is_sha256_of_nothing():
    assert MemoryTree().root() == EMPTY_ROOT == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("size", range(1, 9))
def test_root_matches_reference_vector(tree, size):
    assert tree.root(size).hex() == ROOTS[size - 1]


def test_inclusion_proof_reference_vector(tree):
    # RFC 6962 reference: leaf 0 in tree 8.
    proof = inclusion_proof(tree.read, 0, 8)
    assert [p.hex() for p in proof] == [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ]


def test_consistency_proof_reference_vector(tree):
    proof = consistency_proof(tree.read, 6, 8)
    assert [p.hex() for p in proof] == [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=70), st.data())
def test_every_generated_proof_verifies_and_tampering_fails(n, data):
    t = MemoryTree()
    for i in range(n):
        t.append(i.to_bytes(4, "big"))
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    proof = inclusion_proof(t.read, index, n)
    leaf = t.read(0, index)
    verify_inclusion(leaf, index, n, proof, t.root())
    with pytest.raises(ProofError):
        verify_inclusion(leaf, index, n, [*proof, b"\0" * 32], t.root())
    if proof:
        with pytest.raises(ProofError):
            verify_inclusion(leaf, index, n, proof[:-1], t.root())
    with pytest.raises(ProofError):
        verify_inclusion(leaf, (index + 1) % (n + 1) if n > 1 else 1, n, proof, t.root())
    m = data.draw(st.integers(min_value=1, max_value=n))
    cproof = consistency_proof(t.read, m, n)
    verify_consistency(m, n, cproof, t.root(m), t.root(n))
    with pytest.raises(ProofError):
        verify_consistency(m, n, [*cproof, b"\1" * 32], t.root(m), t.root(n))
    if n > m:
        with pytest.raises(ProofError):
            verify_consistency(m, n, cproof, t.root(m), hashlib.sha256(b"x").digest())


def test_verifiers_reject_malformed_parameters(tree):
    root = tree.root()
    proof = inclusion_proof(tree.read, 3, 8)
    with pytest.raises(ProofError):
        verify_inclusion(tree.read(0, 3), 8, 8, proof, root)  # index >= size
    with pytest.raises(ProofError):
        verify_inclusion(tree.read(0, 3), 3, 8, [*proof[:-1], b"short"], root)
    with pytest.raises(ProofError):
        verify_consistency(0, 8, [], EMPTY_ROOT, root)  # from size 0
