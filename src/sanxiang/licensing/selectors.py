"""Reads of the licensing app that cross a permission boundary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from sanxiang.cases.models import Case, Deadline, DeadlineState, OfficerRole
from sanxiang.cases.permissions import cases_visible_to
from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.licensing.models import ApplicationChannel, Licence, LicenceStatus
from sanxiang.organisations.models import Role
from sanxiang.organisations.permissions import agency_ids_with_role, grants_of

RENEWAL_NOTICE_DAYS = 30  # 许可法 §50: apply 30 days before expiry
REMINDER_WINDOW_DAYS = 60  # list a licence from 30 days before its renewal deadline
DUE_SOON_DAYS = 3


def licence_cases_visible_to(user: Any) -> QuerySet[Case]:
    return cases_visible_to(user).filter(kind="licence")


def licence_case_get_for_user(*, user: Any, case_id: Any) -> Case:
    """Raises: NotFound (missing, not a licence case, or not visible)."""
    pk = uuid_or_not_found(case_id)
    case = (
        licence_cases_visible_to(user)
        .select_related("agency", "item", "licence_application")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise NotFound()
    return case


def licences_visible_to(user: Any) -> QuerySet[Licence]:
    """Staff of the agency (any role there) and the supervising 司法局; nobody else."""
    agencies = {agency for _, agency in grants_of(user)}
    supervised = agency_ids_with_role(user, Role.SUPERVISOR)
    return Licence.objects.filter(
        Q(agency_id__in=agencies) | Q(agency__supervising_agency_id__in=supervised)
    )


def licence_get_for_user(*, user: Any, licence_id: Any) -> Licence:
    pk = uuid_or_not_found(licence_id)
    licence = licences_visible_to(user).select_related("agency", "case").filter(pk=pk).first()
    if licence is None:
        raise NotFound()
    return licence


def unassigned_online_applications(user: Any) -> QuerySet[Case]:
    """Online applications of the agencies where `user` is a head, with no 主办人 yet."""
    heads = agency_ids_with_role(user, Role.UNIT_HEAD, Role.AGENCY_HEAD)
    return (
        Case.objects.filter(
            kind="licence",
            agency_id__in=heads,
            licence_application__channel=ApplicationChannel.ONLINE,
        )
        .exclude(assignments__active=True, assignments__role=OfficerRole.LEAD)
        .select_related("licence_application")
        .order_by("created_at")
    )


@dataclass(frozen=True)
class ClockRow:
    deadline: Deadline
    level: str  # "" | "due_soon" | "overdue"


def running_licence_clocks(user: Any, today: dt.date) -> list[ClockRow]:
    """The running licence clocks of the cases `user` sees, 临期 (≤3 days) and 超期 marked."""
    rows = (
        Deadline.objects.filter(
            case__in=licence_cases_visible_to(user), state=DeadlineState.RUNNING
        )
        .select_related("case")
        .order_by("due_on")
    )
    out = []
    for d in rows:
        level = ""
        if d.due_on < today:
            level = "overdue"
        elif (d.due_on - today).days <= DUE_SOON_DAYS:
            level = "due_soon"
        out.append(ClockRow(d, level))
    return out


def licences_for_renewal_reminder(user: Any, today: dt.date) -> QuerySet[Licence]:
    """§50: valid licences whose renewal application deadline (30 days before expiry) comes
    within the next 30 days — the list the agency works through to remind holders."""
    return licences_visible_to(user).filter(
        status=LicenceStatus.VALID,
        valid_to__isnull=False,
        valid_to__gte=today,
        valid_to__lte=today + dt.timedelta(days=REMINDER_WINDOW_DAYS),
    )


def renewal_deadline(licence: Licence) -> dt.date | None:
    """The last day a renewal may be applied for (30 days before valid_to, §50)."""
    if licence.valid_to is None:
        return None
    return licence.valid_to - dt.timedelta(days=RENEWAL_NOTICE_DAYS)


def public_licences() -> QuerySet[Licence]:
    """许可法 §40: the 准予 decisions anyone may consult (every licence issued)."""
    return Licence.objects.select_related("agency").order_by("-issued_on", "number")


def licence_applications_of(user: Any) -> QuerySet[Case]:
    """The applicant's own online applications (for the applicants app)."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return Case.objects.filter(kind="licence", licence_application__applicant_account=user)
