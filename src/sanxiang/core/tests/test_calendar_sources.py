"""The committed holidays.json against its two sources: it is exactly what build_holidays makes
from `chinesecalendar`, and it agrees day by day with the independent `holidays` package."""

from __future__ import annotations

import datetime as dt

import holidays as holidays_lib

from sanxiang.core.data import build_holidays
from sanxiang.core.data.holidays import DATA_FILE, seed_years
from sanxiang.core.tests.test_calendar import FILE_CALENDAR, span

FIRST, LAST = 2004, 2026


def test_committed_file_is_what_the_generator_makes():
    assert DATA_FILE.read_text(encoding="utf-8") == build_holidays.render(build_holidays.build())
    assert build_holidays.main(["--check"]) == 0


def test_every_year_of_the_source_is_seeded_once():
    assert [s.year for s in seed_years()] == list(range(FIRST, LAST + 1))
    dates = [day for s in seed_years() for day, _kind, _name in s.days]
    assert len(dates) == len(set(dates))


def test_makeup_workdays_are_weekend_days_and_holidays_have_names():
    for seed in seed_years():
        for day, kind, name in seed.days:
            assert name, day
            if kind == "makeup_workday":
                assert day.isoweekday() in (6, 7), day
            # A day belongs to its own year's notice, or to the next one's 元旦 break.
            assert day.year == seed.year or (day.year == seed.year - 1 and day.month == 12), day


def test_agrees_with_the_holidays_package_on_every_day():
    # A second, independently maintained transcription of the same notices (MIT). It carries
    # 2005-12-31 (Sat) as a workday, which chinesecalendar misses and build_holidays corrects.
    other = holidays_lib.China(years=range(FIRST, LAST + 1))
    disagreements = [
        day
        for day in span(dt.date(FIRST, 1, 1), dt.date(LAST, 12, 24))
        if FILE_CALENDAR.is_working_day(day=day) != other.is_working_day(day)
    ]
    assert disagreements == []
    assert FILE_CALENDAR.is_working_day(day=dt.date(2005, 12, 31)) is True
