"""transparency-dev/merkle's own test vectors, copied verbatim, run through ledger/merkle.py.

The files under vectors/transparency-dev/merkle/testdata/ are upstream's inclusion/ and
consistency/ probes (see the README there for source, licence and the commit of each file).
Upstream renamed some probes over time (`size1-+-1` → `size1-plus-@1`, `leafIndex` → `leafIdx`);
both generations are kept, as they are the same facts under two names.

Each file says `wantErr`. A happy path must verify; every other file must raise ProofError. Six
upstream files expect success where INTEGRITY.md §1 makes our verifier stricter (a hash must be
32 bytes; there is no consistency proof from the empty tree): they are listed in STRICTER and
must be rejected, with the reason pinned by a test that repairs exactly that defect.

Two further checks guard the copy itself: every happy path equals what our own prover makes for
the RFC 6962 reference tree, and every must-reject file is its directory's happy path with
exactly the mutation its description names, so a mistyped hash cannot pass as a "rejection".
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from sanxiang.ledger.merkle import (
    MemoryTree,
    ProofError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
)
from sanxiang.ledger.tests.test_merkle import LEAVES

UPSTREAM = Path(__file__).with_name("vectors") / "transparency-dev" / "merkle"
TESTDATA = UPSTREAM / "testdata"
CONSISTENCY_FILES = sorted((TESTDATA / "consistency").rglob("*.json"))
INCLUSION_FILES = sorted((TESTDATA / "inclusion").rglob("*.json"))

TREE = MemoryTree()
for _leaf in LEAVES:
    TREE.append(_leaf)

# proofgen's constants (cmd/proofgen/main.go).
SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")
EMPTY_TREE_HASH = hashlib.sha256(b"").digest()
UINT64 = 1 << 64

# Upstream accepts these; INTEGRITY.md §1 says our verifiers must reject them.
NOT_A_HASH = "the roots are 12-byte placeholders, and a hash must be 32 bytes"
FROM_EMPTY = "a consistency proof from the empty tree (size 0) is not a proof"
STRICTER = {
    "consistency/additional/sizes-are-equal-and-proof-is-empty-where-both-sizes-are-one.json": NOT_A_HASH,
    "consistency/additional/sizes-are-equal-and-proof-is-not-empty-where-both-sizes-are-one.json": NOT_A_HASH,
    "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json": NOT_A_HASH,
    "consistency/additional/sizes-are-equal-and-proof-is-empty-where-both-sizes-are-zero.json": FROM_EMPTY,
    "consistency/additional/sizes-are-equal-and-proof-is-not-empty-where-both-sizes-are-zero.json": FROM_EMPTY,
    "consistency/additional/sizes-are-equal-zero-and-proof-is-empty.json": FROM_EMPTY,
}


def rel(path: Path) -> str:
    return path.relative_to(TESTDATA).as_posix()


def b64list(values: list[str] | None) -> list[bytes]:
    return [base64.b64decode(v) for v in values or []]  # Go marshals a nil proof as null


@dataclass(frozen=True)
class Consistency:
    size1: int
    size2: int
    root1: bytes
    root2: bytes
    proof: list[bytes]
    desc: str
    want_err: bool

    @classmethod
    def load(cls, path: Path) -> Consistency:
        v = json.loads(path.read_text())
        return cls(
            v["size1"],
            v["size2"],
            base64.b64decode(v["root1"]),
            base64.b64decode(v["root2"]),
            b64list(v["proof"]),
            v["desc"],
            v["wantErr"],
        )

    def verify(self) -> None:
        verify_consistency(self.size1, self.size2, self.proof, self.root1, self.root2)


@dataclass(frozen=True)
class Inclusion:
    index: int
    size: int
    root: bytes
    leaf: bytes
    proof: list[bytes]
    desc: str
    want_err: bool

    @classmethod
    def load(cls, path: Path) -> Inclusion:
        v = json.loads(path.read_text())
        index = v["leafIdx"] if "leafIdx" in v else v["leafIndex"]  # renamed upstream
        return cls(
            index,
            v["treeSize"],
            base64.b64decode(v["root"]),
            base64.b64decode(v["leafHash"]),
            b64list(v["proof"]),
            v["desc"],
            v["wantErr"],
        )

    def verify(self) -> None:
        verify_inclusion(self.leaf, self.index, self.size, self.proof, self.root)


def file_params(files: list[Path]) -> list[object]:
    return [pytest.param(path, id=rel(path)) for path in files]


@pytest.mark.parametrize("path", file_params(CONSISTENCY_FILES))
def test_upstream_consistency_vector(path: Path) -> None:
    vector = Consistency.load(path)
    if vector.want_err or rel(path) in STRICTER:
        with pytest.raises(ProofError):
            vector.verify()
    else:
        vector.verify()


@pytest.mark.parametrize("path", file_params(INCLUSION_FILES))
def test_upstream_inclusion_vector(path: Path) -> None:
    vector = Inclusion.load(path)
    if vector.want_err:
        with pytest.raises(ProofError):
            vector.verify()
    else:
        vector.verify()


def test_stricter_cases_are_rejected_only_for_the_stated_reason() -> None:
    for name, reason in STRICTER.items():
        vector = Consistency.load(TESTDATA / name)
        assert not vector.want_err, name  # upstream expects success here
        assert vector.proof == [], name
        if reason == NOT_A_HASH:
            assert (vector.size1, vector.size2) == (1, 1)
            assert len(vector.root1) == len(vector.root2) == 12
            root = TREE.root(1)  # the same case with a real 32-byte root verifies
            verify_consistency(1, 1, [], root, root)
        else:
            assert (vector.size1, vector.size2) == (0, 0)
    # Upstream changed its mind about size 0: today's cmd/proofgen writes "sizes are equal (zero)
    # and proof is empty" with wantErr true; the stored copies come from older commits.


def numbered(path: Path) -> bool:
    """A probe of one of proofgen's reference proofs: inclusion/N/ or consistency/N/."""
    return path.parent.name.isdigit() and path.parents[1].name in ("inclusion", "consistency")


