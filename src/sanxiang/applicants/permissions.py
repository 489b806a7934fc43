"""Who may use the applicant portal, and who may act on an applicant's matters.

Two kinds of login never mix: a self-service account (it has an ApplicantProfile) holds no staff
role and is never an officer; a staff account (a role, an officer profile, or Django staff) never
uses the applicant portal, so neither side is a back door into the other.
"""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.permissions import is_assigned, is_head, officer_of
from sanxiang.organisations.models import Officer
from sanxiang.organisations.permissions import grants_of


def is_applicant(user: Any) -> bool:
    """True for an active self-service login with its profile."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    from sanxiang.applicants.models import ApplicantProfile

    return ApplicantProfile.objects.filter(user=user).exists()


def is_staff_account(user: Any) -> bool:
    """True for any login that belongs to the agencies' side (roles, officer, Django staff)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser or grants_of(user):
        return True
    return Officer.objects.filter(user=user).exists()


def can_issue_party_code(user: Any, case: Case) -> bool:
    """The case's own officers and the agency's heads may hand the party a 网上办理码."""
    officer = officer_of(user)
    if officer is None or officer.agency_id != case.agency_id:
        return False
    return is_head(user, case.agency_id) or is_assigned(officer, case)
