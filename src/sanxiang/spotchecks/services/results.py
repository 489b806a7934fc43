"""一公开: publish a task's inspection results within 20 working days of the last conclusion."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from sanxiang.cases.models import Case, PartyKind
from sanxiang.core.calendar import DayUnit, provisional_deadline_after
from sanxiang.core.errors import RuleViolation
from sanxiang.inspections.models import Inspection, InspectionResult
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.models import Officer
from sanxiang.spotchecks.draw import json_sha256
from sanxiang.spotchecks.models import Assignment, SpotCheckTask, TaskStatus
from sanxiang.spotchecks.services.draws import public_label
from sanxiang.spotchecks.services.tasks import require_lead_head, require_status, task_lock_for_user

RESULTS_WORKING_DAYS = 20
CITATION = (
    "《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》（20个工作日内公示）"
)
NOT_CONCLUDED = "尚有 {count} 项检查没有作出检查结论（{names}），不能公示结果"
NOT_OPENED = "尚有 {count} 项抽查分派没有开启检查"
# What the public reads for each inspection result.
PUBLIC_RESULT = {
    InspectionResult.PASSED: "合格",
    InspectionResult.CORRECTED: "责令改正",
    InspectionResult.TRANSFERRED: "转立案",
    InspectionResult.NOT_FOUND: "查无下落",
}


def _inspections(task: SpotCheckTask) -> dict[str, Inspection]:
    ids = [a.case_id for a in task.assignments.all() if a.case_id]
    rows = Inspection.objects.filter(case_id__in=ids).select_related("case")
    return {str(i.case_id): i for i in rows}


def results_due_on(task: SpotCheckTask) -> dt.date | None:
    """20 working days after the last conclusion, once every opened inspection is concluded."""
    assignments = list(task.assignments.all())
    if not assignments or any(a.case_id is None for a in assignments):
        return None
    found = _inspections(task)
    days = [found[str(a.case_id)].concluded_on for a in assignments if str(a.case_id) in found]
    if len(days) != len(assignments) or any(d is None for d in days):
        return None
    # Like every case clock, a period running into a year whose 节假日安排 is not loaded yet (each
    # December) counts that year's days as weekdays rather than refusing to publish.
    last = max(d for d in days if d is not None)
    due, _provisional = provisional_deadline_after(
        start=last, days=RESULTS_WORKING_DAYS, unit=DayUnit.WORKING
    )
    return due


def _rows(task: SpotCheckTask, found: dict[str, Inspection]) -> list[dict[str, Any]]:
    names = dict(Officer.objects.values_list("pk", "name"))
    rows = []
    for a in task.assignments.select_related("entity", "agency").order_by(
        "position", "agency__name"
    ):
        inspection = found[str(a.case_id)]
        rows.append(
            {
                "position": a.position,
                "entity": public_label(a.entity),
                "uscc": "" if a.entity.party_kind == PartyKind.PERSON else a.entity.uscc,
                "agency": a.agency.name,
                "inspectors": [names.get(uuid.UUID(o), "") for o in a.inspector_ids],
                "result": PUBLIC_RESULT.get(InspectionResult(inspection.result), inspection.result),
                "inspected_on": (inspection.inspected_on or inspection.planned_on).isoformat(),
                "concluded_on": inspection.concluded_on.isoformat()
                if inspection.concluded_on
                else "",
            }
        )
    return rows


@transaction.atomic
def task_results_publish(*, user: Any, task_id: Any, today: dt.date | None = None) -> SpotCheckTask:
    """Publish objects, inspectors, results and dates once every inspection is concluded.

    Publishing after the 20-working-day limit is still allowed (the public must get the result)
    but is recorded as late in the ledger entry.
    Raises: NotFound; Forbidden `not_head`; RuleViolation `wrong_status`, `not_opened`,
        `not_concluded`.
    """
    task = task_lock_for_user(user=user, task_id=task_id)
    require_lead_head(user, task, "公示检查结果")
    require_status(task, "公示检查结果", TaskStatus.INSPECTING)
    unopened = [a for a in task.assignments.all() if a.case_id is None]
    if unopened:
        raise RuleViolation(NOT_OPENED.format(count=len(unopened)), code="not_opened")
    found = _inspections(task)
    pending = [
        a for a in task.assignments.select_related("entity")
        if not found.get(str(a.case_id)) or not found[str(a.case_id)].concluded_on
    ]  # fmt: skip
    if pending:
        raise RuleViolation(
            NOT_CONCLUDED.format(
                count=len(pending), names="、".join(a.entity.name for a in pending[:5])
            ),
            code="not_concluded",
        )
    due = results_due_on(task)
    day = today or timezone.localdate()
    task.results = _rows(task, found)
    task.results_sha256 = json_sha256(task.results)
    task.results_due_on = due
    task.results_published_at = timezone.now()
    task.status = TaskStatus.RESULTS_PUBLISHED
    task.updated_by = user
    task.save()
    audit_record(
        actor=user,
        event="spotchecks.task.results_published",
        target=task,
        agency_id=task.agency_id,
        old={"status": TaskStatus.INSPECTING},
        new={
            "status": task.status,
            "results_sha256": task.results_sha256,
            "due_on": due.isoformat() if due else None,
            "late": bool(due and day > due),
        },
        subject_sha256=task.results_sha256,
    )
    return task


def cases_of(assignments: list[Assignment]) -> dict[str, Case]:
    ids = [a.case_id for a in assignments if a.case_id]
    return {str(c.pk): c for c in Case.objects.filter(pk__in=ids)}