def happy_paths(files: list[Path]) -> list[Path]:
    return [p for p in files if numbered(p) and p.name == "happy-path.json"]


def test_happy_paths_are_the_reference_tree() -> None:
    """Upstream's proofs equal what our prover makes for the RFC 6962 leaves (sizes 1..8)."""
    for path in happy_paths(CONSISTENCY_FILES):
        c = Consistency.load(path)
        assert (c.root1, c.root2) == (TREE.root(c.size1), TREE.root(c.size2)), rel(path)
        assert c.proof == consistency_proof(TREE.read, c.size1, c.size2), rel(path)
    for path in happy_paths(INCLUSION_FILES):
        i = Inclusion.load(path)
        assert (i.leaf, i.root) == (TREE.read(0, i.index), TREE.root(i.size)), rel(path)
        assert i.proof == inclusion_proof(TREE.read, i.index, i.size), rel(path)
    single = Inclusion.load(TESTDATA / "inclusion/single-entry/matching-root-and-leaf.json")
    assert single.leaf == single.root == leaf_hash(b"data")


def flipped(proof: list[bytes], i: int, mask: int) -> list[bytes]:
    out = list(proof)
    out[i] = bytes([out[i][0] ^ mask]) + out[i][1:]
    return out


C = Consistency
CONSISTENCY_MUTATIONS: list[tuple[str, Callable[[C], C]]] = [
    (r"size1 (\+ 1|plus @1)", lambda c: replace(c, size1=c.size1 + 1)),
    (r"size1 (- 1|sub @1)", lambda c: replace(c, size1=(c.size1 - 1) % UINT64)),
    (r"size1 (\^ 2|XOR @2)", lambda c: replace(c, size1=c.size1 ^ 2)),
    (r"size2 (\* 2|mul @2)", lambda c: replace(c, size2=c.size2 * 2)),
    (r"size2 div @?2", lambda c: replace(c, size2=c.size2 // 2)),
    (r"wrong root1", lambda c: replace(c, root1=b"WrongRoot")),
    (r"wrong root2", lambda c: replace(c, root2=b"WrongRoot")),
    (r"swapped roots", lambda c: replace(c, root1=c.root2, root2=c.root1)),
    (r"empty proof", lambda c: replace(c, proof=[])),
    (r"truncated proof", lambda c: replace(c, proof=c.proof[:-1])),
    (r"trailing garbage", lambda c: replace(c, proof=[*c.proof, b""])),
    (r"trailing root1", lambda c: replace(c, proof=[*c.proof, c.root1])),
    (r"trailing root2", lambda c: replace(c, proof=[*c.proof, c.root2])),
    (r"preceding garbage", lambda c: replace(c, proof=[b"", *c.proof])),
    (r"preceding root1", lambda c: replace(c, proof=[c.root1, *c.proof])),
    (r"preceding root2", lambda c: replace(c, proof=[c.root2, *c.proof])),
    (r"preceding proof( @0|\[0\])", lambda c: replace(c, proof=[c.proof[0], *c.proof])),
]

I = Inclusion  # noqa: E741
INCLUSION_MUTATIONS: list[tuple[str, Callable[[I], I]]] = [
    (r"leafI(dx|ndex) (\+ 1|plus @1)", lambda i: replace(i, index=i.index + 1)),
    (r"leafI(dx|ndex) (- 1|sub @1)", lambda i: replace(i, index=(i.index - 1) % UINT64)),
    (r"leafI(dx|ndex) (\^ 2|XOR @2)", lambda i: replace(i, index=i.index ^ 2)),
    (r"treeSize (\* 2|mul @2)", lambda i: replace(i, size=i.size * 2)),
    (r"treeSize div @?2", lambda i: replace(i, size=i.size // 2)),
    (r"wrong leaf", lambda i: replace(i, leaf=b"WrongLeaf")),
    (r"empty root", lambda i: replace(i, root=EMPTY_TREE_HASH)),
    (r"random root", lambda i: replace(i, root=SOME_HASH)),
    (r"trailing garbage", lambda i: replace(i, proof=[*i.proof, b""])),
    (r"trailing root", lambda i: replace(i, proof=[*i.proof, i.root])),
    (r"preceding garbage", lambda i: replace(i, proof=[b"", *i.proof])),
    (r"preceding root", lambda i: replace(i, proof=[i.root, *i.proof])),
    (r"removed component", lambda i: replace(i, proof=i.proof[:-1])),
    (
        r"inserted component",
        lambda i: replace(i, proof=[i.proof[0], SOME_HASH, *i.proof[1:]]),
    ),
]


def expected_mutation[V: (Consistency, Inclusion)](
    happy: V, desc: str, table: list[tuple[str, Callable[[V], V]]], bit_mask: int
) -> V:
    bit = re.fullmatch(r"modified proof(?:@|\[)(\d+)\]? bit @?\d", desc)
    if bit:
        return replace(happy, proof=flipped(happy.proof, int(bit.group(1)), bit_mask))
    matches = [fn for pattern, fn in table if re.fullmatch(pattern, desc)]
    assert len(matches) == 1, f"unknown mutation {desc!r}"
    return matches[0](happy)


def mutants(files: list[Path]) -> list[Path]:
    return [p for p in files if numbered(p) and p.name != "happy-path.json"]


@pytest.mark.parametrize("path", file_params(mutants(CONSISTENCY_FILES)))
def test_consistency_must_reject_file_is_the_named_mutation(path: Path) -> None:
    happy = Consistency.load(path.with_name("happy-path.json"))
    vector = Consistency.load(path)
    want = expected_mutation(happy, vector.desc, CONSISTENCY_MUTATIONS, bit_mask=16)
    assert vector == replace(want, desc=vector.desc, want_err=True)


@pytest.mark.parametrize("path", file_params(mutants(INCLUSION_FILES)))
def test_inclusion_must_reject_file_is_the_named_mutation(path: Path) -> None:
    happy = Inclusion.load(path.with_name("happy-path.json"))
    vector = Inclusion.load(path)
    want = expected_mutation(happy, vector.desc, INCLUSION_MUTATIONS, bit_mask=8)
    assert vector == replace(want, desc=vector.desc, want_err=True)


def test_copy_matches_the_manifest() -> None:
    """Every file is listed in MANIFEST.tsv with its upstream commit and length, and vice versa."""
    rows = [
        line.split("\t")
        for line in (UPSTREAM / "MANIFEST.tsv").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    listed = {
        path: int(chars) for path, commit, chars in rows if re.fullmatch("[0-9a-f]{40}", commit)
    }
    assert len(listed) == len(rows)
    on_disk = {
        p.relative_to(UPSTREAM).as_posix(): p for p in [*CONSISTENCY_FILES, *INCLUSION_FILES]
    }
    assert set(listed) == set(on_disk)
    # All of upstream's inclusion/ and consistency/ files that the copy was taken from.
    assert (len(CONSISTENCY_FILES), len(INCLUSION_FILES)) == (137, 129)
    for name, chars in listed.items():
        assert len(on_disk[name].read_text().removesuffix("\n")) == chars, name
    # Every upstream happy path is here: 5 + 5 numbered directories, inclusion/single-entry, and
    # the six consistency/additional files of STRICTER.
    happy = sorted(name for name, p in on_disk.items() if not json.loads(p.read_text())["wantErr"])
    assert len(happy) == 17
