"""Who may see and handle 事后公开 records (ARCHITECTURE.md: 公示管理员 checks redaction, publishes,
withdraws, corrects — own agency's disclosures; the 司法局 reads those it supervises)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sanxiang.disclosure.models import Disclosure
from sanxiang.organisations.models import Role
from sanxiang.organisations.permissions import agency_ids_with_role

HANDLERS = (Role.DISCLOSURE_OFFICER, Role.AGENCY_HEAD)
READERS = (*HANDLERS, Role.UNIT_HEAD, Role.REVIEWER)


def disclosures_visible_to(user: Any) -> QuerySet[Disclosure]:
    own = agency_ids_with_role(user, *READERS)
    supervised = agency_ids_with_role(user, Role.SUPERVISOR)
    if not own and not supervised:
        return Disclosure.objects.none()
    return Disclosure.objects.filter(
        Q(agency_id__in=own) | Q(agency__supervising_agency_id__in=supervised)
    )


def can_handle(user: Any, disclosure: Disclosure) -> bool:
    return disclosure.agency_id in agency_ids_with_role(user, *HANDLERS)


def policy_agency_ids(user: Any, *, for_change: bool) -> set[Any]:
    """Agencies whose 公示设置 the user may change (handlers) or only read (the other readers)."""
    return agency_ids_with_role(user, *(HANDLERS if for_change else READERS))


# The redaction preview reads nothing from the database: any staff role of an agency may use it
# (the officer drafting a decision, the reviewer, the disclosure officer) — not the 三员 and not
# the read-only 司法局 supervisor.
REDACTION_PREVIEWERS = (*READERS, Role.OFFICER)


def can_preview_redaction(user: Any) -> bool:
    return bool(agency_ids_with_role(user, *REDACTION_PREVIEWERS))
