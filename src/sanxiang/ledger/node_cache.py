"""A per-process memory of committed Merkle nodes and of the committed tree size.

The log is append-only (禁删改): once the transaction that stored a perfect-subtree hash has committed, that
(level, index) never holds another hash, and the tree never shrinks. So what a process has read *outside* any
transaction (autocommit: only committed rows are visible) it may serve again without asking the database — the
way pymerkle keeps its subroots in memory. Hashes read inside a transaction could still roll back and are never
kept. `sanxiang verify` does not read through this memory: it recomputes from the rows, so a rewritten row is
still found.

The one case the assumption does not hold is a database wiped or replaced under a running process (tests that
flush between cases, restoring another deployment's backup): `clear()` — called by the test fixtures — or a
restart empties it.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import connection

MAX_NODES = 1 << 18  # 262,144 hashes: about 40 MiB at most, the top of any tree stays in
MAX_EDGES = 1 << 12  # right-edge hashes: about log2(size) per tree size served


class NodeCache:
    def __init__(self) -> None:
        self.nodes: dict[tuple[int, int], bytes] = {}
        # MTH(D[start:size]) of the right edge, by (start, size): not a stored node, but the same
        # for every proof at that size, and for ever once the size is committed.
        self.edges: dict[tuple[int, int], bytes] = {}
        self.size = 0  # a committed tree size this process has seen (the tree is at least this big)

    def clear(self) -> None:
        self.nodes.clear()
        self.edges.clear()
        self.size = 0

    @staticmethod
    def committed_reads() -> bool:
        """True when the last reads saw committed rows only (no transaction of ours is open)."""
        return not connection.in_atomic_block

    def keep(self, found: Mapping[tuple[int, int], bytes]) -> None:
        if not found or not self.committed_reads():
            return
        if len(self.nodes) + len(found) > MAX_NODES:
            # Keep the upper levels (shared by every proof); drop the leaves' neighbourhood.
            # New dicts, never emptied in place: a reader holding the old one keeps its nodes.
            self.nodes = {k: v for k, v in self.nodes.items() if k[0] >= 8}
            if len(self.nodes) + len(found) > MAX_NODES:
                self.nodes = {}
        self.nodes.update(found)

    def keep_edge(self, start: int, end: int, value: bytes) -> None:
        """Keep a right-edge hash computed from committed nodes only (see `keep`)."""
        if not self.committed_reads():
            return
        if len(self.edges) >= MAX_EDGES:
            self.edges = {}  # a new dict, as in `keep`
        self.edges[(start, end)] = value

    def saw_size(self, size: int) -> None:
        if self.committed_reads() and size > self.size:
            self.size = size


CACHE = NodeCache()


def node_cache_clear() -> None:
    CACHE.clear()
