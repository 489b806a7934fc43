"""Reads for the applicant portal. Every one is scoped by the login: a licence case is the
applicant's when its application names the account; a penalty case when the account claimed it
with a 网上办理码. Anything else — missing or someone else's — is the same NotFound.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from sanxiang.applicants.models import (
    ElectronicServiceConsent,
    PartyStatement,
)
from sanxiang.applicants.permissions import is_applicant
from sanxiang.applicants.plain_words import plain_status
from sanxiang.cases.models import Case, CaseKind, Deadline, DeadlineState
from sanxiang.catalog.models import EnforcementItem, ItemCategory, ServiceGuide
from sanxiang.catalog.selectors import in_force_q
from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found


def matters_q(user: Any) -> Q:
    return Q(kind=CaseKind.LICENCE, licence_application__applicant_account=user) | Q(
        kind__in=(CaseKind.PENALTY, CaseKind.INSPECTION), party_links__account=user
    )


def matters_visible_to(user: Any) -> QuerySet[Case]:
    """The applicant's own cases (none for any other login)."""
    if not is_applicant(user):
        return Case.objects.none()
    return Case.objects.filter(matters_q(user)).distinct()


@dataclass(frozen=True)
class MatterRow:
    case_id: uuid.UUID
    kind: str
    kind_label: str
    title: str
    number: str
    agency: str
    status: str
    status_plain: str
    next_due_on: dt.date | None


def applicant_matters(*, user: Any) -> list[MatterRow]:
    """我的办件: licence applications and claimed penalty cases, newest first."""
    cases = matters_visible_to(user).select_related("agency").order_by("-created_at")
    due = {
        row["case_id"]: row["due_on"]
        for row in Deadline.objects.filter(case__in=cases, state=DeadlineState.RUNNING)
        .order_by("-due_on")
        .values("case_id", "due_on")
    }
    return [
        MatterRow(
            case_id=c.pk,
            kind=c.kind,
            kind_label=CaseKind(c.kind).label,
            title=c.title,
            number=c.number or c.lead_number,
            agency=c.agency.name,
            status=c.status,
            status_plain=plain_status(c.status),
            next_due_on=due.get(c.pk),
        )
        for c in cases
    ]


def matter_get(*, user: Any, case_id: Any) -> Case:
    """Raises: NotFound when missing or not the applicant's own matter (the same error)."""
    pk = uuid_or_not_found(case_id)
    case = matters_visible_to(user).filter(pk=pk).select_related("agency").first()
    if case is None:
        raise NotFound()
    return case


@dataclass(frozen=True)
class ClockRow:
    label: str
    citation: str
    starts_on: dt.date
    due_on: dt.date
    state: str
    state_label: str
    ended_on: dt.date | None
    overdue: bool
    provisional: bool


def matter_clocks(case: Case, *, today: dt.date | None = None) -> list[ClockRow]:
    """Every clock of the case with its last day, running ones first."""
    day = today or timezone.localdate()
    rows = sorted(
        Deadline.objects.filter(case=case),
        key=lambda d: (d.state != DeadlineState.RUNNING, d.due_on),
    )
    return [
        ClockRow(
            label=d.get_kind_display(),
            citation=d.citation,
            starts_on=d.starts_on,
            due_on=d.due_on,
            state=d.state,
            state_label=d.get_state_display(),
            ended_on=d.ended_on,
            overdue=d.state == DeadlineState.RUNNING and d.due_on < day,
            provisional=d.provisional,
        )
        for d in rows
    ]


def consents_of(user: Any) -> list[ElectronicServiceConsent]:
    return list(ElectronicServiceConsent.objects.filter(account=user).order_by("-signed_at"))


def statements_of(*, user: Any, case: Case) -> list[PartyStatement]:
    return list(
        PartyStatement.objects.filter(case=case, link__account=user)
        .prefetch_related("attachments")
        .order_by("submitted_at")
    )


@dataclass(frozen=True)
class GuideChoice:
    agency_id: uuid.UUID
    agency: str
    code: str
    name: str


def licence_guides(*, on: dt.date | None = None) -> list[GuideChoice]:
    """服务指南 in force for 行政许可 items in force, by agency: what can be applied for online."""
    day = on or timezone.localdate()
    licence_codes = EnforcementItem.objects.filter(
        in_force_q(day), category=ItemCategory.LICENCE
    ).values_list("agency_id", "code")
    allowed = set(licence_codes)
    guides = (
        ServiceGuide.objects.filter(in_force_q(day))
        .select_related("agency")
        .order_by("agency__name", "code")
    )
    return [
        GuideChoice(agency_id=g.agency_id, agency=g.agency.name, code=g.item_code, name=g.name)
        for g in guides
        if (g.agency_id, g.item_code) in allowed
    ]


def licence_guide_get(*, agency_id: Any, item_code: str, on: dt.date | None = None) -> ServiceGuide:
    """Raises: NotFound when the agency has no 服务指南 in force for that licence item."""
    day = on or timezone.localdate()
    pk = uuid_or_not_found(agency_id)
    if not EnforcementItem.objects.filter(
        in_force_q(day), agency_id=pk, code=item_code, category=ItemCategory.LICENCE
    ).exists():
        raise NotFound()
    guide = (
        ServiceGuide.objects.filter(in_force_q(day), agency_id=pk, item_code=item_code)
        .select_related("agency")
        .first()
    )
    if guide is None:
        raise NotFound()
    return guide


def material_names(guide: ServiceGuide) -> list[str]:
    """The 申请材料 list of a 服务指南, one material per line (numbering stripped)."""
    names = []
    for line in guide.materials.splitlines():
        text = line.strip().lstrip("0123456789.、）)（( ").strip()
        if text:
            names.append(text)
    return names
