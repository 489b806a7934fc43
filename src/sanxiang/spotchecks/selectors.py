"""Reads of the spotchecks pages that cross a permission boundary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from sanxiang.core.calendar import DayUnit, provisional_deadline_after
from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.organisations.models import Certificate, Officer, Role, RoleAssignment
from sanxiang.spotchecks.models import (
    InspectorEntry,
    MarketEntity,
    Relation,
    SpotCheckTask,
    TaskStatus,
)
from sanxiang.spotchecks.permissions import entities_visible_to, staff_agency_ids, tasks_visible_to
from sanxiang.spotchecks.services.results import results_due_on

# 临期: this many working days or fewer before the due date.
DUE_SOON_WORKING_DAYS = 3


def task_get_for_user(*, user: Any, task_id: Any) -> SpotCheckTask:
    """Raises: NotFound (missing, malformed or not visible; another agency's task is a 404)."""
    pk = uuid_or_not_found(task_id)
    task = tasks_visible_to(user).filter(pk=pk).select_related("agency", "field").first()
    if task is None:
        raise NotFound()
    return task


def entities_filtered(user: Any, params: Any) -> QuerySet[MarketEntity]:
    rows = entities_visible_to(user).select_related("agency")
    if params.get("q"):
        rows = rows.filter(Q(name__contains=params["q"]) | Q(uscc__icontains=params["q"]))
    for field in ("industry", "risk_grade", "credit_grade", "status"):
        if params.get(field):
            rows = rows.filter(**{field: params[field]})
    return rows


def entity_get_for_maintenance(*, user: Any, entity_id: Any) -> MarketEntity:
    """An entity of the user's own 名录库, to edit. The 司法局 reads but does not edit.

    Raises: NotFound (missing, malformed, or another agency's entity).
    """
    pk = uuid_or_not_found(entity_id)
    entity = MarketEntity.objects.filter(pk=pk, agency_id__in=staff_agency_ids(user)).first()
    if entity is None:
        raise NotFound()
    return entity


def inspectors_visible_to(user: Any) -> QuerySet[InspectorEntry]:
    return (
        InspectorEntry.objects.filter(agency_id__in=staff_agency_ids(user))
        .select_related("officer", "agency")
        .prefetch_related("fields")
    )


@dataclass(frozen=True)
class CertifiedNotDrawable:
    """An officer holding a valid 执法证 who is not in the pool: no 执法人员 role in the agency."""

    officer: Officer
    certificate: Certificate


def certified_without_officer_role(user: Any, on: dt.date) -> list[CertifiedNotDrawable]:
    """Active officers of the user's agencies with a 执法证 valid `on` but no 执法人员 role there.

    inspector_pool_refresh leaves them out (only that role may record inspection steps), so the
    inspectors page lists them for an administrator to grant the role. One row per valid 执法证.
    """
    has_role = RoleAssignment.objects.filter(
        user_id=OuterRef("user_id"), agency_id=OuterRef("agency_id"), role=Role.OFFICER
    )
    officers = (
        Officer.objects.filter(agency_id__in=staff_agency_ids(user), is_active=True)
        .exclude(Exists(has_role))
        .select_related("agency", "user")
        .prefetch_related("certificates__fields")
        .order_by("agency__name", "name")
    )
    return [
        CertifiedNotDrawable(officer=officer, certificate=cert)
        for officer in officers
        for cert in officer.certificates.all()
        if cert.is_valid_on(on)
    ]


def relations_visible_to(user: Any) -> QuerySet[Relation]:
    return Relation.objects.filter(entity__in=entities_visible_to(user)).select_related(
        "officer", "entity", "recorded_by"
    )


def own_officers(user: Any) -> QuerySet[Officer]:
    return Officer.objects.filter(agency_id__in=staff_agency_ids(user), is_active=True)


@dataclass
class ResultsClock:
    due_on: dt.date | None
    state: str  # "" / 临期 / 超期 / 已公示


def results_clock(task: SpotCheckTask, today: dt.date) -> ResultsClock:
    """The 20-working-day publication clock of a task's results, for the staff pages."""
    if task.status == TaskStatus.RESULTS_PUBLISHED:
        return ResultsClock(task.results_due_on, "已公示")
    if task.status != TaskStatus.INSPECTING:
        return ResultsClock(None, "")
    due = results_due_on(task)
    if due is None:
        return ResultsClock(None, "")
    if today > due:
        return ResultsClock(due, "超期")
    soon, _provisional = provisional_deadline_after(
        start=today, days=DUE_SOON_WORKING_DAYS, unit=DayUnit.WORKING
    )
    if soon >= due:
        return ResultsClock(due, "临期")
    return ResultsClock(due, "")
