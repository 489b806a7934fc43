"""Who may open inspections and keep plans, and which inspections and plans a user sees.

An inspection is a case, so what a user may do with it after opening is `cases.permissions`
(assigned officers act, heads see the agency). Plans are agency-wide data: the agency's officers
and heads draft them, the heads approve and publish them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sanxiang.cases.permissions import HEADS, cases_visible_to, officer_of, roles_in_agency
from sanxiang.inspections.models import Inspection, InspectionPlan
from sanxiang.organisations.models import Role
from sanxiang.organisations.permissions import agency_ids_with_role

STAFF_ROLES = (Role.OFFICER, Role.UNIT_HEAD, Role.AGENCY_HEAD, Role.REVIEWER)


def _roles(user: Any) -> set[str]:
    officer = officer_of(user)
    return roles_in_agency(user, officer.agency_id) if officer is not None else set()


def can_open_inspection(user: Any) -> bool:
    """The agency's heads, and its officers (who must then be one of the inspectors)."""
    return bool(_roles(user) & (HEADS | {Role.OFFICER}))


def is_agency_head(user: Any) -> bool:
    return bool(_roles(user) & HEADS)


def can_draft_plan(user: Any) -> bool:
    return bool(_roles(user) & (HEADS | {Role.OFFICER}))


def can_approve_plan(user: Any) -> bool:
    return is_agency_head(user)


def inspections_visible_to(user: Any) -> QuerySet[Inspection]:
    """The inspections whose case the user may see (assigned, agency-wide roles, supervisors)."""
    return Inspection.objects.filter(case__in=cases_visible_to(user))


def plans_visible_to(user: Any) -> QuerySet[InspectionPlan]:
    """Own agency's plans for its staff; supervised agencies' plans for the 司法局."""
    own = agency_ids_with_role(user, *STAFF_ROLES)
    supervised = agency_ids_with_role(user, Role.SUPERVISOR)
    return InspectionPlan.objects.filter(agency_id__in=own) | InspectionPlan.objects.filter(
        agency__supervising_agency_id__in=supervised
    )
