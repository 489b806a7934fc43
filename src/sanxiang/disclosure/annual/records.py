"""Read the rows of one year for a 年报 (a fixed number of queries, whatever the agency count).

The scope is the reporting agency and, for a 司法局, every agency it supervises: the region's
report. Callers have checked the user's permission on the reporting agency.
"""

from __future__ import annotations

import datetime as dt

from sanxiang.cases.models import Case, CoerciveMeasure
from sanxiang.disclosure.annual.figures import AgencyRef, Records, ReviewFigures
from sanxiang.disclosure.models import Disclosure
from sanxiang.legal_review.stats import Period, review_stats
from sanxiang.organisations.models import Agency


def scope_of(agency: Agency) -> list[Agency]:
    """The reporting agency first, then those it supervises by name."""
    supervised = Agency.objects.filter(supervising_agency=agency).select_related("region")
    return [agency, *supervised.order_by("name")]


def collect(*, agency: Agency, year: int, today: dt.date) -> Records:
    scope = scope_of(agency)
    ids = [a.pk for a in scope]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    decisions = (
        Case.objects.filter(agency_id__in=ids, decided_on__gte=start, decided_on__lte=end)
        .exclude(outcome="")
        .values(
            "agency_id", "outcome", "procedure", "penalties", "fine", "confiscation", "decided_on"
        )
        .order_by()
    )
    measures = (
        CoerciveMeasure.objects.filter(
            case__agency_id__in=ids, started_on__gte=start, started_on__lte=end
        )
        .values("case__agency_id", "kind")
        .order_by()
    )
    disclosures = (
        Disclosure.objects.filter(agency_id__in=ids, decided_on__gte=start, decided_on__lte=end)
        .values(
            "agency_id",
            "status",
            "published_on",
            "due_on",
            "withdrawn_on",
            "withdraw_due_on",
        )
        .order_by()
    )
    reviews = review_stats(scope, Period(start, end), today)
    return Records(
        year=year,
        agency_id=str(agency.pk),
        agency_name=agency.name,
        today=today,
        scope=[AgencyRef(str(a.pk), a.name, a.region.code, a.region.name) for a in scope],
        decisions=[{**r, "agency_id": str(r["agency_id"])} for r in decisions],
        measures=[{"agency_id": str(r["case__agency_id"]), "kind": r["kind"]} for r in measures],
        disclosures=[{**r, "agency_id": str(r["agency_id"])} for r in disclosures],
        reviews={
            str(pk): ReviewFigures(
                submissions=s.submissions,
                opinions=s.opinions,
                first_submitted=s.first_submitted,
                first_agreed=s.first_agreed,
            )
            for pk, s in reviews.items()
        },
    )
