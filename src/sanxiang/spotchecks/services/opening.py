"""Open the drawn inspections: each participating agency's 机关负责人 opens its share.

Every assignment becomes an inspection case through `inspections.services.inspection_open` with
source "random", the task and the 名录库 entity; a joint task visits each object once (综合查一次):
all agencies' inspections of one object carry the same date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from sanxiang.cases.services.common import today_or
from sanxiang.cases.services.validation import parse
from sanxiang.catalog.models import EnforcementItem, ItemCategory
from sanxiang.core.errors import Forbidden, RuleViolation, ValidationFailed
from sanxiang.inspections.models import InspectionSource
from sanxiang.inspections.services import inspection_open
from sanxiang.ledger.audit import audit_record
from sanxiang.spotchecks.models import Assignment, SpotCheckTask, TaskStatus
from sanxiang.spotchecks.payloads import OpenData
from sanxiang.spotchecks.permissions import is_head_of
from sanxiang.spotchecks.services.alerts import alerts_check_entity
from sanxiang.spotchecks.services.tasks import require_status, task_lock_for_user

NOT_HEAD = "只有参与机关的负责人可以开启本机关承担的检查"
NOTHING_TO_OPEN = "本机关在本任务中没有待开启的检查"
OUTSIDE_WINDOW = "检查日期须在任务的检查期间（{start} 至 {end}）内"
JOINT_DATE = "联合抽查对同一检查对象应当一次完成（综合查一次）：“{name}”已定于 {day} 检查"
ENTITY_NOT_DRAWN = "所选检查对象不在本机关承担的抽查分派中"
CITATION_JOINT = "《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》"


def _item_code(task: SpotCheckTask, agency_id: Any, on: dt.date) -> str:
    """The lead's 检查 item behind the task's first 抽查事项, if it is in force; else none."""
    if agency_id != task.agency_id:
        return ""
    for item in task.items.all():
        if item.item_code and (
            EnforcementItem.objects.filter(
                agency_id=agency_id,
                code=item.item_code,
                category=ItemCategory.INSPECTION,
                effective_from__lte=on,
            )  # fmt: skip
            .exclude(effective_to__lte=on)
            .exists()
        ):
            return item.item_code
    return ""


def _check_date(task: SpotCheckTask, assignment: Assignment, planned_on: dt.date) -> None:
    if not task.window_start <= planned_on <= task.window_end:
        raise RuleViolation(
            OUTSIDE_WINDOW.format(start=task.window_start, end=task.window_end),
            code="outside_window",
        )
    other = (
        Assignment.objects.filter(task=task, entity=assignment.entity, planned_on__isnull=False)
        .exclude(pk=assignment.pk)
        .first()
    )
    if other is not None and other.planned_on != planned_on:
        raise RuleViolation(
            JOINT_DATE.format(name=assignment.entity.name, day=other.planned_on),
            code="joint_visit_date",
            citation=CITATION_JOINT,
        )


def _opening(
    task: SpotCheckTask, assignment: Assignment, planned_on: dt.date, day: dt.date
) -> dict[str, Any]:
    entity = assignment.entity
    return {
        "title": f"{task.title}：{entity.name}",
        "field_code": task.field.code,
        "item_code": _item_code(task, assignment.agency_id, day),
        "source": InspectionSource.RANDOM,
        "source_detail": f"双随机抽查任务“{task.title}”第 {assignment.position} 个抽取对象",
        "spot_check_task_id": str(task.pk),
        "entity_id": str(entity.pk),
        "party_kind": entity.party_kind,
        "party_name": entity.name,
        "party_identifier": entity.uscc,
        "party_address": entity.address,
        "party_representative": entity.legal_representative,
        "planned_on": planned_on,
        "inspector_ids": assignment.inspector_ids,
    }


@transaction.atomic
def draw_assignments_open(
    *, user: Any, task_id: Any, data: Mapping[str, Any] | OpenData, today: dt.date | None = None
) -> list[Assignment]:
    """Open the inspection cases of the acting head's agency for its drawn objects.

    Raises: NotFound; Forbidden `not_head`; RuleViolation `wrong_status`, `nothing_to_open`,
        `outside_window`, `joint_visit_date` and whatever `inspection_open` refuses
        (e.g. `inspector_uncertified`, `inspectors_too_few`); ValidationFailed `entity_not_drawn`.
    """
    task = task_lock_for_user(user=user, task_id=task_id)
    require_status(task, "开启检查", TaskStatus.DRAWN, TaskStatus.INSPECTING)
    payload = parse(OpenData, data)
    day = today_or(today)
    mine = [
        a
        for a in task.assignments.select_related("entity").filter(case_id__isnull=True)
        if is_head_of(user, a.agency_id)
    ]
    if not mine:
        if not any(is_head_of(user, a.agency_id) for a in task.assignments.all()):
            raise Forbidden(NOT_HEAD, code="not_head")
        raise RuleViolation(NOTHING_TO_OPEN, code="nothing_to_open")
    if payload.entity_ids:
        wanted = set(payload.entity_ids)
        if not wanted <= {a.entity_id for a in mine}:
            raise ValidationFailed(ENTITY_NOT_DRAWN, code="entity_not_drawn")
        mine = [a for a in mine if a.entity_id in wanted]
    for assignment in mine:
        _check_date(task, assignment, payload.planned_on)
        case = inspection_open(
            user=user, data=_opening(task, assignment, payload.planned_on, day), today=day
        )
        assignment.case_id = case.pk
        assignment.planned_on = payload.planned_on
        assignment.updated_by = user
        assignment.save(update_fields=["case_id", "planned_on", "updated_by", "updated_at"])
        audit_record(
            actor=user,
            event="spotchecks.assignment.opened",
            target=assignment,
            agency_id=assignment.agency_id,
            new={"case": str(case.pk), "planned_on": payload.planned_on.isoformat()},
        )
        if assignment.entity.uscc:
            alerts_check_entity(uscc=assignment.entity.uscc, on=payload.planned_on, actor=user)
    if task.status == TaskStatus.DRAWN:
        task.status = TaskStatus.INSPECTING
        task.updated_by = user
        task.save(update_fields=["status", "updated_by", "updated_at"])
        audit_record(
            actor=user,
            event="spotchecks.task.inspecting",
            target=task,
            agency_id=task.agency_id,
            old={"status": TaskStatus.DRAWN},
            new={"status": TaskStatus.INSPECTING},
        )
    return mine
