"""Who may upload and who may open evidence.

- Upload: an active officer (an `Officer` profile with a login) of the target agency. The 司法局
  supervisor never uploads.
- Open (view, stream, download): staff of the owning agency, and the supervisor of the 司法局
  that supervises it, read-only. Every opening is recorded (AccessRecord, ledgered).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sanxiang.evidence.models import EvidenceItem
from sanxiang.organisations.models import Agency, Officer, Role
from sanxiang.organisations.permissions import agency_ids_with_role, grants_of

# Roles held inside an agency whose holders work with its evidence.
AGENCY_STAFF_ROLES = frozenset(
    {Role.OFFICER, Role.UNIT_HEAD, Role.AGENCY_HEAD, Role.REVIEWER, Role.DISCLOSURE_OFFICER}
)


def uploader_officer(user: Any, agency: Agency) -> Officer | None:
    """The active officer profile `user` holds in `agency`, if any."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    officer: Officer | None = Officer.objects.filter(
        user=user, agency=agency, is_active=True
    ).first()
    return officer


def can_upload_evidence(user: Any, agency: Agency) -> bool:
    if agency.pk not in agency_ids_with_role(user, *AGENCY_STAFF_ROLES):
        return False
    return uploader_officer(user, agency) is not None


def evidence_items_visible_to(user: Any) -> QuerySet[EvidenceItem]:
    if not grants_of(user):
        return EvidenceItem.objects.none()
    own = agency_ids_with_role(user, *AGENCY_STAFF_ROLES)
    supervised = agency_ids_with_role(user, Role.SUPERVISOR)
    return EvidenceItem.objects.filter(
        Q(agency_id__in=own) | Q(agency__supervising_agency_id__in=supervised)
    )


def upload_agencies_of(user: Any) -> QuerySet[Agency]:
    """Agencies `user` may upload evidence to (used when the client names none)."""
    own = agency_ids_with_role(user, *AGENCY_STAFF_ROLES)
    return Agency.objects.filter(pk__in=own, officers__user=user, officers__is_active=True)
