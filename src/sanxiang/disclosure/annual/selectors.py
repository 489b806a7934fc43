"""Reads of 年报: the staff's (scoped like 事后公开 records), the public's (published only), and
the January alert until the previous year's report is published."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.disclosure.models_annual import AnnualReport, AnnualReportStatus
from sanxiang.disclosure.permissions import HANDLERS, READERS
from sanxiang.organisations.models import Agency, Role
from sanxiang.organisations.permissions import agency_ids_with_role

# 国办发〔2018〕118号: 每年1月31日前公开本机关上年度行政执法总体情况有关数据.
ANNUAL_REPORT_CITATION = "国办发〔2018〕118号（行政执法统计年报制度）"
DUE_MONTH, DUE_DAY = 1, 31


def report_due(year: int) -> dt.date:
    """The last day to publish `year`'s report: 31 January of the next year."""
    return dt.date(year + 1, DUE_MONTH, DUE_DAY)


def annual_reports_visible_to(user: Any) -> QuerySet[AnnualReport]:
    """Own agency's reports for its staff readers; supervised agencies' for the 司法局."""
    own = agency_ids_with_role(user, *READERS)
    supervised = agency_ids_with_role(user, Role.SUPERVISOR)
    if not own and not supervised:
        return AnnualReport.objects.none()
    return AnnualReport.objects.filter(
        Q(agency_id__in=own) | Q(agency__supervising_agency_id__in=supervised)
    )


def can_handle_annual_report(user: Any, report: AnnualReport) -> bool:
    return report.agency_id in agency_ids_with_role(user, *HANDLERS)


def agencies_reporting_for(user: Any) -> QuerySet[Agency]:
    """Agencies whose 年报 the user may generate and publish."""
    return Agency.objects.filter(pk__in=agency_ids_with_role(user, *HANDLERS)).order_by("name")


def annual_report_get_for_user(*, user: Any, report_id: Any) -> AnnualReport:
    """Raises: NotFound (missing, or not visible to the user)."""
    found = (
        annual_reports_visible_to(user)
        .select_related("agency", "generated_by", "published_by")
        .filter(pk=uuid_or_not_found(report_id))
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def published_annual_reports() -> QuerySet[AnnualReport]:
    """What the portal lists: the published version of each agency's year, newest year first."""
    return (
        AnnualReport.objects.filter(status=AnnualReportStatus.PUBLISHED)
        .select_related("agency", "agency__region")
        .order_by("-year", "agency__region_id", "agency__name")
    )


def published_annual_report(*, report_id: Any) -> AnnualReport:
    """Raises: NotFound unless the report is the published version."""
    found = published_annual_reports().filter(pk=uuid_or_not_found(report_id)).first()
    if found is None:
        raise NotFound("该年报不存在或未公开")
    return found


@dataclass(frozen=True)
class AnnualReportAlert:
    agency: Agency
    year: int
    due_on: dt.date
    overdue: bool
    generated: bool  # a version waits to be published


def annual_report_alerts(*, user: Any, today: dt.date) -> list[AnnualReportAlert]:
    """From 1 January until it is published: each agency the user publishes for whose report on
    the year just ended is not on the portal; past 31 January it stays, marked overdue."""
    agencies = list(agencies_reporting_for(user))
    if not agencies:
        return []
    year = today.year - 1
    reports = AnnualReport.objects.filter(agency__in=agencies, year=year)
    published = set(
        reports.filter(status=AnnualReportStatus.PUBLISHED).values_list("agency_id", flat=True)
    )
    generated = set(reports.values_list("agency_id", flat=True))
    due = report_due(year)
    return [
        AnnualReportAlert(a, year, due, today > due, a.pk in generated)
        for a in agencies
        if a.pk not in published
    ]
