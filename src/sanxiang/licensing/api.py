"""JSON API of 行政许可 (mounted at /api/v1/licensing/ by config.api; Bearer token).

The lifecycle's case actions (受理, 补正, 决定, 送达 …) and the examination panels (审查意见, §45
periods, §42 extension, assignment) are the shared case routes: /api/v1/cases/{id}/actions/
licence_* and /api/v1/cases/{id}/panels/licence-*. Here: the counter application, the licence
application and licence reads, and the licence services (变更, 延续, 撤销, 注销). Another agency's
object is a 404; refusals keep the API error shape with a stable `code` and `citation`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from sanxiang.cases.api import ERRORS, ErrorOut
from sanxiang.cases.models import Case
from sanxiang.cases.selectors import Clock, case_clocks
from sanxiang.core.api_bodies import body_schema, json_object_body
from sanxiang.licensing import payloads as p
from sanxiang.licensing.models import Licence, LicenceApplication
from sanxiang.licensing.selectors import (
    licence_case_get_for_user,
    licence_cases_visible_to,
    licence_get_for_user,
    licences_visible_to,
)
from sanxiang.licensing.services import (
    licence_apply,
    licence_cancel,
    licence_change_apply,
    licence_renewal_apply,
    licence_revoke,
)

router = Router(tags=["行政许可"])
PAGE = 200


class CorrectionOut(Schema):
    round: int
    items: list[dict[str, Any]]
    issued_on: dt.date
    answered_on: dt.date | None
    answer_materials: list[dict[str, Any]]


class PeriodOut(Schema):
    id: uuid.UUID
    kind: str
    kind_label: str
    started_on: dt.date
    ended_on: dt.date | None
    applicant_notified_on: dt.date | None
    working_days: int | None


class LicenceOut(Schema):
    id: uuid.UUID
    number: str
    name: str
    holder_name: str
    content: str
    valid_from: dt.date
    valid_to: dt.date | None
    status: str
    status_label: str
    issued_on: dt.date
    delivered_on: dt.date | None
    ended_on: dt.date | None
    end_reason: str
    previous: uuid.UUID | None
    case: uuid.UUID


class ApplicationOut(Schema):
    case: uuid.UUID
    lead_number: str
    number: str
    status: str
    status_label: str
    title: str
    applicant: str
    application_type: str
    channel: str
    submitted_on: dt.date
    request: str
    materials: list[dict[str, Any]]
    accepted_on: dt.date | None
    acceptance_deemed: bool
    joint_handling: bool
    extension_days: int
    extension_reason: str
    decision_number: str


class ApplicationDetailOut(Schema):
    application: ApplicationOut
    clocks: list[Clock]
    corrections: list[CorrectionOut]
    excluded_periods: list[PeriodOut]
    licences: list[LicenceOut]


def _licence_out(x: Licence) -> LicenceOut:
    return LicenceOut(
        id=x.pk,
        number=x.number,
        name=x.name,
        holder_name=x.holder_name,
        content=x.content,
        valid_from=x.valid_from,
        valid_to=x.valid_to,
        status=x.status,
        status_label=x.get_status_display(),
        issued_on=x.issued_on,
        delivered_on=x.delivered_on,
        ended_on=x.ended_on,
        end_reason=x.end_reason,
        previous=x.previous_id,
        case=x.case_id,
    )


def _application_out(case: Case, a: LicenceApplication) -> ApplicationOut:
    return ApplicationOut(
        case=case.pk,
        lead_number=case.lead_number,
        number=case.number,
        status=case.status,
        status_label=case.get_status_display(),
        title=case.title,
        applicant=case.party_name,
        application_type=a.application_type,
        channel=a.channel,
        submitted_on=a.submitted_on,
        request=a.request,
        materials=list(a.materials),
        accepted_on=a.accepted_on,
        acceptance_deemed=a.acceptance_deemed,
        joint_handling=a.joint_handling,
        extension_days=a.extension_days,
        extension_reason=a.extension_reason,
        decision_number=case.decision_number,
    )


def _detail(request: HttpRequest, case_id: Any) -> ApplicationDetailOut:
    case = licence_case_get_for_user(user=request.user, case_id=case_id)
    a = case.licence_application
    return ApplicationDetailOut(
        application=_application_out(case, a),
        clocks=case_clocks(case),
        corrections=[
            CorrectionOut(
                round=c.round,
                items=list(c.items),
                issued_on=c.issued_on,
                answered_on=c.answered_on,
                answer_materials=list(c.answer_materials),
            )
            for c in a.corrections.all()
        ],
        excluded_periods=[
            PeriodOut(
                id=x.pk,
                kind=x.kind,
                kind_label=x.get_kind_display(),
                started_on=x.started_on,
                ended_on=x.ended_on,
                applicant_notified_on=x.applicant_notified_on,
                working_days=x.working_days,
            )
            for x in a.excluded_periods.all()
        ],
        licences=[_licence_out(x) for x in case.licences.all()],
    )


@router.get("/applications", response=list[ApplicationOut], summary="许可申请（可见范围内）")
def applications_list(request: HttpRequest) -> list[ApplicationOut]:
    cases = licence_cases_visible_to(request.user).select_related("licence_application")
    return [
        _application_out(c, c.licence_application) for c in cases.order_by("-created_at")[:PAGE]
    ]


@router.post(
    "/applications",
    response={201: ApplicationDetailOut, **ERRORS},
    summary="窗口受理许可申请",
    openapi_extra=body_schema(p.CounterApplication),
)
def application_create(request: HttpRequest) -> Status[ApplicationDetailOut]:
    case = licence_apply(user=request.user, data=json_object_body(request))
    return Status(201, _detail(request, case.pk))


@router.get(
    "/applications/{case_id}",
    response={200: ApplicationDetailOut, 404: ErrorOut},
    summary="许可申请详情：材料、补正、期限（含不计入期间和延长）、证件",
)
def application_detail(request: HttpRequest, case_id: str) -> ApplicationDetailOut:
    return _detail(request, case_id)


@router.get("/licences", response=list[LicenceOut], summary="许可证件（本机关）")
def licences_list(request: HttpRequest) -> list[LicenceOut]:
    licences = licences_visible_to(request.user).order_by("-issued_on")[:PAGE]
    return [_licence_out(x) for x in licences]


@router.get("/licences/{licence_id}", response={200: LicenceOut, 404: ErrorOut}, summary="许可证件")
def licence_detail(request: HttpRequest, licence_id: str) -> LicenceOut:
    return _licence_out(licence_get_for_user(user=request.user, licence_id=licence_id))


def _follow_up(request: HttpRequest, licence_id: str, service: Any) -> Status[ApplicationDetailOut]:
    case = service(user=request.user, licence_id=licence_id, data=json_object_body(request))
    return Status(201, _detail(request, case.pk))


@router.post(
    "/licences/{licence_id}/change",
    response={201: ApplicationDetailOut, **ERRORS},
    summary="受理变更申请（许可法第四十九条）",
    openapi_extra=body_schema(p.ChangePayload),
)
def licence_change(request: HttpRequest, licence_id: str) -> Status[ApplicationDetailOut]:
    return _follow_up(request, licence_id, licence_change_apply)


@router.post(
    "/licences/{licence_id}/renewal",
    response={201: ApplicationDetailOut, **ERRORS},
    summary="受理延续申请（许可法第五十条）",
    openapi_extra=body_schema(p.ChangePayload),
)
def licence_renewal(request: HttpRequest, licence_id: str) -> Status[ApplicationDetailOut]:
    return _follow_up(request, licence_id, licence_renewal_apply)


@router.post(
    "/licences/{licence_id}/revoke",
    response={200: LicenceOut, **ERRORS},
    summary="撤销行政许可（许可法第六十九条）",
    openapi_extra=body_schema(p.RevokePayload),
)
def licence_revoke_view(request: HttpRequest, licence_id: str) -> LicenceOut:
    licence = licence_revoke(
        user=request.user, licence_id=licence_id, data=json_object_body(request)
    )
    return _licence_out(licence)


@router.post(
    "/licences/{licence_id}/cancel",
    response={200: LicenceOut, **ERRORS},
    summary="注销行政许可（许可法第七十条）",
    openapi_extra=body_schema(p.CancelPayload),
)
def licence_cancel_view(request: HttpRequest, licence_id: str) -> LicenceOut:
    licence = licence_cancel(
        user=request.user, licence_id=licence_id, data=json_object_body(request)
    )
    return _licence_out(licence)
