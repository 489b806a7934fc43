"""Time importing a 10,000-row 执法事项清单 workbook against a plain openpyxl read of the same file.

Run: .venv/bin/python bench/catalog_import.py [ROWS]
Peer: "openpyxl read_only plain read of the same file" (iterate every cell, nothing else).
Uses an in-memory SQLite database (test settings) unless DATABASE_URL points at PostgreSQL.
The last line is the ratio import / peer.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.config.settings.test")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.core.management import call_command  # noqa: E402

from sanxiang.catalog.excel import import_workbook  # noqa: E402
from sanxiang.catalog.tests.factories import (  # noqa: E402
    item_sheet_rows,
    law_sheet_rows,
    workbook_bytes,
)
from sanxiang.organisations.tests.factories import AgencyFactory  # noqa: E402


def plain_read(data: bytes) -> int:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += sum(1 for v in row if v is not None)
    wb.close()
    return cells


def best_of(runs: int, fn: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    call_command("migrate", verbosity=0)
    data = workbook_bytes({"法律法规库": law_sheet_rows(), "执法事项清单": item_sheet_rows(rows)})

    print(f"workbook: {rows:,} rows, {len(data) // 1024:,} KiB")
    peer = best_of(3, lambda: plain_read(data))
    print(f"peer  openpyxl read_only plain read: {peer:.3f} s")

    agencies = iter(AgencyFactory() for _ in range(10))
    day = iter(dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(10))

    def fresh_import() -> None:
        report = import_workbook(
            actor=None, agency=next(agencies), source=data, effective_from=next(day)
        )
        if not report.ok:
            raise SystemExit("import refused: " + "；".join(report.lines()[:3]))

    ours = best_of(3, fresh_import)
    print(
        f"ours  sanxiang import (validate + version + audit + ledger {rows:,} items): {ours:.3f} s"
    )
    print(f"ratio import/peer: {ours / peer:.1f}x (peer: openpyxl read_only plain read)")


if __name__ == "__main__":
    main()
