"""电子案卷: the case file as one PDF, and the export ZIP anyone can verify offline.

- `casefile_pdf(user=, case_id=)`: 案卷封面 + 卷内目录 + the latest version of every 文书 (in the
  order they were first made) + 证据清单, page-numbered. Audited and ledgered as
  `documents.casefile.downloaded` with the PDF's SHA-256, so the copy handed out can be looked up.
- `casefile_export(user=, case_id=)`: a ledger evidence bundle (sanxiang.ledger.bundles) with that
  PDF, every version of every 文书 (the signed originals), every evidence file of the case's
  steps, the ledger entries of every audit event of the case and its objects, their inclusion
  proofs, a signed checkpoint and the verifier key. The export is audited and ledgered as
  `documents.casefile.exported` recording the manifest's SHA-256; a court checks the ZIP with
  `sanxiang verify --bundle FILE.zip --key <published key>` (docs/howto/verify-case-file.md).

Views: serve `ExportResult.path` as a download (FileResponse, filename `ExportResult.filename`,
`application/zip`) and delete the file afterwards; call casefile_export outside any transaction
(ATOMIC_REQUESTS is off) so the checkpoint handed out is committed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from sanxiang.cases.models import Case, CaseStep
from sanxiang.cases.selectors import case_get_for_user
from sanxiang.core.models import AuditEvent
from sanxiang.documents import casefile
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.models import Document
from sanxiang.evidence.models import AccessRecord, Blob, EvidenceItem
from sanxiang.evidence.services import blob_read
from sanxiang.evidence.storage import get_storage
from sanxiang.ledger.audit import audit_record
from sanxiang.ledger.bundle_writer import BundleWriter
from sanxiang.ledger.exports import bundle_seal, entries_for_audit_events
from sanxiang.ledger.integrity import audit_identity

EVENT_DOWNLOADED = "documents.casefile.downloaded"
EVENT_EXPORTED = "documents.casefile.exported"
EVENT_DOCUMENT_GENERATED = "documents.document.generated"
EVENT_EVIDENCE_SEALED = "evidence.item.sealed"
# Our own cover and index replace any generated ones in the assembled file.
FRONT_KINDS = frozenset({DocumentKind.FILE_COVER, DocumentKind.FILE_INDEX})
IN_CHUNK = 500
README = """电子案卷校验说明 / How to verify this case file

本压缩包由行政执法三项制度平台导出。manifest.json 列出每个文件的 SHA-256；
ledger/ 目录中是记录这些文件和本案全部操作的防篡改日志条目、RFC 9162 包含证明、
签名检查点（C2SP tlog-checkpoint）及验证公钥。离线校验：

    sanxiang verify --bundle 本文件.zip --key "<执法机关公布的验证公钥>"

输出“案卷校验通过”即表示：文件未被增删改，所有日志条目均包含在该机关签名的日志中。

