"""抽查任务 services: create (from the 随机抽查事项清单) and approve."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from sanxiang.cases.services.common import acting_officer, today_or
from sanxiang.cases.services.validation import parse
from sanxiang.catalog.models import SpotCheckItem
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.models import Agency
from sanxiang.spotchecks.models import SpotCheckTask, TaskParticipant, TaskStatus
from sanxiang.spotchecks.payloads import TaskData
from sanxiang.spotchecks.permissions import can_maintain, is_head_of, tasks_visible_to

NOT_STAFF = "只有本机关执法人员或负责人可以拟定抽查任务"
NOT_HEAD = "只有牵头机关负责人可以{what}"
FIELD_UNKNOWN = "执法领域不存在或不属于本机关"
ITEMS_UNKNOWN = "抽查事项须为本机关现行随机抽查事项清单中的事项"
PARTNER_UNKNOWN = "联合抽查的参与机关不存在、已停用或重复"
PARTNER_FIELD = "参与机关“{name}”没有“{field}”执法领域"
COUNT_OR_RATIO = "抽取数量和抽取比例须填写且只填写一项"
WINDOW_ORDER = "检查期间止不得早于检查期间起"
# Each agency of a joint task opens its own inspection case (its own enforcement act), which
# needs two of its own certified officers; a combined visit (综合查一次) is those teams together.
TOO_FEW = "每个检查对象的检查人员不得少于两人（联合抽查时每个参与机关各至少两人，各自立检查案件）"
WRONG_STATUS = "抽查任务当前为“{status}”，不能{what}"
CITATION_TEAM = "《行政处罚法》第四十二条；《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》"


def task_lock_for_user(*, user: Any, task_id: Any) -> SpotCheckTask:
    """The task, row-locked, if visible to `user`. Raises: NotFound."""
    if not tasks_visible_to(user).filter(pk=task_id).exists():
        raise NotFound()
    return (
        SpotCheckTask.objects.select_for_update().select_related("agency", "field").get(pk=task_id)
    )


def require_status(task: SpotCheckTask, what: str, *statuses: str) -> None:
    """Raises: RuleViolation `wrong_status`."""
    if task.status not in statuses:
        raise RuleViolation(
            WRONG_STATUS.format(status=task.get_status_display(), what=what), code="wrong_status"
        )


def require_lead_head(user: Any, task: SpotCheckTask, what: str) -> None:
    """Raises: Forbidden `not_head`."""
    if not is_head_of(user, task.agency_id):
        raise Forbidden(NOT_HEAD.format(what=what), code="not_head")


def _items(agency: Agency, payload: TaskData, day: dt.date) -> list[SpotCheckItem]:
    items = [
        i
        for i in SpotCheckItem.objects.filter(pk__in=payload.item_ids, agency=agency)
        if i.in_force_on(day)
    ]
    if len(items) != len(set(payload.item_ids)):
        raise ValidationFailed(ITEMS_UNKNOWN, code="items_unknown")
    return items


def _partners(lead: Agency, payload: TaskData, field_code: str) -> list[tuple[Agency, int]]:
    out: list[tuple[Agency, int]] = []
    ids = [p.agency_id for p in payload.partners]
    if len(set(ids)) != len(ids) or lead.pk in ids:
        raise ValidationFailed(PARTNER_UNKNOWN, code="partner_unknown")
    for partner in payload.partners:
        agency = Agency.objects.filter(pk=partner.agency_id, is_active=True).first()
        if agency is None:
            raise ValidationFailed(PARTNER_UNKNOWN, code="partner_unknown")
        if not agency.fields.filter(code=field_code).exists():
            raise ValidationFailed(
                PARTNER_FIELD.format(name=agency.name, field=field_code), code="partner_field"
            )
        out.append((agency, partner.inspectors_per_object))
    return out


def _check_shape(payload: TaskData, partners: list[tuple[Agency, int]]) -> None:
    if (payload.count is None) == (payload.ratio_percent is None):
        raise ValidationFailed(COUNT_OR_RATIO, code="count_or_ratio")
    if payload.window_end < payload.window_start:
        raise ValidationFailed(WINDOW_ORDER, code="window_order")
    if payload.inspectors_per_object < 2 or any(n < 2 for _, n in partners):
        raise RuleViolation(TOO_FEW, code="inspectors_too_few", citation=CITATION_TEAM)


@transaction.atomic
def task_create(
    *, user: Any, data: Mapping[str, Any] | TaskData, today: dt.date | None = None
) -> SpotCheckTask:
    """Draft a 抽查任务 led by the actor's agency (with partners: 跨部门联合抽查).

    Raises: Forbidden `not_staff`; ValidationFailed (input, `field_unknown`, `items_unknown`,
        `partner_unknown`, `partner_field`, `count_or_ratio`, `window_order`);
        RuleViolation `inspectors_too_few`.
    """
    actor = acting_officer(user)
    if not can_maintain(user, actor.agency):
        raise Forbidden(NOT_STAFF, code="not_staff")
    payload = parse(TaskData, data)
    day = today_or(today)
    lead = actor.agency
    field = lead.fields.filter(code=payload.field_code).first()
    if field is None:
        raise ValidationFailed(FIELD_UNKNOWN, code="field_unknown")
    items = _items(lead, payload, day)
    partners = _partners(lead, payload, field.code)
    _check_shape(payload, partners)
    task = SpotCheckTask(
        agency=lead,
        title=payload.title,
        field=field,
        filter_industry=payload.filter_industry,
        filter_region_code=payload.filter_region_code,
        filter_risk_grade=payload.filter_risk_grade or "",
        count=payload.count,
        ratio_percent=payload.ratio_percent,
        window_start=payload.window_start,
        window_end=payload.window_end,
        created_by=user,
        updated_by=user,
    )
    task.full_clean()
    task.save()
    task.items.set(items)
    shares = [(lead, payload.inspectors_per_object), *partners]
    for position, (agency, per_object) in enumerate(shares):
        participant = TaskParticipant.objects.create(
            task=task, agency=agency, position=position, inspectors_per_object=per_object,
            created_by=user,
        )  # fmt: skip
        audit_record(
            actor=user,
            event="spotchecks.participant.added",
            target=participant,
            agency_id=agency.pk,
            new={"task": str(task.pk), "position": position, "inspectors_per_object": per_object},
        )
    audit_record(
        actor=user,
        event="spotchecks.task.created",
        target=task,
        agency_id=lead.pk,
        new={
            "title": task.title,
            "field": field.code,
            "items": [f"{i.code}@{i.version}" for i in items],
            "participants": [[str(a.pk), n] for a, n in shares],
            "count": task.count,
            "ratio_percent": task.ratio_percent,
            "window": [task.window_start.isoformat(), task.window_end.isoformat()],
        },
    )
    return task


@transaction.atomic
def task_approve(*, user: Any, task_id: Any, today: dt.date | None = None) -> SpotCheckTask:
    """机关负责人 approves the drafted task. Raises: NotFound; Forbidden `not_head`;
    RuleViolation `wrong_status`."""
    task = task_lock_for_user(user=user, task_id=task_id)
    require_lead_head(user, task, "批准抽查任务")
    require_status(task, "批准", TaskStatus.DRAFT)
    task.status = TaskStatus.APPROVED
    task.approved_by = acting_officer(user)
    task.approved_on = today_or(today)
    task.updated_by = user
    task.save(update_fields=["status", "approved_by", "approved_on", "updated_by", "updated_at"])
    audit_record(
        actor=user,
        event="spotchecks.task.approved",
        target=task,
        agency_id=task.agency_id,
        old={"status": TaskStatus.DRAFT},
        new={"status": task.status, "approved_on": task.approved_on.isoformat()},
    )
    return task
