"""Reads of the 事后公开 lifecycle for the disclosure officer and the 司法局: what is due, what
is late, and how timely each agency publishes (scoped by `permissions`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet

from sanxiang.core import calendar
from sanxiang.disclosure.models import Disclosure, DisclosureStatus
from sanxiang.disclosure.permissions import disclosures_visible_to

S = DisclosureStatus
PENDING = (S.DRAFT, S.REVIEWED)
DUE_SOON_WORKING_DAYS = 2


@dataclass(frozen=True)
class DueDisclosure:
    disclosure: Disclosure
    overdue: bool


def disclosures_due(*, user: Any, today: dt.date) -> list[DueDisclosure]:
    """Unpublished drafts that are overdue or due within two working days, most urgent first."""
    horizon, _ = calendar.provisional_deadline_after(
        start=today, days=DUE_SOON_WORKING_DAYS, unit=calendar.DayUnit.WORKING
    )
    rows = disclosures_visible_to(user).filter(status__in=PENDING, due_on__lte=horizon)
    return [
        DueDisclosure(d, d.due_on < today)
        for d in rows.select_related("agency", "case").order_by("due_on")
    ]


@dataclass(frozen=True)
class Timeliness:
    agency_name: str
    published: int
    on_time: int
    overdue_unpublished: int
    withdrawn: int
    withdrawn_on_time: int

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.published if self.published else None


def timeliness_by_agency(
    *, user: Any, start: dt.date, end: dt.date, today: dt.date
) -> list[Timeliness]:
    """Per agency, decisions taken in [start, end]: published, published by the due date,
    still unpublished past it, withdrawn, withdrawn within §48's three working days."""
    rows: QuerySet[Disclosure] = disclosures_visible_to(user).filter(
        decided_on__gte=start, decided_on__lte=end
    )
    result = []
    for agency_id in rows.values_list("agency_id", flat=True).distinct().order_by("agency_id"):
        own = rows.filter(agency_id=agency_id)
        published = own.filter(published_on__isnull=False)
        withdrawn = own.filter(withdrawn_on__isnull=False)
        result.append(
            Timeliness(
                agency_name=own.first().agency.name,  # type: ignore[union-attr]
                published=published.count(),
                on_time=published.filter(published_on__lte=F("due_on")).count(),
                overdue_unpublished=own.filter(status__in=PENDING, due_on__lt=today).count(),
                withdrawn=withdrawn.count(),
                withdrawn_on_time=withdrawn.filter(withdrawn_on__lte=F("withdraw_due_on")).count(),
            )
        )
    return sorted(result, key=lambda t: t.agency_name)
