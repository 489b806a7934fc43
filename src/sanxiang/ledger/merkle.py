"""RFC 9162 §2.1 Merkle tree hashing, inclusion and consistency proofs, and their verification.

Pure functions over a `NodeReader` that returns the hash of a *perfect* subtree (2**level leaves
starting at index * 2**level). The ledger stores those nodes as leaves are integrated, so a root
or a proof reads O(log n) stored hashes and never rebuilds the tree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

NodeReader = Callable[[int, int], bytes]  # (level, index) -> hash of that perfect subtree


class ProofError(ValueError):
    """A proof or its parameters are malformed or do not verify."""


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def range_hash(read: NodeReader, start: int, end: int) -> bytes:
    """MTH(D[start:end]) for a range that occurs in the RFC's recursion (start aligned)."""
    size = end - start
    if size <= 0:
        raise ProofError("empty range")
    key = perfect_key(start, end)
    if key is not None:
        return read(*key)
    k = _split(size)
    return node_hash(range_hash(read, start, start + k), range_hash(read, start + k, end))


def root_hash(read: NodeReader, size: int) -> bytes:
    return EMPTY_ROOT if size == 0 else range_hash(read, 0, size)


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose hashes make PATH(m, D[n]) of RFC 9162 §2.1.3.1, in proof order.

    Each is a perfect aligned subtree (`perfect_key`) except those that end at `size`: the right
    edge, whose hashes are the same for every proof at that size.
    """
    if not 0 <= index < size:
        raise ProofError("leaf index must be smaller than the tree size")
    ranges: list[tuple[int, int]] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    ranges.reverse()
    return ranges


def perfect_key(start: int, end: int) -> tuple[int, int] | None:
    """(level, index) of the stored node for D[start:end], or None if it is not a perfect subtree."""
    size = end - start
    if size & (size - 1) == 0 and start % size == 0:
        return size.bit_length() - 1, start // size
    return None


def inclusion_proof(read: NodeReader, index: int, size: int) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 §2.1.3.1."""
    return [range_hash(read, start, end) for start, end in inclusion_ranges(index, size)]


def consistency_proof(read: NodeReader, first: int, second: int) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 §2.1.4.1."""
    if not 0 < first <= second:
        raise ProofError("consistency needs 0 < first <= second")
    proof: list[bytes] = []
    start, end, m, complete = 0, second, first, True
    while m != end - start:
        k = _split(end - start)
        if m <= k:
            proof.append(range_hash(read, start + k, end))
            end = start + k
        else:
            proof.append(range_hash(read, start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        proof.append(range_hash(read, start, end))
    proof.reverse()
    return proof


def _check_hashes(hashes: Sequence[bytes]) -> None:
    if any(len(h) != HASH_SIZE for h in hashes):
        raise ProofError("every hash must be 32 bytes")


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """RFC 9162 §2.1.3.2. Raises ProofError unless `leaf` is at `index` of the tree with `root`."""
    _check_hashes([leaf, root, *proof])
    if index >= size or index < 0:
        raise ProofError("leaf index must be smaller than the tree size")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("proof has extra hashes")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("proof is missing hashes")
    if r != root:
        raise ProofError("root mismatch")


def verify_consistency(
    first: int, second: int, proof: Sequence[bytes], first_root: bytes, second_root: bytes
) -> None:
    """RFC 9162 §2.1.4.2. Raises ProofError unless tree `first` is a prefix of tree `second`."""
    _check_hashes([first_root, second_root, *proof])
    if first <= 0:
        raise ProofError("consistency from an empty tree is not proved")
    if first > second:
        raise ProofError("first tree is larger than the second")
    if first == second:
        if proof:
            raise ProofError("proof has extra hashes")
        if first_root != second_root:
            raise ProofError("root mismatch")
        return
    path = list(proof)
    if first & (first - 1) == 0:  # first is an exact power of two
        path.insert(0, first_root)
    if not path:
        raise ProofError("proof is missing hashes")
    fr, sr = _consistency_roots(first - 1, second - 1, path)
    if fr != first_root or sr != second_root:
        raise ProofError("root mismatch")


def _consistency_roots(fn: int, sn: int, path: Sequence[bytes]) -> tuple[bytes, bytes]:
    """The two roots a consistency path implies (the loop of RFC 9162 §2.1.4.2 step 6)."""
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("proof has extra hashes")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("proof is missing hashes")
    return fr, sr


class MemoryTree:
    """An in-memory log with the same node layout the database uses (tests, `sanxiang verify`)."""

    def __init__(self) -> None:
        self.nodes: dict[tuple[int, int], bytes] = {}
        self.size = 0

    def append(self, entry: bytes) -> int:
        index = self.size
        h = leaf_hash(entry)
        level, i = 0, index
        self.nodes[(0, i)] = h
        while i & 1:  # a right child completes its parent
            h = node_hash(self.nodes[(level, i - 1)], h)
            level, i = level + 1, i >> 1
            self.nodes[(level, i)] = h
        self.size += 1
        return index

    def read(self, level: int, index: int) -> bytes:
        return self.nodes[(level, index)]

    def root(self, size: int | None = None) -> bytes:
        return root_hash(self.read, self.size if size is None else size)
