"""Who may submit a case for 法制审核, assign its reviewer, and give the opinion."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sanxiang.cases.models import Case
from sanxiang.cases.permissions import (
    can_take_action,
    cases_visible_to,
    is_head,
    officer_of,
    roles_in_agency,
)
from sanxiang.cases.states import CaseAction
from sanxiang.legal_review.models import ReviewSubmission
from sanxiang.organisations.models import Officer, Role, RoleAssignment


def can_submit_review(user: Any, case: Case) -> bool:
    """The case's officers (承办机构 answers for the materials) or a head of its agency."""
    return can_take_action(user, case, CaseAction.SUBMIT_LEGAL_REVIEW) or is_head(
        user, case.agency_id
    )


def can_assign_reviewer(user: Any, case: Case) -> bool:
    """The 机关负责人 assigns the reviewer (never the handling unit's own head)."""
    officer = officer_of(user)
    if officer is None or officer.agency_id != case.agency_id:
        return False
    return Role.AGENCY_HEAD in roles_in_agency(user, case.agency_id)


def can_give_opinion(user: Any, submission: ReviewSubmission) -> bool:
    officer = officer_of(user)
    return officer is not None and submission.reviewer_id == officer.pk


def is_reviewer_of_agency(officer: Officer, agency_id: Any) -> bool:
    if officer.user_id is None:
        return False
    return RoleAssignment.objects.filter(
        user_id=officer.user_id, role=Role.REVIEWER, agency_id=agency_id
    ).exists()


def submissions_visible_to(user: Any) -> QuerySet[ReviewSubmission]:
    """Submissions of the cases the user may see (另一机关's are invisible: a 404)."""
    return ReviewSubmission.objects.filter(case__in=cases_visible_to(user))


def can_raise_dispute(user: Any, case: Case) -> bool:
    """The case's officers (承办机构 answers for the proposal it defends)."""
    return can_take_action(user, case, CaseAction.SUBMIT_LEGAL_REVIEW)


def can_resolve_dispute(user: Any, case: Case) -> bool:
    """The 机关负责人 settles a disagreement, alone or chairing the 集体讨论."""
    return can_assign_reviewer(user, case)


def can_manage_external(user: Any, submission: ReviewSubmission) -> bool:
    """The assigned reviewer or a 机关负责人 invites 法律顾问/公职律师 and records their opinion."""
    return can_give_opinion(user, submission) or can_assign_reviewer(user, submission.case)
