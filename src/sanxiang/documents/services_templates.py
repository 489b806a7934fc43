"""An agency's own 文书 templates (edited in Word/WPS, uploaded as DOCX, versioned) and its
pre-numbered 当场处罚决定书 serial books."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.db import transaction
from django.db.models import Max, Q

from sanxiang.cases.permissions import is_head
from sanxiang.core.errors import Forbidden, NotFound, ValidationFailed
from sanxiang.documents.contexts import all_fields
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.models import DocumentTemplate, SerialBook
from sanxiang.documents.permissions import can_manage_templates
from sanxiang.documents.rendering import DocumentRenderFailed, template_fields
from sanxiang.documents.services import DOCX_TYPE, document_kind
from sanxiang.evidence.services import blob_store
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.models import Agency

EVENT_TEMPLATE_UPLOADED = "documents.template.uploaded"
EVENT_SERIAL_BOOK_ISSUED = "documents.serial_book.issued"
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
NOT_A_MANAGER = "只有机关负责人、法制审核人员或系统管理员可以修改文书模板"
NOT_DOCX = "模板应为 Word（.docx）文件"
TOO_BIG = "模板文件过大（不超过10MB）"
UNKNOWN_FIELDS = "模板使用了本文书没有的字段：{names}"
MISSING_FIELDS = "模板缺少本文书的必填项：{labels}"
NOT_A_HEAD = "只有负责人可以登记当场处罚决定书编号册"
OVERLAP = "编号与已登记的编号册重叠"
BAD_RANGE = "起始号应不大于终止号"
TOO_WIDE = "终止号超出了{width}位号码的范围（号码位数为1至12位）"


def _agency(agency_id: Any) -> Agency:
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise NotFound()
    return agency


def _check_template(kind: DocumentKind, data: bytes) -> None:
    """Raises: ValidationFailed (not a DOCX, unknown names, required fields left out)."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationFailed(TOO_BIG, code="template_too_large")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationFailed(NOT_DOCX, code="template_not_docx")
    try:
        used = template_fields(data)
    except DocumentRenderFailed:
        raise  # a broken Jinja tag: its own message says where
    except Exception as exc:  # python-docx and lxml raise many types for a mangled package
        raise ValidationFailed(NOT_DOCX, code="template_not_docx") from exc
    fields = all_fields(kind)
    unknown = sorted(used - {f.key for f in fields})
    if unknown:
        raise ValidationFailed(
            UNKNOWN_FIELDS.format(names="、".join(unknown)), code="template_field_unknown"
        )
    missing = [f.label for f in fields if f.required and f.key not in used]
    if missing:
        raise ValidationFailed(
            MISSING_FIELDS.format(labels="、".join(missing)), code="template_field_missing"
        )


@transaction.atomic
def document_template_upload(
    *, user: Any, agency_id: Any, kind: Any, filename: str, data: bytes, note: str = ""
) -> DocumentTemplate:
    """Make the agency's next template version of `kind`; it applies to documents made after.

    Raises: NotFound; Forbidden; ValidationFailed (not a DOCX, too big, field names wrong,
        a required field missing; DocumentRenderFailed for broken Jinja tags).
    """
    agency = _agency(agency_id)
    if not can_manage_templates(user, agency.pk):
        raise Forbidden(NOT_A_MANAGER, code="action_not_permitted")
    doc_kind = document_kind(kind)
    _check_template(doc_kind, data)
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    latest = DocumentTemplate.objects.filter(agency=agency, kind=doc_kind).aggregate(
        v=Max("version")
    )["v"]
    blob = blob_store(data=data, media_type=DOCX_TYPE)
    template = DocumentTemplate.objects.create(
        agency=agency,
        kind=doc_kind,
        version=(latest or 0) + 1,
        blob=blob,
        filename=filename[:255],
        note=note[:300],
        created_by=user,
        updated_by=user,
    )
    audit_record(
        actor=user,
        event=EVENT_TEMPLATE_UPLOADED,
        target=template,
        agency_id=agency.pk,
        subject_sha256=blob.sha256,
        new={"kind": doc_kind.value, "version": template.version, "sha256": blob.sha256},
        reason=note,
    )
    return template


@transaction.atomic
def serial_book_issue(
    *, user: Any, agency_id: Any, prefix: str, first: int, last: int, width: int = 6
) -> SerialBook:
    """Register a range of pre-printed 当场处罚决定书 numbers (处罚法 §52).

    Raises: NotFound; Forbidden (not a head); ValidationFailed (range, overlap).
    """
    agency = _agency(agency_id)
    if not is_head(user, agency.pk):
        raise Forbidden(NOT_A_HEAD, code="action_not_permitted")
    if first < 1 or first > last:
        raise ValidationFailed(BAD_RANGE, code="serial_range_invalid")
    if not 1 <= width <= 12 or last >= 10**width:
        raise ValidationFailed(TOO_WIDE.format(width=width), code="serial_width_invalid")
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    clash = SerialBook.objects.filter(agency=agency, prefix=prefix).filter(
        Q(first__lte=last) & Q(last__gte=first)
    )
    if clash.exists():
        raise ValidationFailed(OVERLAP, code="serial_range_overlap")
    book = SerialBook.objects.create(
        agency=agency,
        prefix=prefix,
        first=first,
        last=last,
        width=width,
        created_by=user,
        updated_by=user,
    )
    audit_record(
        actor=user,
        event=EVENT_SERIAL_BOOK_ISSUED,
        target=book,
        agency_id=agency.pk,
        new={"prefix": prefix, "first": first, "last": last, "width": width},
    )
    return book
