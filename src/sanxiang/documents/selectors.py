"""Reads of 执法文书, scoped like the cases they belong to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sanxiang.cases.permissions import cases_visible_to
from sanxiang.cases.selectors import case_get_for_user
from sanxiang.core.errors import NotFound
from sanxiang.documents.models import Document, DocumentTemplate
from sanxiang.evidence.services import blob_read


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise NotFound() from exc


def documents_for_case(*, user: Any, case_id: Any) -> list[Document]:
    """Every version of every document of a case the user may see, oldest first.

    Raises: NotFound.
    """
    case = case_get_for_user(user=user, case_id=case_id)
    rows = Document.objects.filter(case=case).select_related("pdf", "docx", "generated_by")
    return list(rows.order_by("created_at"))


def document_get_for_user(*, user: Any, document_id: Any) -> Document:
    """Raises: NotFound when missing or the case is not visible to `user` (the same error)."""
    pk = _uuid(document_id)
    doc = (
        Document.objects.filter(pk=pk, case__in=cases_visible_to(user))
        .select_related("case", "agency", "pdf", "docx", "generated_by")
        .first()
    )
    if doc is None:
        raise NotFound()
    return doc


def document_pdf_bytes(document: Document) -> bytes:
    return blob_read(document.pdf)


def document_docx_bytes(document: Document) -> bytes:
    return blob_read(document.docx)


def active_template(*, agency_id: Any, kind: str) -> DocumentTemplate | None:
    """The agency's newest active template version for `kind`, if it has its own."""
    rows = DocumentTemplate.objects.filter(agency_id=agency_id, kind=kind, active=True)
    return rows.select_related("blob").order_by("-version").first()


@dataclass(frozen=True)
class PublicDocument:
    """What the QR code on a document shows anyone: no party, no personal data."""

    id: uuid.UUID
    title: str
    number: str
    agency_name: str
    version: int
    generated_at: str
    pdf_sha256: str
    pages: int
    superseded: bool


def document_public(document_id: Any) -> PublicDocument:
    """Raises: NotFound."""
    doc = Document.objects.filter(pk=_uuid(document_id)).select_related("agency", "pdf").first()
    if doc is None:
        raise NotFound("未找到该文书")
    newer = Document.objects.filter(
        case_id=doc.case_id, kind=doc.kind, step_id=doc.step_id, version__gt=doc.version
    ).exists()
    return PublicDocument(
        id=doc.pk,
        title=doc.title,
        number=doc.number,
        agency_name=doc.agency.name,
        version=doc.version,
        generated_at=doc.created_at.isoformat(timespec="seconds"),
        pdf_sha256=doc.pdf.sha256,
        pages=doc.pages,
        superseded=newer,
    )
