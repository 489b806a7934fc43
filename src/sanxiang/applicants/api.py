"""JSON API of the applicant portal (/api/v1/applicant/) for a mobile client.

Authenticated by a personal bearer token or the portal's session (with CSRF). The same services
and selectors as the pages: only an applicant login gets anything, and another person's matter is
the same 404 as a missing one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import SessionAuth

from sanxiang.accounts.api_auth import BearerTokenAuth
from sanxiang.applicants.permissions import is_applicant
from sanxiang.applicants.plain_words import plain_status
from sanxiang.applicants.selectors import (
    MatterRow,
    applicant_matters,
    matter_clocks,
    matter_get,
)
from sanxiang.applicants.selectors_delivery import documents_delivered
from sanxiang.applicants.selectors_uploads import matter_uploads
from sanxiang.applicants.services.applications import (
    applicant_apply,
    applicant_correction_answer,
    applicant_withdraw,
)
from sanxiang.applicants.services.documents import delivered_document_read, own_upload_read
from sanxiang.applicants.services.party import party_link_claim, party_statement_submit
from sanxiang.applicants.services.party_inspection import party_correction_report
from sanxiang.applicants.services.uploads import MAX_UPLOAD_BYTES, applicant_upload
from sanxiang.cases.api import ErrorOut
from sanxiang.cases.models import Case, CaseKind
from sanxiang.core.errors import NotFound
from sanxiang.documents.views import download_name, file_response, safe_filename

router = Router(tags=["申请人服务"], auth=[BearerTokenAuth(), SessionAuth()])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}


def _user(request: HttpRequest) -> Any:
    """Raises: NotFound for any login that is not an applicant (a staff token gets nothing)."""
    if not is_applicant(request.user):
        raise NotFound()
    return request.user


class MatterOut(Schema):
    id: uuid.UUID = Field(title="办件标识")
    kind: str = Field(title="类型（licence 行政许可 / penalty 行政处罚）")
    title: str = Field(title="事项")
    number: str = Field(title="编号")
    agency: str = Field(title="办理机关")
    status: str = Field(title="状态")
    status_plain: str = Field(title="状态说明")
    next_due_on: dt.date | None = Field(None, title="最近的期限届满日")


class ClockOut(Schema):
    label: str
    citation: str
    starts_on: dt.date
    due_on: dt.date
    state: str
    overdue: bool


class CorrectionOut(Schema):
    round: int
    issued_on: dt.date
    items: list[dict[str, Any]]
    answered_on: dt.date | None = None


class ServedDocumentOut(Schema):
    id: uuid.UUID = Field(title="文书标识")
    title: str = Field(title="文书名称")
    number: str = Field(title="文号")
    delivered_on: dt.date = Field(title="送达日期")
    # 处罚案件 are served by the officer's 送达记录, which records the day only.
    delivered_at: dt.datetime | None = Field(None, title="送达时间（到达本平台的时刻，已知时）")
    url: str = Field(title="PDF 下载地址（记入审计）")


class OwnFileOut(Schema):
    evidence_id: uuid.UUID = Field(title="文件标识")
    filename: str = Field(title="文件名")
    name: str = Field(title="材料名称")
    sha256: str
    uploaded_at: dt.datetime = Field(title="上传时间")
    url: str = Field(title="下载地址（记入调阅记录）")


class MatterDetailOut(MatterOut):
    clocks: list[ClockOut]
    corrections: list[CorrectionOut]
    documents: list[ServedDocumentOut]
    uploads: list[OwnFileOut] = Field(title="本人上传的材料")
    decision_number: str


class UploadOut(Schema):
    evidence_id: uuid.UUID
    filename: str
    sha256: str


class MaterialIn(Schema):
    name: str
    evidence_id: uuid.UUID


class ApplyIn(Schema):
    agency_id: uuid.UUID
    item_code: str
    request: str
    materials: list[MaterialIn] = []
    interested_parties: str = ""


class CorrectionIn(Schema):
    materials: list[MaterialIn]
    note: str = ""


class WithdrawIn(Schema):
    reason: str = ""


class StatementIn(Schema):
    text: str
    attachment_ids: list[uuid.UUID] = []


class CorrectionReportIn(Schema):
    report: str
    attachment_ids: list[uuid.UUID] = []


class CorrectionReportOut(Schema):
    step: int
    reported_on: dt.date


class ClaimIn(Schema):
    case_number: str
    code: str


class StatementOut(Schema):
    id: uuid.UUID
    submitted_on: dt.date
    due_on: dt.date | None
    late: bool


def _row(m: MatterRow) -> MatterOut:
    return MatterOut(
        id=m.case_id,
        kind=m.kind,
        title=m.title,
        number=m.number,
        agency=m.agency,
        status=m.status,
        status_plain=m.status_plain,
        next_due_on=m.next_due_on,
    )


def _detail(user: Any, case: Case) -> MatterDetailOut:
    corrections: list[CorrectionOut] = []
    application = (
        getattr(case, "licence_application", None) if case.kind == CaseKind.LICENCE else None
    )
    if application is not None:
        corrections = [
            CorrectionOut(
                round=c.round, issued_on=c.issued_on, items=c.items, answered_on=c.answered_on
            )
            for c in application.corrections.order_by("round")
        ]
    docs = [
        ServedDocumentOut(
            id=d.document.pk,
            title=d.document.title,
            number=d.document.number,
            delivered_on=d.delivered_on,
            delivered_at=d.delivered_at,
            # The API's own download: a client holding only a token can fetch it.
            url=reverse("api:applicant_document_pdf", args=[d.document.pk]),
        )
        for d in documents_delivered(user=user, case=case)
    ]
    uploads = [
        OwnFileOut(
            evidence_id=f.item.pk,
            filename=f.item.filename,
            name=f.name,
            sha256=f.item.blob_id,
            uploaded_at=f.upload.created_at,
            url=f"/api/v1/applicant/matters/{case.pk}/files/{f.item.pk}",
        )
        for f in matter_uploads(user=user, case=case)
    ]
    return MatterDetailOut(
        id=case.pk,
        kind=case.kind,
        title=case.title,
        number=case.number or case.lead_number,
        agency=case.agency.name,
        status=case.status,
        status_plain=plain_status(case.status),
        next_due_on=None,
        clocks=[
            ClockOut(
                label=c.label,
                citation=c.citation,
                starts_on=c.starts_on,
                due_on=c.due_on,
                state=c.state,
                overdue=c.overdue,
            )
            for c in matter_clocks(case)
        ],
        corrections=corrections,
        documents=docs,
        uploads=uploads,
        decision_number=case.decision_number,
    )


@router.get("matters", response={200: list[MatterOut], **ERRORS}, summary="我的办件")
def matters(request: HttpRequest) -> list[MatterOut]:
    return [_row(m) for m in applicant_matters(user=_user(request))]


@router.get("matters/{case_id}", response={200: MatterDetailOut, **ERRORS}, summary="办件详情")
def matter(request: HttpRequest, case_id: uuid.UUID) -> MatterDetailOut:
    user = _user(request)
    return _detail(user, matter_get(user=user, case_id=case_id))


@router.get(
    "matters/{case_id}/files/{item_id}",
    response={200: None, **ERRORS},
    summary="下载本人上传的材料",
    openapi_extra={"responses": {"200": {"description": "本人上传的文件（PDF 或图片）"}}},
)
def own_file(request: HttpRequest, case_id: uuid.UUID, item_id: uuid.UUID) -> HttpResponse:
    item, data = own_upload_read(
        user=_user(request),
        case_id=case_id,
        item_id=item_id,
        client_ip=request.META.get("REMOTE_ADDR") or None,
    )
    return file_response(
        data, content_type=item.blob.media_type, filename=safe_filename(item.filename), inline=False
    )


@router.get(
    "documents/{document_id}/pdf",
    response={200: None, **ERRORS},
    summary="下载送达给本人的文书（PDF）",
    url_name="applicant_document_pdf",  # the staff API's document_pdf is another route
    openapi_extra={"responses": {"200": {"description": "文书 PDF；每次下载记入审计"}}},
)
def served_document_pdf(request: HttpRequest, document_id: uuid.UUID) -> HttpResponse:
    doc, data = delivered_document_read(user=_user(request), document_id=document_id)
    return file_response(
        data, content_type="application/pdf", filename=download_name(doc, "pdf"), inline=False
    )


@router.post("uploads", response={201: UploadOut, **ERRORS}, summary="上传一份材料")
def upload(
    request: HttpRequest,
    agency_id: Form[uuid.UUID],
    file: File[UploadedFile],
    purpose: Form[str] = "",
) -> Status[UploadOut]:
    user = _user(request)
    data = file.read(MAX_UPLOAD_BYTES + 1)
    row = applicant_upload(
        user=user, agency_id=agency_id, filename=file.name or "", data=data, purpose=purpose
    )
    out = UploadOut(evidence_id=row.item_id, filename=row.item.filename, sha256=row.item.blob_id)
    return Status(201, out)


def _materials(items: list[MaterialIn]) -> list[dict[str, str]]:
    return [{"name": m.name, "evidence_id": str(m.evidence_id)} for m in items]


@router.post("applications", response={201: MatterDetailOut, **ERRORS}, summary="在线申请行政许可")
def apply(request: HttpRequest, body: ApplyIn) -> Status[MatterDetailOut]:
    user = _user(request)
    case = applicant_apply(
        user=user,
        agency_id=body.agency_id,
        item_code=body.item_code,
        request=body.request,
        materials=_materials(body.materials),
        interested_parties=body.interested_parties,
    )
    return Status(201, _detail(user, matter_get(user=user, case_id=case.pk)))


@router.post(
    "matters/{case_id}/correction",
    response={200: MatterDetailOut, **ERRORS},
    summary="提交补正材料",
)
def correction(request: HttpRequest, case_id: uuid.UUID, body: CorrectionIn) -> MatterDetailOut:
    user = _user(request)
    applicant_correction_answer(
        user=user, case_id=case_id, materials=_materials(body.materials), note=body.note
    )
    return _detail(user, matter_get(user=user, case_id=case_id))


@router.post(
    "matters/{case_id}/withdraw", response={200: MatterDetailOut, **ERRORS}, summary="撤回申请"
)
def withdraw(request: HttpRequest, case_id: uuid.UUID, body: WithdrawIn) -> MatterDetailOut:
    user = _user(request)
    applicant_withdraw(user=user, case_id=case_id, reason=body.reason)
    return _detail(user, matter_get(user=user, case_id=case_id))


@router.post(
    "matters/{case_id}/statement", response={201: StatementOut, **ERRORS}, summary="陈述申辩"
)
def statement(request: HttpRequest, case_id: uuid.UUID, body: StatementIn) -> Status[StatementOut]:
    user = _user(request)
    row = party_statement_submit(
        user=user,
        case_id=case_id,
        text=body.text,
        attachment_ids=[str(i) for i in body.attachment_ids],
    )
    out = StatementOut(id=row.pk, submitted_on=row.submitted_on, due_on=row.due_on, late=row.late)
    return Status(201, out)


@router.post(
    "matters/{case_id}/correction-report",
    response={201: CorrectionReportOut, **ERRORS},
    summary="报告整改完成（行政检查责令改正期间）",
)
def correction_report(
    request: HttpRequest, case_id: uuid.UUID, body: CorrectionReportIn
) -> Status[CorrectionReportOut]:
    step = party_correction_report(
        user=_user(request),
        case_id=case_id,
        text=body.report,
        attachment_ids=[str(i) for i in body.attachment_ids],
    )
    return Status(201, CorrectionReportOut(step=step.sequence, reported_on=step.occurred_on))


@router.post(
    "links", response={201: MatterOut, **ERRORS}, summary="凭网上办理码关联行政处罚案件或行政检查"
)
def link(request: HttpRequest, body: ClaimIn) -> Status[MatterOut]:
    user = _user(request)
    row = party_link_claim(user=user, case_number=body.case_number, code=body.code)
    rows = [m for m in applicant_matters(user=user) if m.case_id == row.case_id]
    return Status(201, _row(rows[0]))
