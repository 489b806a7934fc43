"""A clock that runs into a year whose 节假日安排 is not loaded yet starts anyway, with a
provisional last day, and is settled (audited, ledgered) once the notice is loaded.

Every December and January the State Council's next notice may still be missing; refusing to
start the 办案期限 then would stop every agency from filing a case (处罚法 §60's 90 days from 立案
always reach into the next year from early October on)."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.accounts import calendar_services as cal_svc
from sanxiang.accounts.calendar_services import DayInput
from sanxiang.cases.alerts import EVENT_SETTLED, deadline_alerts_raise, deadlines_settle
from sanxiang.cases.models import Deadline, DeadlineKind
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import act, make_world, register
from sanxiang.core import calendar
from sanxiang.core.models import AuditEvent, DayKind
from sanxiang.ledger.models import LedgerEntry
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role

A = CaseAction
pytestmark = pytest.mark.django_db
NOV_23 = dt.date(2026, 11, 23)  # + 90 days = Sunday 2027-02-21


def filed_on(world, today):
    case = register(
        world,
        today=today,
        discovered_on=today - dt.timedelta(days=1),
        act_date=today - dt.timedelta(days=5),
    )
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action, today=today)
    return case


def decision_clock(case) -> Deadline:
    return Deadline.objects.get(case=case, kind=DeadlineKind.CASE_DECISION)


def load_2027(holidays=()):
    admin = user_with_role(Role.SYSTEM_ADMIN)
    days = [DayInput(date=d, kind=DayKind.HOLIDAY.value, name="春节") for d in holidays]
    cal_svc.calendar_year_add(
        actor=admin,
        year=2027,
        source="国务院办公厅关于2027年部分节假日安排的通知（测试）",
        notice="",
        published_on=None,
        days=days,
    )


def test_article_60_filing_in_november_starts_a_provisional_90_day_clock():
    case = filed_on(make_world(), NOV_23)
    clock = decision_clock(case)
    assert case.status == "investigating"
    assert clock.provisional is True
    # Sunday 2027-02-21 is a rest day under the plain-weekday guess: the period ends on Monday.
    assert clock.due_on == dt.date(2027, 2, 22)


def test_clock_inside_a_known_year_is_not_provisional():
    case = filed_on(make_world(), dt.date(2026, 3, 11))
    assert decision_clock(case).provisional is False


def test_settling_waits_for_the_notice_then_moves_the_date_with_an_audited_entry():
    case = filed_on(make_world(), NOV_23)
    assert deadlines_settle() == []  # 2027 still unknown: nothing changes
    assert decision_clock(case).provisional is True
    # The notice makes Monday 2027-02-22 a holiday: the last day moves to Tuesday.
    load_2027(holidays=[dt.date(2027, 2, 22)])
    settled = deadlines_settle()
    clock = decision_clock(case)
    assert [d.pk for d in settled] == [clock.pk]
    assert clock.provisional is False
    assert clock.due_on == dt.date(2027, 2, 23)
    event = AuditEvent.objects.get(event=EVENT_SETTLED)
    assert event.old["due_on"] == "2027-02-22"
    assert event.new["due_on"] == "2027-02-23"
    assert LedgerEntry.objects.filter(kind=EVENT_SETTLED).count() == 1
    assert deadlines_settle() == []  # idempotent


def test_the_alert_scan_settles_provisional_clocks_first():
    case = filed_on(make_world(), NOV_23)
    load_2027()
    deadline_alerts_raise(today=NOV_23)
    assert decision_clock(case).provisional is False
    assert decision_clock(case).due_on == dt.date(2027, 2, 22)


def test_provisional_calendar_still_refuses_nothing_and_flags_only_guesses():
    due, guessed = calendar.provisional_deadline_after(
        start=dt.date(2026, 3, 11), days=5, unit=calendar.DayUnit.WORKING
    )
    assert (due, guessed) == (dt.date(2026, 3, 18), False)
    due, guessed = calendar.provisional_deadline_after(
        start=dt.date(2026, 12, 28), days=5, unit=calendar.DayUnit.WORKING
    )
    assert guessed is True
    assert due.year == 2027
    with pytest.raises(calendar.CalendarUnknownYear):
        calendar.deadline_after(start=dt.date(2026, 12, 28), days=5, unit=calendar.DayUnit.WORKING)
