"""法制审核 statistics (issue 6 item 7): per agency and period — submissions, opinions by
conclusion, first-time pass rate, average working days to the opinion, overdue reviews and the
checklist items found at fault; for the 司法局, every supervised agency with its reviewer ratio.

Read-only and scoped: agency staff see their own agency, the 司法局 supervisor the agencies it
supervises (`agencies_for_stats`). The figures for any number of agencies take a fixed number of
queries; only the reviewer ratio is read per agency.

Definitions (the period is inclusive on both ends):
- submissions: 送审 made in the period (withdrawn ones included: they were made);
- opinions: opinions given in the period, by conclusion;
- first-time pass rate: of the cases whose first submission (version 1) was made in the period
  and has its opinion, the share whose opinion was 同意;
- average days: 工作日 from the submission to the opinion (core.calendar), over the opinions
  given in the period;
- overdue: submissions made in the period whose opinion came after their last day (`due_on`), or
  still open after it on `today`;
- fails per item: findings 存在问题 per checklist item over the opinions given in the period.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from sanxiang.core.calendar import CalendarUnknownYear, HolidayCalendar, calendar_snapshot
from sanxiang.legal_review.checklist import FAIL, ITEMS
from sanxiang.legal_review.models import (
    OPEN_STATUSES,
    Conclusion,
    ReviewOpinion,
    ReviewSubmission,
    SubmissionStatus,
)
from sanxiang.legal_review.selectors import ReviewerRatio, reviewer_ratio
from sanxiang.organisations.models import Agency, Role
from sanxiang.organisations.permissions import agency_ids_with_role

# Agency staff who may read their own agency's review statistics (not the 三员: their own domains).
STAFF_ROLES = (
    Role.OFFICER,
    Role.UNIT_HEAD,
    Role.AGENCY_HEAD,
    Role.REVIEWER,
    Role.DISCLOSURE_OFFICER,
)
PERIOD_REVERSED = "统计期间的开始日期不能晚于结束日期"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(PERIOD_REVERSED)

    def q(self, lookup: str) -> Q:
        return Q(**{f"{lookup}__gte": self.start, f"{lookup}__lte": self.end})


@dataclass(frozen=True)
class ItemFails:
    item: str
    label: str
    fails: int


@dataclass
class ReviewStats:
    """The figures of one agency over one period."""

    agency: Agency
    submissions: int = 0
    by_conclusion: dict[str, int] = field(default_factory=lambda: {c.value: 0 for c in Conclusion})
    first_submitted: int = 0  # cases whose version 1 (made in the period) has its opinion
    first_agreed: int = 0
    working_days: list[int] = field(default_factory=list)
    overdue: int = 0
    fails: Counter[str] = field(default_factory=Counter)

    @property
    def opinions(self) -> int:
        return sum(self.by_conclusion.values())

    @property
    def conclusions(self) -> list[tuple[str, int]]:
        """(中文结论, count) in Conclusion order, for display."""
        return [(str(c.label), self.by_conclusion[c.value]) for c in Conclusion]

    @property
    def first_pass_rate(self) -> float | None:
        """0–1, or None without a first submission to judge."""
        if not self.first_submitted:
            return None
        return self.first_agreed / self.first_submitted

    @property
    def average_days(self) -> float | None:
        """Mean 工作日 from submission to opinion, to one decimal; None without opinions."""
        if not self.working_days:
            return None
        return round(sum(self.working_days) / len(self.working_days), 1)

    @property
    def item_fails(self) -> list[ItemFails]:
        return [ItemFails(i.code, i.label, self.fails[i.code]) for i in ITEMS]


@dataclass(frozen=True)
class AgencyRow:
    """A row of the 司法局's table: the agency's figures and its reviewer ratio (F2, 5%)."""

    stats: ReviewStats
    ratio: ReviewerRatio


def agencies_for_stats(user: Any) -> QuerySet[Agency]:
    """Agencies whose review statistics `user` may read: their own (as staff), and those the
    司法局 they supervise for oversees."""
    own = agency_ids_with_role(user, *STAFF_ROLES)
    supervised = agency_ids_with_role(user, Role.SUPERVISOR)
    if not own and not supervised:
        return Agency.objects.none()
    scope = Q(pk__in=own, is_supervisory=False) | Q(supervising_agency_id__in=supervised)
    return Agency.objects.filter(scope).order_by("name")


def supervised_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies the user oversees as 司法局 supervisor (empty for agency staff)."""
    supervised = agency_ids_with_role(user, Role.SUPERVISOR)
    return Agency.objects.filter(supervising_agency_id__in=supervised).order_by("name")


