"""Who may keep the 名录库, run tasks and see them.

Staff (officers and heads) keep their own agency's 名录库, relations and draft tasks; the 机关负责人
approves, publishes the inputs, records the entropy, runs the draw, opens the inspections of its
share and publishes results. The 司法局 supervisor sees the supervised agencies' data read-only and
sets the 多头检查 alert threshold (with the 系统管理员).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sanxiang.organisations.models import Agency, Role
from sanxiang.organisations.permissions import agency_ids_with_role, has_role
from sanxiang.spotchecks.models import MarketEntity, MultiInspectionAlert, SpotCheckTask

STAFF_ROLES = (Role.OFFICER, Role.UNIT_HEAD, Role.AGENCY_HEAD)


def staff_agency_ids(user: Any) -> set[Any]:
    return agency_ids_with_role(user, *STAFF_ROLES)


def supervised_filter(user: Any, path: str) -> Q:
    """Rows whose agency (at `path`) is supervised by a 司法局 where `user` is a supervisor."""
    supervised = agency_ids_with_role(user, Role.SUPERVISOR)
    return Q(**{f"{path}__supervising_agency_id__in": supervised}) | Q(
        **{f"{path}_id__in": supervised}
    )


def can_maintain(user: Any, agency: Agency) -> bool:
    return agency.pk in staff_agency_ids(user)


def is_head_of(user: Any, agency_id: Any) -> bool:
    return agency_id in agency_ids_with_role(user, Role.AGENCY_HEAD)


def can_configure_alerts(user: Any, supervisor: Agency) -> bool:
    if has_role(user, Role.SYSTEM_ADMIN):
        return True
    return supervisor.pk in agency_ids_with_role(user, Role.SUPERVISOR)


def entities_visible_to(user: Any) -> QuerySet[MarketEntity]:
    return MarketEntity.objects.filter(
        Q(agency_id__in=staff_agency_ids(user)) | supervised_filter(user, "agency")
    )


def tasks_visible_to(user: Any) -> QuerySet[SpotCheckTask]:
    """Tasks the user's agency leads or takes part in; supervised agencies' for the 司法局."""
    own = staff_agency_ids(user)
    q = Q(agency_id__in=own) | Q(participants__agency_id__in=own)
    q |= supervised_filter(user, "agency")
    return SpotCheckTask.objects.filter(q).distinct()


def alerts_visible_to(user: Any) -> QuerySet[MultiInspectionAlert]:
    """The 司法局's own alerts; an agency sees the alerts of its 司法局 that name it."""
    supervised = agency_ids_with_role(user, Role.SUPERVISOR)
    own = {str(a) for a in staff_agency_ids(user)}
    if not own:
        return MultiInspectionAlert.objects.filter(supervisor_id__in=supervised)
    supervisors = Agency.objects.filter(pk__in=own).values_list("supervising_agency_id", flat=True)
    candidates = MultiInspectionAlert.objects.filter(supervisor_id__in=list(supervisors))
    # agency_ids is a JSON list; SQLite has no portable "contains", and the candidates are few.
    named = [a.pk for a in candidates.only("pk", "agency_ids") if own & set(a.agency_ids)]
    return MultiInspectionAlert.objects.filter(Q(supervisor_id__in=supervised) | Q(pk__in=named))
