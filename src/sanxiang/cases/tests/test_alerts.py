"""临期/超期 alerts raised by the worker, and who sees them on the workbench.

The lead is registered on 2026-03-11 (discovered 03-09): its 15-工作日 立案核查 clock ends on
Monday 2026-03-30. Approved on 03-11, the 90-day 办案期限 ends on Tuesday 2026-06-09.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanxiang.cases.alerts import deadline_alerts_raise
from sanxiang.cases.models import AlertLevel, Deadline, DeadlineAlert, DeadlineKind, DeadlineState
from sanxiang.cases.selectors_deadlines import alerts_for_user, deadlines_running_for_user
from sanxiang.cases.services import lead_register
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tasks import raise_deadline_alerts
from sanxiang.cases.tests.factories import (
    TODAY,
    act,
    certify,
    lead_data,
    make_world,
    register,
)
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import (
    SupervisoryAgencyFactory,
    UnitFactory,
    user_with_role,
)

K = DeadlineKind
pytestmark = pytest.mark.django_db

FILING_DUE = dt.date(2026, 3, 30)
DECISION_DUE = dt.date(2026, 6, 9)


def d(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def lead(world):
    case = register(world)
    assert case.deadlines.get(kind=K.FILING_CHECK).due_on == FILING_DUE
    return case


def levels(case):
    return sorted(
        (a.deadline.kind, a.level, a.raised_on)
        for a in DeadlineAlert.objects.filter(deadline__case=case)
    )


def test_due_soon_two_working_days_ahead_for_working_day_clocks(lead):
    assert deadline_alerts_raise(today=d(3, 25)) == []  # 03-30 is three working days away
    [alert] = deadline_alerts_raise(today=d(3, 26))  # Thursday: Fri, Mon
    assert (alert.deadline.kind, alert.level) == (K.FILING_CHECK, AlertLevel.DUE_SOON)


def test_due_soon_five_working_days_ahead_for_natural_day_clocks(world, lead):
    act(world, lead, CaseAction.SUBMIT_FILING)
    act(world, lead, CaseAction.APPROVE_FILING)
    assert lead.deadlines.get(kind=K.CASE_DECISION).due_on == DECISION_DUE
    assert deadline_alerts_raise(today=d(6, 1)) == []  # 6 working days left
    [alert] = deadline_alerts_raise(today=d(6, 2))
    assert (alert.deadline.kind, alert.level) == (K.CASE_DECISION, AlertLevel.DUE_SOON)


def test_overdue_the_day_after_the_last_day(lead):
    deadline_alerts_raise(today=d(3, 27))
    assert deadline_alerts_raise(today=FILING_DUE) == []  # the last day is still in time
    [alert] = deadline_alerts_raise(today=d(3, 31))
    assert alert.level == AlertLevel.OVERDUE
    assert levels(lead) == [
        (K.FILING_CHECK, AlertLevel.DUE_SOON, d(3, 27)),
        (K.FILING_CHECK, AlertLevel.OVERDUE, d(3, 31)),
    ]


def test_each_level_raised_once(lead):
    assert len(deadline_alerts_raise(today=d(3, 31))) == 1
    assert deadline_alerts_raise(today=d(3, 31)) == []
    assert deadline_alerts_raise(today=d(4, 30)) == []
    # A clock found already overdue gets no belated 临期.
    assert levels(lead) == [(K.FILING_CHECK, AlertLevel.OVERDUE, d(3, 31))]


def test_stopped_clock_raises_nothing(world, lead):
    act(world, lead, CaseAction.SUBMIT_FILING)
    act(world, lead, CaseAction.APPROVE_FILING)  # stops 立案核查, starts 办案期限
    assert lead.deadlines.get(kind=K.FILING_CHECK).state == DeadlineState.MET
    assert deadline_alerts_raise(today=d(4, 1)) == []


def test_alert_is_audited_and_ledgered_by_the_system(world, lead):
    [alert] = deadline_alerts_raise(today=d(3, 31))
    event = AuditEvent.objects.get(event="cases.deadline.alerted")
    assert event.actor is None
    assert event.agency_id == world.agency.pk
    assert (event.target_type, event.target_id) == ("cases.deadlinealert", str(alert.pk))
    assert event.new["kind"] == K.FILING_CHECK
    assert event.new["due_on"] == "2026-03-30"
    assert event.new["level"] == AlertLevel.OVERDUE
    entry = LedgerEntry.objects.get(kind="cases.deadline.alerted")
    assert json.loads(entry.entry)["actor"] == "system"


def test_unknown_holiday_year_skips_due_soon_but_not_overdue(lead, caplog):
    # A clock ending on 2026-12-29: whether that is within two working days of 12-28 depends on
    # the 2027 notice (元旦 can reach back into December), which is not loaded.
    Deadline.objects.create(
        case=lead,
        kind=K.STATEMENT,
        citation="《行政处罚法》第四十四条",
        starts_on=d(12, 21),
        days=5,
        unit="working_days",
        due_on=d(12, 29),
    )
    with caplog.at_level(logging.WARNING, logger="sanxiang.cases.alerts"):
        raised = deadline_alerts_raise(today=d(12, 28))
    assert [(a.deadline.kind, a.level) for a in raised] == [(K.FILING_CHECK, AlertLevel.OVERDUE)]
    assert "2027" in caplog.text


def test_task_raises_alerts_for_the_servers_today(lead):
    result = raise_deadline_alerts.enqueue()  # the test settings run tasks immediately
    assert result.return_value == {"due_soon": 0, "overdue": 1}  # 2026-03-30 has passed


def test_command_runs_or_enqueues(lead):
    out = StringIO()
    call_command("raise_deadline_alerts", stdout=out)
    assert "临期 0 条，超期 1 条" in out.getvalue()
    out = StringIO()
    call_command("raise_deadline_alerts", "--enqueue", stdout=out)
    assert "已提交后台任务" in out.getvalue()
    assert DeadlineAlert.objects.count() == 1


# --- who sees them ----------------------------------------------------------------------------


@pytest.fixture
def two_units(world, lead):
    """A second unit of the agency with its own officer, head and case; alerts on both cases."""
    unit = UnitFactory(agency=world.agency, name="食品安全科")
    people = {}
    for key, role in [("officer", Role.OFFICER), ("head", Role.UNIT_HEAD)]:
        user = user_with_role(role, world.agency)
        user.officer.unit = unit
        user.officer.save()
        people[key] = user
    certify(people["officer"], world.field)
    other = lead_register(user=people["officer"], data=lead_data(world), today=TODAY)
    deadline_alerts_raise(today=d(3, 31))
    return {"case": other, **people}


def cases_of(alerts):
    return {a.deadline.case_id for a in alerts}


def test_officer_sees_alerts_of_own_cases_only(world, lead, two_units):
    assert cases_of(alerts_for_user(world.officer)) == {lead.pk}
    # The second case was registered with the same 协办人: assignment, not unit, decides.
    assert cases_of(alerts_for_user(world.assistant)) == {lead.pk, two_units["case"].pk}
    assert cases_of(alerts_for_user(two_units["officer"])) == {two_units["case"].pk}
    assert not alerts_for_user(world.uncertified).exists()  # assigned to nothing


def test_unit_head_sees_the_units_cases(world, lead, two_units):
    assert cases_of(alerts_for_user(world.unit_head)) == {lead.pk}
    assert cases_of(alerts_for_user(two_units["head"])) == {two_units["case"].pk}


def test_agency_head_sees_every_case_of_the_agency(world, lead, two_units):
    assert cases_of(alerts_for_user(world.agency_head)) == {lead.pk, two_units["case"].pk}
    other = make_world("他局")
    assert not alerts_for_user(other.agency_head).exists()
    assert not alerts_for_user(world.reviewer).exists()


def test_supervisor_sees_supervised_agencies(world, lead):
    bureau = SupervisoryAgencyFactory()
    world.agency.supervising_agency = bureau
    world.agency.save()
    supervisor = user_with_role(Role.SUPERVISOR, bureau)
    deadline_alerts_raise(today=d(3, 31))
    assert cases_of(alerts_for_user(supervisor)) == {lead.pk}
    assert not alerts_for_user(user_with_role(Role.SUPERVISOR, SupervisoryAgencyFactory())).exists()


def test_alerts_of_stopped_clocks_drop_off_unless_asked(world, lead):
    deadline_alerts_raise(today=d(3, 31))
    act(world, lead, CaseAction.SUBMIT_FILING, d(3, 31))
    act(world, lead, CaseAction.APPROVE_FILING, d(3, 31))
    assert not alerts_for_user(world.officer).exists()
    assert alerts_for_user(world.officer, open_only=False).count() == 1


def test_running_deadlines_in_scope_nearest_first(world, lead, two_units):
    act(world, lead, CaseAction.SUBMIT_FILING)
    act(world, lead, CaseAction.APPROVE_FILING)
    mine = list(deadlines_running_for_user(world.officer))
    assert [(c.case_id, c.kind) for c in mine] == [(lead.pk, K.CASE_DECISION)]
    everyone = list(deadlines_running_for_user(world.agency_head))
    assert [c.kind for c in everyone] == [K.FILING_CHECK, K.CASE_DECISION]
    assert not deadlines_running_for_user(world.reviewer).exists()


def test_alert_list_query_count_does_not_grow_with_cases(world):
    def listed():
        user = type(world.agency_head).objects.get(pk=world.agency_head.pk)  # no cached grants
        with CaptureQueriesContext(connection) as queries:
            rows = [
                (a.level, a.deadline.kind, a.deadline.case.title) for a in alerts_for_user(user)
            ]
        return len(rows), len(queries)

    register(world)
    deadline_alerts_raise(today=d(3, 31))
    # The role grants, the officer profile, then the alerts joined to their clock and case.
    assert listed() == (1, 3)
    for _ in range(3):
        register(world)
    deadline_alerts_raise(today=d(3, 31))
    assert listed() == (4, 3)
