"""行政检查 JSON API (/api/v1/inspections/, Bearer token): open, list, detail, and plans.

The same services and selectors as the pages: another agency's object is a 404, every change
goes through `inspections.services`, a refusal keeps the API's error shape {"code", "message",
"citation"?, "detail"?}. The 行政检查 actions (现场检查, 合格, 责令改正, 复查, 转立案) are case actions:
POST them to /api/v1/cases/{id}/actions/… like any other case step.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from sanxiang.cases.api import ErrorOut
from sanxiang.core.api_bodies import body_schema, json_object_body
from sanxiang.inspections.models import Inspection, InspectionPlan
from sanxiang.inspections.payloads import InspectionOpening, PlanData
from sanxiang.inspections.permissions import inspections_visible_to, plans_visible_to
from sanxiang.inspections.selectors import inspection_get_for_user, plan_get_for_user
from sanxiang.inspections.services import (
    inspection_open,
    inspection_plan_approve,
    inspection_plan_create,
    inspection_plan_publish,
    inspection_plan_update,
)

router = Router(tags=["行政检查"])

ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut}
LIST_LIMIT = 200


class InspectionOut(Schema):
    case_id: uuid.UUID = Field(title="案件标识")
    lead_number: str = Field(title="检查编号")
    title: str = Field(title="检查事由")
    status: str = Field(title="状态")
    status_label: str = Field(title="状态名称")
    source: str = Field(title="检查来源")
    plan_id: uuid.UUID | None = Field(None, title="检查计划标识")
    spot_check_task_id: str = Field(title="抽查任务")
    entity_id: str = Field(title="检查对象（名录库）")
    party_name: str = Field(title="检查对象")
    planned_on: dt.date = Field(title="计划检查日期")
    inspected_on: dt.date | None = Field(None, title="检查日期")
    findings: str = Field(title="检查情况")
    result: str = Field(title="检查结果（未作出为空）")
    result_label: str = Field(title="检查结果名称")
    correction_order: str = Field(title="责令改正内容")
    correction_due_on: dt.date | None = Field(None, title="改正期限")
    rechecked_on: dt.date | None = Field(None, title="复查日期")
    recheck_findings: str = Field(title="复查情况")
    transferred_case_id: uuid.UUID | None = Field(None, title="转立案的处罚案件标识")
    concluded_on: dt.date | None = Field(None, title="检查结论日期")


class PlanOut(Schema):
    id: uuid.UUID = Field(title="计划标识")
    year: int = Field(title="年度")
    title: str = Field(title="计划名称")
    item_code: str = Field(title="检查事项编码")
    scope: str = Field(title="检查对象范围")
    content: str = Field(title="检查内容")
    method: str = Field(title="检查方式")
    frequency: str = Field(title="检查频次")
    approved_on: dt.date | None = Field(None, title="批准日期")
    published_on: dt.date | None = Field(None, title="公开日期")


def inspection_out(inspection: Inspection) -> InspectionOut:
    case = inspection.case
    return InspectionOut(
        case_id=case.pk,
        lead_number=case.lead_number,
        title=case.title,
        status=case.status,
        status_label=case.get_status_display(),
        source=inspection.source,
        plan_id=inspection.plan_id,
        spot_check_task_id=inspection.spot_check_task_id,
        entity_id=inspection.entity_id,
        party_name=case.party_name,
        planned_on=inspection.planned_on,
        inspected_on=inspection.inspected_on,
        findings=inspection.findings,
        result=inspection.result,
        result_label=inspection.get_result_display() if inspection.result else "",
        correction_order=inspection.correction_order,
        correction_due_on=inspection.correction_due_on,
        rechecked_on=inspection.rechecked_on,
        recheck_findings=inspection.recheck_findings,
        transferred_case_id=inspection.transferred_case_id,
        concluded_on=inspection.concluded_on,
    )


def plan_out(plan: InspectionPlan) -> PlanOut:
    return PlanOut(
        id=plan.pk,
        year=plan.year,
        title=plan.title,
        item_code=plan.item.code if plan.item else "",
        scope=plan.scope,
        content=plan.content,
        method=plan.method,
        frequency=plan.frequency,
        approved_on=plan.approved_on,
        published_on=plan.published_on,
    )


@router.get("/", response={200: list[InspectionOut], **ERRORS}, summary="行政检查列表")
def inspection_list(request: HttpRequest, status: str = "") -> list[InspectionOut]:
    rows = inspections_visible_to(request.user).select_related("case")
    if status:
        rows = rows.filter(case__status=status)
    return [inspection_out(i) for i in rows.order_by("-planned_on")[:LIST_LIMIT]]


@router.post(
    "/",
    response={201: InspectionOut, **ERRORS},
    summary="开展行政检查（检查人员不少于两人且持有有效执法证）",
    openapi_extra=body_schema(InspectionOpening),
)
def inspection_create(request: HttpRequest) -> Status[InspectionOut]:
    case = inspection_open(user=request.user, data=json_object_body(request))
    return Status(201, inspection_out(inspection_get_for_user(request.user, case.pk)))


@router.get("/plans", response={200: list[PlanOut], **ERRORS}, summary="检查计划列表")
def plan_list(request: HttpRequest) -> list[PlanOut]:
    plans = plans_visible_to(request.user).select_related("item").order_by("-year", "title")
    return [plan_out(p) for p in plans]


@router.post(
    "/plans",
    response={201: PlanOut, **ERRORS},
    summary="编制检查计划",
    openapi_extra=body_schema(PlanData),
)
def plan_create(request: HttpRequest) -> Status[PlanOut]:
    plan = inspection_plan_create(user=request.user, data=json_object_body(request))
    return Status(201, plan_out(plan))


@router.get("/plans/{plan_id}", response={200: PlanOut, **ERRORS}, summary="检查计划详情")
def plan_detail(request: HttpRequest, plan_id: str) -> PlanOut:
    return plan_out(plan_get_for_user(request.user, plan_id))


@router.put(
    "/plans/{plan_id}",
    response={200: PlanOut, **ERRORS},
    summary="修改检查计划（批准前）",
    openapi_extra=body_schema(PlanData),
)
def plan_update(request: HttpRequest, plan_id: str) -> PlanOut:
    data = json_object_body(request)
    return plan_out(inspection_plan_update(user=request.user, plan_id=plan_id, data=data))


@router.post("/plans/{plan_id}/approve", response={200: PlanOut, **ERRORS}, summary="批准检查计划")
def plan_approve(request: HttpRequest, plan_id: str) -> PlanOut:
    json_object_body(request)
    return plan_out(inspection_plan_approve(user=request.user, plan_id=plan_id))


@router.post("/plans/{plan_id}/publish", response={200: PlanOut, **ERRORS}, summary="公开检查计划")
def plan_publish(request: HttpRequest, plan_id: str) -> PlanOut:
    json_object_body(request)
    return plan_out(inspection_plan_publish(user=request.user, plan_id=plan_id))


@router.get("/{case_id}", response={200: InspectionOut, **ERRORS}, summary="行政检查详情")
def inspection_detail(request: HttpRequest, case_id: str) -> InspectionOut:
    return inspection_out(inspection_get_for_user(request.user, case_id))
