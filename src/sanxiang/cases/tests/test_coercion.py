"""先行登记保存 (处罚法 §56) and 查封/扣押 (行政强制法 §18–§28) within an investigation.
Test names carry the article they enforce."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sanxiang.cases.models import (
    Case,
    CoerciveMeasure,
    Deadline,
    DeadlineKind,
    DeadlineState,
    MeasureStatus,
)
from sanxiang.cases.services import (
    av_absence_approve,
    case_action_options,
    measure_apply,
    measure_approve,
    measure_decide,
    measure_extend,
    measure_release,
)
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, act, add_record, make_world, register
from sanxiang.catalog.models import RecordingRequirement
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry

A = CaseAction
S = CaseStatus
SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db

# Started Wednesday 2026-03-11: 7 working days end Friday 03-20; 30 natural days end 04-10.
PRESERVATION_DUE = dt.date(2026, 3, 20)
SEIZURE_DUE = dt.date(2026, 4, 10)
STARTED_AT = dt.datetime(2026, 3, 11, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def case(world) -> Case:
    case = register(world)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action)
    add_record(world, case)
    return case


def payload(world, **overrides):
    data = {
        "kind": "seizure",
        "items": [
            {"name": "过期乳制品", "spec": "250ml/盒", "quantity": "12", "unit": "盒"},
            {"name": "过期饼干", "quantity": "3.5", "unit": "千克"},
        ],
        "place": "当事人经营场所仓库",
        "reason": "涉嫌销售超过保质期的食品，依据《食品安全法》第一百一十条",
        "officer_ids": [world.officer.officer.pk, world.assistant.officer.pk],
        "certificate_shown": True,
        "party_present": True,
        "rights_explained": True,
        "statement": "无异议",
        "site_record": "执法人员出示证件，告知理由依据和权利，当场清点物品并制作清单",
        "signed_by_party": True,
        "handed_over": True,
    }
    data.update(overrides)
    return data


def apply(world, case, user=None, today=TODAY, **overrides) -> CoerciveMeasure:
    return measure_apply(
        user=user or world.unit_head,
        case_id=case.pk,
        payload=payload(world, **overrides),
        today=today,
    )


def refused_apply(world, case, user=None, **overrides) -> RuleViolation:
    with pytest.raises(RuleViolation) as err:
        apply(world, case, user=user, **overrides)
    assert not CoerciveMeasure.objects.filter(case=case).exists()
    return err.value


def emergency(world, case) -> CoerciveMeasure:
    return apply(world, case, user=world.officer, emergency=True, started_at=STARTED_AT)


def decide(world, case, measure, today=TODAY, user=None):
    return measure_decide(
        user=user or world.unit_head,
        case_id=case.pk,
        measure_id=measure.pk,
        payload={"decision": "经检验确属过期食品，依法予以没收"},
        today=today,
    )


def extend(world, case, measure, today=TODAY, **overrides):
    data = {"days": 30, "reason": "检验机构尚未出具报告", "party_notified_on": today}
    data.update(overrides)
    return measure_extend(
        user=world.unit_head, case_id=case.pk, measure_id=measure.pk, payload=data, today=today
    )


def release(world, case, measure, today=TODAY, user=None):
    return measure_release(
        user=user or world.unit_head,
        case_id=case.pk,
        measure_id=measure.pk,
        payload={"reason": "经检验产品合格，解除扣押", "returned": True},
        today=today,
    )


def approve(world, case, measure, at, approved=True):
    return measure_approve(
        user=world.unit_head,
        case_id=case.pk,
        measure_id=measure.pk,
        payload={"approved": approved, "opinion": "同意" if approved else "不应采取扣押措施"},
        now=at,
    )


def clock(measure, kind=DeadlineKind.SEIZURE) -> Deadline:
    return Deadline.objects.get(case=measure.case, kind=kind, object_id=str(measure.pk))


# 强制法 §18 ①, 处罚法 §56: prior approval by the 负责人 --------------------------------------


def test_article_18_measure_refused_without_head_approval(world, case):
    err = refused_apply(world, case, user=world.officer)
    assert err.code == "measure_head_approval"
    assert "《行政强制法》第十八条第一项" in err.message


def test_article_18_measure_allowed_when_recorded_by_the_head(world, case):
    measure = apply(world, case)
    assert measure.status == MeasureStatus.ACTIVE
    assert measure.approved_by == world.unit_head.officer
    assert measure.started_on == TODAY
    assert measure.items[0] == {
        "name": "过期乳制品",
        "spec": "250ml/盒",
        "quantity": "12",
        "unit": "盒",
        "note": "",
    }
    step = case.steps.get(action="measure_apply")
    assert step.label == "扣押"
    assert [o["name"] for o in step.content["officers"]] == [
        world.officer.officer.name,
        world.assistant.officer.name,
    ]
    assert step.content["site_record"].startswith("执法人员出示证件")
    assert LedgerEntry.objects.filter(kind="cases.measure.applied").count() == 1


def test_measure_refused_outside_the_investigation(world):
    lead = register(world)
    with pytest.raises(RuleViolation) as err:
        apply(world, lead)
    assert err.value.code == "not_investigating"


def test_measure_refused_on_another_agencys_case(world, case):
    other = make_world("他局")
    with pytest.raises(NotFound):
        apply(world, case, user=other.unit_head)


def test_measure_refused_for_an_officer_not_on_the_case(world, case):
    with pytest.raises(NotFound):  # an unassigned officer does not even see the case
        apply(world, case, user=world.uncertified, emergency=True, started_at=STARTED_AT)


# 强制法 §17, §18 ②: two officers with valid certificates -----------------------------------


def test_article_18_measure_refused_with_one_officer(world, case):
    err = refused_apply(world, case, officer_ids=[world.officer.officer.pk])
    assert err.code == "measure_two_certified_officers"
    assert "仅 1 人" in err.message


def test_article_17_measure_refused_with_an_uncertified_officer(world, case):
    err = refused_apply(
        world, case, officer_ids=[world.officer.officer.pk, world.uncertified.officer.pk]
    )
    assert err.code == "measure_two_certified_officers"
    assert world.uncertified.officer.name in err.message


def test_measure_refused_with_an_unknown_officer(world, case):
    other = make_world("他局")
    with pytest.raises(ValidationFailed):
        apply(world, case, officer_ids=[world.officer.officer.pk, other.officer.officer.pk])


# 强制法 §24: the 清单, handed over on the spot ------------------------------------------------


def test_article_24_measure_refused_with_an_empty_inventory(world, case):
    assert refused_apply(world, case, items=[]).code == "measure_inventory"


def test_article_24_measure_refused_with_a_nameless_item(world, case):
    with pytest.raises(ValidationFailed):
        apply(world, case, items=[{"name": "", "quantity": "1", "unit": "件"}])


def test_article_24_seizure_refused_when_decision_not_handed_over(world, case):
    assert refused_apply(world, case, handed_over=False).code == "measure_decision_handed_over"


def test_article_24_preservation_needs_no_seizure_decision(world, case):
    measure = apply(world, case, kind="preservation", handed_over=False)
    assert measure.kind == "preservation"


# 强制法 §18 ③–⑩: certificate, rights, 现场笔录 signed by the party or a 见证人 ------------------


def test_article_18_measure_refused_without_certificate_shown(world, case):
    assert refused_apply(world, case, certificate_shown=False).code == "measure_site_record"


def test_article_18_measure_refused_when_rights_not_explained(world, case):
    err = refused_apply(world, case, rights_explained=False)
    assert err.code == "measure_site_record"
    assert "救济途径" in err.message


def test_article_18_site_record_refused_unsigned_without_note(world, case):
    err = refused_apply(world, case, signed_by_party=False)
    assert err.code == "measure_site_record"


def test_article_18_site_record_allowed_with_refusal_noted(world, case):
    measure = apply(world, case, signed_by_party=False, refusal_note="当事人拒绝签名，已注明")
    assert measure.status == MeasureStatus.ACTIVE


def test_article_18_absent_party_refused_without_attestor(world, case):
    err = refused_apply(world, case, party_present=False, signed_by_party=False)
    assert err.code == "measure_site_record"
    assert "见证人" in err.message


def test_article_18_absent_party_allowed_with_signing_attestor(world, case):
    measure = apply(
        world,
        case,
        party_present=False,
        signed_by_party=False,
        handed_over=False,
        attestor="村委会主任赵某",
        attestor_signed=True,
    )
    assert case.steps.get(action="measure_apply").content["attestor"] == "村委会主任赵某"
    assert measure.status == MeasureStatus.ACTIVE


# 处罚法 §47: 查封/扣押 on the 音像记录事项清单 -------------------------------------------------


def _seizure_on_av_list(world):
    RecordingRequirement.objects.create(
        agency=world.agency,
        code="AV-SEIZURE",
        effective_from=dt.date(2025, 1, 1),
        activity="扣押",
        level="full_process",
    )


def test_article_47_seizure_refused_without_av(world, case):
    _seizure_on_av_list(world)
    assert refused_apply(world, case).code == "av_recording_measure"


def test_article_47_seizure_allowed_with_sealed_video(world, case, seal):
    _seizure_on_av_list(world)
    video = seal(world.officer, world.agency)
    apply(world, case, evidence_ids=[video.pk])
    assert list(case.steps.get(action="measure_apply").evidence.all()) == [video]


def test_article_47_sealing_not_on_the_list_needs_no_av(world, case):
    _seizure_on_av_list(world)
    assert apply(world, case, kind="sealing").kind == "sealing"


def test_article_47_seizure_allowed_with_approved_absence(world, case):
    _seizure_on_av_list(world)
    av_absence_approve(
        user=world.agency_head,
        case_id=case.pk,
        payload={"activity": "扣押", "reason": "执法记录仪损坏，已请两名见证人到场"},
        today=TODAY,
    )
    assert apply(world, case).status == MeasureStatus.ACTIVE


# 处罚法 §56: 先行登记保存 decided within 7 working days ----------------------------------------


def test_article_56_preservation_decided_on_the_seventh_working_day(world, case):
    measure = apply(world, case, kind="preservation")
    assert measure.due_on == PRESERVATION_DUE
    assert clock(measure, DeadlineKind.PRESERVATION).unit == "working_days"
    measure = decide(world, case, measure, PRESERVATION_DUE)
    assert measure.status == MeasureStatus.DECIDED
    assert measure.outcome.startswith("经检验")
    assert clock(measure, DeadlineKind.PRESERVATION).state == DeadlineState.MET
    assert case.steps.get(action="measure_decide").label == "先行登记保存处理决定"


def test_article_56_preservation_decision_refused_after_seven_working_days(world, case):
    measure = apply(world, case, kind="preservation")
    late = dt.date(2026, 3, 23)
    with pytest.raises(RuleViolation) as err:
        decide(world, case, measure, late)
    assert err.value.code == "measure_decided_in_time"
    assert "应当解除" in err.value.message
    assert release(world, case, measure, late).status == MeasureStatus.RELEASED


def test_article_56_preservation_cannot_be_extended(world, case):
    measure = apply(world, case, kind="preservation")
    with pytest.raises(RuleViolation) as err:
        extend(world, case, measure, days=3)
    assert err.value.code == "seizure_extended_once"


def test_measure_decision_refused_for_an_officer(world, case):
    measure = apply(world, case)
    with pytest.raises(Forbidden):
        decide(world, case, measure, user=world.officer)


# 强制法 §25, §69: 查封/扣押 30 natural days, extended once by ≤30 ---------------------------------


def test_article_25_seizure_lasts_thirty_natural_days(world, case):
    measure = apply(world, case)
    assert measure.due_on == SEIZURE_DUE
    assert clock(measure).unit == "calendar_days"


def test_article_25_period_ending_in_labour_day_holiday_moves_to_next_working_day(world, case):
    # From 2026-04-01, day 30 is 05-01 (劳动节, off until 05-05): due on Wednesday 05-06.
    april = dt.date(2026, 4, 1)
    assert apply(world, case, today=april).due_on == dt.date(2026, 5, 6)


def test_article_25_extension_refused_over_thirty_days(world, case):
    measure = apply(world, case)
    with pytest.raises(RuleViolation) as err:
        extend(world, case, measure, days=31)
    assert err.value.code == "seizure_extended_once"
    assert "不得超过三十日" in err.value.message


def test_article_25_extension_allowed_once(world, case):
    measure = apply(world, case)
    measure = extend(world, case, measure)
    # 60 natural days from 03-11 end on Sunday 05-10, so on Monday 05-11.
    assert measure.due_on == dt.date(2026, 5, 11)
    assert measure.extended
    assert clock(measure).days == 60
    with pytest.raises(RuleViolation) as err:
        extend(world, case, measure, days=5)
    assert err.value.code == "seizure_extended_once"
    assert "已经延长过一次" in err.value.message
    assert LedgerEntry.objects.filter(kind="cases.measure.extended").count() == 1


def test_article_25_extension_refused_after_the_period(world, case):
    measure = apply(world, case)
    with pytest.raises(RuleViolation) as err:
        extend(world, case, measure, SEIZURE_DUE + dt.timedelta(days=1))
    assert err.value.code == "measure_decided_in_time"


def test_article_25_extension_needs_a_reason(world, case):
    measure = apply(world, case)
    with pytest.raises(ValidationFailed):
        extend(world, case, measure, reason="")


def test_extensions_of_two_seizures_do_not_mix(world, case):
    first, second = apply(world, case), apply(world, case, kind="sealing")
    extend(world, case, second)
    assert clock(first).due_on == SEIZURE_DUE
    assert clock(second).due_on == dt.date(2026, 5, 11)


# 强制法 §19: emergency on the spot, approved within 24 hours ---------------------------------


def test_article_19_emergency_measure_recorded_by_an_officer(world, case):
    measure = emergency(world, case)
    assert measure.approved_by is None
    approval = clock(measure, DeadlineKind.MEASURE_APPROVAL)
    assert approval.due_on == dt.date(2026, 3, 12)
    assert approval.citation == "《行政强制法》第十九条"
    assert case.steps.get(action="measure_apply").label == "扣押（情况紧急当场实施）"


def test_article_19_emergency_measure_refused_without_a_start_time(world, case):
    err = refused_apply(world, case, user=world.officer, emergency=True)
    assert err.code == "measure_head_approval"


def test_article_19_emergency_approval_allowed_within_24_hours(world, case):
    measure = emergency(world, case)
    at = STARTED_AT + dt.timedelta(hours=23, minutes=59)
    measure = approve(world, case, measure, at)
    assert measure.approved_by == world.unit_head.officer
    assert measure.approved_at == at
    assert clock(measure, DeadlineKind.MEASURE_APPROVAL).state == DeadlineState.MET
    assert AuditEvent.objects.filter(event="cases.measure.approved").count() == 1


def test_article_19_emergency_approval_refused_after_24_hours(world, case):
    measure = emergency(world, case)
    with pytest.raises(RuleViolation) as err:
        approve(world, case, measure, STARTED_AT + dt.timedelta(hours=24, minutes=1))
    assert err.value.code == "emergency_approved_within_24_hours"
    assert "2026-03-12 10:00" in err.value.message
    assert release(world, case, measure, dt.date(2026, 3, 12)).status == MeasureStatus.RELEASED


def test_article_19_emergency_measure_not_approved_is_released(world, case):
    measure = emergency(world, case)
    measure = approve(world, case, measure, STARTED_AT + dt.timedelta(hours=2), approved=False)
    assert measure.status == MeasureStatus.RELEASED
    assert measure.outcome.startswith("负责人不予批准")
    assert clock(measure).state == DeadlineState.MET
    assert case.steps.get(action="measure_approve").label.startswith("不予批准")
    assert AuditEvent.objects.filter(event="cases.measure.refused").count() == 1


def test_article_19_unapproved_emergency_measure_cannot_be_extended_or_decided(world, case):
    measure = emergency(world, case)
    for operation in (extend, decide):
        with pytest.raises(RuleViolation) as err:
            operation(world, case, measure)
        assert err.value.code == "emergency_measure_approved"
    approve(world, case, measure, STARTED_AT + dt.timedelta(hours=1))
    assert decide(world, case, measure).status == MeasureStatus.DECIDED


def test_article_19_approval_refused_for_a_measure_approved_beforehand(world, case):
    measure = apply(world, case)
    with pytest.raises(RuleViolation) as err:
        approve(world, case, measure, STARTED_AT)
    assert err.value.code == "measure_not_awaiting_approval"


def test_measure_start_time_refused_in_the_future(world, case):
    with pytest.raises(ValidationFailed):
        apply(world, case, started_at=STARTED_AT + dt.timedelta(days=1))


# 强制法 §28: 解除 any time; the investigation ends only when no measure is active ---------------


def test_article_28_release_any_time_but_once(world, case):
    measure = release(world, case, apply(world, case))
    assert measure.status == MeasureStatus.RELEASED
    assert measure.ended_on == TODAY
    assert clock(measure).state == DeadlineState.MET
    with pytest.raises(RuleViolation) as err:
        release(world, case, measure)
    assert err.value.code == "measure_not_active"


def test_article_27_conclusion_refused_while_a_measure_is_active(world, case):
    measure = apply(world, case)
    with pytest.raises(RuleViolation) as err:
        act(world, case, A.CONCLUDE_INVESTIGATION)
    assert err.value.code == "no_active_measure_at_conclusion"
    assert "扣押" in err.value.message
    options = {o.action: o for o in case_action_options(user=world.officer, case=case)}
    refusals = [r.code for r in options[A.CONCLUDE_INVESTIGATION].refusals]
    assert refusals == ["no_active_measure_at_conclusion"]
    decide(world, case, measure)
    assert act(world, case, A.CONCLUDE_INVESTIGATION).status == S.INVESTIGATION_CONCLUDED


def test_every_measure_operation_is_on_the_timeline_and_ledgered(world, case):
    measure = emergency(world, case)
    approve(world, case, measure, STARTED_AT + dt.timedelta(hours=3))
    extend(world, case, measure)
    release(world, case, measure)
    actions = list(
        case.steps.filter(action__startswith="measure_").values_list("action", flat=True)
    )
    assert actions == ["measure_apply", "measure_approve", "measure_extend", "measure_release"]
    kinds = set(LedgerEntry.objects.values_list("kind", flat=True))
    assert {
        "cases.measure.applied",
        "cases.measure.approved",
        "cases.measure.extended",
        "cases.measure.released",
    } <= kinds
