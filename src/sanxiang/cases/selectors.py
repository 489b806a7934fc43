"""Reads of cases across the permission boundary: the workbench list, one case, its timeline.

The workbench page and the JSON API render what these return (frozen dataclasses), so the two
show the same thing. Scope always starts from `permissions.cases_visible_to`; another agency's
case is the same NotFound as a missing one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from sanxiang.cases.alerts import Horizons, horizons_on
from sanxiang.cases.models import (
    AlertLevel,
    Case,
    CaseOfficer,
    CaseStep,
    Deadline,
    DeadlineState,
    OfficerRole,
)
from sanxiang.cases.permissions import cases_visible_to, officer_of
from sanxiang.cases.selectors_content import (
    ContentItem,
    readable_content,
)
from sanxiang.cases.states import CaseStatus
from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.evidence.models import EvidenceItem
from sanxiang.organisations.models import Role, Unit
from sanxiang.organisations.permissions import agency_ids_with_role, grants_of

WORKBENCH_LIMIT = 300
EVIDENCE_CHOICES_LIMIT = 200
# Finished cases leave "my cases" unless asked for: nothing is left to do on them.
FINISHED = (CaseStatus.ARCHIVED,)
# The 法制审核人员's desk: what waits for a review or a check.
REVIEWER_STATUSES = (CaseStatus.CASE_CHECK, CaseStatus.LEGAL_REVIEW)


@dataclass(frozen=True)
class Clock:
    """A running legal time limit as the officer sees it."""

    kind: str
    label: str
    citation: str
    starts_on: dt.date
    due_on: dt.date
    days_left: int  # calendar days until the last day; negative once it has passed
    days_overdue: int  # calendar days since the last day passed; 0 while running in time
    level: str  # "" | AlertLevel.DUE_SOON | AlertLevel.OVERDUE
    level_label: str
    provisional: bool = False  # the next year's 节假日安排 was not loaded when it was computed


@dataclass(frozen=True)
class WorkbenchRow:
    id: uuid.UUID
    lead_number: str
    number: str
    title: str
    status: str
    status_label: str
    procedure: str
    procedure_label: str
    party_name: str
    party_identifier_masked: str
    clocks: tuple[Clock, ...]
    level: str  # the most urgent level among the clocks


@dataclass(frozen=True)
class EvidenceLink:
    id: uuid.UUID
    filename: str
    media_type: str
    sha256: str


@dataclass(frozen=True)
class TimelineEntry:
    sequence: int
    action: str
    label: str
    occurred_on: dt.date
    actor_name: str
    status_before: str
    status_after: str
    status_after_label: str
    content: tuple[ContentItem, ...]
    evidence: tuple[EvidenceLink, ...]
    av_absence_reason: str
    av_absence_approved_by: str


@dataclass(frozen=True)
class CaseOfficerRow:
    officer_id: uuid.UUID
    name: str
    role: str
    role_label: str


def mask_identifier(value: str) -> str:
    """身份证号 / 统一社会信用代码 for lists: the first three and last four characters only."""
    text = value.strip()
    if len(text) <= 8:
        return "*" * len(text)
    return f"{text[:3]}{'*' * (len(text) - 7)}{text[-4:]}"


def clock_of(deadline: Deadline, horizons: Horizons) -> Clock:
    """The clock with its 临期/超期 level, by the same warning window as the worker's alerts
    (alerts.py: 2 working days ahead for 工作日 clocks, 5 for natural-day ones)."""
    days_left = (deadline.due_on - horizons.today).days
    found = horizons.level(deadline)
    level = str(found) if found else ""
    return Clock(
        kind=deadline.kind,
        label=deadline.get_kind_display(),
        citation=deadline.citation,
        starts_on=deadline.starts_on,
        due_on=deadline.due_on,
        days_left=days_left,
        days_overdue=max(0, -days_left),
        level=level,
        level_label=AlertLevel(level).label if level else "",
        provisional=deadline.provisional,
    )


def _worst(clocks: Iterable[Clock]) -> str:
    levels = {c.level for c in clocks}
    for level in (AlertLevel.OVERDUE, AlertLevel.DUE_SOON):
        if level in levels:
            return str(level)
    return ""


def _unit_subtree(unit: Unit) -> set[Any]:
    """The unit and every unit below it (one query for the agency's units)."""
    children: dict[Any, list[Any]] = {}
    for pk, parent in Unit.objects.filter(agency_id=unit.agency_id).values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = set(), [unit.pk]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, ()))
    return found


def _workbench_scope(user: Any) -> Q:
    """ "My cases": assigned ones for officers, the unit's for unit heads, the agency's for agency
    heads, those awaiting review for reviewers, the supervised agencies' for the 司法局."""
    grants = grants_of(user)
    officer = officer_of(user)
    q = Q(pk__in=[])
    if officer is not None and any(r == Role.OFFICER for r, _ in grants):
        assigned = CaseOfficer.objects.filter(officer=officer, active=True).values("case_id")
        q |= Q(pk__in=assigned, agency_id=officer.agency_id)
    for agency_id in agency_ids_with_role(user, Role.UNIT_HEAD):
        own_unit = officer is not None and officer.agency_id == agency_id and officer.unit_id
        if own_unit and officer is not None and officer.unit is not None:
            q |= Q(agency_id=agency_id, unit_id__in=_unit_subtree(officer.unit))
        else:
            q |= Q(agency_id=agency_id)
    q |= Q(agency_id__in=agency_ids_with_role(user, Role.AGENCY_HEAD))
    reviewing = agency_ids_with_role(user, Role.REVIEWER)
    q |= Q(agency_id__in=reviewing, status__in=REVIEWER_STATUSES)
    supervised = agency_ids_with_role(user, Role.SUPERVISOR)
    q |= Q(agency__supervising_agency_id__in=supervised)
    return q


