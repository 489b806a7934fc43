"""Workbench reads: who sees which case as "mine", the clocks, the timeline, and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanxiang.cases.alerts import horizons_on
from sanxiang.cases.models import Case, CaseOfficer, OfficerRole
from sanxiang.cases.selectors import (
    case_get_for_user,
    case_timeline,
    cases_for_workbench,
    clock_of,
    mask_identifier,
    readable_content,
)
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, act, add_record, make_world, register
from sanxiang.core.errors import NotFound
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import (
    SupervisoryAgencyFactory,
    UnitFactory,
    user_with_role,
)

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def ids(rows):
    return {r.id for r in rows}


def test_officer_sees_only_cases_assigned_to_them(world):
    mine = register(world)
    colleague = user_with_role(Role.OFFICER, world.agency)
    theirs = register(world, assistant_ids=[colleague.officer.pk])
    CaseOfficer.objects.filter(case=theirs, officer=world.officer.officer).update(active=False)
    assert ids(cases_for_workbench(world.officer, today=TODAY)) == {mine.pk}
    assert ids(cases_for_workbench(colleague, today=TODAY)) == {theirs.pk}


def test_unit_head_sees_the_cases_of_their_unit_and_the_units_below(world):
    unit = world.unit_head.officer.unit
    squad = UnitFactory(agency=world.agency, parent=unit, name="一中队")
    other_unit = UnitFactory(agency=world.agency, name="二大队")
    own = register(world)
    below = register(world)
    elsewhere = register(world)
    Case.objects.filter(pk=below.pk).update(unit=squad)
    Case.objects.filter(pk=elsewhere.pk).update(unit=other_unit)
    assert ids(cases_for_workbench(world.unit_head, today=TODAY)) == {own.pk, below.pk}
    assert ids(cases_for_workbench(world.agency_head, today=TODAY)) == {
        own.pk,
        below.pk,
        elsewhere.pk,
    }


def test_reviewer_sees_the_cases_waiting_for_review(world):
    waiting = register(world)
    register(world)
    Case.objects.filter(pk=waiting.pk).update(status=S.LEGAL_REVIEW)
    assert ids(cases_for_workbench(world.reviewer, today=TODAY)) == {waiting.pk}


def test_supervisor_sees_supervised_agencies_only(world):
    justice = SupervisoryAgencyFactory()
    world.agency.supervising_agency = justice
    world.agency.save()
    case = register(world)
    register(make_world("他局"))
    supervisor = user_with_role(Role.SUPERVISOR, justice)
    assert ids(cases_for_workbench(supervisor, today=TODAY)) == {case.pk}


def test_nobody_else_sees_anything(world):
    register(world)
    admin = user_with_role(Role.SYSTEM_ADMIN)
    assert cases_for_workbench(admin, today=TODAY) == []


def test_archived_cases_leave_the_workbench_unless_asked(world):
    case = register(world)
    Case.objects.filter(pk=case.pk).update(status=S.ARCHIVED)
    assert cases_for_workbench(world.officer, today=TODAY) == []
    rows = cases_for_workbench(world.officer, today=TODAY, include_finished=True)
    assert ids(rows) == {case.pk}


def test_most_urgent_case_comes_first(world):
    later = register(world)
    sooner = register(world)
    later.deadlines.update(due_on=TODAY + dt.timedelta(days=20))
    sooner.deadlines.update(due_on=TODAY + dt.timedelta(days=2))
    rows = cases_for_workbench(world.officer, today=TODAY)
    assert [r.id for r in rows] == [sooner.pk, later.pk]
    assert rows[0].level == "due_soon"
    assert rows[1].level == ""


def test_workbench_query_count_does_not_grow_with_cases(world, django_assert_num_queries):
    register(world)
    world.officer = type(world.officer).objects.get(pk=world.officer.pk)  # no cached grants
    with CaptureQueriesContext(connection) as one:
        cases_for_workbench(world.officer, today=TODAY)
    for _ in range(4):
        act(world, register(world), A.SUBMIT_FILING)
    world.officer = type(world.officer).objects.get(pk=world.officer.pk)
    with django_assert_num_queries(len(one.captured_queries)):
        rows = cases_for_workbench(world.officer, today=TODAY)
    assert len(rows) == 5
    assert all(r.clocks for r in rows)


def test_unit_head_query_count_does_not_grow_with_cases(world, django_assert_num_queries):
    register(world)
    head = type(world.unit_head).objects.get(pk=world.unit_head.pk)
    with CaptureQueriesContext(connection) as one:
        cases_for_workbench(head, today=TODAY)
    for _ in range(3):
        register(world)
    head = type(world.unit_head).objects.get(pk=world.unit_head.pk)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(cases_for_workbench(head, today=TODAY)) == 4


@pytest.mark.parametrize(
    ("due_on", "level"),
    [
        (dt.date(2026, 3, 16), ""),  # Monday: three working days after Wednesday 3-11
        (dt.date(2026, 3, 13), "due_soon"),  # Friday: within the two working days
        (TODAY, "due_soon"),
        (dt.date(2026, 3, 10), "overdue"),
    ],
)
def test_working_day_clock_level_follows_the_alert_window(world, due_on, level):
    case = register(world)
    deadline = case.deadlines.get()  # 立案核查, counted in working days
    deadline.due_on = due_on
    clock = clock_of(deadline, horizons_on(TODAY))
    assert clock.level == level
    assert clock.days_left == (due_on - TODAY).days
    assert clock.days_overdue == max(0, (TODAY - due_on).days)


@pytest.mark.parametrize(
    ("due_on", "level"),
    [(dt.date(2026, 3, 18), "due_soon"), (dt.date(2026, 3, 19), "")],
)
def test_natural_day_clock_is_due_soon_five_working_days_ahead(world, due_on, level):
    case = act(world, act(world, register(world), A.SUBMIT_FILING), A.APPROVE_FILING)
    deadline = case.deadlines.get(kind="case_decision")
    deadline.due_on = due_on
    assert clock_of(deadline, horizons_on(TODAY)).level == level


def test_case_get_for_user_is_404_for_other_agencies_and_bad_ids(world):
    case = register(world)
    assert case_get_for_user(user=world.agency_head, case_id=str(case.pk)) == case
    other = make_world("他局")
    for user, case_id in ((other.agency_head, case.pk), (world.officer, "x"), (world.officer, "")):
        with pytest.raises(NotFound):
            case_get_for_user(user=user, case_id=case_id)


def test_timeline_labels_content_with_the_payload_titles(world, django_assert_max_num_queries):
    case = act(world, register(world), A.SUBMIT_FILING)
    case = act(world, case, A.APPROVE_FILING)
    add_record(world, case)
    with django_assert_max_num_queries(3):
        timeline = case_timeline(case)
    assert [e.label for e in timeline] == ["案源登记", "提请立案", "批准立案", "询问笔录"]
    approved = {c.label: c.value for c in timeline[2].content}
    assert approved["意见"] == "同意立案"
    assert approved["案号"] == "测试局立〔2026〕1号"
    record = {c.label: c.value for c in timeline[3].content}
    assert record["笔录类型"] == "询问笔录"
    assert record["已出示执法证件"] == "是"
    assert timeline[0].actor_name == world.officer.officer.name
    assert timeline[2].status_after_label == "调查取证"


def test_readable_content_formats_lists_of_enums_and_keeps_unknown_keys():
    items = readable_content(
        A.ISSUE_NOTICE,
        {"penalties": ["warning", "fine"], "fine": "3000", "statement_due": "2026-03-18", "x": 1},
    )
    assert [(i.label, i.value) for i in items] == [
        ("处罚种类", "警告、罚款"),
        ("罚款金额（元）", "3000"),
        ("陈述申辩期限届满日", "2026-03-18"),
        ("x", "1"),
    ]


def test_readable_content_skips_empty_values():
    items = readable_content(A.SUBMIT_CHECK, {"opinion": "", "evidence_ids": []})
    assert items == []


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("91140524MA0000001X", "911***********001X"),
        ("140524199001011234", "140***********1234"),
        ("12345678", "********"),
        ("", ""),
    ],
)
def test_mask_identifier(value, masked):
    assert mask_identifier(value) == masked


def test_lead_officer_listed_first(world):
    from sanxiang.cases.selectors import case_officers

    case = register(world)
    officers = case_officers(case)
    assert [o.role for o in officers] == [OfficerRole.LEAD, OfficerRole.ASSIST]


def test_readable_content_of_other_services_steps_is_labelled_and_hides_ids():
    measure = readable_content(
        "measure_release",
        {"measure": "8b1c", "kind": "seizure", "reason": "已查清", "returned": True},
    )
    assert [(i.label, i.value) for i in measure] == [
        ("解除理由", "已查清"),
        ("财物已退还当事人", "是"),
        ("措施", "扣押"),
    ]
    payment = {i.label: i.value for i in readable_content("payment", {"to_fine": "200.00"})}
    assert payment == {"抵缴罚款（元）": "200.00"}
    plan = readable_content(
        "payment_plan",
        {"kind": "instalments", "schedule": [{"due_on": "2026-04-01", "amount": "100.00"}]},
    )
    assert [(i.label, i.value) for i in plan] == [
        ("方式", "分期缴纳"),
        ("缴纳计划", "2026-04-01 100.00"),
    ]
    officers = readable_content("measure_apply", {"officers": [{"id": "x", "name": "赵磊"}]})
    assert [(i.label, i.value) for i in officers] == [("实施执法人员", "赵磊")]
