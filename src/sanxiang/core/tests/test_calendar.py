"""The calendar service against the official notices: 2025 and 2026 day by day, 调休, deadlines,
unknown years, and properties over every year the seed data knows."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.core import calendar as cal
from sanxiang.core.calendar import CalendarUnknownYear, DayUnit, HolidayCalendar
from sanxiang.core.data.holidays import seed_calendar, seed_years
from sanxiang.core.errors import ValidationFailed
from sanxiang.core.models import CalendarDay, CalendarYear, DayKind

D = dt.date


def span(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


# Transcribed by hand from the notices themselves, independently of the seed data.
# 国办发明电〔2024〕12号 (2024-11-12)
NOTICE_2025_HOLIDAYS = [
    D(2025, 1, 1),
    *span(D(2025, 1, 28), D(2025, 2, 4)),
    *span(D(2025, 4, 4), D(2025, 4, 6)),
    *span(D(2025, 5, 1), D(2025, 5, 5)),
    *span(D(2025, 5, 31), D(2025, 6, 2)),
    *span(D(2025, 10, 1), D(2025, 10, 8)),
]
NOTICE_2025_MAKEUP = [
    D(2025, 1, 26),
    D(2025, 2, 8),
    D(2025, 4, 27),
    D(2025, 9, 28),
    D(2025, 10, 11),
]
# 国办发明电〔2025〕7号 (2025-11-04)
NOTICE_2026_HOLIDAYS = [
    *span(D(2026, 1, 1), D(2026, 1, 3)),
    *span(D(2026, 2, 15), D(2026, 2, 23)),
    *span(D(2026, 4, 4), D(2026, 4, 6)),
    *span(D(2026, 5, 1), D(2026, 5, 5)),
    *span(D(2026, 6, 19), D(2026, 6, 21)),
    *span(D(2026, 9, 25), D(2026, 9, 27)),
    *span(D(2026, 10, 1), D(2026, 10, 7)),
]
NOTICE_2026_MAKEUP = [
    D(2026, 1, 4),
    D(2026, 2, 14),
    D(2026, 2, 28),
    D(2026, 5, 9),
    D(2026, 9, 20),
    D(2026, 10, 10),
]
NOTICES = {
    2025: (NOTICE_2025_HOLIDAYS, NOTICE_2025_MAKEUP),
    2026: (NOTICE_2026_HOLIDAYS, NOTICE_2026_MAKEUP),
}


@pytest.fixture(autouse=True)
def official_schedule(db):
    # The data migration loads it; a transactional test elsewhere may have flushed the tables.
    seed_calendar(year_model=CalendarYear, day_model=CalendarDay)


def file_calendar() -> HolidayCalendar:
    """The committed seed file as a calendar, without the database (for fast property tests)."""
    days: dict[int, dict[dt.date, str]] = {}
    for seed in seed_years():
        for day, kind, _name in seed.days:
            days.setdefault(day.year, {})[day] = kind
    return HolidayCalendar(
        known_years=[s.year for s in seed_years()], days_of_year=lambda y: days.get(y, {})
    )


FILE_CALENDAR = file_calendar()


# --- the notices, day by day -------------------------------------------------------------------


@pytest.mark.parametrize("year", [2025, 2026])
def test_seeded_days_are_exactly_the_notice(year):
    holidays, makeup = NOTICES[year]
    row = CalendarYear.objects.get(year=year)
    assert set(row.days.filter(kind=DayKind.HOLIDAY).values_list("date", flat=True)) == set(
        holidays
    )
    assert set(row.days.filter(kind=DayKind.MAKEUP_WORKDAY).values_list("date", flat=True)) == set(
        makeup
    )


def test_notice_numbers_of_2025_and_2026():
    assert CalendarYear.objects.get(year=2025).notice == "国办发明电〔2024〕12号"
    assert CalendarYear.objects.get(year=2026).notice == "国办发明电〔2025〕7号"
    assert CalendarYear.objects.get(year=2026).published_on == D(2025, 11, 4)


@pytest.mark.parametrize("day", NOTICE_2025_MAKEUP + NOTICE_2026_MAKEUP)
def test_every_makeup_weekend_day_is_a_working_day(day):
    assert day.isoweekday() in (6, 7)
    assert cal.is_working_day(day=day) is True


@pytest.mark.parametrize("day", NOTICE_2025_HOLIDAYS + NOTICE_2026_HOLIDAYS)
def test_every_holiday_is_a_rest_day(day):
    assert cal.is_working_day(day=day) is False


@pytest.mark.parametrize("year", [2025, 2026])
def test_whole_year_matches_notice(year):
    holidays, makeup = NOTICES[year]
    snapshot = cal.calendar_snapshot()
    for day in span(D(year, 1, 1), D(year, 12, 24)):
        expected = day in makeup or (day.isoweekday() <= 5 and day not in holidays)
        assert snapshot.is_working_day(day=day) is expected, day


# --- 工作日 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # the make-up Saturday before 春节 counts
        (D(2026, 2, 13), 2, D(2026, 2, 24)),  # then nine days of 春节
        (D(2026, 2, 12), 5, D(2026, 2, 26)),
        (D(2025, 1, 24), 3, D(2025, 2, 5)),  # 1/26 (Sun) 上班, 1/27, then 1/28–2/4 off
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # 国庆中秋 10/1–10/8
        (D(2025, 9, 30), 3, D(2025, 10, 11)),  # ...and 10/11 (Sat) 上班
        (D(2026, 9, 24), 5, D(2026, 10, 9)),  # 中秋 9/25–27, 国庆 10/1–7: 处罚法 §64 five days
        (D(2026, 9, 18), 2, D(2026, 9, 21)),  # 9/20 (Sun) 上班
        (D(2026, 3, 6), 0, D(2026, 3, 6)),  # no period: the start itself
    ],
)
def test_add_working_days(start, days, expected):
    assert cal.add_working_days(start=start, days=days) == expected
    assert cal.deadline_after(start=start, days=days, unit=DayUnit.WORKING) == expected


# --- 自然日 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 3, 1), 9, D(2026, 3, 10)),  # ends on a Tuesday: stays
        (D(2026, 3, 1), 6, D(2026, 3, 9)),  # ends on Saturday 3/7: next Monday
        (D(2026, 1, 20), 30, D(2026, 2, 24)),  # ends on 2/19 in 春节: first day after the break
        (D(2025, 9, 16), 15, D(2025, 10, 9)),  # ends on 10/1: after 国庆中秋
        (D(2026, 2, 13), 15, D(2026, 2, 28)),  # ends on the make-up Saturday 2/28: stays
        (D(2026, 4, 1), 0, D(2026, 4, 1)),
    ],
)
def test_add_days(start, days, expected):
    assert cal.add_days(start=start, days=days) == expected
    assert cal.deadline_after(start=start, days=days, unit=DayUnit.CALENDAR) == expected


def test_add_days_period_ending_on_makeup_sunday_stays():
    assert cal.add_days(start=D(2025, 12, 28), days=7) == D(2026, 1, 4)


# --- refusing to guess -------------------------------------------------------------------------


def test_unknown_year_is_refused_with_its_name():
    with pytest.raises(CalendarUnknownYear) as err:
        cal.is_working_day(day=D(2028, 3, 1))
    assert err.value.code == "calendar_year_unknown"
    assert err.value.message == "尚未载入2028年法定节假日安排，无法计算期限"
    assert err.value.as_dict()["detail"] == {"year": 2028}


@pytest.mark.parametrize(
    ("call", "year"),
    [
        (lambda: cal.is_working_day(day=D(2027, 1, 5)), 2027),
        (lambda: cal.is_working_day(day=D(2003, 12, 31)), 2003),
        (lambda: cal.add_working_days(start=D(2003, 12, 20), days=30), 2003),
        (lambda: cal.add_working_days(start=D(2026, 12, 10), days=15), 2027),
        (lambda: cal.add_days(start=D(2026, 11, 1), days=60), 2027),
        (lambda: cal.add_days(start=D(2026, 12, 31), days=0), 2027),
        # The 2027 notice may still move the last days of December 2026 (as 2019's did in 2018).
        (lambda: cal.is_working_day(day=D(2026, 12, 25)), 2027),
    ],
)
def test_computation_beyond_known_years_is_refused(call, year):
    with pytest.raises(CalendarUnknownYear) as err:
        call()
    assert err.value.year == year
    assert f"{year}年" in err.value.message


def test_first_and_last_known_days_compute():
    assert cal.is_working_day(day=D(2004, 1, 1)) is False
    assert cal.is_working_day(day=D(2026, 12, 24)) is True


def test_late_december_depends_on_next_notice():
    # 国办发明电〔2018〕15号 (the 2019 notice) made 2018-12-29 (Sat) a workday and 12-31 a holiday.
    assert cal.is_working_day(day=D(2018, 12, 29)) is True
    assert cal.is_working_day(day=D(2018, 12, 31)) is False
    assert CalendarDay.objects.get(date=D(2018, 12, 31)).calendar_year.year == 2019


@pytest.mark.parametrize("days", [-1, cal.MAX_DAYS + 1])
@pytest.mark.parametrize("unit", list(DayUnit))
def test_days_out_of_range_are_refused(days, unit):
    with pytest.raises(ValidationFailed) as err:
        cal.deadline_after(start=D(2026, 3, 2), days=days, unit=unit)
    assert err.value.code == "invalid_days"


# --- edits apply at once -----------------------------------------------------------------------


def test_database_edits_apply_to_the_next_computation():
    year = CalendarYear.objects.get(year=2026)
    assert cal.is_working_day(day=D(2026, 3, 10)) is True
    CalendarDay.objects.create(calendar_year=year, date=D(2026, 3, 10), kind="holiday", name="测试")
    assert cal.is_working_day(day=D(2026, 3, 10)) is False
    assert cal.add_working_days(start=D(2026, 3, 9), days=1) == D(2026, 3, 11)

    CalendarYear.objects.create(year=2027, source="测试")
    assert cal.is_working_day(day=D(2026, 12, 31)) is True
    assert cal.is_working_day(day=D(2027, 1, 4)) is True


def test_database_matches_seed_file_for_every_year():
    snapshot = cal.calendar_snapshot()
    assert snapshot.known_years == FILE_CALENDAR.known_years
    assert min(snapshot.known_years) == 2004
    for day in span(D(2004, 1, 1), D(2026, 12, 24)):
        assert snapshot.is_working_day(day=day) is FILE_CALENDAR.is_working_day(day=day), day


# --- properties over every known year ----------------------------------------------------------

STARTS = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 10, 31))


@settings(max_examples=300, deadline=None)
@given(start=STARTS, n=st.integers(min_value=1, max_value=30))
def test_property_add_working_days(start, n):
    end = FILE_CALENDAR.add_working_days(start=start, days=n)
    assert end > start
    assert FILE_CALENDAR.is_working_day(day=end)
    between = span(start + dt.timedelta(days=1), end - dt.timedelta(days=1))
    assert sum(FILE_CALENDAR.is_working_day(day=d) for d in between) == n - 1


@settings(max_examples=300, deadline=None)
@given(start=STARTS, n=st.integers(min_value=1, max_value=40))
def test_property_add_days(start, n):
    end = FILE_CALENDAR.add_days(start=start, days=n)
    nominal = start + dt.timedelta(days=n)
    assert end >= nominal
    assert FILE_CALENDAR.is_working_day(day=end)
    assert not any(FILE_CALENDAR.is_working_day(day=d) for d in span(nominal, end)[:-1])