This ZIP was exported by the sanxiang platform. manifest.json lists every file's SHA-256;
ledger/ holds the tamper-evident log entries recording them and every action on the case,
their RFC 9162 inclusion proofs, a signed C2SP checkpoint and the verifier key. Verify offline
with the command above; see docs/howto/verify-case-file.md for checking by hand.
"""


@dataclass(frozen=True)
class ExportResult:
    """The export ZIP in a temporary file (the caller streams and then deletes it)."""

    path: Path
    filename: str
    sha256: str
    size: int
    manifest_sha256: str
    ledger_index: int
    checkpoint_size: int


@dataclass(frozen=True)
class _Gathered:
    case: Case
    documents: list[Document]  # every version, oldest first
    latest: list[Document]  # the latest version per (kind, step), in the order first made
    items: list[tuple[EvidenceItem, CaseStep]]  # each item once, with the first step using it


def _gather(case: Case) -> _Gathered:
    documents = list(
        Document.objects.filter(case=case)
        .select_related("pdf", "step", "generated_by")
        .order_by("created_at")
    )
    groups: dict[tuple[str, Any], list[Document]] = {}
    for doc in documents:
        groups.setdefault((doc.kind, doc.step_id), []).append(doc)
    latest = [
        max(group, key=lambda d: d.version)
        for group in groups.values()
        if group[0].kind not in FRONT_KINDS
    ]
    items: dict[Any, tuple[EvidenceItem, CaseStep]] = {}
    steps = CaseStep.objects.filter(case=case).order_by("sequence").prefetch_related("evidence")
    for step in steps:
        for item in sorted(step.evidence.all(), key=lambda i: i.created_at):
            items.setdefault(item.pk, (item, step))
    rows = EvidenceItem.objects.filter(pk__in=list(items)).select_related("blob", "officer")
    loaded = {i.pk: i for i in rows}
    return _Gathered(
        case, documents, latest, [(loaded[pk], step) for pk, (_, step) in items.items()]
    )


def _local(value: Any) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


def _cover(case: Case, gathered: _Gathered) -> list[casefile.CoverLine]:
    officers = "、".join(
        a.officer.name
        for a in case.assignments.filter(active=True).select_related("officer").order_by("role")
    )
    lines = [
        ("案号", case.number or f"{case.lead_number}（案源编号）"),
        ("案由", case.title),
        ("当事人", case.party_name),
        ("程序", case.get_procedure_display()),
        ("立案日期", _date(case.filed_on)),
        ("决定书文号", case.decision_number),
        ("决定日期", _date(case.decided_on)),
        ("结案日期", _date(case.closed_on)),
        ("归档日期", _date(case.archived_on)),
        ("承办人", officers),
        ("卷内文书", f"{len(gathered.latest)} 份"),
        ("证据文件", f"{len(gathered.items)} 件"),
        ("制作日期", timezone.localdate().isoformat()),
    ]
    return [casefile.CoverLine(label, value) for label, value in lines]


def _assemble(case: Case, gathered: _Gathered) -> bytes:
    documents = [
        casefile.FileDocument(
            title=doc.title if doc.version == 1 else f"{doc.title}（第 {doc.version} 版）",
            number=doc.number,
            date=timezone.localtime(doc.created_at).date().isoformat(),
            pdf=blob_read(doc.pdf),
        )
        for doc in gathered.latest
    ]
    evidence = [
        casefile.EvidenceRow(
            filename=item.filename,
            sha256=item.blob_id,
            captured_at=_local(item.captured_at),
            officer=item.officer.name if item.officer else "",
            activity=item.activity,
            step=f"#{step.sequence} {step.label}",
        )
        for item, step in gathered.items
    ]
    pdf, _ = casefile.assemble(
        agency=case.agency.name,
        cover=_cover(case, gathered),
        documents=documents,
        evidence=evidence,
    )
    return pdf


def casefile_pdf(*, user: Any, case_id: Any) -> bytes:
    """The 电子案卷 of a case as one page-numbered PDF (a reading copy; see casefile.py).

    Raises: NotFound when the case is missing or not visible to `user`; DocumentRenderFailed.
    """
    case = case_get_for_user(user=user, case_id=case_id)
    pdf = _assemble(case, _gather(case))
    with transaction.atomic():
        audit_record(
            actor=user,
            event=EVENT_DOWNLOADED,
            target=case,
            agency_id=case.agency_id,
            subject_sha256=hashlib.sha256(pdf).hexdigest(),
            new={"case": str(case.pk), "pdf_sha256": hashlib.sha256(pdf).hexdigest()},
        )
    return pdf


# -- the export ------------------------------------------------------------------------------


def _targets(case: Case, gathered: _Gathered) -> dict[str, set[str]]:
    """label_lower -> pks of every object whose audit events belong in the case file: the case,
    every row with a foreign key to it (steps, documents, signatures, hearings, payments...),
    its evidence items and their 调阅记录."""
    targets: dict[str, set[str]] = {Case._meta.label_lower: {str(case.pk)}}
    for rel in Case._meta.related_objects:
        if rel.many_to_many or not isinstance(rel.field, models.ForeignKey):
            continue
        model = rel.related_model
        pks = model._default_manager.filter(**{rel.field.name: case}).values_list("pk", flat=True)
        targets.setdefault(model._meta.label_lower, set()).update(str(pk) for pk in pks)
    item_ids = [item.pk for item, _ in gathered.items]
    targets[EvidenceItem._meta.label_lower] = {str(pk) for pk in item_ids}
    accesses = AccessRecord.objects.filter(item_id__in=item_ids).values_list("pk", flat=True)
    targets[AccessRecord._meta.label_lower] = {str(pk) for pk in accesses}
    return targets


def _audit_events(targets: dict[str, set[str]]) -> list[AuditEvent]:
    events: list[AuditEvent] = []
    for label, ids in targets.items():
        values = sorted(ids)
        for start in range(0, len(values), IN_CHUNK):
            events.extend(
                AuditEvent.objects.filter(
                    target_type=label, target_id__in=values[start : start + IN_CHUNK]
                ).only("pk", "event", "target_type", "target_id")
            )
    return sorted(events, key=lambda e: e.pk)


def _blob_chunks(blob: Blob) -> Iterator[bytes]:
    if blob.size == 0:
        return iter(())
    return iter(get_storage(blob.backend).read_range(blob.sha256, 0, blob.size - 1))


def _safe_name(text: str) -> str:
    """A short ASCII-safe file name part (the manifest keeps the original name as title)."""
    keep = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in text)
    return keep.strip("_-")[:40] or "file"


def _download_name(text: str) -> str:
    """The case number as a file name (Content-Disposition carries it UTF-8 encoded)."""
    return "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in text)


def _suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return suffix if 1 < len(suffix) <= 8 and suffix[1:].isalnum() else ""


def _write_files(
    writer: BundleWriter, gathered: _Gathered, pdf: bytes, sealed_at: dict[tuple[str, str], int]
) -> None:
    writer.add_file("README.txt", README.encode("utf-8"), media_type="text/plain", title="校验说明")
    writer.add_file(
        "files/casefile.pdf", pdf, media_type="application/pdf", title="电子案卷（阅读副本）"
    )
    for n, doc in enumerate(gathered.documents, start=1):
        writer.add_file(
            f"files/documents/{n:03d}-{doc.kind}-v{doc.version}.pdf",
            _blob_chunks(doc.pdf),
            media_type="application/pdf",
            title=" ".join(filter(None, [doc.title, doc.number]))
            + f"（第 {doc.version} 版，电子签章原件）",
            ledger_index=sealed_at.get((Document._meta.label_lower, str(doc.pk))),
        )
    for n, (item, _) in enumerate(gathered.items, start=1):
        writer.add_file(
            f"files/evidence/{n:03d}-{item.blob_id[:12]}-{_safe_name(Path(item.filename).stem)}"
            f"{_suffix(item.filename)}",
            _blob_chunks(item.blob),
            media_type=item.blob.media_type,
            title=item.filename,
            ledger_index=sealed_at.get((EvidenceItem._meta.label_lower, str(item.pk))),
        )


def _attesting(events: Iterable[AuditEvent], entries: dict[int, Any]) -> dict[tuple[str, str], int]:
    """(target type, id) -> index of the entry that recorded the object's bytes."""
    by_identity = {e.identity_hash: index for index, e in entries.items()}
    found: dict[tuple[str, str], int] = {}
    for event in events:
        if event.event in (EVENT_DOCUMENT_GENERATED, EVENT_EVIDENCE_SEALED):
            index = by_identity.get(audit_identity(event.pk))
            if index is not None:
                found.setdefault((event.target_type, event.target_id), index)
    return found


