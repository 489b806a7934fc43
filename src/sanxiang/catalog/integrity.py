"""`sanxiang verify`: every catalog row version matches the content digest the ledger recorded.

catalog_replace records, per new version, [version, SHA-256 of its content] in its ledger entry.
A row edited in the database (a fine range, a legal basis, a tier) no longer matches; a row
inserted without a service has no record at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sanxiang.catalog.models import EnforcementItem
from sanxiang.catalog.services.registry import KINDS
from sanxiang.catalog.services.replace import canonical_of_instance, content_digest
from sanxiang.ledger.integrity import Discrepancy, Progress
from sanxiang.ledger.models import LedgerEntry


def _noop(_: int) -> None:
    return None


def _recorded() -> dict[tuple[str, str, str, int], str]:
    """(agency id, kind, code, version) -> digest, from the ledger entries themselves."""
    out: dict[tuple[str, str, str, int], str] = {}
    entries = LedgerEntry.objects.filter(kind__startswith="catalog.").only("entry")
    for entry in entries.iterator(chunk_size=500):
        try:
            data = json.loads(entry.entry)["data"]
            new, agency = data["new"], data["agency"]
            for code, (version, digest) in new.get("versions", {}).items():
                out[(agency, new["kind"], code, int(version))] = digest
        except (ValueError, KeyError, TypeError):
            continue  # an altered entry is reported by check_ledger
    return out


def check_catalog_digests(progress: Progress = _noop) -> Iterator[Discrepancy]:
    recorded = _recorded()
    for spec in KINDS.values():
        rows: Any = spec.model.objects.all()  # type: ignore[attr-defined]
        if spec.tier_model is not None:
            rows = rows.prefetch_related("tiers")
        if spec.model is EnforcementItem:
            rows = rows.prefetch_related("legal_basis")
        for row in rows.iterator(chunk_size=1000):
            key = (str(row.agency_id), spec.key, row.code, row.version)
            digest = content_digest(canonical_of_instance(spec, row))
            label = f"{spec.sheet}“{row.code}”第 {row.version} 版"
            if key not in recorded:
                yield Discrepancy(
                    "catalog_not_ledgered", f"{label} 没有日志记录（绕过业务服务写入）"
                )
            elif recorded[key] != digest:
                yield Discrepancy(
                    "catalog_altered", f"{label} 的内容与日志记录的摘要不符（被修改）"
                )
            progress(1)
