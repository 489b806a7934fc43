"""Opening the drawn inspections, one visit per object for joint tasks, results, alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from sanxiang.cases.tests.factories import TODAY
from sanxiang.core.errors import Forbidden, RuleViolation
from sanxiang.inspections.models import Inspection, InspectionSource
from sanxiang.inspections.tests.factories import inspect, open_inspection
from sanxiang.organisations.models import Officer
from sanxiang.spotchecks.models import Assignment, Draw, MultiInspectionAlert, TaskStatus
from sanxiang.spotchecks.record import draw_public_record
from sanxiang.spotchecks.services import (
    alert_config_set,
    alerts_scan,
    draw_assignments_open,
    task_results_publish,
)
from sanxiang.spotchecks.tests.factories import add_entities, drawn_task, make_spot_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw():
    return make_spot_world()


def _inspector_user(assignment):
    return Officer.objects.get(pk=assignment.inspector_ids[0]).user


def test_head_opens_random_inspections_for_the_drawn_objects(sw):
    add_entities(sw.lead, 4)
    task = drawn_task(sw, count=2)
    day = task.window_start
    with pytest.raises(Forbidden) as exc:
        draw_assignments_open(
            user=sw.lead.officer, task_id=task.pk, data={"planned_on": day}, today=day
        )
    assert exc.value.code == "not_head"
    with pytest.raises(RuleViolation) as exc:
        draw_assignments_open(
            user=sw.lead.agency_head, task_id=task.pk,
            data={"planned_on": task.window_end + dt.timedelta(days=1)}, today=day,
        )  # fmt: skip
    assert exc.value.code == "outside_window"
    opened = draw_assignments_open(
        user=sw.lead.agency_head, task_id=task.pk, data={"planned_on": day}, today=day
    )
    assert len(opened) == 2
    for a in Assignment.objects.filter(task=task):
        inspection = Inspection.objects.get(case_id=a.case_id)
        assert inspection.source == InspectionSource.RANDOM
        assert inspection.entity_id == str(a.entity_id)
        assert inspection.spot_check_task_id == str(task.pk)
        officers = {str(o.officer_id) for o in inspection.case.assignments.all()}
        assert officers == set(a.inspector_ids)
    task.refresh_from_db()
    assert task.status == TaskStatus.INSPECTING


def test_joint_task_visits_each_object_once(sw):
    add_entities(sw.lead, 3)
    task = drawn_task(
        sw, count=1, partners=[{"agency_id": sw.partner.agency.pk, "inspectors_per_object": 2}]
    )
    day = task.window_start
    draw_assignments_open(
        user=sw.lead.agency_head, task_id=task.pk, data={"planned_on": day}, today=day
    )
    with pytest.raises(RuleViolation) as exc:
        draw_assignments_open(
            user=sw.partner.agency_head, task_id=task.pk,
            data={"planned_on": day + dt.timedelta(days=1)}, today=day,
        )  # fmt: skip
    assert exc.value.code == "joint_visit_date"
    draw_assignments_open(
        user=sw.partner.agency_head, task_id=task.pk, data={"planned_on": day}, today=day
    )
    assert Assignment.objects.filter(task=task, case_id__isnull=True).count() == 0


def test_alert_when_more_than_n_agencies_inspect_one_entity_in_30_days(sw):
    with pytest.raises(Forbidden) as exc:
        alert_config_set(
            user=sw.lead.agency_head,
            supervisor_id=sw.lead.agency.supervising_agency_id,
            data={"threshold": 1},
        )
    assert exc.value.code == "not_configurer"
    alert_config_set(
        user=sw.supervisor,
        supervisor_id=sw.lead.agency.supervising_agency_id,
        data={"threshold": 1},
    )
    add_entities(sw.lead, 2)
    task = drawn_task(
        sw, count=1, partners=[{"agency_id": sw.partner.agency.pk, "inspectors_per_object": 2}]
    )
    day = task.window_start
    draw_assignments_open(
        user=sw.lead.agency_head, task_id=task.pk, data={"planned_on": day}, today=day
    )
    assert not MultiInspectionAlert.objects.exists()
    draw_assignments_open(
        user=sw.partner.agency_head, task_id=task.pk, data={"planned_on": day}, today=day
    )
    alert = MultiInspectionAlert.objects.get()
    assert sorted(alert.agency_ids) == sorted([str(sw.lead.agency.pk), str(sw.partner.agency.pk)])
    assert alerts_scan(today=day) == []  # raised once per entity and end date


def test_alert_not_raised_at_the_threshold(sw):
    add_entities(sw.lead, 2)
    task = drawn_task(
        sw, count=1, partners=[{"agency_id": sw.partner.agency.pk, "inspectors_per_object": 2}]
    )
    day = task.window_start
    for head in (sw.lead.agency_head, sw.partner.agency_head):
        draw_assignments_open(user=head, task_id=task.pk, data={"planned_on": day}, today=day)
    assert not MultiInspectionAlert.objects.exists()  # default N = 2: two agencies is not more


def test_results_published_after_every_inspection_concluded(sw):
    add_entities(sw.lead, 3)
    task = drawn_task(sw, count=2)
    day = task.window_start
    draw_assignments_open(
        user=sw.lead.agency_head, task_id=task.pk, data={"planned_on": day}, today=day
    )
    first, second = Assignment.objects.filter(task=task).order_by("position")
    for a, outcome in ((first, "inspection_pass"), (second, "inspection_transfer")):
        case = Inspection.objects.get(case_id=a.case_id).case
        case = inspect(sw.lead, case, "inspection_record", day, user=_inspector_user(a))
        if outcome == "inspection_pass":
            inspect(sw.lead, case, outcome, day, user=_inspector_user(a))
        with pytest.raises(RuleViolation) as exc:
            task_results_publish(user=sw.lead.agency_head, task_id=task.pk, today=day)
        assert exc.value.code == "not_concluded"
    inspect(
        sw.lead,
        Inspection.objects.get(case_id=second.case_id).case,
        "inspection_transfer",
        day,
        user=_inspector_user(second),
    )
    task = task_results_publish(user=sw.lead.agency_head, task_id=task.pk, today=day)
    assert [r["result"] for r in task.results] == ["合格", "转立案"]
    assert task.results_due_on > day
    record = draw_public_record(Draw.objects.get(task=task))
    assert (
        record["results"][0]["inspectors"][0] == Officer.objects.get(pk=first.inspector_ids[0]).name
    )


def test_scan_job_raises_alerts_for_inspections_opened_elsewhere(sw):
    alert_config_set(
        user=sw.supervisor,
        supervisor_id=sw.lead.agency.supervising_agency_id,
        data={"threshold": 1},
    )
    uscc = "91140524MA0000002X"
    for world in (sw.lead, sw.partner):
        open_inspection(world, party_identifier=uscc, spot_check_task_id="", entity_id="")
    assert (
        not MultiInspectionAlert.objects.exists()
    )  # opened outside spotchecks: only the scan sees it
    assert len(alerts_scan(today=TODAY + dt.timedelta(days=1))) == 1
    assert alerts_scan(today=TODAY + dt.timedelta(days=1)) == []  # once per entity and end date
    call_command("spotcheck_alerts")  # today's scan: those inspections are months old
    assert MultiInspectionAlert.objects.count() == 1


def test_alert_is_seen_by_the_supervisor_and_the_named_agencies_only(sw):
    from sanxiang.cases.tests.factories import make_world
    from sanxiang.spotchecks.permissions import alerts_visible_to

    alert_config_set(
        user=sw.supervisor,
        supervisor_id=sw.lead.agency.supervising_agency_id,
        data={"threshold": 1},
    )
    add_entities(sw.lead, 2)
    task = drawn_task(
        sw, count=1, partners=[{"agency_id": sw.partner.agency.pk, "inspectors_per_object": 2}]
    )
    for head in (sw.lead.agency_head, sw.partner.agency_head):
        draw_assignments_open(
            user=head,
            task_id=task.pk,
            data={"planned_on": task.window_start},
            today=task.window_start,
        )
    stranger = make_world("林业局")
    stranger.agency.supervising_agency = sw.lead.agency.supervising_agency
    stranger.agency.save()
    assert alerts_visible_to(sw.supervisor).count() == 1
    assert alerts_visible_to(sw.partner.officer).count() == 1
    assert alerts_visible_to(stranger.agency_head).count() == 0


def test_sanxiang_verify_finds_every_spotcheck_row_audited(sw):
    from sanxiang.spotchecks.integrity import check_rows_audited

    add_entities(sw.lead, 3)
    drawn_task(sw, count=1)
    assert list(check_rows_audited()) == []


def test_results_clock_20_working_days_due_soon_and_overdue(sw):
    from sanxiang.core.calendar import add_working_days
    from sanxiang.spotchecks.selectors import results_clock

    add_entities(sw.lead, 2)
    task = drawn_task(sw, count=1)
    day = task.window_start
    draw_assignments_open(
        user=sw.lead.agency_head, task_id=task.pk, data={"planned_on": day}, today=day
    )
    (a,) = Assignment.objects.filter(task=task)
    case = inspect(
        sw.lead,
        Inspection.objects.get(case_id=a.case_id).case,
        "inspection_record",
        day,
        user=_inspector_user(a),
    )
    inspect(sw.lead, case, "inspection_pass", day, user=_inspector_user(a))
    task.refresh_from_db()
    due = add_working_days(start=day, days=20)
    assert results_clock(task, day).due_on == due
    assert results_clock(task, day).state == ""
    assert results_clock(task, due).state == "临期"
    assert results_clock(task, due + dt.timedelta(days=1)).state == "超期"
    late = task_results_publish(
        user=sw.lead.agency_head, task_id=task.pk, today=due + dt.timedelta(days=1)
    )
    assert late.status == TaskStatus.RESULTS_PUBLISHED
    from sanxiang.core.models import AuditEvent

    assert AuditEvent.objects.get(event="spotchecks.task.results_published").new["late"] is True


def test_results_clock_runs_provisionally_when_next_years_notice_is_not_loaded(sw):
    # Each December the next year's 节假日安排 is not published yet: the 20-working-day clock
    # counts its days as weekdays instead of refusing to publish the results.
    from sanxiang.core.models import CalendarDay, CalendarYear

    add_entities(sw.lead, 2)
    task = drawn_task(sw, count=1)
    day = task.window_start
    draw_assignments_open(
        user=sw.lead.agency_head, task_id=task.pk, data={"planned_on": day}, today=day
    )
    (a,) = Assignment.objects.filter(task=task)
    case = Inspection.objects.get(case_id=a.case_id).case
    case = inspect(sw.lead, case, "inspection_record", day, user=_inspector_user(a))
    inspect(sw.lead, case, "inspection_pass", day, user=_inspector_user(a))
    CalendarDay.objects.filter(date__year=day.year).delete()
    CalendarYear.objects.filter(year=day.year).delete()
    published = task_results_publish(user=sw.lead.agency_head, task_id=task.pk, today=day)
    assert published.status == TaskStatus.RESULTS_PUBLISHED
    weekdays, due = 0, day
    while weekdays < 20:
        due += dt.timedelta(days=1)
        weekdays += due.weekday() < 5
    assert published.results_due_on == due
