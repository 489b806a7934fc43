"""Inclusion proofs as the public API serves them: from the per-process memory of committed nodes
(node_cache) when it holds them, else with one query for the nodes it lacks.

The same hashes as `read_once(lambda read: inclusion_proof(read, index, size))` (tested), but the
proof is planned once as its list of ranges instead of being computed three times through a
reader (try memory, name the missing nodes, compute), and the right-edge hashes — which every
proof at one tree size shares — are remembered per size instead of being recombined from
their perfect subtrees for every proof.
"""

from __future__ import annotations

from sanxiang.ledger import node_cache
from sanxiang.ledger.merkle import HASH_SIZE, inclusion_ranges, perfect_key, range_hash
from sanxiang.ledger.services import read_nodes_direct, reader_of

_PLACEHOLDER = bytes(HASH_SIZE)
Plan = tuple[int, int, tuple[int, int] | None]  # a range of the proof and its stored node, if any
Nodes = dict[tuple[int, int], bytes]


def inclusion_path(index: int, size: int) -> list[bytes]:
    """PATH(index, D[size]) of RFC 9162 §2.1.3.1.

    Raises: ProofError when index is outside the tree of `size`; LedgerNode.DoesNotExist when a
        node the tree should have is not stored (`sanxiang verify` names which).
    """
    plan = [(start, end, perfect_key(start, end)) for start, end in inclusion_ranges(index, size)]
    memory = node_cache.CACHE
    cached, edges = memory.nodes, memory.edges  # as they are now, whatever is dropped below
    found = read_nodes_direct(_missing(plan, cached, edges))  # no query when nothing is missing
    memory.keep(found)
    read = reader_of(found, cached)
    path: list[bytes] = []
    for start, end, key in plan:
        if key is not None:
            path.append(read(*key))
            continue
        edge = edges.get((start, end))
        if edge is None:
            edge = range_hash(read, start, end)
            memory.keep_edge(start, end, edge)
        path.append(edge)
    return path


def _missing(plan: list[Plan], cached: Nodes, edges: Nodes) -> list[tuple[int, int]]:
    """The stored nodes the proof needs that the memory lacks."""
    wanted: list[tuple[int, int]] = []

    def name_missing(level: int, at: int) -> bytes:
        if (level, at) not in cached:
            wanted.append((level, at))
        return _PLACEHOLDER

    for start, end, key in plan:
        if key is not None:
            if key not in cached:
                wanted.append(key)
        elif (start, end) not in edges:
            range_hash(name_missing, start, end)  # a right edge not remembered: its subtrees
    return wanted
