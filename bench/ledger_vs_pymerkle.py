"""The ledger against pymerkle's SQLite tree: bulk append, inclusion proofs at 1,000,000 entries.

Run: .venv/bin/python bench/ledger_vs_pymerkle.py [--entries N] [--proofs K] [--cold C]
     .venv/bin/python -m sanxiang.testing.postgres -- .venv/bin/python bench/ledger_vs_pymerkle.py
     (the second runs our side on a throw-away PostgreSQL; pymerkle stays on SQLite)
Peer: "pymerkle 7.0.0 SqliteTree" with its default hashing (sha256, 0x00 leaf / 0x01 node
prefixes, split at the largest power of two below n: RFC 9162 §2.1), so both sides must produce
the same root; the script exits non-zero if they do not, or if any compared proof differs.
pymerkle is GPL-3.0-or-later, so it is never a project dependency: this script makes its own
venv (bench/.venv-pymerkle, ignored by git), pip-installs the pinned version there and runs
pymerkle's part in that venv as a subprocess (`--peer`, figures back as JSON on stdout).

Same leaves on both sides: our side appends N generated events with `ledger_append_many` into a
fresh database (a temporary SQLite file with the production settings, or DATABASE_URL), then
exports the canonical entry bytes, and pymerkle appends exactly those bytes.

Measured:
- bulk append: pymerkle `append_entries` (hash each entry, store entry and leaf hash) against
  ours, split into the two steps of INTEGRITY.md §1 as they run inside `ledger_append_many`:
  sequence (canonical JSON, prev chaining, idempotency hash, leaf hash, entry rows with their
  four indexes) and integrate (every perfect-subtree hash computed and stored, so no proof ever
  rebuilds anything). Target (issue 3): integration at least as fast as pymerkle's bulk append.
- inclusion proof at size N for K random indexes (the same ones on both sides): ours through the
  public API's selector (tree size, then the stored nodes in one query); pymerkle's
  `prove_inclusion` from a fresh tree (no subroot cache: what every proof costs pymerkle from
  what is on disk, e.g. after a restart) and over the same K indexes on one long-lived tree
  object whose in-memory subroot cache fills as it goes. Target (issue 3): at least 100x faster
  than pymerkle's SQLite tree, both without cache and as the mean over the K proofs served by
  one process; the last quarter of those K is printed too, but it is a slice of that run.
The last lines are the ratios (peer time / our time, so higher is better for us).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
PEER_VENV = BENCH / ".venv-pymerkle"
PEER_VERSION = "7.0.0"
PEER_REQUIREMENTS = [f"pymerkle=={PEER_VERSION}", "cachetools==7.2.1"]
SEED = 20261123


# --- pymerkle's side: runs in PEER_VENV, imports nothing of the project --------------------------


def peer_main(spec: dict[str, Any]) -> None:
    import hashlib

    import pymerkle
    from pymerkle import SqliteTree

    entries = Path(spec["entries"]).read_bytes().split(b"\n")[:-1]
    size, indexes = len(entries), spec["indexes"]
    tree = SqliteTree(spec["db"], algorithm="sha256")  # security prefixes on by default
    rfc9162 = (
        tree.hash_buff(b"x") == hashlib.sha256(b"\x00x").digest()
        and tree.hash_pair(b"l", b"r") == hashlib.sha256(b"\x01lr").digest()
    )
    start = time.perf_counter()
    tree.append_entries(entries)
    append_s = time.perf_counter() - start
    del entries
    start = time.perf_counter()
    root = tree.get_root(size)
    root_s = time.perf_counter() - start
    tree.close()

    fresh = SqliteTree(spec["db"], algorithm="sha256")
    cold_s = []
    for i in indexes[: spec["cold"]]:
        fresh.cache_clear()  # every proof as from a freshly opened tree
        start = time.perf_counter()
        fresh.prove_inclusion(i + 1, size)  # pymerkle counts leaves from one
        cold_s.append(time.perf_counter() - start)
    fresh.close()

    warm = SqliteTree(spec["db"], algorithm="sha256")
    warm_s, proofs = [], {}
    for n, i in enumerate(indexes):
        start = time.perf_counter()
        proof = warm.prove_inclusion(i + 1, size)
        warm_s.append(time.perf_counter() - start)
        if n < spec["compare"]:
            proofs[i] = [h.hex() for h in proof.path]  # [leaf, sibling hashes bottom-up]
    warm.close()
    json.dump(
        {
            "version": pymerkle.__version__,
            "rfc9162_prefixes": rfc9162,
            "size": size,
            "append_s": append_s,
            "root": root.hex(),
            "root_s": root_s,
            "cold_s": cold_s,
            "warm_s": warm_s,
            "proofs": proofs,
        },
        sys.stdout,
    )


# --- our side ----------------------------------------------------------------------------------


def peer_python() -> Path:
    """The venv's python with the pinned pymerkle, made on first use (pip needs the registry)."""
    python = PEER_VENV / "bin" / "python"
    probe = [str(python), "-c", "import pymerkle; print(pymerkle.__version__)"]
    if python.exists():
        found = subprocess.run(probe, capture_output=True, text=True, check=False)  # noqa: S603
        if found.stdout.strip() == PEER_VERSION:
            return python
    print(f"making {PEER_VENV.relative_to(BENCH.parent)} with pymerkle {PEER_VERSION} …")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(PEER_VENV)], check=True)  # noqa: S603
    pip = [str(python), "-m", "pip", "install", "--quiet", *PEER_REQUIREMENTS]
    subprocess.run(pip, check=True)  # noqa: S603
    return python


