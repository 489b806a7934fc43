"""`sanxiang verify` for 执法文书: each document's PDF, DOCX and template are the ones its
`documents.document.generated` ledger entry recorded, and each on-screen signature is the one its
`documents.signature.captured` entry recorded. (The bytes themselves are re-hashed by the
evidence vault's blob check.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sanxiang.documents.models import Document, HandSignature
from sanxiang.documents.services import EVENT_GENERATED
from sanxiang.documents.services_onsite import EVENT_SIGNED
from sanxiang.ledger.integrity import Discrepancy, Progress
from sanxiang.ledger.models import LedgerEntry


def _noop(_: int) -> None:
    return None


def _recorded(kind: str) -> dict[str, list[dict[str, Any]]]:
    """target id -> the `new` data of each ledger entry of `kind` about it."""
    out: dict[str, list[dict[str, Any]]] = {}
    for entry in LedgerEntry.objects.filter(kind=kind).only("entry").iterator():
        try:
            body = json.loads(entry.entry)
            out.setdefault(body["target"].rsplit(":", 1)[-1], []).append(body["data"]["new"])
        except (ValueError, KeyError, TypeError):
            continue  # an altered entry is reported by check_ledger
    return out


def check_documents(progress: Progress = _noop) -> Iterator[Discrepancy]:
    generated = _recorded(EVENT_GENERATED)
    for doc in Document.objects.only(
        "pk", "pdf_id", "docx_id", "template_sha256", "kind", "version"
    ).iterator(chunk_size=1000):
        records = generated.get(str(doc.pk))
        if not records:
            yield Discrepancy("document_not_ledgered", f"文书 {doc.pk} 没有生成日志记录")
        else:
            new = records[0]
            recorded = (new.get("pdf_sha256"), new.get("docx_sha256"), new.get("template_sha256"))
            if recorded != (doc.pdf_id, doc.docx_id, doc.template_sha256):
                yield Discrepancy(
                    "document_file_swapped",
                    f"文书 {doc.pk} 的文件与生成时记录的 SHA-256 不符（被替换）",
                )
        progress(1)
    signed = _recorded(EVENT_SIGNED)
    for sig in HandSignature.objects.filter(blob__isnull=False).only("step_id", "blob_id"):
        hashes = {
            s.get("sha256") for r in signed.get(str(sig.step_id), []) for s in r["signatures"]
        }
        if sig.blob_id not in hashes:
            yield Discrepancy(
                "signature_swapped", f"现场签名 {sig.pk} 的图像与记录的 SHA-256 不符（被替换）"
            )
        progress(1)
