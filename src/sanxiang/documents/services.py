"""Generating 执法文书: fill the template, convert to PDF, sign with the agency's key, seal the
bytes in the vault and ledger the PDF's hash — all in one transaction, so a document either
exists with its ledger entry or does not exist at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Mapping
from importlib import resources
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sanxiang.cases.models import Case, CaseStep
from sanxiang.cases.services.common import acting_officer, case_lock_for_user
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.documents import rendering, signing
from sanxiang.documents.contexts import build_context
from sanxiang.documents.contexts.formatting import cn_date
from sanxiang.documents.kinds import STEP_KINDS, DocumentKind, kinds_for_case_kind
from sanxiang.documents.models import Document, HandSignature, SerialBook
from sanxiang.documents.permissions import can_draft_documents
from sanxiang.documents.selectors import active_template, document_get_for_user
from sanxiang.evidence.services import blob_read, blob_store
from sanxiang.ledger.audit import audit_record
from sanxiang.legal_review.gate import CITATION as REVIEW_CITATION
from sanxiang.legal_review.gate import gate_refusal

EVENT_GENERATED = "documents.document.generated"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOT_A_DRAFTER = "只有本案在办执法人员或负责人可以制作执法文书"
UNKNOWN_KIND = "未知的文书种类"
KIND_NOT_FOR_CASE = "{case_kind}案件不制作《{document}》"
STEP_REQUIRED = "《{document}》须选择所依据的笔录（办案环节记录）"
STEP_UNKNOWN = "所选办案环节记录不属于本案"
NOT_IN_BOOK = "当场处罚决定书编号“{number}”不在本机关已登记的编号册内"
SERIAL_CITATION = "《行政处罚法》第五十二条"
QR_WIDTH_MM = 22
# 处罚法 §58: a decision that needed 法制审核 is not issued (generated, signed) without it.
REVIEWED_KINDS = frozenset({DocumentKind.PENALTY_DECISION, DocumentKind.NO_PENALTY_DECISION})
SIGNATURE_WIDTH_MM = 35


def default_template_bytes(kind: str) -> bytes:
    """The packaged default template of a kind (documents/data/templates/<kind>.docx)."""
    path = resources.files("sanxiang.documents") / "data" / "templates" / f"{kind}.docx"
    return path.read_bytes()


def verify_url(document_id: uuid.UUID) -> str:
    base = str(settings.SANXIANG_PUBLIC_BASE_URL).rstrip("/")
    return f"{base}/verify/documents/{document_id}/"


def document_kind(value: Any) -> DocumentKind:
    try:
        return DocumentKind(value)
    except ValueError as exc:
        raise ValidationFailed(UNKNOWN_KIND, code="document_kind_unknown") from exc


def _step(case: Case, kind: DocumentKind, step_id: Any) -> CaseStep | None:
    if step_id in (None, ""):
        if kind in STEP_KINDS:
            raise ValidationFailed(
                STEP_REQUIRED.format(document=kind.label), code="document_step_required"
            )
        return None
    try:
        pk = uuid.UUID(str(step_id))
    except ValueError as exc:
        raise ValidationFailed(STEP_UNKNOWN, code="document_step_unknown") from exc
    step = CaseStep.objects.filter(case=case, pk=pk).first()
    if step is None:
        raise ValidationFailed(STEP_UNKNOWN, code="document_step_unknown")
    return step


def _signatures(step: CaseStep | None) -> list[dict[str, Any]]:
    if step is None:
        return []
    rows = HandSignature.objects.filter(step=step).select_related("blob").order_by("created_at")
    return [
        {
            "role_label": row.get_role_display(),
            "name": row.name,
            "image": rendering.ImageRef(blob_read(row.blob), SIGNATURE_WIDTH_MM)
            if row.blob
            else "",
            "refused": row.refused,
            "refusal_note": row.refusal_note,
        }
        for row in rows
    ]


def _serial_check(case: Case) -> str:
    """The on-site decision's pre-printed number, if the agency's books hold it.

    Raises: RuleViolation when the agency registered books and none holds the number.
    """
    number = case.decision_number
    books = list(SerialBook.objects.filter(agency=case.agency))
    if not books:
        return number
    for book in books:
        digits = number.removeprefix(book.prefix) if number.startswith(book.prefix) else ""
        if digits.isdigit() and book.first <= int(digits) <= book.last:
            return number
    raise RuleViolation(
        NOT_IN_BOOK.format(number=number), code="serial_not_issued", citation=SERIAL_CITATION
    )


def _number(case: Case, kind: DocumentKind, values: Mapping[str, Any]) -> str:
    if kind in (DocumentKind.PENALTY_DECISION, DocumentKind.NO_PENALTY_DECISION):
        return case.decision_number
    if kind == DocumentKind.ON_SITE_DECISION:
        return _serial_check(case)
    if kind in (DocumentKind.LICENCE_GRANT, DocumentKind.LICENCE_DENIAL):
        return case.decision_number
    if kind == DocumentKind.LICENCE_CERTIFICATE:
        return str(values.get("licence_number") or "")
    if kind == DocumentKind.REVIEW_OPINION:  # its own 文号 (contexts.review.opinion_number)
        return str(values.get("opinion_number") or "")
    return ""


def _template(case: Case, kind: DocumentKind) -> tuple[Any, bytes]:
    own = active_template(agency_id=case.agency_id, kind=kind)
    if own is not None:
        return own, blob_read(own.blob)
    return None, default_template_bytes(kind)


def _refuse_unreviewed(case: Case) -> None:
    """Raises: RuleViolation (`legal_review_required`, `review_stale`) when the case needed
    法制审核 and has no accepted review of the decision as it stands."""
    refusal = gate_refusal(case)
    if refusal is not None:
        code, message = refusal
        raise RuleViolation(f"{message}（{REVIEW_CITATION}）", code=code, citation=REVIEW_CITATION)


@transaction.atomic
def document_generate(
    *,
    user: Any,
    case_id: Any,
    kind: Any,
    step_id: Any = None,
    extra: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
) -> Document:
    """Make the next version of a 文书 of the case, signed and ledgered.

    Raises: NotFound; Forbidden (not the case's officer or a head); ValidationFailed (kind, step);
        ValidationFailed `document_kind_not_for_case` (a 文书 another kind of case makes);
        DocumentFieldMissing (a required field has no value, named); RuleViolation (no serial left;
        a 决定书 of a case that needed 法制审核 without an accepted review of it, 处罚法 §58);
        DocumentRenderFailed (template or LibreOffice failure).
    """
    officer = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    if not can_draft_documents(user, case):
        raise Forbidden(NOT_A_DRAFTER, code="action_not_permitted")
    doc_kind = document_kind(kind)
    if doc_kind not in kinds_for_case_kind(case.kind):
        raise ValidationFailed(
            KIND_NOT_FOR_CASE.format(case_kind=case.get_kind_display(), document=doc_kind.label),
            code="document_kind_not_for_case",
        )
    if doc_kind in REVIEWED_KINDS:
        _refuse_unreviewed(case)
    step = _step(case, doc_kind, step_id)
    previous = (
        Document.objects.filter(case=case, kind=doc_kind, step=step).order_by("-version").first()
    )
    values = build_context(kind=doc_kind, case=case, step=step, extra=extra)
    doc_id = uuid.uuid4()
    number = _number(case, doc_kind, values)
    url = verify_url(doc_id)
    values.update(
        agency_name=case.agency.name,
        document_title=doc_kind.label,
        document_number=number,
        case_number=case.number,
        generated_on=cn_date(today or timezone.localdate()),
        qr=rendering.ImageRef(rendering.qr_png(url), QR_WIDTH_MM),
        verify_url=url,
        signatures=_signatures(step),
    )
    template, template_bytes = _template(case, doc_kind)
    docx = rendering.render_docx(template_bytes, values)
    signer = signing.agency_signer(agency_id=case.agency_id, agency_name=case.agency.name)
    pdf = signing.sign_pdf(rendering.docx_to_pdf(docx), signer=signer, reason=doc_kind.label)
    docx_blob = blob_store(data=docx, media_type=DOCX_TYPE)
    pdf_blob = blob_store(data=pdf, media_type="application/pdf")
    doc = Document(
        pk=doc_id,
        agency=case.agency,
        case=case,
        step=step,
        kind=doc_kind,
        version=previous.version + 1 if previous else 1,
        number=number,
        title=doc_kind.label,
        template=template,
        template_sha256=_sha256(template_bytes),
        fields=_stored_fields(values),
        docx=docx_blob,
        pdf=pdf_blob,
        pages=rendering.pdf_page_count(pdf),
        signer_certificate_sha256=signer.certificate_sha256,
        generated_by=officer,
        created_by=user,
        updated_by=user,
    )
    doc.full_clean()
    doc.save(force_insert=True)
    audit_record(
        actor=user,
        event=EVENT_GENERATED,
        target=doc,
        agency_id=case.agency_id,
        subject_sha256=pdf_blob.sha256,
        new={
            "case": str(case.pk),
            "kind": doc_kind.value,
            "version": doc.version,
            "number": number,
            "step": str(step.pk) if step else None,
            "template_sha256": doc.template_sha256,
            "docx_sha256": docx_blob.sha256,
            "pdf_sha256": pdf_blob.sha256,
            "pages": doc.pages,
            "signer_certificate_sha256": signer.certificate_sha256,
        },
    )
    return doc


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stored_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """The filled values as JSON: pictures become their SHA-256, dates and amounts text."""

    def plain(value: Any) -> Any:
        if isinstance(value, rendering.ImageRef):
            return {"image_sha256": _sha256(value.png)}
        if isinstance(value, Mapping):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if value is None or isinstance(value, bool | int | str):
            return value
        return str(value)

    return {k: plain(v) for k, v in values.items()}


EVENT_ACCESSED = "documents.document.accessed"
FILE_FORMATS = {"pdf": "签章PDF", "docx": "DOCX"}


@transaction.atomic
def document_file_read(*, user: Any, document_id: Any, fmt: str) -> tuple[Document, bytes]:
    """A document's PDF or DOCX for someone who may see its case; the read is audited and
    ledgered (ARCHITECTURE.md: every read of a case file is logged).

    Raises: NotFound (missing, not visible, unknown format).
    """
    if fmt not in FILE_FORMATS:
        raise NotFound()
    doc = document_get_for_user(user=user, document_id=document_id)
    blob = doc.pdf if fmt == "pdf" else doc.docx
    audit_record(
        actor=user,
        event=EVENT_ACCESSED,
        target=doc,
        agency_id=doc.agency_id,
        new={"format": fmt, "sha256": blob.sha256, "case": str(doc.case_id)},
    )
    return doc, blob_read(blob)