def run_peer(spec: dict[str, Any]) -> dict[str, Any]:
    cmd = [str(peer_python()), __file__, "--peer", json.dumps(spec)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)  # noqa: S603
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def setup_django(workdir: Path) -> None:
    """Production settings on a fresh SQLite file in `workdir` (or DATABASE_URL), migrated."""
    sys.path.insert(0, str(BENCH.parent / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanxiang.config.settings.base"
    os.environ["SANXIANG_VAR_DIR"] = str(workdir)
    os.environ["SANXIANG_SQLITE_PATH"] = str(workdir / "ours.sqlite3")
    os.environ["SANXIANG_LEDGER_KEY_FILE"] = str(workdir / "bench.pem")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_events(n: int) -> list[Any]:
    """Seeded events shaped like the audit events services write."""
    import uuid

    from sanxiang.ledger.services import LedgerEvent

    rnd = random.Random(SEED)  # noqa: S311 - benchmark data, not security
    agencies = [uuid.UUID(int=rnd.getrandbits(128), version=4) for _ in range(20)]
    return [
        LedgerEvent(
            kind="evidence.item.sealed" if i % 5 == 0 else "organisations.officer.updated",
            actor=f"officer{i % 97}",
            target=f"item:{i}",
            data={
                "audit_event": i + 1,
                "agency": str(agencies[i % 20]),
                "new": {"name": f"执法员{i}", "status": "active"},
                "reason": "",
            },
            agency_id=agencies[i % 20],
            subject_sha256=f"{rnd.getrandbits(256):064x}" if i % 5 == 0 else "",
            identity=f"audit:{i + 1}",
        )
        for i in range(n)
    ]


def timing(module: Any, name: str, spent: dict[str, float]) -> None:
    """Wrap module.name so the real run adds up the time spent in it (per batch, not per row)."""
    inner: Callable[..., Any] = getattr(module, name)

    def timed(*args: Any) -> Any:
        start = time.perf_counter()
        try:
            return inner(*args)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

    setattr(module, name, timed)


def ours_append(events: list[Any]) -> dict[str, float]:
    from django.db import transaction

    from sanxiang.ledger import services

    spent: dict[str, float] = {}
    timing(services, "_sequence_batch", spent)
    timing(services, "_integrate_batch", spent)
    start = time.perf_counter()
    with transaction.atomic():
        services.ledger_append_many(events)
    spent["total"] = time.perf_counter() - start
    return spent


def export_entries(path: Path) -> None:
    from sanxiang.ledger.models import LedgerEntry

    rows = LedgerEntry.objects.order_by("index").values_list("entry", flat=True)
    with path.open("wb") as out:
        for entry in rows.iterator(chunk_size=20000):
            out.write(entry.encode("utf-8") + b"\n")  # JSON escapes every control character


def ours_proofs(
    size: int, indexes: list[int], root: bytes, cold: int
) -> tuple[dict[str, list[float]], dict[int, list[str]]]:
    """Our proofs timed as pymerkle's are: `cold` each from an empty per-process node memory
    (a fresh process: only the database), then all indexes in one process whose memory of
    committed nodes fills as it goes (ledger.node_cache), as pymerkle's subroot cache does."""
    from sanxiang.ledger import selectors
    from sanxiang.ledger.merkle import verify_inclusion
    from sanxiang.ledger.models import LedgerEntry
    from sanxiang.ledger.node_cache import node_cache_clear

    times: dict[str, list[float]] = {"cold": [], "warm": []}
    for i in indexes[:cold]:
        node_cache_clear()
        start = time.perf_counter()
        selectors.inclusion(index=i, size=size)
        times["cold"].append(time.perf_counter() - start)
    node_cache_clear()
    proofs = {}
    for i in indexes:
        start = time.perf_counter()
        proofs[i] = selectors.inclusion(index=i, size=size)
        times["warm"].append(time.perf_counter() - start)
    leaves = dict(LedgerEntry.objects.filter(index__in=indexes).values_list("index", "leaf_hash"))
    for i, proof in proofs.items():  # every proof checked, outside the timing
        verify_inclusion(bytes.fromhex(leaves[i]), i, size, [bytes.fromhex(h) for h in proof], root)
    return times, proofs


def fail(message: str) -> None:
    print(f"FAILED: {message}")
    sys.exit(1)


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3f} ms"


def main(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="ledger-vs-pymerkle-"))
    try:
        setup_django(workdir)
        from django.db import connection

        from sanxiang.ledger.services import checkpoint_publish

        n = args.entries
        print(f"entries: {n:,}; ours on {connection.vendor}, pymerkle on SQLite ({workdir})")
        events = make_events(n)
        ours = ours_append(events)
        del events
        checkpoint = checkpoint_publish()
        export_entries(workdir / "entries.txt")
        rnd = random.Random(SEED + 1)  # noqa: S311 - benchmark data, not security
        indexes = [rnd.randrange(n) for _ in range(args.proofs)]
        peer = run_peer(
            {
                "entries": str(workdir / "entries.txt"),
                "db": str(workdir / "pymerkle.sqlite3"),
                "indexes": indexes,
                "cold": args.cold,
                "compare": args.compare,
            }
        )
        root = bytes.fromhex(checkpoint.root_hash)
        ours_times, our_proofs = ours_proofs(n, indexes, root, args.cold)
        report(n, ours, peer, checkpoint, ours_times, our_proofs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report(
    n: int,
    ours: dict[str, float],
    peer: dict[str, Any],
    checkpoint: Any,
    ours_times: dict[str, list[float]],
    our_proofs: dict[int, list[str]],
) -> None:
    if peer["size"] != n or not peer["rfc9162_prefixes"]:
        fail("pymerkle did not get the same entries or does not hash with RFC 9162 prefixes")
    if peer["root"] != checkpoint.root_hash:
        fail(f"roots differ: ours {checkpoint.root_hash}, pymerkle {peer['root']}")
    for i, path in peer["proofs"].items():
        if path[1:] != our_proofs[int(i)]:
            fail(f"inclusion proofs for index {i} differ")
    sequence, integrate = ours["_sequence_batch"], ours["_integrate_batch"]
    rest = ours["total"] - sequence - integrate
    append = peer["append_s"]
    print(f"peer  pymerkle {peer['version']} SqliteTree.append_entries: {append:.2f} s")
    print(
        f"ours  ledger_append_many: {ours['total']:.2f} s = sequence {sequence:.2f} s"
        f" + integrate {integrate:.2f} s + head, commit {rest:.2f} s"
    )
    print(
        f"same root at size {n:,}: {checkpoint.root_hash} (our signed checkpoint = pymerkle get_root)"
    )
    print(
        f"same inclusion proofs for the {len(peer['proofs'])} indexes compared, all ours verified"
    )
    cold, warm = statistics.mean(peer["cold_s"]), statistics.mean(peer["warm_s"])
    quarter = peer["warm_s"][-max(1, len(peer["warm_s"]) // 4) :]
    filled = statistics.mean(quarter)
    my_cold, my_warm = statistics.mean(ours_times["cold"]), statistics.mean(ours_times["warm"])
    my_filled = statistics.mean(ours_times["warm"][-len(quarter) :])
    k = len(peer["warm_s"])
    print(
        f"peer  pymerkle prove_inclusion, no subroot cache: {ms(cold)} (mean of {len(peer['cold_s'])})"
    )
    print(
        f"peer  pymerkle prove_inclusion, one tree object: {ms(warm)} (mean of {k};"
        f" last {len(quarter)}, cache filled: {ms(filled)})"
    )
    print(
        f"ours  proof via the API selector, empty node memory: {ms(my_cold)}"
        f" (mean of {len(ours_times['cold'])})"
    )
    print(
        f"ours  proof via the API selector, one process: {ms(my_warm)} (mean of {k};"
        f" last {len(quarter)}, memory filled: {ms(my_filled)})"
    )
    print(
        f"ratio bulk append end to end, pymerkle / ours: {append / ours['total']:.2f}x (no target)"
    )
    print(
        f"ratio integration, pymerkle bulk append / ours integrate: {append / integrate:.2f}x"
        f" (target >= 1x: {verdict(append / integrate >= 1)})"
    )
    print(
        f"ratio proof, both without cache / memory: {cold / my_cold:.0f}x"
        f" (target >= 100x: {verdict(cold / my_cold >= 100)})"
    )
    print(
        f"ratio proof, last quarter of the {k} (both caches at their fullest): {filled / my_filled:.0f}x"
        " (reported, not the target: a slice of the run below)"
    )
    print(
        f"ratio proof, both one process, mean over the {k} indexes: {warm / my_warm:.0f}x"
        f" (target >= 100x: {verdict(warm / my_warm >= 100)})"
    )


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


if __name__ == "__main__":
    if sys.argv[1:2] == ["--peer"]:
        peer_main(json.loads(sys.argv[2]))
    else:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--entries", type=int, default=1_000_000)
        parser.add_argument("--proofs", type=int, default=1000, help="random indexes to prove")
        parser.add_argument("--cold", type=int, default=5, help="pymerkle proofs without cache")
        parser.add_argument("--compare", type=int, default=50, help="proofs compared hash by hash")
        main(parser.parse_args())
