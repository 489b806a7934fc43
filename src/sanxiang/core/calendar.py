"""The one calendar service: 工作日 and 自然日 deadlines over the official holiday schedule.

Every legal time limit is computed here (ARCHITECTURE.md "Deadlines"; LEGAL_RULES.md §3 for which
statute counts which way). The schedule is the 国务院办公厅 notice of each year, including 调休
make-up workdays, stored in `CalendarYear` / `CalendarDay` and edited by the 系统管理员.

A computation that touches a day whose year has no loaded notice raises `CalendarUnknownYear`:
treating an unknown year as plain weekends would silently move statutory deadlines. Days from
25 December on also need the next year's notice, because the 元旦 break regularly reaches back
into December (2018-12-29 was a make-up workday and 2018-12-31 a holiday, both set by the 2019
notice).

Usage:
    deadline_after(start=served_on, days=7, unit=DayUnit.WORKING)   # 处罚法 §61: 7 工作日
    deadline_after(start=served_on, days=15, unit=DayUnit.CALENDAR)  # 处罚法 §67: 15 日

The module functions read the database on every call (a few dozen rows per year), so an
administrator's correction applies to the very next computation. Callers computing many deadlines
in one go can take one `calendar_snapshot()` and use its methods.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sanxiang.core.errors import ApplicationError, ValidationFailed
from sanxiang.core.models import CalendarDay, CalendarYear, DayKind

UNKNOWN_YEAR = "尚未载入{year}年法定节假日安排，无法计算期限"
NEGATIVE_DAYS = "期限天数不能为负数"
TOO_MANY_DAYS = "期限天数不能超过{limit}天"

# Longer than any day-counted statutory period; keeps a typo from walking through decades.
MAX_DAYS = 3660
# From this day of December on, a date also depends on the next year's notice (see module doc).
NEXT_NOTICE_REACHES_BACK_TO = (12, 25)

ONE_DAY = dt.timedelta(days=1)


class DayUnit(enum.StrEnum):
    """How a statute counts its days (GLOSSARY: 工作日 `working_days`, 自然日 `calendar_days`)."""

    WORKING = "working_days"
    CALENDAR = "calendar_days"

    @property
    def label(self) -> str:
        return "工作日" if self is DayUnit.WORKING else "日"


class CalendarUnknownYear(ApplicationError):
    """The computation needs a year whose holiday notice is not loaded. Never guessed."""

    code = "calendar_year_unknown"
    status = 400

    def __init__(self, year: int) -> None:
        super().__init__(UNKNOWN_YEAR.format(year=year), extra={"year": year})
        self.year = year


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (ages, limitation periods); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _check_days(days: int) -> None:
    if days < 0:
        raise ValidationFailed(NEGATIVE_DAYS, code="invalid_days")
    if days > MAX_DAYS:
        raise ValidationFailed(TOO_MANY_DAYS.format(limit=MAX_DAYS), code="invalid_days")


class HolidayCalendar:
    """The counting rules over one view of the schedule. Pure: it only asks `days_of_year`.

    `known_years` are the years with a loaded notice; `days_of_year(year)` returns the special
    days falling in that calendar year (date -> DayKind value) and is called at most once per year.
    """

    def __init__(
        self,
        *,
        known_years: Iterable[int],
        days_of_year: Callable[[int], Mapping[dt.date, str]],
        assume_unknown: bool = False,
    ) -> None:
        self._known = frozenset(known_years)
        self._days_of_year = days_of_year
        self._loaded: dict[int, Mapping[dt.date, str]] = {}
        # Provisional counting: a year without its notice counts Mon–Fri as working days, and
        # `guessed` records that an answer relied on it.
        self._assume_unknown = assume_unknown
        self.guessed = False

    @property
    def known_years(self) -> frozenset[int]:
        return self._known

    def _require_known(self, day: dt.date) -> bool:
        """True when the notices deciding `day` are loaded; False (provisional mode) or raise."""
        missing = None
        if day.year not in self._known:
            missing = day.year
        elif (
            day.month,
            day.day,
        ) >= NEXT_NOTICE_REACHES_BACK_TO and day.year + 1 not in self._known:
            missing = day.year + 1
        if missing is None:
            return True
        if not self._assume_unknown:
            raise CalendarUnknownYear(missing)
        self.guessed = True
        return False

    def _kind(self, day: dt.date) -> str | None:
        if day.year not in self._loaded:
            self._loaded[day.year] = self._days_of_year(day.year)
        return self._loaded[day.year].get(day)

    def is_working_day(self, *, day: dt.date) -> bool:
        """Mon–Fri unless the notice makes it a holiday; Sat/Sun only if it is a 调休 workday.

        Raises:
            CalendarUnknownYear: the notice deciding `day` is not loaded.
        """
        kind = self._kind(day) if self._require_known(day) else None
        if kind == DayKind.MAKEUP_WORKDAY:
            return True
        if kind == DayKind.HOLIDAY:
            return False
        return day.isoweekday() <= 5

    def add_working_days(self, *, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day strictly after `start` (the start day never counts).

        `days=0` returns `start` unchanged: no period, so nothing to count or extend.

        Raises:
            ValidationFailed: `days` negative or above MAX_DAYS (code `invalid_days`).
            CalendarUnknownYear: the count reaches a year whose notice is not loaded.
        """
        _check_days(days)
        self._require_known(start)
        day, counted = start, 0
        while counted < days:
            day += ONE_DAY
            if self.is_working_day(day=day):
                counted += 1
        return day

    def add_days(self, *, start: dt.date, days: int) -> dt.date:
        """The last day of a period of `days` natural days starting after `start`.

        The start day is not counted (民法典 §201). If the last day is a rest day (a holiday, or a
        weekend day that is not a 调休 workday) the period ends on the next working day instead
        (民法典 §203: "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日";
        民事诉讼法 §85 likewise). A last day that is a make-up Saturday stays. `days=0` returns
        `start` unchanged.

        Raises:
            ValidationFailed: `days` negative or above MAX_DAYS (code `invalid_days`).
            CalendarUnknownYear: `start` or the end falls in a year whose notice is not loaded.
        """
        _check_days(days)
        self._require_known(start)
        if days == 0:
            return start
        day = start + dt.timedelta(days=days)
        while not self.is_working_day(day=day):
            day += ONE_DAY
        return day

    def deadline_after(self, *, start: dt.date, days: int, unit: DayUnit) -> dt.date:
        """The deadline `days` after `start`, counted the way the statute says (`unit`).

        Raises:
            ValidationFailed: `days` out of range (code `invalid_days`).
            CalendarUnknownYear: the computation needs a year whose notice is not loaded.
        """
        if unit is DayUnit.WORKING:
            return self.add_working_days(start=start, days=days)
        return self.add_days(start=start, days=days)


