"""双随机 JSON API (/api/v1/spot-checks/, Bearer token): 名录库, tasks and their draw steps.

The same services and selectors as the pages: another agency's task is a 404, every change goes
through `spotchecks.services`, a refusal keeps the API's error shape {"code", "message",
"citation"?, "detail"?}. The public draw record itself is /api/v1/public/draws/{id}.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from sanxiang.cases.api import ErrorOut
from sanxiang.core.api_bodies import body_schema, json_object_body
from sanxiang.spotchecks import services
from sanxiang.spotchecks.models import Draw, MarketEntity, SpotCheckTask
from sanxiang.spotchecks.payloads import (
    EntityData,
    EntropyData,
    InputsData,
    OpenData,
    RelationData,
    TaskData,
)
from sanxiang.spotchecks.permissions import alerts_visible_to, tasks_visible_to
from sanxiang.spotchecks.selectors import (
    entities_filtered,
    entity_get_for_maintenance,
    task_get_for_user,
)

router = Router(tags=["双随机一公开"])

ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut}
LIST_LIMIT = 200


class EntityOut(Schema):
    id: uuid.UUID
    name: str = Field(title="名称")
    uscc: str = Field(title="统一社会信用代码")
    industry: str = Field(title="行业")
    region_code: str = Field(title="行政区划代码")
    risk_grade: str = Field(title="风险等级")
    credit_grade: str = Field(title="信用等级")
    status: str = Field(title="状态")


class AssignmentOut(Schema):
    position: int = Field(title="抽取顺序")
    entity_id: uuid.UUID = Field(title="检查对象")
    agency_id: uuid.UUID = Field(title="检查机关")
    inspector_ids: list[str] = Field(title="检查人员")
    case_id: uuid.UUID | None = Field(None, title="检查案件")
    planned_on: dt.date | None = Field(None, title="检查日期")


class TaskOut(Schema):
    id: uuid.UUID
    title: str = Field(title="任务名称")
    agency_id: uuid.UUID = Field(title="牵头机关")
    status: str = Field(title="状态")
    status_label: str = Field(title="状态名称")
    window_start: dt.date = Field(title="检查期间起")
    window_end: dt.date = Field(title="检查期间止")
    draw_id: uuid.UUID | None = Field(None, title="抽取记录（公开）")
    inputs_sha256: str = Field("", title="抽取输入 SHA-256")
    assignments: list[AssignmentOut] = Field(default_factory=list, title="抽查分派")
    results_due_on: dt.date | None = Field(None, title="结果公示期限")


class AlertOut(Schema):
    uscc: str
    entity_name: str
    window_start: dt.date
    window_end: dt.date
    agency_ids: list[str]
    threshold: int


def entity_out(e: MarketEntity) -> EntityOut:
    return EntityOut(
        id=e.pk, name=e.name, uscc=e.uscc, industry=e.industry, region_code=e.region_code,
        risk_grade=e.risk_grade, credit_grade=e.credit_grade, status=e.status,
    )  # fmt: skip


def task_out(task: SpotCheckTask) -> TaskOut:
    draw = Draw.objects.filter(task=task).first()
    return TaskOut(
        id=task.pk, title=task.title, agency_id=task.agency_id, status=task.status,
        status_label=task.get_status_display(), window_start=task.window_start,
        window_end=task.window_end, draw_id=draw.pk if draw else None,
        inputs_sha256=draw.inputs_sha256 if draw else "",
        assignments=[
            AssignmentOut(
                position=a.position, entity_id=a.entity_id, agency_id=a.agency_id,
                inspector_ids=a.inspector_ids, case_id=a.case_id, planned_on=a.planned_on,
            )
            for a in task.assignments.all()
        ],
        results_due_on=task.results_due_on,
    )  # fmt: skip


@router.get("/entities", response={200: list[EntityOut], **ERRORS}, summary="检查对象名录库")
def entity_list(request: HttpRequest, q: str = "", risk_grade: str = "") -> list[EntityOut]:
    rows = entities_filtered(request.user, {"q": q, "risk_grade": risk_grade})
    return [entity_out(e) for e in rows[:LIST_LIMIT]]


@router.post(
    "/entities", response={201: EntityOut, **ERRORS}, summary="添加检查对象",
    openapi_extra=body_schema(EntityData),
)  # fmt: skip
def entity_add(request: HttpRequest) -> Status[EntityOut]:
    entity = services.entity_create(user=request.user, data=json_object_body(request))
    return Status(201, entity_out(entity))


@router.post(
    "/entities/{entity_id}/update", response={200: EntityOut, **ERRORS}, summary="修改检查对象",
    openapi_extra=body_schema(EntityData),
)  # fmt: skip
def entity_change(request: HttpRequest, entity_id: str) -> EntityOut:
    """The fields sent replace the entity's current ones; the others stay as they are."""
    entity = entity_get_for_maintenance(user=request.user, entity_id=entity_id)
    current = {name: getattr(entity, name) for name in EntityData.model_fields}
    data = current | json_object_body(request)
    return entity_out(services.entity_update(user=request.user, entity_id=entity.pk, data=data))


