"""Cost of the ledger in a business write: the same service call with and without the ledger append.

Run: .venv/bin/python bench/ledger_write_cost.py [CALLS]
Peer: "officer_create with the ledger append replaced by a no-op" (same service, same audit event).
Target (issue 3): the ledger adds at most 30% to a business write.
Uses an in-memory SQLite database (test settings) unless DATABASE_URL points at PostgreSQL.
The last line is the ratio with-ledger / without-ledger.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.config.settings.test")
os.environ.setdefault("SANXIANG_LEDGER_KEY_FILE", str(Path(tempfile.mkdtemp()) / "bench.pem"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

import sanxiang.ledger.audit as ledger_audit  # noqa: E402
from sanxiang.organisations import services  # noqa: E402
from sanxiang.organisations.tests.factories import AgencyFactory  # noqa: E402


def timed(calls: int, make: Callable[[int], object]) -> float:
    start = time.perf_counter()
    for i in range(calls):
        make(i)
    return (time.perf_counter() - start) / calls


def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    call_command("migrate", verbosity=0)
    agency = AgencyFactory()

    def create(i: int) -> object:
        return services.officer_create(actor=None, agency=agency, data={"name": f"执法员{i}"})

    timed(200, create)  # warm up caches and the connection
    real_append = ledger_audit.ledger_append
    results = {}
    for label in ("with", "without", "with", "without"):  # interleaved against drift
        ledger_audit.ledger_append = real_append if label == "with" else (lambda **kw: None)
        results.setdefault(label, []).append(timed(calls, create))
    ledger_audit.ledger_append = real_append
    with_ledger, without = min(results["with"]), min(results["without"])
    print(f"calls per run: {calls:,} (officer_create, audited), best of 2 interleaved runs")
    print(f"peer  without ledger append: {without * 1e3:.3f} ms per write")
    print(f"ours  with ledger append:    {with_ledger * 1e3:.3f} ms per write")
    print(f"ratio with/without ledger: {with_ledger / without:.2f}x (target <= 1.30x)")


if __name__ == "__main__":
    main()