def _days_in_year(year: int) -> dict[dt.date, str]:
    rows = CalendarDay.objects.filter(date__year=year).values_list("date", "kind")
    return dict(rows)


def _from_database(*, assume_unknown: bool = False) -> HolidayCalendar:
    known = CalendarYear.objects.values_list("year", flat=True)
    return HolidayCalendar(
        known_years=list(known), days_of_year=_days_in_year, assume_unknown=assume_unknown
    )


def calendar_snapshot() -> HolidayCalendar:
    """The whole schedule read once (two queries), for callers computing many deadlines.

    It does not see edits made after it was taken; take a new one per batch.
    """
    days: dict[int, dict[dt.date, str]] = {}
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        days.setdefault(day.year, {})[day] = kind
    known = CalendarYear.objects.values_list("year", flat=True)
    return HolidayCalendar(known_years=list(known), days_of_year=lambda y: days.get(y, {}))


def is_working_day(*, day: dt.date) -> bool:
    """See `HolidayCalendar.is_working_day`. Raises: CalendarUnknownYear."""
    return _from_database().is_working_day(day=day)


def add_working_days(*, start: dt.date, days: int) -> dt.date:
    """See `HolidayCalendar.add_working_days`. Raises: ValidationFailed, CalendarUnknownYear."""
    return _from_database().add_working_days(start=start, days=days)


def add_days(*, start: dt.date, days: int) -> dt.date:
    """See `HolidayCalendar.add_days`. Raises: ValidationFailed, CalendarUnknownYear."""
    return _from_database().add_days(start=start, days=days)


def deadline_after(*, start: dt.date, days: int, unit: DayUnit) -> dt.date:
    """See `HolidayCalendar.deadline_after`. Raises: ValidationFailed, CalendarUnknownYear."""
    return _from_database().deadline_after(start=start, days=days, unit=unit)


def provisional_deadline_after(*, start: dt.date, days: int, unit: DayUnit) -> tuple[dt.date, bool]:
    """The deadline and whether it is provisional.

    When the period runs into a year whose notice is not loaded yet (every December, before the
    State Council publishes the next year's schedule), that year's days count as ordinary
    weekdays and the answer is marked provisional, to be settled once the notice is loaded. The
    guess can only be early for natural-day periods (a holiday on the last day moves the end
    later) and is early or off by the odd 调休 Saturday for working-day ones.

    Raises: ValidationFailed (`days` out of range).
    """
    cal = _from_database(assume_unknown=True)
    due = cal.deadline_after(start=start, days=days, unit=unit)
    return due, cal.guessed


# --- reads for the public API ------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleDay:
    date: dt.date
    name: str


@dataclass(frozen=True)
class YearSchedule:
    """One loaded notice as published: what is off, and which weekend days are 上班."""

    year: int
    source: str
    notice: str
    published_on: dt.date | None
    holidays: list[ScheduleDay]
    makeup_workdays: list[ScheduleDay]


@dataclass(frozen=True)
class KnownYear:
    year: int
    notice: str
    published_on: dt.date | None


def known_years() -> list[KnownYear]:
    """The years whose notice is loaded, oldest first."""
    rows = CalendarYear.objects.order_by("year").values_list("year", "notice", "published_on")
    return [KnownYear(year=y, notice=n, published_on=p) for y, n, p in rows]


def year_schedule(*, year: int) -> YearSchedule:
    """The days set by `year`'s notice (possibly starting in the previous December).

    Raises:
        CalendarUnknownYear: that notice is not loaded.
    """
    # Bounded first: a 20-digit year from a URL must not reach the database driver.
    row = (
        CalendarYear.objects.filter(year=year).first() if dt.MINYEAR <= year <= dt.MAXYEAR else None
    )
    if row is None:
        raise CalendarUnknownYear(year)
    days = list(row.days.order_by("date").values_list("date", "kind", "name"))
    return YearSchedule(
        year=row.year,
        source=row.source,
        notice=row.notice,
        published_on=row.published_on,
        holidays=[ScheduleDay(d, n) for d, k, n in days if k == DayKind.HOLIDAY],
        makeup_workdays=[ScheduleDay(d, n) for d, k, n in days if k == DayKind.MAKEUP_WORKDAY],
    )