@router.post(
    "/relations", response={201: dict[str, str], **ERRORS}, summary="登记回避关系",
    openapi_extra=body_schema(RelationData),
)  # fmt: skip
def relation_add(request: HttpRequest) -> Status[dict[str, str]]:
    relation = services.relation_declare(user=request.user, data=json_object_body(request))
    return Status(201, {"id": str(relation.pk)})


@router.post(
    "/inspectors/refresh",
    response={200: dict[str, int], **ERRORS},
    summary="更新执法检查人员名录库",
)
def inspectors_refresh(request: HttpRequest) -> dict[str, int]:
    json_object_body(request)
    return services.inspector_pool_refresh(user=request.user)


@router.get("/tasks", response={200: list[TaskOut], **ERRORS}, summary="抽查任务列表")
def task_list(request: HttpRequest) -> list[TaskOut]:
    return [task_out(t) for t in tasks_visible_to(request.user)[:LIST_LIMIT]]


@router.post(
    "/tasks", response={201: TaskOut, **ERRORS}, summary="拟定抽查任务",
    openapi_extra=body_schema(TaskData),
)  # fmt: skip
def task_add(request: HttpRequest) -> Status[TaskOut]:
    task = services.task_create(user=request.user, data=json_object_body(request))
    return Status(201, task_out(task))


@router.get("/tasks/{task_id}", response={200: TaskOut, **ERRORS}, summary="抽查任务详情")
def task_detail(request: HttpRequest, task_id: str) -> TaskOut:
    return task_out(task_get_for_user(user=request.user, task_id=task_id))


def _after(request: HttpRequest, task_id: str) -> TaskOut:
    return task_out(task_get_for_user(user=request.user, task_id=task_id))


@router.post("/tasks/{task_id}/approve", response={200: TaskOut, **ERRORS}, summary="批准抽查任务")
def task_approve(request: HttpRequest, task_id: str) -> TaskOut:
    json_object_body(request)
    services.task_approve(
        user=request.user, task_id=task_get_for_user(user=request.user, task_id=task_id).pk
    )
    return _after(request, task_id)


@router.post(
    "/tasks/{task_id}/publish-inputs", response={200: TaskOut, **ERRORS},
    summary="公布抽取输入（名录、约束、随机数来源）", openapi_extra=body_schema(InputsData),
)  # fmt: skip
def inputs_publish(request: HttpRequest, task_id: str) -> TaskOut:
    pk = task_get_for_user(user=request.user, task_id=task_id).pk
    services.draw_inputs_publish(user=request.user, task_id=pk, data=json_object_body(request))
    return _after(request, task_id)


@router.post(
    "/tasks/{task_id}/entropy", response={200: TaskOut, **ERRORS},
    summary="录入随机数来源的值", openapi_extra=body_schema(EntropyData),
)  # fmt: skip
def entropy_record(request: HttpRequest, task_id: str) -> TaskOut:
    pk = task_get_for_user(user=request.user, task_id=task_id).pk
    services.draw_entropy_record(user=request.user, task_id=pk, data=json_object_body(request))
    return _after(request, task_id)


@router.post("/tasks/{task_id}/run", response={200: TaskOut, **ERRORS}, summary="抽取（只能一次）")
def draw_run(request: HttpRequest, task_id: str) -> TaskOut:
    json_object_body(request)
    services.draw_run(
        user=request.user, task_id=task_get_for_user(user=request.user, task_id=task_id).pk
    )
    return _after(request, task_id)


@router.post(
    "/tasks/{task_id}/open", response={200: TaskOut, **ERRORS},
    summary="开启本机关承担的检查", openapi_extra=body_schema(OpenData),
)  # fmt: skip
def assignments_open(request: HttpRequest, task_id: str) -> TaskOut:
    pk = task_get_for_user(user=request.user, task_id=task_id).pk
    services.draw_assignments_open(user=request.user, task_id=pk, data=json_object_body(request))
    return _after(request, task_id)


@router.post(
    "/tasks/{task_id}/publish-results", response={200: TaskOut, **ERRORS}, summary="公示检查结果"
)
def results_publish(request: HttpRequest, task_id: str) -> TaskOut:
    json_object_body(request)
    pk = task_get_for_user(user=request.user, task_id=task_id).pk
    services.task_results_publish(user=request.user, task_id=pk)
    return _after(request, task_id)


@router.get("/alerts", response={200: list[AlertOut], **ERRORS}, summary="多头检查预警")
def alert_list(request: HttpRequest) -> list[AlertOut]:
    return [
        AlertOut(
            uscc=a.uscc,
            entity_name=a.entity_name,
            window_start=a.window_start,
            window_end=a.window_end,
            agency_ids=a.agency_ids,
            threshold=a.threshold,
        )  # fmt: skip
        for a in alerts_visible_to(request.user)[:LIST_LIMIT]
    ]