def _running() -> Prefetch:  # type: ignore[type-arg]
    return Prefetch(
        "deadlines",
        queryset=Deadline.objects.filter(state=DeadlineState.RUNNING).order_by("due_on", "kind"),
        to_attr="running_deadlines",
    )


def workbench_queryset(user: Any, *, include_finished: bool = False) -> QuerySet[Case]:
    visible = cases_visible_to(user).values("pk")
    qs = Case.objects.filter(pk__in=visible).filter(_workbench_scope(user))
    if not include_finished:
        qs = qs.exclude(status__in=FINISHED)
    return qs.annotate(
        next_due=Min("deadlines__due_on", filter=Q(deadlines__state=DeadlineState.RUNNING))
    ).order_by(F("next_due").asc(nulls_last=True), "-created_at")


def cases_for_workbench(
    user: Any, *, today: dt.date | None = None, include_finished: bool = False
) -> list[WorkbenchRow]:
    """我的案件 with their running clocks, the most urgent first (a fixed number of queries)."""
    day = today or timezone.localdate()
    qs = workbench_queryset(user, include_finished=include_finished).prefetch_related(_running())
    horizons = horizons_on(day)
    rows = []
    for case in qs[:WORKBENCH_LIMIT]:
        clocks = tuple(clock_of(d, horizons) for d in case.running_deadlines)  # type: ignore[attr-defined]
        rows.append(
            WorkbenchRow(
                id=case.pk,
                lead_number=case.lead_number,
                number=case.number,
                title=case.title,
                status=case.status,
                status_label=case.get_status_display(),
                procedure=case.procedure,
                procedure_label=case.get_procedure_display(),
                party_name=case.party_name,
                party_identifier_masked=mask_identifier(case.party_identifier),
                clocks=clocks,
                level=_worst(clocks),
            )
        )
    return rows


def case_get_for_user(*, user: Any, case_id: Any) -> Case:
    """The case if `user` may see it.

    Raises: NotFound when it is missing, malformed or outside the user's scope (the same error).
    """
    pk = uuid_or_not_found(case_id)
    case = (
        Case.objects.filter(pk__in=cases_visible_to(user).values("pk"))
        .select_related("agency", "field", "item", "unit")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise NotFound()
    return case


def case_clocks(case: Case, *, today: dt.date | None = None) -> list[Clock]:
    day = today or timezone.localdate()
    running = case.deadlines.filter(state=DeadlineState.RUNNING).order_by("due_on", "kind")
    horizons = horizons_on(day)
    return [clock_of(d, horizons) for d in running]


def case_officers(case: Case) -> list[CaseOfficerRow]:
    """The officers in charge now, 主办人 first."""
    rows = case.assignments.filter(active=True).select_related("officer")
    return [
        CaseOfficerRow(
            officer_id=a.officer_id,
            name=a.officer.name,
            role=a.role,
            role_label=OfficerRole(a.role).label,
        )
        for a in sorted(rows, key=lambda a: (a.role != OfficerRole.LEAD, a.created_at))
    ]


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Every recorded step of the case, in order, with readable content and its evidence."""
    steps = (
        CaseStep.objects.filter(case=case)
        .select_related("actor", "av_absence_approved_by")
        .prefetch_related(
            Prefetch("evidence", queryset=EvidenceItem.objects.select_related("blob"))
        )
        .order_by("sequence")
    )
    return [
        TimelineEntry(
            sequence=step.sequence,
            action=step.action,
            label=step.label,
            occurred_on=step.occurred_on,
            actor_name=step.actor_label,
            status_before=step.status_before,
            status_after=step.status_after,
            status_after_label=_status_label(step.status_after),
            content=tuple(readable_content(step.action, step.content)),
            evidence=tuple(
                EvidenceLink(
                    id=e.pk, filename=e.filename, media_type=e.blob.media_type, sha256=e.blob_id
                )
                for e in step.evidence.all()
            ),
            av_absence_reason=step.av_absence_reason,
            av_absence_approved_by=(
                step.av_absence_approved_by.name if step.av_absence_approved_by else ""
            ),
        )
        for step in steps
    ]


def _status_label(status: str) -> str:
    try:
        return CaseStatus(status).label
    except ValueError:
        return status


def sealed_evidence_for_case(case: Case) -> list[EvidenceItem]:
    """The agency's sealed evidence items an officer may attach to a step, newest first."""
    return list(
        EvidenceItem.objects.filter(agency_id=case.agency_id)
        .select_related("blob")
        .order_by("-created_at")[:EVIDENCE_CHOICES_LIMIT]
    )
