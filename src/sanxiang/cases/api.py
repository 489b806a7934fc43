"""Staff API for case handling (Bearer token), for the officers' mobile clients.

The same services and selectors as the workbench pages: a case outside the caller's scope is a
404, every change goes through `case_transition` / `lead_register` / `case_record_add`, and a
refusal keeps the API's error shape {"code", "message", "citation"?, "detail"?}.

The other case services (笔录, 回避, 听证, 缴款, …) are the workbench's panels, one route each
under /cases/{id}/panels/{key}; a panel acting on one object of the case (a 回避 application, a
查封 measure) takes that object's id in the body next to the payload fields.

Request bodies are the pydantic payload models of `cases.payloads` (one route per action, so
OpenAPI documents each action's own schema). The body is handed to the service as JSON and
validated there, so a bad field gets the same Chinese message as on the workbench form.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from sanxiang.cases.models import Case
from sanxiang.cases.payloads import PAYLOADS, LeadRegistration, RecordEntry
from sanxiang.cases.permissions import ACTION_ACTORS
from sanxiang.cases.selectors import (
    CaseOfficerRow,
    Clock,
    TimelineEntry,
    WorkbenchRow,
    case_clocks,
    case_get_for_user,
    case_officers,
    case_timeline,
    cases_for_workbench,
)
from sanxiang.cases.services import (
    case_action_options,
    case_record_add,
    case_transition,
    lead_register,
)
from sanxiang.cases.services.workflow import WHO
from sanxiang.cases.states import CaseAction
from sanxiang.cases.views_panels import PANELS, Panel, panels_for
from sanxiang.core.api_bodies import body_schema, json_object_body
from sanxiang.core.errors import Forbidden, NotFound

router = Router(tags=["执法办案"])

UNKNOWN_ACTION = "没有名为“{action}”的办案操作"
UNKNOWN_PANEL = "没有名为“{key}”的办案事项"


class ErrorOut(Schema):
    code: str
    message: str
    citation: str | None = Field(None, description="拒绝所依据的法律条款（规则拒绝时）")
    detail: dict[str, Any] | None = None


class RefusalOut(Schema):
    code: str
    citation: str
    message: str


class OptionOut(Schema):
    action: str
    label: str
    target: str
    target_label: str
    permitted: bool = Field(description="调用者是否具有办理该操作的角色")
    allowed: bool = Field(description="按当前案情是否可以办理（具体提交内容仍会再次校验）")
    actors: str = Field(description="可以办理该操作的人员")
    refusals: list[RefusalOut]


class CaseOut(Schema):
    id: uuid.UUID
    lead_number: str
    number: str
    title: str
    status: str
    status_label: str
    procedure: str
    procedure_label: str
    agency_id: uuid.UUID
    field_code: str
    field_name: str
    item_code: str
    party_kind: str
    party_name: str
    party_identifier: str
    party_address: str
    facts: str
    filed_on: dt.date | None
    notice_issued_on: dt.date | None
    notice_penalties: list[str]
    notice_fine: Decimal | None
    hearing_offered: bool
    is_major: bool
    outcome: str
    decision_number: str
    decided_on: dt.date | None
    penalties: list[str]
    fine: Decimal | None
    confiscation: Decimal | None
    served_on: dt.date | None
    closed_on: dt.date | None
    archived_on: dt.date | None
    officers: list[CaseOfficerRow]
    clocks: list[Clock]


class PanelOut(Schema):
    key: str = Field(description="POST /api/v1/cases/{case_id}/panels/{key}")
    title: str
    target: str | None = Field(None, description="请求体中须另填的对象标识字段")
    targets: list[list[str]] = Field(description="可选对象：[标识, 名称]")


class CaseDetailOut(Schema):
    case: CaseOut
    timeline: list[TimelineEntry]
    options: list[OptionOut] = Field(description="当前状态下的全部操作，含不能办理的原因和条款")
    panels: list[PanelOut] = Field(description="当前可以办理的其他事项（笔录、回避、缴款等）")


ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _case_out(case: Case) -> CaseOut:
    return CaseOut(
        id=case.pk,
        lead_number=case.lead_number,
        number=case.number,
        title=case.title,
        status=case.status,
        status_label=case.get_status_display(),
        procedure=case.procedure,
        procedure_label=case.get_procedure_display(),
        agency_id=case.agency_id,
        field_code=case.field_id,
        field_name=case.field.name,
        item_code=case.item.code if case.item else "",
        party_kind=case.party_kind,
        party_name=case.party_name,
        party_identifier=case.party_identifier,
        party_address=case.party_address,
        facts=case.facts,
        filed_on=case.filed_on,
        notice_issued_on=case.notice_issued_on,
        notice_penalties=list(case.notice_penalties),
        notice_fine=case.notice_fine,
        hearing_offered=case.hearing_offered,
        is_major=case.is_major,
        outcome=case.outcome,
        decision_number=case.decision_number,
        decided_on=case.decided_on,
        penalties=list(case.penalties),
        fine=case.fine,
        confiscation=case.confiscation,
        served_on=case.served_on,
        closed_on=case.closed_on,
        archived_on=case.archived_on,
        officers=case_officers(case),
        clocks=case_clocks(case),
    )


def _actors(action: CaseAction) -> str:
    return "或".join(WHO.get(str(r), str(r)) for r in sorted(ACTION_ACTORS.get(action, ())))


def _options(request: HttpRequest, case: Case) -> list[OptionOut]:
    try:
        options = case_action_options(user=request.user, case=case)
    except Forbidden:  # a login without an officer profile reads, never acts
        return []
    return [
        OptionOut(
            action=o.action.value,
            label=o.action.label,
            target=o.target.value,
            target_label=o.target.label,
            permitted=o.permitted,
            allowed=o.allowed,
            actors=_actors(o.action),
            refusals=[
                RefusalOut(code=r.code, citation=r.citation, message=r.message) for r in o.refusals
            ],
        )
        for o in options
    ]


def _detail(request: HttpRequest, case_id: Any) -> CaseDetailOut:
    case = case_get_for_user(user=request.user, case_id=case_id)
    return CaseDetailOut(
        case=_case_out(case),
        timeline=case_timeline(case),
        options=_options(request, case),
        panels=[_panel_out(p, case) for p in panels_for(request.user, case)],
    )


def _panel_out(panel: Panel, case: Case) -> PanelOut:
    target = panel.target
    return PanelOut(
        key=panel.key,
        title=panel.title,
        target=target.kwarg if target else None,
        targets=[[value, label] for value, label in target.options(case)] if target else [],
    )


@router.get("", response=list[WorkbenchRow], summary="我的案件（含正在计算的期限）")
def cases_list(request: HttpRequest, include_finished: bool = False) -> list[WorkbenchRow]:
    return cases_for_workbench(request.user, include_finished=include_finished)


@router.post(
    "",
    response={201: CaseDetailOut, **ERRORS},
    summary="登记案源",
    openapi_extra=body_schema(LeadRegistration),
)
def case_register(request: HttpRequest) -> Status[CaseDetailOut]:
    case = lead_register(user=request.user, data=json_object_body(request))
    return Status(201, _detail(request, case.pk))


@router.get(
    "/{case_id}",
    response={200: CaseDetailOut, 404: ErrorOut},
    summary="案件详情：基本信息、期限、办案记录、可办理和暂不能办理的操作",
)
def case_detail(request: HttpRequest, case_id: str) -> CaseDetailOut:
    return _detail(request, case_id)


@router.post(
    "/{case_id}/records",
    response={201: TimelineEntry, **ERRORS},
    summary="制作笔录（调查取证阶段）",
    openapi_extra=body_schema(RecordEntry),
)
def case_record(request: HttpRequest, case_id: str) -> Status[TimelineEntry]:
    step = case_record_add(user=request.user, case_id=case_id, payload=json_object_body(request))
    entry = next(e for e in case_timeline(step.case) if e.sequence == step.sequence)
    return Status(201, entry)


def _action_view(action: CaseAction) -> Callable[[HttpRequest, str], CaseDetailOut]:
    def view(request: HttpRequest, case_id: str) -> CaseDetailOut:
        case = case_transition(
            user=request.user,
            case_id=case_id,
            action=action.value,
            payload=json_object_body(request),
        )
        return _detail(request, case.pk)

    view.__name__ = f"case_action_{action.value}"
    return view


for _action, _model in PAYLOADS.items():
    _act = CaseAction(_action)
    router.post(
        f"/{{case_id}}/actions/{_act.value}",
        response={200: CaseDetailOut, **ERRORS},
        summary=_act.label,
        operation_id=f"case_action_{_act.value}",
        openapi_extra=body_schema(_model),
    )(_action_view(_act))


def _panel_body(panel: Panel) -> dict[str, Any]:
    extra = body_schema(panel.model)
    if panel.target is not None:
        schema = extra["requestBody"]["content"]["application/json"]["schema"]
        schema["properties"][panel.target.kwarg] = {
            "type": "string",
            "format": "uuid",
            "title": panel.target.label,
        }
        schema.setdefault("required", []).append(panel.target.kwarg)
    return extra


def _panel_view(panel: Panel) -> Callable[[HttpRequest, str], CaseDetailOut]:
    def view(request: HttpRequest, case_id: str) -> CaseDetailOut:
        body = json_object_body(request)
        kwargs = {}
        if panel.target is not None:
            kwargs[panel.target.kwarg] = body.pop(panel.target.kwarg, "")
        panel.submit(user=request.user, case_id=case_id, payload=body, **kwargs)
        return _detail(request, case_id)

    view.__name__ = f"case_panel_{panel.key.replace('-', '_')}"
    return view


for _panel in PANELS:
    router.post(
        f"/{{case_id}}/panels/{_panel.key}",
        response={200: CaseDetailOut, **ERRORS},
        summary=_panel.title,
        operation_id=f"case_panel_{_panel.key.replace('-', '_')}",
        openapi_extra=_panel_body(_panel),
    )(_panel_view(_panel))


@router.post("/{case_id}/panels/{key}", include_in_schema=False)
def case_panel_unknown(request: HttpRequest, case_id: str, key: str) -> None:
    case_get_for_user(user=request.user, case_id=case_id)
    raise NotFound(UNKNOWN_PANEL.format(key=key[:50]))


@router.post("/{case_id}/actions/{action}", include_in_schema=False)
def case_action_unknown(request: HttpRequest, case_id: str, action: str) -> None:
    case_get_for_user(user=request.user, case_id=case_id)  # 404 first for a foreign case
    raise NotFound(UNKNOWN_ACTION.format(action=action[:50]))
