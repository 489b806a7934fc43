"""Cost of making a 行政处罚决定书 end to end, against LibreOffice converting the same DOCX alone.

Run: .venv/bin/python bench/document_generate.py [DOCUMENTS]
Peer: `rendering.docx_to_pdf` of the same filled DOCX (LibreOffice headless, a fresh profile per
call, as document_generate uses it) — the part no implementation of issue 5 can avoid.
Ours: `documents.services.document_generate`: fill the template, convert, PAdES-sign, seal DOCX and
PDF in the vault, write the Document row and its ledgered audit event, in one transaction.
Target: the platform's own work adds at most 50% to the conversion (ratio <= 1.5x).
Uses an in-memory SQLite database (test settings) unless DATABASE_URL points at PostgreSQL.
The last line is the ratio ours / peer.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.config.settings.test")
WORK = Path(tempfile.mkdtemp(prefix="sanxiang-bench-docs-"))
os.environ.setdefault("SANXIANG_LEDGER_KEY_FILE", str(WORK / "ledger.pem"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

settings.SANXIANG_VAULT_BACKEND = "local"
settings.SANXIANG_VAULT_DIR = str(WORK / "vault")
settings.SANXIANG_DOCUMENT_KEY_DIR = WORK / "document-keys"

from sanxiang.cases.tests.factories import TODAY, make_world  # noqa: E402
from sanxiang.cases.tests.walks import benchmarks, decided, publish  # noqa: E402
from sanxiang.documents import rendering, selectors, services  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    call_command("migrate", verbosity=0)
    world = make_world()
    publish(world, "benchmark", benchmarks())
    case = decided(world)

    def generate() -> object:
        return services.document_generate(
            user=world.officer, case_id=case.pk, kind="penalty_decision", today=TODAY
        )

    first = generate()  # warm up: keys, imports, LibreOffice's first start
    docx = selectors.document_docx_bytes(first)
    ours, peer = [], []
    for _ in range(count):  # interleaved against drift
        start = time.perf_counter()
        rendering.docx_to_pdf(docx)
        peer.append(time.perf_counter() - start)
        start = time.perf_counter()
        generate()
        ours.append(time.perf_counter() - start)
    p, o = statistics.median(peer), statistics.median(ours)
    print(f"documents: {count} (行政处罚决定书, {first.pages} pages), median of interleaved runs")
    print(f"peer  LibreOffice conversion alone: {p * 1e3:.0f} ms")
    print(f"ours  document_generate end to end: {o * 1e3:.0f} ms")
    print(f"ratio ours/peer: {o / p:.2f}x (target <= 1.50x)")


if __name__ == "__main__":
    main()
