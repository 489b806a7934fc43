"""The running clocks and their alerts, as each person's workbench shows them.

Scope (issue 4: "visible to the officer and the unit head"): an officer sees the cases they are
actively assigned to; a 承办机构负责人 the cases of the unit they head and its sub-units; a
机关负责人 every case of the agency; the 司法局 supervisor those of the agencies it supervises
(read-only oversight of 超期). The scopes of several roles add up. Nobody else sees any.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sanxiang.cases.models import Deadline, DeadlineAlert, DeadlineKind, DeadlineState
from sanxiang.cases.permissions import officer_of
from sanxiang.organisations.models import Role, Unit
from sanxiang.organisations.permissions import agency_ids_with_role, grants_of, has_role


def _unit_and_below(unit: Unit) -> set[Any]:
    ids, frontier = {unit.pk}, {unit.pk}
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier -= ids
        ids |= frontier
    return ids


def case_scope(user: Any, prefix: str = "") -> Q | None:
    """A filter on cases (through `prefix`, e.g. "deadline__case__") for the clocks `user` may
    watch, or None when there are none."""
    if not grants_of(user):
        return None
    q = Q(**{f"{prefix}agency_id__in": agency_ids_with_role(user, Role.AGENCY_HEAD)})
    supervised = agency_ids_with_role(user, Role.SUPERVISOR)
    if supervised:
        q |= Q(**{f"{prefix}agency__supervising_agency_id__in": supervised})
    officer = officer_of(user)
    if officer is not None:
        if has_role(user, Role.OFFICER):
            q |= Q(
                **{
                    f"{prefix}agency_id": officer.agency_id,
                    f"{prefix}assignments__officer": officer,
                    f"{prefix}assignments__active": True,
                }
            )
        heads_unit = officer.agency_id in agency_ids_with_role(user, Role.UNIT_HEAD)
        if heads_unit and officer.unit is not None:
            q |= Q(
                **{
                    f"{prefix}agency_id": officer.agency_id,
                    f"{prefix}unit_id__in": _unit_and_below(officer.unit),
                }
            )
    return q


def deadlines_running_for_user(user: Any) -> QuerySet[Deadline]:
    """Running clocks of the cases in `user`'s scope, the nearest first, with their case."""
    scope = case_scope(user, "case__")
    if scope is None:
        return Deadline.objects.none()
    ids = Deadline.objects.filter(scope, state=DeadlineState.RUNNING).values("pk")
    return (
        Deadline.objects.filter(pk__in=ids).select_related("case").order_by("due_on", "kind", "pk")
    )


def alerts_for_user(user: Any, *, open_only: bool = True) -> QuerySet[DeadlineAlert]:
    """临期/超期 alerts on the cases in `user`'s scope, newest first; by default only those whose
    clock is still running (a met or cancelled clock needs no more attention)."""
    scope = case_scope(user, "deadline__case__")
    if scope is None:
        return DeadlineAlert.objects.none()
    # 法制审核人员 watch the review clocks of their agency (the clock is theirs to keep).
    reviewing = agency_ids_with_role(user, Role.REVIEWER)
    if reviewing:
        scope |= Q(
            deadline__kind=DeadlineKind.LEGAL_REVIEW, deadline__case__agency_id__in=reviewing
        )
    rows = DeadlineAlert.objects.filter(scope)
    if open_only:
        rows = rows.filter(deadline__state=DeadlineState.RUNNING)
    return (
        DeadlineAlert.objects.filter(pk__in=rows.values("pk"))
        .select_related("deadline", "deadline__case")
        .order_by("-raised_on", "deadline__due_on", "pk")
    )