def working_days_between(start: dt.date, end: dt.date, cal: HolidayCalendar) -> int:
    """工作日 after `start` up to and including `end` (0 when the same day or earlier).

    A year whose 节假日安排 is not loaded counts Monday–Friday: a statistic, not a deadline."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        try:
            working = cal.is_working_day(day=day)
        except CalendarUnknownYear:
            working = day.weekday() < 5
        count += working
    return count


def _submission_figures(figures: dict[Any, ReviewStats], period: Period, today: dt.date) -> None:
    """Submissions, overdue and the first-time pass rate, from the submissions of the period."""
    rows = (
        ReviewSubmission.objects.filter(period.q("submitted_on"), case__agency_id__in=figures)
        .values("pk", "case__agency_id", "version", "status", "due_on")
        .order_by()
    )
    submissions = list(rows)
    ids = [r["pk"] for r in submissions]
    opinion_of: dict[Any, tuple[str, dt.date]] = {}
    for op in (
        ReviewOpinion.objects.filter(submission_id__in=ids)
        .order_by("submission_id", "created_at")
        .values("submission_id", "conclusion", "given_on")
    ):
        opinion_of[op["submission_id"]] = (op["conclusion"], op["given_on"])  # the latest wins
    for row in submissions:
        stats = figures[row["case__agency_id"]]
        stats.submissions += 1
        opinion = opinion_of.get(row["pk"])
        due = row["due_on"]
        if due is not None and row["status"] != SubmissionStatus.WITHDRAWN:
            late_opinion = opinion is not None and opinion[1] > due
            late_open = row["status"] in OPEN_STATUSES and today > due
            stats.overdue += late_opinion or late_open
        if row["version"] == 1 and opinion is not None:
            stats.first_submitted += 1
            stats.first_agreed += opinion[0] == Conclusion.AGREE


def _opinion_figures(figures: dict[Any, ReviewStats], period: Period) -> None:
    """Opinions by conclusion, working days to the opinion and fails per checklist item."""
    cal = calendar_snapshot()
    rows = (
        ReviewOpinion.objects.filter(period.q("given_on"), submission__case__agency_id__in=figures)
        .values(
            "submission__case__agency_id",
            "conclusion",
            "findings",
            "given_on",
            "submission__submitted_on",
        )
        .order_by()
    )
    for row in rows:
        stats = figures[row["submission__case__agency_id"]]
        stats.by_conclusion[row["conclusion"]] = stats.by_conclusion.get(row["conclusion"], 0) + 1
        stats.working_days.append(
            working_days_between(row["submission__submitted_on"], row["given_on"], cal)
        )
        for finding in row["findings"] or []:
            if finding.get("result") == FAIL:
                stats.fails[str(finding.get("item", ""))] += 1


def review_stats(
    agencies: Iterable[Agency], period: Period, today: dt.date
) -> dict[Any, ReviewStats]:
    """The figures of each agency (by pk, in the given order) over `period`, as of `today`.

    Callers pass agencies already scoped for the user (`agencies_for_stats`)."""
    figures = {agency.pk: ReviewStats(agency) for agency in agencies}
    if figures:
        _submission_figures(figures, period, today)
        _opinion_figures(figures, period)
    return figures


def supervision_table(user: Any, period: Period, today: dt.date) -> list[AgencyRow]:
    """The 司法局's table: each supervised agency's figures with its reviewer ratio."""
    figures = review_stats(supervised_agencies(user), period, today)
    return [AgencyRow(stats, reviewer_ratio(stats.agency)) for stats in figures.values()]
