"""Reads of 执法文书, scoped like the cases they belong to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sanxiang.cases.permissions import cases_visible_to, officer_of, roles_in_agency
from sanxiang.cases.selectors import case_get_for_user
from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.models import Document, DocumentTemplate, SerialBook
from sanxiang.evidence.services import blob_read
from sanxiang.organisations.models import Agency
from sanxiang.organisations.permissions import grants_of


def documents_for_case(*, user: Any, case_id: Any) -> list[Document]:
    """Every version of every document of a case the user may see, oldest first.

    Raises: NotFound.
    """
    case = case_get_for_user(user=user, case_id=case_id)
    rows = Document.objects.filter(case=case).select_related("pdf", "docx", "generated_by")
    return list(rows.order_by("created_at"))


def document_get_for_user(*, user: Any, document_id: Any) -> Document:
    """Raises: NotFound when missing or the case is not visible to `user` (the same error)."""
    pk = uuid_or_not_found(document_id)
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
    doc = (
        Document.objects.filter(pk=uuid_or_not_found(document_id))
        .select_related("agency", "pdf")
        .first()
    )
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


# --- An agency's own templates and serial books (documents/views_templates.py) ---------------


@dataclass(frozen=True)
class TemplateScope:
    """The agency whose templates and serial books are shown, and every agency the user may pick
    (those where the user holds a role)."""

    agency: Agency
    agencies: tuple[Agency, ...]


@dataclass(frozen=True)
class KindTemplates:
    """One kind's uploaded versions at an agency, newest first; none means the packaged default."""

    kind: DocumentKind
    versions: tuple[DocumentTemplate, ...]

    @property
    def current(self) -> DocumentTemplate | None:
        """The version documents are made from now (as `active_template` picks it)."""
        return next((t for t in self.versions if t.active), None)


def _template_agency_pk(user: Any, agency_id: Any) -> uuid.UUID:
    """Raises: NotFound unless `user` holds a role in the agency (other agencies' look missing)."""
    pk = uuid_or_not_found(agency_id)
    if not roles_in_agency(user, pk):
        raise NotFound()
    return pk


def template_scope(*, user: Any, agency_id: Any = None) -> TemplateScope:
    """The agency `agency_id` (default: the officer's own, else the first where the user holds a
    role) among the agencies where the user holds a role.

    Raises: NotFound (no role there, or no role anywhere).
    """
    held = {agency for _role, agency in grants_of(user)}
    agencies = tuple(Agency.objects.filter(pk__in=held).order_by("name"))
    if not agencies:
        raise NotFound()
    if agency_id not in (None, ""):
        pk = uuid_or_not_found(agency_id)
        chosen = next((a for a in agencies if a.pk == pk), None)
        if chosen is None:
            raise NotFound()
        return TemplateScope(agency=chosen, agencies=agencies)
    if len(agencies) > 1:
        officer = officer_of(user)
        own = officer.agency_id if officer is not None else None
        chosen = next((a for a in agencies if a.pk == own), agencies[0])
        return TemplateScope(agency=chosen, agencies=agencies)
    return TemplateScope(agency=agencies[0], agencies=agencies)


def templates_for_agency(*, user: Any, agency_id: Any) -> list[KindTemplates]:
    """Every kind (in DocumentKind order) with the agency's versions of it, in one query.

    Raises: NotFound.
    """
    pk = _template_agency_pk(user, agency_id)
    rows = (
        DocumentTemplate.objects.filter(agency_id=pk)
        .select_related("blob", "created_by")
        .order_by("kind", "-version")
    )
    by_kind: dict[str, list[DocumentTemplate]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    return [KindTemplates(kind=k, versions=tuple(by_kind.get(k.value, ()))) for k in DocumentKind]


def template_versions(*, user: Any, agency_id: Any, kind: Any) -> KindTemplates:
    """Raises: NotFound (agency out of scope, or no such kind)."""
    pk = _template_agency_pk(user, agency_id)
    try:
        doc_kind = DocumentKind(kind)
    except ValueError as exc:
        raise NotFound() from exc
    rows = (
        DocumentTemplate.objects.filter(agency_id=pk, kind=doc_kind)
        .select_related("blob", "created_by")
        .order_by("-version")
    )
    return KindTemplates(kind=doc_kind, versions=tuple(rows))


def template_get_for_user(*, user: Any, template_id: Any) -> DocumentTemplate:
    """Raises: NotFound when missing or of an agency where the user holds no role."""
    row = (
        DocumentTemplate.objects.filter(pk=uuid_or_not_found(template_id))
        .select_related("blob", "agency")
        .first()
    )
    if row is None or not roles_in_agency(user, row.agency_id):
        raise NotFound()
    return row


def template_docx_bytes(template: DocumentTemplate) -> bytes:
    return blob_read(template.blob)


def serial_books_for_agency(*, user: Any, agency_id: Any) -> list[SerialBook]:
    """The agency's registered 当场处罚决定书 books by prefix and range.

    Raises: NotFound.
    """
    pk = _template_agency_pk(user, agency_id)
    rows = SerialBook.objects.filter(agency_id=pk).select_related("created_by")
    return list(rows.order_by("prefix", "first"))
