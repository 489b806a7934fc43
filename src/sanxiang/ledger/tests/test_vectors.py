"""The transparency-dev/merkle test-vector taxonomy, applied to every proof of an 8-leaf tree.

transparency-dev/merkle `testdata/` holds, per happy-path proof, must-reject variants: a flipped
bit in each proof hash, garbage or roots prepended/appended, a truncated or empty proof, wrong or
swapped roots, and sizes nudged (±1, XOR 2, ×2, ÷2). The same mutations are generated here for
every (index, size) and (size1, size2) of the reference tree, and one happy path is copied
verbatim from the upstream file consistency/4/happy-path.json. Upstream's files themselves, all
266 of them, are run in test_vectors_upstream.py.
"""

import base64
from collections.abc import Iterator

import pytest

from sanxiang.ledger.merkle import (
    MemoryTree,
    ProofError,
    consistency_proof,
    inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from sanxiang.ledger.tests.test_merkle import LEAVES

TREE = MemoryTree()
for _leaf in LEAVES:
    TREE.append(_leaf)

GARBAGE = b"garbage-garbage-garbage-garbage!"  # 32 bytes, not a node of this tree


def flip(h: bytes, bit: int = 4) -> bytes:
    return bytes([h[0] ^ (1 << bit)]) + h[1:]


def test_upstream_consistency_happy_path_6_to_7():
    b = base64.b64decode
    proof = [
        b("DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o="),
        b("sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8="),
        b("037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="),
    ]
    root1 = b("duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=")
    root2 = b("3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=")
    verify_consistency(6, 7, proof, root1, root2)
    assert consistency_proof(TREE.read, 6, 7) == proof
    assert (TREE.root(6), TREE.root(7)) == (root1, root2)


def consistency_mutations(m: int, n: int) -> Iterator[tuple[str, tuple]]:
    proof, r1, r2 = consistency_proof(TREE.read, m, n), TREE.root(m), TREE.root(n)
    if proof:
        yield "empty-proof", (m, n, [], r1, r2)
        yield "truncated-proof", (m, n, proof[:-1], r1, r2)
        for i in range(len(proof)):
            yield (
                f"modified-proof[{i}]",
                (m, n, [*proof[:i], flip(proof[i]), *proof[i + 1 :]], r1, r2),
            )
        yield "preceding-proof[0]", (m, n, [proof[0], *proof], r1, r2)
    yield "preceding-garbage", (m, n, [GARBAGE, *proof], r1, r2)
    yield "trailing-garbage", (m, n, [*proof, GARBAGE], r1, r2)
    yield "preceding-root1", (m, n, [r1, *proof], r1, r2)
    yield "preceding-root2", (m, n, [r2, *proof], r1, r2)
    yield "trailing-root1", (m, n, [*proof, r1], r1, r2)
    yield "trailing-root2", (m, n, [*proof, r2], r1, r2)
    yield "wrong-root1", (m, n, proof, flip(r1), r2)
    yield "wrong-root2", (m, n, proof, r1, flip(r2))
    if r1 != r2:
        yield "swapped-roots", (m, n, proof, r2, r1)
    for label, m2, n2 in (
        ("size1-+1", m + 1, n),
        ("size1--1", m - 1, n),
        ("size1-^2", m ^ 2, n),
        ("size2-*2", m, n * 2),
        ("size2-/2", m, n // 2),
    ):
        if (m2, n2) != (m, n) and not (m2 == n2 and r1 == r2):
            yield label, (m2, n2, proof, r1, r2)


CONSISTENCY_CASES = [
    pytest.param(args, id=f"{m}-{n}-{label}")
    for m in range(1, 9)
    for n in range(m, 9)
    for label, args in consistency_mutations(m, n)
]


@pytest.mark.parametrize("args", CONSISTENCY_CASES)
def test_consistency_must_reject(args):
    with pytest.raises(ProofError):
        verify_consistency(*args)


def inclusion_mutations(index: int, n: int) -> Iterator[tuple[str, tuple]]:
    proof, leaf, root = inclusion_proof(TREE.read, index, n), TREE.read(0, index), TREE.root(n)
    if proof:
        yield "empty-proof", (leaf, index, n, [], root)
        yield "truncated-proof", (leaf, index, n, proof[:-1], root)
        for i in range(len(proof)):
            yield (
                f"modified-proof[{i}]",
                (leaf, index, n, [*proof[:i], flip(proof[i]), *proof[i + 1 :]], root),
            )
    yield "preceding-garbage", (leaf, index, n, [GARBAGE, *proof], root)
    yield "trailing-garbage", (leaf, index, n, [*proof, GARBAGE], root)
    yield "wrong-leaf", (flip(leaf), index, n, proof, root)
    yield "wrong-root", (leaf, index, n, proof, flip(root))
    yield "index-=size", (leaf, n, n, proof, root)
    yield "size*2", (leaf, index, n * 2, proof, root)
    if index + 1 < n:
        yield "index+1", (leaf, index + 1, n, proof, root)


INCLUSION_CASES = [
    pytest.param(args, id=f"{i}-{n}-{label}")
    for n in range(1, 9)
    for i in range(n)
    for label, args in inclusion_mutations(i, n)
]


@pytest.mark.parametrize("args", INCLUSION_CASES)
def test_inclusion_must_reject(args):
    with pytest.raises(ProofError):
        verify_inclusion(*args)


def test_every_happy_path_of_the_reference_tree_verifies():
    for n in range(1, 9):
        for i in range(n):
            verify_inclusion(TREE.read(0, i), i, n, inclusion_proof(TREE.read, i, n), TREE.root(n))
        for m in range(1, n + 1):
            verify_consistency(m, n, consistency_proof(TREE.read, m, n), TREE.root(m), TREE.root(n))
    assert len(CONSISTENCY_CASES) > 92
    assert len(INCLUSION_CASES) > 92
