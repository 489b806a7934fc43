"""Helpers every case service shares: the acting officer, the locked case, numbering, steps."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Model
from django.utils import timezone

from sanxiang.cases.models import Case, CaseStep
from sanxiang.cases.permissions import cases_visible_to, officer_of
from sanxiang.core.errors import Forbidden, NotFound, ValidationFailed
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.evidence.models import EvidenceItem
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.models import Agency, Officer

NOT_AN_OFFICER = "只有在岗的执法人员账号可以办理案件"
EVIDENCE_UNKNOWN = "所选证据不存在或不属于本机关"


def today_or(day: dt.date | None) -> dt.date:
    return day or timezone.localdate()


def acting_officer(user: Any) -> Officer:
    """Raises: Forbidden when the login has no active officer profile."""
    officer = officer_of(user)
    if officer is None:
        raise Forbidden(NOT_AN_OFFICER, code="not_an_officer")
    return officer


def case_lock_for_user(*, user: Any, case_id: Any) -> Case:
    """The case, row-locked, if `user` may see it. Raises: NotFound (missing or not visible)."""
    pk = uuid_or_not_found(case_id)
    if not cases_visible_to(user).filter(pk=pk).exists():
        raise NotFound()
    # of=("self",): lock the case row only; PostgreSQL refuses FOR UPDATE on the nullable side
    # of the outer join that select_related("item") makes.
    cases = Case.objects.select_for_update(of=("self",))
    return cases.select_related("agency", "field", "item").get(pk=pk)


def next_number(*, agency: Agency, field: str, prefix: str) -> str:
    """`<prefix><n>号`, the next free serial for this agency; the agency row lock serialises it."""
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    taken = Case.objects.filter(agency=agency, **{f"{field}__startswith": prefix}).count()
    return f"{prefix}{taken + 1}号"


def agency_abbreviation(agency: Agency) -> str:
    return agency.short_name or agency.name


def evidence_for_case(case: Case, ids: Iterable[uuid.UUID]) -> list[EvidenceItem]:
    """Raises: ValidationFailed when an id is not a sealed item of the case's agency."""
    wanted = set(ids)
    items = list(EvidenceItem.objects.filter(agency=case.agency, pk__in=wanted))
    if len(items) != len(wanted):
        raise ValidationFailed(EVIDENCE_UNKNOWN, code="evidence_unknown")
    return items


def step_record(
    *,
    case: Case,
    actor: Officer | None,
    action: str,
    label: str,
    on: dt.date,
    content: Mapping[str, Any],
    party_user: Any = None,
    status_before: str = "",
    evidence: Iterable[EvidenceItem] = (),
    av_absence_reason: str = "",
    av_absence_approved_by: Officer | None = None,
) -> CaseStep:
    sequence = case.steps.count() + 1
    step = CaseStep.objects.create(
        case=case,
        sequence=sequence,
        action=action,
        label=label,
        status_before=status_before,
        status_after=case.status,
        actor=actor,
        party_user=party_user,
        occurred_on=on,
        content=dict(content),
        av_absence_reason=av_absence_reason,
        av_absence_approved_by=av_absence_approved_by,
        created_by=actor.user if actor is not None else party_user,
    )
    items = list(evidence)
    if items:
        step.evidence.set(items)
    return step


def case_audit(
    *,
    user: Any,
    event: str,
    case: Case,
    target: Model | None = None,
    new: Mapping[str, Any] | None = None,
    old: Mapping[str, Any] | None = None,
    reason: str = "",
) -> None:
    """Audit + ledger a case change (personal data of the party stays out of `new`)."""
    audit_record(
        actor=user,
        event=event,
        target=target or case,
        agency_id=case.agency_id,
        old=old,
        new={"case": str(case.pk), **(new or {})},
        reason=reason,
    )
