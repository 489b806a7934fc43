"""听证 (处罚法 §63–§65): the request, the 7-working-day notice, the chair, the 笔录, and the
decision waiting for it. Test names carry the article they enforce."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.models import Case, Hearing
from sanxiang.cases.services import (
    av_absence_approve,
    case_action_options,
    hearing_record,
    hearing_schedule,
)
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import (
    TODAY,
    act,
    add_record,
    make_world,
    register,
    to_notified,
)
from sanxiang.catalog.models import RecordingRequirement
from sanxiang.core.errors import Forbidden, RuleViolation
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db

# Notice served on Wednesday 2026-03-11: the 5 working days to ask for a hearing end on 03-18.
REQUEST_DUE = dt.date(2026, 3, 18)
NOTICE_SERVED = dt.date(2026, 3, 19)  # a Thursday
EARLIEST = dt.date(2026, 3, 30)  # the 7th working day after it (two weekends in between)


@pytest.fixture
def world():
    return make_world()


def notified_with_hearing_right(world, today=TODAY) -> Case:
    """A case whose 告知 proposes 责令停产停业, which always carries the right to a hearing."""
    case = register(world, today)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action, today)
    add_record(world, case, today)
    for action in (A.CONCLUDE_INVESTIGATION, A.SUBMIT_CHECK):
        case = act(world, case, action, today)
    case = act(world, case, A.ISSUE_NOTICE, today, penalties=["fine", "suspend_business"])
    assert case.hearing_offered
    return case


def in_hearing(world) -> Case:
    case = notified_with_hearing_right(world)
    return act(world, case, A.REQUEST_HEARING, REQUEST_DUE, requested_on=REQUEST_DUE)


def schedule(world, case, *, user=None, today=NOTICE_SERVED, **overrides) -> Hearing:
    payload = {
        "scheduled_on": EARLIEST,
        "place": "本局听证室",
        "chair_id": world.reviewer.officer.pk,
        "notice_served_on": NOTICE_SERVED,
    }
    payload.update(overrides)
    return hearing_schedule(
        user=user or world.unit_head, case_id=case.pk, payload=payload, today=today
    )


def record(world, case, *, user=None, today=EARLIEST, **overrides) -> Hearing:
    payload = {
        "held_on": EARLIEST,
        "attendees": "当事人委托代理人李某；调查人员张某、王某",
        "record": "调查人员陈述事实、证据；当事人代理人申辩：已停止销售。",
        "signed_by_party": True,
    }
    payload.update(overrides)
    return hearing_record(
        user=user or world.reviewer, case_id=case.pk, payload=payload, today=today
    )


def scheduled(world) -> Case:
    case = in_hearing(world)
    schedule(world, case)
    return case


# 处罚法 §63: only a case whose notice offered the right ----------------------------------


def test_article_63_hearing_request_refused_when_right_not_offered(world):
    case = to_notified(world)  # 警告 + 罚款 3000: no 较大数额 threshold in the catalog
    with pytest.raises(RuleViolation) as err:
        act(world, case, A.REQUEST_HEARING)
    assert err.value.code == "hearing_right_offered"
    assert "《行政处罚法》第六十三条" in err.value.message
    options = {o.action: o for o in case_action_options(user=world.officer, case=case)}
    assert [r.code for r in options[A.REQUEST_HEARING].refusals] == ["hearing_right_offered"]


def test_article_63_hearing_request_allowed_when_right_offered(world):
    case = notified_with_hearing_right(world)
    case = act(world, case, A.REQUEST_HEARING)
    assert case.status == S.HEARING
    assert case.hearing.requested_on == TODAY


# 处罚法 §64 ①: within 5 working days of the notice ---------------------------------------


def test_article_64_1_hearing_request_refused_after_five_working_days(world):
    case = notified_with_hearing_right(world)
    late = REQUEST_DUE + dt.timedelta(days=1)
    with pytest.raises(RuleViolation) as err:
        act(world, case, A.REQUEST_HEARING, late, requested_on=late)
    assert err.value.code == "hearing_request_within_five_working_days"
    assert "至2026-03-18" in err.value.message


def test_article_64_1_hearing_request_allowed_on_the_fifth_working_day(world):
    case = notified_with_hearing_right(world)
    # Entered a day later, but the request was made (e.g. posted) on the last day.
    case = act(
        world, case, A.REQUEST_HEARING, REQUEST_DUE + dt.timedelta(days=1), requested_on=REQUEST_DUE
    )
    assert case.status == S.HEARING


def test_article_64_1_hearing_request_refused_when_dated_in_the_future(world):
    case = notified_with_hearing_right(world)
    with pytest.raises(RuleViolation) as err:
        act(world, case, A.REQUEST_HEARING, TODAY, requested_on=TODAY + dt.timedelta(days=1))
    assert err.value.code == "hearing_request_within_five_working_days"


# 处罚法 §64 ②: notice 7 working days before the hearing ----------------------------------


def test_article_64_2_schedule_refused_with_less_than_seven_working_days_notice(world):
    case = in_hearing(world)
    with pytest.raises(RuleViolation) as err:
        schedule(world, case, scheduled_on=EARLIEST - dt.timedelta(days=1))
    assert err.value.code == "hearing_notice_seven_working_days"
    assert "最早于2026-03-30举行" in err.value.message
    assert Hearing.objects.get(case=case).scheduled_on is None


def test_article_64_2_schedule_allowed_seven_working_days_after_notice(world):
    case = in_hearing(world)
    hearing = schedule(world, case)
    assert hearing.scheduled_on == EARLIEST
    assert hearing.chair == world.reviewer.officer
    assert hearing.notice_served_on == NOTICE_SERVED
    step = case.steps.get(action="hearing_schedule")
    assert step.content["chair_name"] == world.reviewer.officer.name
    assert LedgerEntry.objects.filter(kind="cases.hearing.scheduled").count() == 1


def test_article_64_2_notice_counts_working_days_over_qingming(world):
    # Served Wednesday 2026-04-01; 4–6 April are the 清明 holiday, so 7 working days end 04-13.
    case = in_hearing(world)
    april = dt.date(2026, 4, 1)
    with pytest.raises(RuleViolation):
        schedule(
            world, case, today=april, notice_served_on=april, scheduled_on=dt.date(2026, 4, 10)
        )
    hearing = schedule(
        world, case, today=april, notice_served_on=april, scheduled_on=dt.date(2026, 4, 13)
    )
    assert hearing.scheduled_on == dt.date(2026, 4, 13)


def test_article_64_2_december_notice_counts_provisionally_instead_of_refusing(world):
    # Only the 2025/2026 notices are loaded; from 12-25 a day also depends on the 2027 one.
    # Served Thu 12-24: 12-25 1, 12-28..31 2–5, 2027-01-01 (guessed a working day) 6, 01-04 7.
    case = in_hearing(world)
    served = dt.date(2026, 12, 24)
    with pytest.raises(RuleViolation) as err:
        schedule(
            world, case, today=served, notice_served_on=served, scheduled_on=dt.date(2026, 12, 31)
        )
    assert "最早于2027-01-04举行" in err.value.message
    assert "暂定" in err.value.message
    hearing = schedule(
        world, case, today=served, notice_served_on=served, scheduled_on=dt.date(2027, 1, 4)
    )
    assert hearing.scheduled_on == dt.date(2027, 1, 4)
    step = case.steps.get(action="hearing_schedule")
    assert step.content["earliest_day"] == "2027-01-04"
    assert step.content["earliest_day_provisional"] is True


def test_article_64_2_notice_refused_when_served_in_the_future(world):
    case = in_hearing(world)
    with pytest.raises(RuleViolation) as err:
        schedule(world, case, today=NOTICE_SERVED - dt.timedelta(days=1))
    assert err.value.code == "hearing_notice_seven_working_days"


# 处罚法 §64 ③ ④: public, chaired by someone who did not investigate ----------------------


def test_article_64_4_chair_refused_when_an_investigator(world):
    case = in_hearing(world)
    with pytest.raises(RuleViolation) as err:
        schedule(world, case, chair_id=world.assistant.officer.pk)
    assert err.value.code == "hearing_chair_not_investigator"
    assert "《行政处罚法》第六十四条第四项" in err.value.message


def test_article_64_4_chair_refused_when_investigator_has_left_the_team(world):
    case = in_hearing(world)
    case.assignments.filter(officer=world.assistant.officer).update(active=False)
    with pytest.raises(RuleViolation) as err:
        schedule(world, case, chair_id=world.assistant.officer.pk)
    assert err.value.code == "hearing_chair_not_investigator"


def test_article_64_4_chair_allowed_when_not_on_the_case(world):
    hearing = schedule(world, in_hearing(world), chair_id=world.agency_head.officer.pk)
    assert hearing.chair == world.agency_head.officer


def test_article_64_3_closed_hearing_refused_without_reason(world):
    case = in_hearing(world)
    with pytest.raises(RuleViolation) as err:
        schedule(world, case, public=False)
    assert err.value.code == "hearing_public_unless_confidential"


def test_article_64_3_closed_hearing_allowed_with_reason(world):
    hearing = schedule(
        world, in_hearing(world), public=False, not_public_reason="涉及当事人商业秘密（配方）"
    )
    assert hearing.public is False


def test_hearing_schedule_refused_for_an_officer(world):
    case = in_hearing(world)
    with pytest.raises(Forbidden):
        schedule(world, case, user=world.officer)


def test_hearing_schedule_refused_before_a_request(world):
    case = notified_with_hearing_right(world)
    with pytest.raises(RuleViolation) as err:
        schedule(world, case)
    assert err.value.code == "not_in_hearing"


# 处罚法 §65: decide on the 听证笔录 --------------------------------------------------------


def test_article_65_submission_refused_until_the_hearing_is_held(world):
    case = scheduled(world)
    for action in (A.SUBMIT_FOR_DECISION, A.SUBMIT_LEGAL_REVIEW):
        with pytest.raises(RuleViolation) as err:
            act(world, case, action, EARLIEST)
        assert err.value.code == "hearing_held_before_decision"


def test_article_65_submission_allowed_after_the_hearing(world):
    case = scheduled(world)
    hearing = record(world, case)
    assert hearing.held_on == EARLIEST
    case = act(world, case, A.SUBMIT_FOR_DECISION, EARLIEST)
    assert case.status == S.PENDING_DECISION
    step = case.steps.get(action="hearing_record")
    assert step.label == "举行听证"
    assert step.content["record"].startswith("调查人员陈述")
    assert AuditEvent.objects.filter(event="cases.hearing.recorded").count() == 1


def test_article_64_8_absent_party_waives_the_hearing(world):
    case = scheduled(world)
    record(world, case, party_absent=True, signed_by_party=False, record="当事人未到场，未说明理由")
    case = act(world, case, A.SUBMIT_LEGAL_REVIEW, EARLIEST)
    assert case.status == S.LEGAL_REVIEW
    assert case.steps.get(action="hearing_record").label.startswith("当事人放弃听证")


# 处罚法 §64 ⑦: the 笔录 is signed, or the refusal noted ------------------------------------


def test_article_64_7_record_refused_when_unsigned_without_note(world):
    case = scheduled(world)
    with pytest.raises(RuleViolation) as err:
        record(world, case, signed_by_party=False)
    assert err.value.code == "hearing_record_signed"
    assert Hearing.objects.get(case=case).held_on is None


def test_article_64_7_record_allowed_when_refusal_noted(world):
    case = scheduled(world)
    hearing = record(world, case, signed_by_party=False, refusal_note="代理人拒绝签字，主持人注明")
    assert hearing.held_on == EARLIEST


def test_article_64_2_record_refused_before_the_notified_day(world):
    case = scheduled(world)
    early = EARLIEST - dt.timedelta(days=3)
    with pytest.raises(RuleViolation) as err:
        record(world, case, today=early, held_on=early)
    assert err.value.code == "hearing_held_as_notified"


def test_hearing_record_refused_for_an_investigator(world):
    case = scheduled(world)
    with pytest.raises(Forbidden):
        record(world, case, user=world.officer)


def test_hearing_record_allowed_for_a_head_and_only_once(world):
    case = scheduled(world)
    record(world, case, user=world.unit_head)
    with pytest.raises(RuleViolation) as err:
        record(world, case)
    assert err.value.code == "hearing_already_held"


# 处罚法 §47: 听证 on the 音像记录事项清单 ------------------------------------------------------


def _hearing_on_av_list(world):
    RecordingRequirement.objects.create(
        agency=world.agency,
        code="AV-HEARING",
        effective_from=dt.date(2025, 1, 1),
        activity="听证",
        level="required",
    )


def test_article_47_hearing_record_refused_without_av(world):
    _hearing_on_av_list(world)
    case = scheduled(world)
    with pytest.raises(RuleViolation) as err:
        record(world, case)
    assert err.value.code == "av_recording_hearing"


def test_article_47_hearing_record_allowed_with_sealed_video(world, seal):
    _hearing_on_av_list(world)
    case = scheduled(world)
    video = seal(world.reviewer, world.agency)
    record(world, case, evidence_ids=[video.pk])
    assert list(case.steps.get(action="hearing_record").evidence.all()) == [video]


def test_article_47_hearing_record_allowed_with_approved_absence(world):
    _hearing_on_av_list(world)
    case = scheduled(world)
    av_absence_approve(
        user=world.unit_head,
        case_id=case.pk,
        payload={"activity": "听证", "reason": "听证室录像设备故障，已报修"},
        today=EARLIEST,
    )
    assert record(world, case).held_on == EARLIEST


def test_article_47_no_show_needs_no_av(world):
    _hearing_on_av_list(world)
    case = scheduled(world)
    hearing = record(world, case, party_absent=True, signed_by_party=False)
    assert hearing.party_absent
