"""Officers' JSON API for 执法文书 and on-site 笔录 (/api/v1/documents/, Bearer token).

The same selectors and services as the pages: a case or document outside the caller's scope is
a 404, every change goes through `document_generate` / `onsite_record_submit`, and a refusal
keeps the API's error shape {"code", "message", "citation"?, "detail"?}. Request bodies are
handed to the services as JSON and validated there (the same Chinese messages as on the
pages); the OpenAPI schemas are generated from the same pydantic models.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from pydantic import BaseModel, ConfigDict, create_model
from pydantic import Field as PydanticField

from sanxiang.cases.api import ErrorOut
from sanxiang.cases.payloads import RecordEntry
from sanxiang.cases.selectors import TimelineEntry, case_timeline
from sanxiang.cases.services.validation import parse
from sanxiang.core.api_bodies import body_schema, json_object_body
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.models import Document
from sanxiang.documents.selectors import (
    document_get_for_user,
    documents_for_case,
)
from sanxiang.documents.services import (
    DOCX_TYPE,
    document_file_read,
    document_generate,
    verify_url,
)
from sanxiang.documents.services_onsite import OnsiteSignatures, onsite_record_submit
from sanxiang.documents.views import download_name, file_response

router = Router(tags=["执法文书"])


class GenerateIn(BaseModel):
    """生成文书: the kind, and for 笔录 kinds the recorded step it is made from."""

    model_config = ConfigDict(extra="forbid")

    kind: DocumentKind = PydanticField(title="文书种类")
    step_id: uuid.UUID | None = PydanticField(
        None, title="所依据的笔录（办案环节记录）标识", description="笔录类文书必填"
    )


def _onsite_model() -> type[BaseModel]:
    """The on-site body: RecordEntry's fields (signed_by_party is derived) and the signatures."""
    fields: dict[str, Any] = {
        name: (info.annotation, info)
        for name, info in RecordEntry.model_fields.items()
        if name != "signed_by_party"
    }
    fields.update(
        {name: (info.annotation, info) for name, info in OnsiteSignatures.model_fields.items()}
    )
    return create_model(
        "OnsiteRecordIn",
        __config__=ConfigDict(extra="forbid", title="现场笔录（含现场签名）"),
        **fields,
    )


OnsiteRecordIn = _onsite_model()


class DocumentOut(Schema):
    id: uuid.UUID = Field(title="文书标识")
    case_id: uuid.UUID = Field(title="案件标识")
    kind: str = Field(title="文书种类")
    kind_label: str = Field(title="文书种类名称")
    title: str = Field(title="标题")
    version: int = Field(title="版本")
    number: str = Field(title="文书编号")
    pages: int = Field(title="页数")
    step_id: uuid.UUID | None = Field(None, title="所依据的办案环节记录")
    generated_at: dt.datetime = Field(title="生成时间")
    generated_by: str = Field(title="制作人")
    pdf_sha256: str = Field(title="签章PDF的SHA-256")
    docx_sha256: str = Field(title="DOCX的SHA-256")
    signer_certificate_sha256: str = Field(title="签章证书SHA-256")
    pdf_url: str = Field(title="签章PDF下载地址")
    docx_url: str = Field(title="DOCX下载地址")
    verify_url: str = Field(title="公开核验地址（二维码内容）")


class OnsiteOut(Schema):
    step_id: uuid.UUID = Field(title="笔录（办案环节记录）标识")
    step: TimelineEntry = Field(title="笔录")
    document: DocumentOut = Field(title="生成的笔录文书")


ERRORS: dict[int, Any] = {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
}


def document_out(doc: Document) -> DocumentOut:
    return DocumentOut(
        id=doc.pk,
        case_id=doc.case_id,
        kind=doc.kind,
        kind_label=doc.get_kind_display(),
        title=doc.title,
        version=doc.version,
        number=doc.number,
        pages=doc.pages,
        step_id=doc.step_id,
        generated_at=doc.created_at,
        generated_by=doc.generated_by.name,
        pdf_sha256=doc.pdf_id,
        docx_sha256=doc.docx_id,
        signer_certificate_sha256=doc.signer_certificate_sha256,
        pdf_url=reverse("api:document_pdf", args=[doc.pk]),
        docx_url=reverse("api:document_docx", args=[doc.pk]),
        verify_url=verify_url(doc.pk),
    )


@router.get(
    "/cases/{case_id}/documents",
    response={200: list[DocumentOut], 404: ErrorOut},
    summary="本案的执法文书（含各版本）",
)
def case_documents(request: HttpRequest, case_id: str) -> list[DocumentOut]:
    return [document_out(d) for d in documents_for_case(user=request.user, case_id=case_id)]


@router.post(
    "/cases/{case_id}/documents",
    response={201: DocumentOut, **ERRORS},
    summary="生成执法文书（签章PDF与DOCX）",
    openapi_extra=body_schema(GenerateIn),
)
def document_create(request: HttpRequest, case_id: str) -> Status[DocumentOut]:
    data = parse(GenerateIn, json_object_body(request))
    doc = document_generate(
        user=request.user, case_id=case_id, kind=data.kind, step_id=data.step_id
    )
    return Status(201, document_out(doc))


@router.post(
    "/cases/{case_id}/onsite-records",
    response={201: OnsiteOut, **ERRORS},
    summary="现场笔录：记录笔录、保存现场签名并生成签章笔录",
    openapi_extra=body_schema(OnsiteRecordIn),
)
def onsite_record(request: HttpRequest, case_id: str) -> Status[OnsiteOut]:
    step, doc = onsite_record_submit(
        user=request.user, case_id=case_id, payload=json_object_body(request)
    )
    entry = next(e for e in case_timeline(step.case) if e.sequence == step.sequence)
    return Status(201, OnsiteOut(step_id=step.pk, step=entry, document=document_out(doc)))


@router.get(
    "/{document_id}",
    response={200: DocumentOut, 404: ErrorOut},
    summary="文书信息",
)
def document_detail(request: HttpRequest, document_id: str) -> DocumentOut:
    return document_out(document_get_for_user(user=request.user, document_id=document_id))


FILE_RESPONSES: dict[int, Any] = {200: None, 404: ErrorOut}


@router.get(
    "/{document_id}/pdf",
    response=FILE_RESPONSES,
    summary="下载签章PDF",
    url_name="document_pdf",
    openapi_extra={
        "responses": {"200": {"description": "签章PDF", "content": {"application/pdf": {}}}}
    },
)
def document_pdf(request: HttpRequest, document_id: str) -> HttpResponse:
    doc, data = document_file_read(user=request.user, document_id=document_id, fmt="pdf")
    return file_response(
        data,
        content_type="application/pdf",
        filename=download_name(doc, "pdf"),
        inline=False,
    )


@router.get(
    "/{document_id}/docx",
    response=FILE_RESPONSES,
    summary="下载DOCX",
    url_name="document_docx",
    openapi_extra={"responses": {"200": {"description": "DOCX", "content": {DOCX_TYPE: {}}}}},
)
def document_docx(request: HttpRequest, document_id: str) -> HttpResponse:
    doc, data = document_file_read(user=request.user, document_id=document_id, fmt="docx")
    return file_response(
        data,
        content_type=DOCX_TYPE,
        filename=download_name(doc, "docx"),
        inline=False,
    )
