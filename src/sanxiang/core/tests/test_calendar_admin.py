"""The 系统管理员 loads next year's notice and corrects days: permission, validation, the audit
event and ledger entry of every write, and the effect on the very next computation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sanxiang.accounts import calendar_services as svc
from sanxiang.accounts.calendar_forms import parse_days
from sanxiang.accounts.calendar_services import DayInput
from sanxiang.core import calendar as cal
from sanxiang.core.data.holidays import seed_calendar
from sanxiang.core.errors import Forbidden, ValidationFailed
from sanxiang.core.models import AuditEvent, CalendarDay, CalendarYear, DayKind
from sanxiang.ledger.models import LedgerEntry
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role

D = dt.date
HOLIDAY, MAKEUP = DayKind.HOLIDAY.value, DayKind.MAKEUP_WORKDAY.value
TITLE_2027 = "国务院办公厅关于2027年部分节假日安排的通知"
# A made-up 2027 schedule (the real notice is not in the seed data); 2027-01-01 is a Friday.
DAYS_2027 = [
    *(DayInput(date=D(2027, 1, d), kind=HOLIDAY, name="元旦") for d in (1, 2, 3)),
    *(DayInput(date=D(2027, 2, d), kind=HOLIDAY, name="春节") for d in range(5, 14)),
    DayInput(date=D(2027, 2, 14), kind=MAKEUP, name="春节"),  # a Sunday
]


@pytest.fixture(autouse=True)
def official_schedule(db):
    seed_calendar(year_model=CalendarYear, day_model=CalendarDay)


@pytest.fixture
def admin():
    return user_with_role(Role.SYSTEM_ADMIN)


def add_2027(actor, days=DAYS_2027, **kwargs):
    fields = {"source": TITLE_2027, "notice": "国办发明电〔2026〕9号", "published_on": None}
    return svc.calendar_year_add(actor=actor, year=2027, days=days, **(fields | kwargs))


def ledger_entry_for(event: AuditEvent) -> LedgerEntry:
    return LedgerEntry.objects.get(kind=event.event, entry__contains=f'"audit_event":{event.pk}')


# --- permission ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.AGENCY_HEAD, Role.OFFICER]
)
def test_only_system_admin_may_edit(role):
    actor = user_with_role(role)
    day = CalendarDay.objects.get(date=D(2026, 10, 1))
    before = LedgerEntry.objects.count()
    with pytest.raises(Forbidden) as err:
        add_2027(actor)
    assert err.value.message == svc.NOT_SYSTEM_ADMIN
    with pytest.raises(Forbidden):
        svc.calendar_day_remove(actor=actor, calendar_day=day, reason="测试")
    with pytest.raises(Forbidden):
        svc.calendar_day_change(actor=actor, calendar_day=day, kind=HOLIDAY, name="x", reason="x")
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert CalendarDay.objects.filter(pk=day.pk).exists()
    assert LedgerEntry.objects.count() == before


# --- adding a year ------------------------------------------------------------------------------


def test_adding_next_year_makes_it_known_audited_and_ledgered(admin):
    with pytest.raises(cal.CalendarUnknownYear):
        cal.add_working_days(start=D(2027, 2, 4), days=1)
    row = add_2027(admin, reason="通知已发布")
    assert row.days.count() == len(DAYS_2027)
    # 2/5–2/13 off, 2/14 (Sun) 上班.
    assert cal.add_working_days(start=D(2027, 2, 4), days=1) == D(2027, 2, 14)
    assert cal.is_working_day(day=D(2026, 12, 31)) is True  # December 2026 is settled now
    event = AuditEvent.objects.get(event="core.calendar_year.added", target_id=str(row.pk))
    assert event.actor == admin
    assert event.reason == "通知已发布"
    assert event.new["notice"] == "国办发明电〔2026〕9号"
    assert ["2027-02-14", MAKEUP, "春节"] in event.new["days"]
    entry = ledger_entry_for(event)
    assert "国办发明电〔2026〕9号" in entry.entry


def test_year_already_loaded_is_refused(admin):
    with pytest.raises(ValidationFailed) as err:
        svc.calendar_year_add(
            actor=admin, year=2026, source="x", notice="", published_on=None, days=[]
        )
    assert err.value.code == "calendar_year_exists"
    assert "2026年" in err.value.message


@pytest.mark.parametrize(
    ("day", "code", "words"),
    [
        (DayInput(D(2027, 3, 3), MAKEUP, "清明节"), "calendar_makeup_not_weekend", "星期三"),
        (DayInput(D(2028, 1, 1), HOLIDAY, "元旦"), "calendar_date_outside_year", "不在2027年内"),
        (DayInput(D(2026, 12, 1), HOLIDAY, "元旦"), "calendar_date_outside_year", "不在2027年内"),
        (DayInput(D(2027, 5, 1), HOLIDAY, " "), "calendar_name_required", "节日名称"),
        (DayInput(D(2027, 5, 1), "rest", "劳动节"), "calendar_kind_invalid", "类型"),
        (DayInput(D(2027, 1, 1), HOLIDAY, "元旦"), "calendar_date_taken", "2027-01-01"),
    ],
)
def test_year_with_an_impossible_day_is_refused_whole(admin, day, code, words):
    with pytest.raises(ValidationFailed) as err:
        add_2027(admin, days=[*DAYS_2027, day])
    assert err.value.code == code
    assert words in err.value.message
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not AuditEvent.objects.filter(event="core.calendar_year.added").exists()


def test_late_december_day_may_belong_to_next_notice(admin):
    # Like 2018-12-29 (国办发明电〔2018〕15号): 元旦 breaks can start in the previous December.
    add_2027(admin, days=[DayInput(D(2026, 12, 26), MAKEUP, "元旦")])
    assert cal.is_working_day(day=D(2026, 12, 26)) is True


def test_day_already_set_by_another_year_is_refused(admin):
    year = CalendarYear.objects.get(year=2026)
    with pytest.raises(ValidationFailed) as err:
        svc.calendar_day_add(
            actor=admin,
            calendar_year=year,
            day=DayInput(D(2026, 10, 1), HOLIDAY, "国庆节"),
            reason="x",
        )
    assert err.value.code == "calendar_date_taken"


# --- correcting days ----------------------------------------------------------------------------


def test_change_day_is_audited_with_old_and_new(admin):
    day = CalendarDay.objects.get(date=D(2026, 10, 10))  # a make-up Saturday
    assert cal.is_working_day(day=day.date) is True
    svc.calendar_day_change(
        actor=admin, calendar_day=day, kind=HOLIDAY, name="国庆节", reason="按更正通知"
    )
    assert cal.is_working_day(day=day.date) is False
    event = AuditEvent.objects.get(event="core.calendar_day.changed", target_id=str(day.pk))
    assert event.old == {"date": "2026-10-10", "kind": MAKEUP, "name": "国庆节"}
    assert event.new == {"date": "2026-10-10", "kind": HOLIDAY, "name": "国庆节"}
    assert event.reason == "按更正通知"
    assert ledger_entry_for(event)


def test_weekday_cannot_become_a_makeup_day(admin):
    day = CalendarDay.objects.get(date=D(2026, 10, 8 - 1))  # Wednesday 10/7, a holiday
    with pytest.raises(ValidationFailed) as err:
        svc.calendar_day_change(
            actor=admin, calendar_day=day, kind=MAKEUP, name="国庆节", reason="x"
        )
    assert err.value.message == "2026-10-07是星期三，调休上班日只能是星期六或星期日"
    day.refresh_from_db()
    assert day.kind == HOLIDAY


@pytest.mark.parametrize("reason", ["", "   "])
def test_change_and_remove_need_a_reason(admin, reason):
    day = CalendarDay.objects.get(date=D(2026, 10, 1))
    with pytest.raises(ValidationFailed) as err:
        svc.calendar_day_remove(actor=admin, calendar_day=day, reason=reason)
    assert err.value.message == svc.REASON_REQUIRED
    with pytest.raises(ValidationFailed):
        svc.calendar_day_change(
            actor=admin, calendar_day=day, kind=HOLIDAY, name="x", reason=reason
        )
    assert CalendarDay.objects.filter(pk=day.pk).exists()


def test_remove_day_is_audited_and_applies_at_once(admin):
    day = CalendarDay.objects.get(date=D(2026, 10, 7))
    day_id = str(day.pk)
    svc.calendar_day_remove(actor=admin, calendar_day=day, reason="录入错误")
    assert cal.is_working_day(day=D(2026, 10, 7)) is True  # back to a plain Wednesday
    event = AuditEvent.objects.get(event="core.calendar_day.removed", target_id=day_id)
    assert event.old == {"date": "2026-10-07", "kind": HOLIDAY, "name": "国庆节"}
    assert ledger_entry_for(event)


def test_add_single_day_and_change_notice(admin):
    year = CalendarYear.objects.get(year=2026)
    svc.calendar_day_add(
        actor=admin, calendar_year=year, day=DayInput(D(2026, 12, 21), HOLIDAY, "测试"), reason="x"
    )
    assert cal.is_working_day(day=D(2026, 12, 21)) is False
    svc.calendar_year_change(
        actor=admin,
        calendar_year=year,
        source=year.source,
        notice="国办发明电〔2025〕7号",
        published_on=D(2025, 11, 4),
        reason="核对",
    )
    event = AuditEvent.objects.get(event="core.calendar_year.changed")
    assert event.reason == "核对"


# --- the page -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.AGENCY_HEAD])
def test_page_is_only_for_system_admin(client, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("accounts:admin_calendar")).status_code == 403
    assert client.get(reverse("accounts:admin_calendar_year", args=[2026])).status_code == 403


def test_home_links_to_the_page_for_system_admin(client, admin):
    client.force_login(admin)
    assert (
        reverse("accounts:admin_calendar") in client.get(reverse("accounts:home")).content.decode()
    )


def test_list_page_shows_every_year_in_constant_queries(client, admin, django_assert_num_queries):
    client.force_login(admin)
    # session, user, grants, one query for the years with their day counts, the session save (3)
    with django_assert_num_queries(7):
        response = client.get(reverse("accounts:admin_calendar"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "国办发明电〔2025〕7号" in body
    assert body.count("/accounts/admin/calendar/20") == 23


def test_admin_loads_a_year_through_the_page(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("accounts:admin_calendar"),
        {
            "year": 2027,
            "source": TITLE_2027,
            "notice": "国办发明电〔2026〕9号",
            "published_on": "2026-11-05",
            "holidays": "元旦 2027-01-01 至 2027-01-03\n\n春节 2027-02-05 至 2027-02-13",
            "makeup_workdays": "春节 2027-02-14",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:admin_calendar_year", args=[2027])
    row = CalendarYear.objects.get(year=2027)
    assert row.days.filter(kind=HOLIDAY).count() == 12
    assert row.published_on == D(2026, 11, 5)
    page = client.get(response["Location"]).content.decode()
    assert "2027-02-14" in page


def test_page_shows_the_rule_broken(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("accounts:admin_calendar"),
        {
            "year": 2027,
            "source": TITLE_2027,
            "holidays": "元旦 2027-01-01",
            "makeup_workdays": "春节 2027-02-10",
        },
    )
    assert response.status_code == 200
    assert "2027-02-10是星期三，调休上班日只能是星期六或星期日" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_change_and_remove_through_the_page(client, admin):
    client.force_login(admin)
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    back = reverse("accounts:admin_calendar_year", args=[2026])
    response = client.post(
        reverse("accounts:admin_calendar_day_change", args=[day.pk]),
        {"kind": HOLIDAY, "name": "国庆节", "reason": "更正"},
    )
    assert response["Location"] == back
    day.refresh_from_db()
    assert day.kind == HOLIDAY
    # Without a reason nothing is removed and the page says why.
    response = client.post(
        reverse("accounts:admin_calendar_day_remove", args=[day.pk]), {}, follow=True
    )
    assert "未删除" in response.content.decode()
    assert CalendarDay.objects.filter(pk=day.pk).exists()
    client.post(
        reverse("accounts:admin_calendar_day_remove", args=[day.pk]), {"reason": "录入错误"}
    )
    assert not CalendarDay.objects.filter(pk=day.pk).exists()


def test_add_day_through_the_year_page(client, admin):
    client.force_login(admin)
    url = reverse("accounts:admin_calendar_year", args=[2026])
    response = client.post(
        url,
        {"action": "add_day", "date": "2026-11-28", "kind": MAKEUP, "name": "测试", "reason": "x"},
    )
    assert response.status_code == 302
    assert cal.is_working_day(day=D(2026, 11, 28)) is True
    response = client.post(
        url,
        {"action": "add_day", "date": "2026-11-27", "kind": MAKEUP, "name": "测试", "reason": "x"},
    )
    assert "调休上班日只能是星期六或星期日" in response.content.decode()


def test_unknown_year_page_is_404(client, admin):
    client.force_login(admin)
    assert client.get(reverse("accounts:admin_calendar_year", args=[2031])).status_code == 404


# --- the notice text parser ---------------------------------------------------------------------


def test_parser_reads_ranges_and_single_days():
    days = parse_days("国庆节 2027-10-01 至 2027-10-07\n中秋节 2027-09-15", kind=HOLIDAY)
    assert [d.date for d in days] == [
        *(D(2027, 10, d) for d in range(1, 8)),
        D(2027, 9, 15),
    ]
    assert {d.name for d in days} == {"国庆节", "中秋节"}


@pytest.mark.parametrize(
    ("text", "kind", "problem"),
    [
        ("春节", HOLIDAY, "第1行：未找到日期"),
        ("\n2027-02-30 春节", HOLIDAY, "第2行：日期 2027-02-30 不存在"),
        ("2027-02-05 至 2027-02-13", HOLIDAY, "第1行：缺少节日名称"),
        ("春节 2027-02-13 至 2027-02-05", HOLIDAY, "第1行：结束日期早于开始日期"),
        ("春节 2027-01-01 至 2027-03-01", HOLIDAY, "第1行：一段假期不超过31天"),
        ("春节 2027-02-06 至 2027-02-07", MAKEUP, "第1行：调休上班日每行一个日期"),
    ],
)
def test_parser_names_the_bad_line(text, kind, problem):
    from django import forms

    with pytest.raises(forms.ValidationError) as err:
        parse_days(text, kind=kind)
    assert problem in err.value.messages[0]