def casefile_export(*, user: Any, case_id: Any) -> ExportResult:
    """Export the 电子案卷 as a ZIP that anyone can verify offline (module docstring).

    Large evidence is streamed from the vault into a temporary file, never held in memory.

    Raises: NotFound when the case is missing or not visible to `user` (another agency's case);
        DocumentRenderFailed.
    """
    case = case_get_for_user(user=user, case_id=case_id)
    gathered = _gather(case)
    pdf = _assemble(case, gathered)
    events = _audit_events(_targets(case, gathered))
    entries = entries_for_audit_events(e.pk for e in events)
    # SANXIANG_EXPORT_DIR: a disk with room for the case's videos (default: the system temp dir).
    export_dir = getattr(settings, "SANXIANG_EXPORT_DIR", None)
    if export_dir:
        Path(export_dir).mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="sanxiang-casefile-", suffix=".zip", dir=export_dir)
    os.close(fd)
    path = Path(name)
    try:
        with BundleWriter(path) as writer:
            _write_files(writer, gathered, pdf, _attesting(events, entries))
            manifest = writer.write_manifest(
                title=f"行政执法电子案卷 {case.number or case.lead_number}",
                origin=settings.SANXIANG_LEDGER_ORIGIN,
                entries=entries,
                meta={
                    "case_id": str(case.pk),
                    "case_number": case.number,
                    "lead_number": case.lead_number,
                    "case_title": case.title,
                    "agency": case.agency.name,
                    "agency_id": str(case.agency_id),
                    "exported_by": getattr(user, "username", ""),
                    "casefile_pdf_sha256": hashlib.sha256(pdf).hexdigest(),
                },
            )
            digest = hashlib.sha256(manifest).hexdigest()
            with transaction.atomic():
                record = audit_record(
                    actor=user,
                    event=EVENT_EXPORTED,
                    target=case,
                    agency_id=case.agency_id,
                    subject_sha256=digest,
                    new={
                        "case": str(case.pk),
                        "manifest_sha256": digest,
                        "files": len(writer.files),
                        "ledger_entries": len(entries),
                    },
                )
            seal_index = next(iter(entries_for_audit_events([record.pk])))
            checkpoint = bundle_seal(writer, indexes=[*entries, seal_index])
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return ExportResult(
        path=path,
        filename=f"电子案卷-{_download_name(case.number or case.lead_number)}.zip",
        sha256=_file_sha256(path),
        size=path.stat().st_size,
        manifest_sha256=digest,
        ledger_index=seal_index,
        checkpoint_size=checkpoint.size,
    )


def _file_sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            hasher.update(chunk)
    return hasher.hexdigest()
