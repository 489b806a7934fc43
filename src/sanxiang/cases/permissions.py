"""Who may see a case and who may take which action on it.

Officers act on the cases they are assigned to; the 负责人 approve (立案, 告知, 决定); 法制审核人员
review. The 司法局 supervisor sees the cases of the agencies it supervises, read-only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sanxiang.cases.models import Case
from sanxiang.cases.states import CaseAction
from sanxiang.organisations.models import Officer, Role
from sanxiang.organisations.permissions import agency_ids_with_role, grants_of, has_role

A = CaseAction
ASSIGNED = "assigned"  # an officer actively assigned to the case
HEADS = frozenset({Role.UNIT_HEAD, Role.AGENCY_HEAD})

# Who may take each action. Decisions are the 机关负责人's (处罚法 §57); approvals of 立案 and of
# the 告知 (after 案件审核) are for the 负责人; review steps for the 法制审核人员.
ACTION_ACTORS: dict[str, frozenset[str]] = {
    A.SUBMIT_FILING: frozenset({ASSIGNED}),
    A.APPROVE_FILING: HEADS,
    A.DECLINE_FILING: HEADS,
    A.CONCLUDE_INVESTIGATION: frozenset({ASSIGNED}),
    A.SUBMIT_CHECK: frozenset({ASSIGNED}),
    A.RETURN_FOR_INVESTIGATION: HEADS | {Role.REVIEWER},
    A.ISSUE_NOTICE: HEADS | {Role.REVIEWER},
    A.RECEIVE_STATEMENT: frozenset({ASSIGNED}),
    A.REQUEST_HEARING: frozenset({ASSIGNED}),
    A.SUBMIT_LEGAL_REVIEW: frozenset({ASSIGNED}),
    # The reviewer on their 同意; the agency head who settled a dispute for the handler
    # (legal_review rules decide which of them, for which draft).
    A.PASS_LEGAL_REVIEW: frozenset({Role.REVIEWER, Role.AGENCY_HEAD}),
    A.SUBMIT_FOR_DECISION: frozenset({ASSIGNED}),
    A.SUBMIT_DELIBERATION: frozenset({ASSIGNED, Role.AGENCY_HEAD}),
    A.DECIDE: frozenset({Role.AGENCY_HEAD}),
    A.DECIDE_NO_PENALTY: frozenset({Role.AGENCY_HEAD}),
    A.TRANSFER: frozenset({Role.AGENCY_HEAD}),
    A.APPLY_SUMMARY: frozenset({ASSIGNED}),
    A.DECIDE_ON_SITE: frozenset({ASSIGNED}),
    A.SWITCH_TO_GENERAL: frozenset({ASSIGNED}),
    A.SERVE: frozenset({ASSIGNED}),
    A.EXECUTE: frozenset({ASSIGNED}),
    A.CLOSE: frozenset({ASSIGNED}),
    A.ARCHIVE: frozenset({ASSIGNED}),
}
# Staff roles that see every case of their agency (not only their own).
AGENCY_WIDE_ROLES = (Role.UNIT_HEAD, Role.AGENCY_HEAD, Role.REVIEWER, Role.DISCLOSURE_OFFICER)


def officer_of(user: Any) -> Officer | None:
    """The active officer profile of a login, if any."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    officer = Officer.objects.filter(user=user, is_active=True).select_related("agency").first()
    return officer


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Own agency's cases for its heads and reviewers, assigned cases for officers, supervised
    agencies' cases for the 司法局; nothing for anyone else."""
    if not grants_of(user):
        return Case.objects.none()
    wide = agency_ids_with_role(user, *AGENCY_WIDE_ROLES)
    supervised = agency_ids_with_role(user, Role.SUPERVISOR)
    q = Q(agency_id__in=wide) | Q(agency__supervising_agency_id__in=supervised)
    officer = officer_of(user)
    if officer is not None and has_role(user, Role.OFFICER):
        q |= Q(agency_id=officer.agency_id, assignments__officer=officer, assignments__active=True)
    return Case.objects.filter(q).distinct()


def is_assigned(officer: Officer, case: Case) -> bool:
    return case.assignments.filter(officer=officer, active=True).exists()


def can_register_lead(user: Any) -> bool:
    officer = officer_of(user)
    return officer is not None and Role.OFFICER in roles_in_agency(user, officer.agency_id)


def roles_in_agency(user: Any, agency_id: Any) -> set[str]:
    """The roles `user` holds in the agency `agency_id`."""
    return {r for r, held_in in grants_of(user) if held_in == agency_id}


def is_head(user: Any, agency_id: Any) -> bool:
    """True when `user` is a unit or agency head (负责人) of the agency."""
    return bool(roles_in_agency(user, agency_id) & HEADS)


def can_take_action(user: Any, case: Case, action: str) -> bool:
    """True when `user` holds a role that may take `action` on `case` (the rules come after)."""
    officer = officer_of(user)
    if officer is None or officer.agency_id != case.agency_id:
        return False
    allowed = ACTION_ACTORS.get(str(action), frozenset())
    roles = roles_in_agency(user, case.agency_id)
    if roles & allowed:
        return True
    return ASSIGNED in allowed and Role.OFFICER in roles and is_assigned(officer, case)
