"""行政检查 on the case engine: 现场检查 → 合格 / 责令改正 → 复查 / 无法检查, and who may act."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.deadlines import latest_deadline
from sanxiang.cases.models import DeadlineKind, DeadlineState
from sanxiang.cases.services import av_absence_approve
from sanxiang.cases.states import CaseStatus
from sanxiang.cases.tests.factories import TODAY, make_world
from sanxiang.catalog.models import RecordingRequirement
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation
from sanxiang.core.models import AuditEvent
from sanxiang.inspections.models import Inspection, InspectionResult
from sanxiang.inspections.tests.factories import checked, inspect, open_inspection
from sanxiang.organisations.models import Certificate

pytestmark = pytest.mark.django_db
S = CaseStatus


@pytest.fixture
def world():
    return make_world()


def _site_inspection_on_av_list(world):
    RecordingRequirement.objects.create(
        agency=world.agency,
        code="AV-SITE",
        effective_from=dt.date(2025, 1, 1),
        activity="现场检查",
        level="required",
    )


def _refused(world, case, action, today=TODAY, **kw) -> RuleViolation:
    with pytest.raises(RuleViolation) as err:
        inspect(world, case, action, today, **kw)
    return err.value


def test_record_then_pass_concludes_the_inspection(world):
    case = checked(world)
    assert case.status == S.INSPECTION_CHECKED
    inspection = Inspection.objects.get(case=case)
    assert inspection.inspected_on == TODAY
    assert "超过保质期" in inspection.findings
    step = case.steps.get(action="inspection_record")
    assert step.content["checked_items"][0] == "食品经营许可证"
    assert [i["name"] for i in step.content["inspectors"]] == [
        world.officer.officer.name,
        world.assistant.officer.name,
    ]
    assert all(i["certificate"] for i in step.content["inspectors"])
    case = inspect(world, case, "inspection_pass")
    assert case.status == S.INSPECTION_CONCLUDED
    inspection.refresh_from_db()
    assert inspection.result == InspectionResult.PASSED
    assert inspection.concluded_on == TODAY
    assert AuditEvent.objects.filter(event="cases.case.inspection_pass").exists()
    case = inspect(world, case, "close")
    case = inspect(world, case, "archive")
    assert case.status == S.ARCHIVED


def test_art55_record_refused_when_certificate_not_shown(world):
    case = open_inspection(world)
    err = _refused(world, case, "inspection_record", certificate_shown=False)
    assert err.code == "inspection_certificate_shown"
    assert "第五十五条" in err.citation
    case.refresh_from_db()
    assert case.status == S.INSPECTION_PLANNED


def test_record_refused_without_party_or_attestor_and_without_signature(world):
    case = open_inspection(world)
    err = _refused(world, case, "inspection_record", party_present="")
    assert err.code == "inspection_party_or_attestor"
    assert "见证人" in err.message
    err = _refused(world, case, "inspection_record", signed_by_party=False)
    assert "拒绝签名" in err.message
    case = inspect(
        world,
        case,
        "inspection_record",
        party_present="",
        attestor="社区网格员王某",
        signed_by_party=False,
        refusal_note="当事人不在场，由见证人签名",
    )
    assert case.status == S.INSPECTION_CHECKED


def test_art47_site_inspection_on_the_av_list_refused_without_video(world):
    _site_inspection_on_av_list(world)
    case = open_inspection(world)
    err = _refused(world, case, "inspection_record")
    assert err.code == "inspection_av_recording"
    assert "第四十七条" in err.citation


def test_art47_site_inspection_with_sealed_video(world, seal):
    _site_inspection_on_av_list(world)
    case = open_inspection(world)
    video = seal(world.officer, world.agency)
    case = inspect(world, case, "inspection_record", evidence_ids=[video.pk])
    assert list(case.steps.get(action="inspection_record").evidence.all()) == [video]


def test_art47_site_inspection_with_approved_absence(world):
    _site_inspection_on_av_list(world)
    case = open_inspection(world)
    av_absence_approve(
        user=world.unit_head,
        case_id=case.pk,
        payload={"activity": "现场检查", "reason": "执法记录仪故障，见证人到场"},
        today=TODAY,
    )
    assert inspect(world, case, "inspection_record").status == S.INSPECTION_CHECKED


def test_art42_record_refused_when_a_certificate_lapsed_after_opening(world):
    case = open_inspection(world)
    Certificate.objects.filter(officer=world.assistant.officer).update(
        valid_to=TODAY - dt.timedelta(days=1)
    )
    err = _refused(world, case, "inspection_record")
    assert err.code == "inspection_two_certified_officers"
    assert world.assistant.officer.name in err.message


def test_record_date_in_the_future_refused(world):
    case = open_inspection(world)
    err = _refused(world, case, "inspection_record", inspected_on=TODAY + dt.timedelta(days=1))
    assert err.code == "inspection_dates"


# 责令改正 and 复查 ------------------------------------------------------------------------------

# Ordered on Wednesday 25 March 2026 with 10 days: day 10 is Saturday 4 April, 清明 runs 4–6 April,
# so the period ends on Tuesday 7 April 2026, the next working day.
ORDERED_ON = dt.date(2026, 3, 25)
DUE_ON = dt.date(2026, 4, 7)


def _rectifying(world):
    case = checked(world, ORDERED_ON)
    return inspect(world, case, "inspection_order_correction", ORDERED_ON, days=10)


def test_order_correction_starts_the_clock_on_the_2026_calendar(world):
    case = _rectifying(world)
    assert case.status == S.INSPECTION_RECTIFYING
    inspection = Inspection.objects.get(case=case)
    assert inspection.correction_due_on == DUE_ON
    assert inspection.correction_order.startswith("立即下架")
    clock = latest_deadline(case, DeadlineKind.INSPECTION_CORRECTION)
    assert (clock.starts_on, clock.days, clock.unit, clock.due_on) == (
        ORDERED_ON,
        10,
        "calendar_days",
        DUE_ON,
    )
    step = case.steps.get(action="inspection_order_correction")
    assert step.content["due_on"] == "2026-04-07"
    assert inspection.result == ""
    assert inspection.concluded_on is None


def test_recheck_before_the_due_date_refused_unless_the_party_reported_it_done(world):
    case = _rectifying(world)
    early = dt.date(2026, 4, 2)
    err = _refused(world, case, "inspection_recheck", early, rechecked_on=early)
    assert err.code == "inspection_recheck_after_due_date"
    assert "2026-04-07" in err.message
    case = inspect(
        world, case, "inspection_recheck", early, rechecked_on=early, party_reported_done=True
    )
    assert case.status == S.INSPECTION_CONCLUDED


def test_recheck_on_the_due_date_concludes_corrected_and_stops_the_clock(world):
    case = _rectifying(world)
    case = inspect(world, case, "inspection_recheck", DUE_ON, rechecked_on=DUE_ON)
    inspection = Inspection.objects.get(case=case)
    assert inspection.result == InspectionResult.CORRECTED
    assert inspection.rechecked_on == DUE_ON
    assert inspection.concluded_on == DUE_ON
    assert "已下架" in inspection.recheck_findings
    clock = latest_deadline(case, DeadlineKind.INSPECTION_CORRECTION)
    assert clock.state == DeadlineState.MET


def test_recheck_finding_it_not_corrected_must_be_a_transfer(world):
    case = _rectifying(world)
    err = _refused(world, case, "inspection_recheck", DUE_ON, rechecked_on=DUE_ON, corrected=False)
    assert err.code == "inspection_recheck_after_due_date"
    assert "转立案" in err.message


def test_not_found_concludes_from_planned(world):
    case = open_inspection(world)
    case = inspect(world, case, "inspection_not_found")
    inspection = Inspection.objects.get(case=case)
    assert case.status == S.INSPECTION_CONCLUDED
    assert inspection.result == InspectionResult.NOT_FOUND
    assert inspection.concluded_on == TODAY


# Who may act ----------------------------------------------------------------------------------


def test_an_officer_not_on_the_team_cannot_record(world):
    case = open_inspection(world)
    with pytest.raises(NotFound):
        inspect(world, case, "inspection_record", user=world.uncertified)


def test_the_head_sees_but_does_not_record_for_the_inspectors(world):
    case = open_inspection(world)
    with pytest.raises(Forbidden) as err:
        inspect(world, case, "inspection_record", user=world.unit_head)
    assert err.value.code == "action_not_permitted"


def test_another_agency_gets_404(world):
    case = open_inspection(world)
    other = make_world("他局")
    for user in (other.officer, other.unit_head, other.agency_head):
        with pytest.raises(NotFound):
            inspect(world, case, "inspection_record", user=user)


def test_a_penalty_action_is_not_in_the_inspection_table(world):
    from sanxiang.cases.states import InvalidTransition

    case = open_inspection(world)
    with pytest.raises(InvalidTransition):
        inspect(world, case, "inspection_pass")
