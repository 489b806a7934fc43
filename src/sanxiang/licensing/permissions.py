"""Who may do what on licence cases beside the case actions (which `cases.permissions` decides)."""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.permissions import is_assigned, officer_of, roles_in_agency
from sanxiang.organisations.models import Role


def can_handle_licence(user: Any, case: Case) -> bool:
    """The assigned officers and the heads of the agency (审查, §45 periods, 听证告知)."""
    officer = officer_of(user)
    if officer is None or officer.agency_id != case.agency_id:
        return False
    roles = roles_in_agency(user, case.agency_id)
    if roles & {Role.UNIT_HEAD, Role.AGENCY_HEAD}:
        return True
    return Role.OFFICER in roles and is_assigned(officer, case)


def is_agency_head(user: Any, agency_id: Any) -> bool:
    """机关负责人: decides, extends the decision period (§42), revokes (§69), cancels (§70)."""
    return Role.AGENCY_HEAD in roles_in_agency(user, agency_id)


def can_apply_at_counter(user: Any) -> bool:
    officer = officer_of(user)
    return officer is not None and Role.OFFICER in roles_in_agency(user, officer.agency_id)
