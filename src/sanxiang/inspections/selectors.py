"""Reads of the inspections app that cross a permission boundary: the board, plans, the public
list of published plans, and the inspection behind a case (either way of a 转立案)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from sanxiang.cases.alerts import horizons_on
from sanxiang.cases.models import Case, Deadline, DeadlineKind, DeadlineState
from sanxiang.cases.selectors import Clock, clock_of, mask_identifier
from sanxiang.cases.states import CaseStatus
from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.inspections.models import Inspection, InspectionPlan
from sanxiang.inspections.permissions import inspections_visible_to, plans_visible_to

S = CaseStatus
CONCLUDED_SHOWN = 50
ENDED = (S.INSPECTION_CONCLUDED, S.CLOSED, S.ARCHIVED)


@dataclass(frozen=True)
class InspectionRow:
    case_id: uuid.UUID
    lead_number: str
    title: str
    status_label: str
    party_name: str
    party_identifier_masked: str
    source_label: str
    planned_on: dt.date
    inspected_on: dt.date | None
    result_label: str
    concluded_on: dt.date | None
    correction_due_on: dt.date | None
    clock: Clock | None = None
    transferred_case_id: uuid.UUID | None = None


@dataclass
class Board:
    planned: list[InspectionRow] = field(default_factory=list)
    in_progress: list[InspectionRow] = field(default_factory=list)
    rectifying: list[InspectionRow] = field(default_factory=list)
    concluded: list[InspectionRow] = field(default_factory=list)
    plans: list[InspectionPlan] = field(default_factory=list)


def _row(inspection: Inspection, clock: Clock | None = None) -> InspectionRow:
    case = inspection.case
    return InspectionRow(
        case_id=case.pk,
        lead_number=case.lead_number,
        title=case.title,
        status_label=case.get_status_display(),
        party_name=case.party_name,
        party_identifier_masked=mask_identifier(case.party_identifier),
        source_label=inspection.get_source_display(),
        planned_on=inspection.planned_on,
        inspected_on=inspection.inspected_on,
        result_label=inspection.get_result_display() if inspection.result else "",
        concluded_on=inspection.concluded_on,
        correction_due_on=inspection.correction_due_on,
        clock=clock,
        transferred_case_id=inspection.transferred_case_id,
    )


def inspection_board(user: Any, today: dt.date) -> Board:
    """待检查, 已检查待结论, 责令改正中 (with the 改正期限 临期/超期), recent conclusions, plans."""
    visible = inspections_visible_to(user).select_related("case")
    board = Board()
    for inspection in visible.filter(case__status=S.INSPECTION_PLANNED).order_by("planned_on"):
        board.planned.append(_row(inspection))
    for inspection in visible.filter(case__status=S.INSPECTION_CHECKED).order_by("inspected_on"):
        board.in_progress.append(_row(inspection))
    rectifying = list(
        visible.filter(case__status=S.INSPECTION_RECTIFYING).order_by("correction_due_on")
    )
    if rectifying:
        horizons = horizons_on(today)
        clocks = {
            d.case_id: d
            for d in Deadline.objects.filter(
                case_id__in=[i.case_id for i in rectifying],
                kind=DeadlineKind.INSPECTION_CORRECTION,
                state=DeadlineState.RUNNING,
            )
        }
        for inspection in rectifying:
            deadline = clocks.get(inspection.case_id)
            clock = clock_of(deadline, horizons) if deadline is not None else None
            board.rectifying.append(_row(inspection, clock))
    ended = visible.filter(case__status__in=ENDED).order_by("-concluded_on", "-created_at")
    board.concluded = [_row(i) for i in ended[:CONCLUDED_SHOWN]]
    board.plans = list(plans_visible_to(user).select_related("item").order_by("-year", "title"))
    return board


def inspection_get_for_user(user: Any, case_id: Any) -> Inspection:
    """Raises: NotFound (missing, malformed or not visible: the same 404)."""
    pk = uuid_or_not_found(case_id)
    found = (
        inspections_visible_to(user)
        .select_related("case", "plan", "transferred_case")
        .filter(case_id=pk)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def plan_get_for_user(user: Any, plan_id: Any) -> InspectionPlan:
    """Raises: NotFound (missing, malformed or another agency's plan)."""
    pk = uuid_or_not_found(plan_id)
    plan = plans_visible_to(user).select_related("item", "approved_by").filter(pk=pk).first()
    if plan is None:
        raise NotFound()
    return plan


def plan_inspections(plan: InspectionPlan, user: Any) -> list[InspectionRow]:
    visible = inspections_visible_to(user).filter(plan=plan).select_related("case")
    return [_row(i) for i in visible.order_by("-planned_on")]


def plans_published(agency_id: Any = None) -> QuerySet[InspectionPlan]:
    """事前公开: published plans (no login); never the approver or anything not yet published."""
    plans = InspectionPlan.objects.filter(published_on__isnull=False).select_related(
        "agency", "item"
    )
    if agency_id:
        plans = plans.filter(agency_id=agency_id)
    return plans.order_by("agency__name", "-year", "title")


def inspection_of_case(case: Case) -> Inspection | None:
    """The inspection a case is, or the inspection whose 转立案 opened it (penalty case)."""
    if case.kind == "inspection":
        return (
            Inspection.objects.filter(case=case).select_related("plan", "transferred_case").first()
        )
    return Inspection.objects.filter(transferred_case=case).select_related("case").first()
