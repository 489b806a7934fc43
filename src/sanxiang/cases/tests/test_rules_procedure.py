"""Every guard rail of rules/procedure.py and rules/recording.py: refuses what it should, allows
what it should. Test names carry the article they enforce."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sanxiang.cases.models import Case, Recusal, RecusalStatus
from sanxiang.cases.services import av_absence_approve
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import (
    TODAY,
    act,
    add_record,
    certify,
    make_world,
    register,
    to_notified,
)
from sanxiang.catalog.models import MajorDecisionRule, RecordingRequirement
from sanxiang.core.errors import RuleViolation, ValidationFailed
from sanxiang.legal_review.tests.walks import pass_review

A = CaseAction
S = CaseStatus
AFTER_STATEMENT = TODAY + dt.timedelta(days=8)
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def refused(world, case, action, today=TODAY, **kw) -> RuleViolation:
    with pytest.raises(RuleViolation) as err:
        act(world, case, action, today, **kw)
    return err.value


def filed(world, **lead) -> Case:
    case = register(world, **lead)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action)
    return case


def pending_decision(world, **lead) -> Case:
    case = to_notified(world, **lead)
    case = act(world, case, A.RECEIVE_STATEMENT)
    return act(world, case, A.SUBMIT_FOR_DECISION)


# 处罚法 §42 ------------------------------------------------------------------------------


def test_article_42_filing_refused_when_only_one_officer(world):
    case = act(world, register(world, assistant_ids=[]), A.SUBMIT_FILING)
    err = refused(world, case, A.APPROVE_FILING)
    assert err.code == "two_certified_officers"
    assert "不得少于两人" in err.message
    assert "第四十二条" in err.message


def test_article_42_filing_refused_when_an_officer_lacks_a_valid_certificate(world):
    case = register(world, assistant_ids=[world.uncertified.officer.pk])
    case = act(world, case, A.SUBMIT_FILING)
    err = refused(world, case, A.APPROVE_FILING)
    assert world.uncertified.officer.name in err.message


def test_article_42_filing_refused_when_certificate_expired(world):
    world.assistant.officer.certificates.all().delete()
    certify(
        world.assistant,
        world.field,
        valid_from=dt.date(2020, 1, 1),
        valid_to=TODAY - dt.timedelta(days=1),
    )
    case = act(world, register(world), A.SUBMIT_FILING)
    assert refused(world, case, A.APPROVE_FILING).code == "two_certified_officers"


def test_article_42_filing_allowed_with_two_certified_officers(world):
    assert filed(world).status == S.INVESTIGATING


# 处罚法 §43 ------------------------------------------------------------------------------


def _recuse(case, officer, status=RecusalStatus.PENDING):
    return Recusal.objects.create(
        case=case, officer=officer, reason="系当事人近亲属", status=status
    )


def test_article_43_notice_refused_while_recusal_pending(world):
    case = filed(world)
    add_record(world, case)
    for action in (A.CONCLUDE_INVESTIGATION, A.SUBMIT_CHECK):
        case = act(world, case, action)
    _recuse(case, world.assistant.officer)
    err = refused(world, case, A.ISSUE_NOTICE)
    assert err.code == "recusal_pending"
    assert "第四十三条" in err.message


def test_article_43_notice_allowed_once_recusal_decided(world):
    case = filed(world)
    add_record(world, case)
    for action in (A.CONCLUDE_INVESTIGATION, A.SUBMIT_CHECK):
        case = act(world, case, action)
    _recuse(case, world.assistant.officer, RecusalStatus.REFUSED)
    assert act(world, case, A.ISSUE_NOTICE).status == S.NOTIFIED


# 处罚法 §36 ------------------------------------------------------------------------------


def test_article_36_filing_refused_after_two_years(world):
    case = register(world, act_date=TODAY - dt.timedelta(days=3 * 365))
    err = refused(world, case, A.SUBMIT_FILING)
    assert err.code == "limitation_period"
    assert "2年" in err.message


def test_article_36_five_years_when_life_or_finance_harmed(world):
    case = register(world, act_date=TODAY - dt.timedelta(days=3 * 365), harms_life_or_finance=True)
    assert act(world, case, A.SUBMIT_FILING).status == S.PENDING_FILING
    old = register(world, act_date=TODAY - dt.timedelta(days=6 * 365), harms_life_or_finance=True)
    assert "5年" in refused(world, old, A.SUBMIT_FILING).message


def test_article_36_counted_from_the_end_of_a_continuing_act(world):
    start = TODAY - dt.timedelta(days=4 * 365)
    ended = TODAY - dt.timedelta(days=365)
    case = register(world, act_date=start, act_ended_on=ended)
    assert act(world, case, A.SUBMIT_FILING).status == S.PENDING_FILING
    ongoing = register(world, act_date=start, act_continuing=True)
    assert act(world, ongoing, A.SUBMIT_FILING).status == S.PENDING_FILING


# 处罚法 §51 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("party_kind", "fine", "ok"),
    [
        ("person", "200", True),
        ("person", "200.01", False),
        ("organisation", "3000", True),
        ("organisation", "3000.01", False),
    ],
)
def test_article_51_summary_fine_limits(world, party_kind, fine, ok):
    case = register(world, party_kind=party_kind)
    if ok:
        assert act(world, case, A.APPLY_SUMMARY, fine=Decimal(fine)).status == S.SUMMARY_NOTIFIED
    else:
        err = refused(world, case, A.APPLY_SUMMARY, fine=Decimal(fine))
        assert err.code == "summary_thresholds"
        assert "第五十一条" in err.message


def test_article_51_summary_refused_for_other_penalty_kinds(world):
    case = register(world)
    err = refused(world, case, A.APPLY_SUMMARY, penalties=["fine", "revoke_licence"])
    assert "警告或者罚款" in err.message


def test_article_52_summary_refused_when_certificate_not_shown(world):
    err = refused(world, register(world), A.APPLY_SUMMARY, certificate_shown=False)
    assert err.code == "certificate_shown"


# 处罚法 §30 ------------------------------------------------------------------------------


def test_article_30_no_penalty_for_a_party_under_fourteen(world):
    child = dt.date(TODAY.year - 13, 1, 1)
    err = refused(
        world, register(world, party_kind="person", party_birth_date=child), A.APPLY_SUMMARY
    )
    assert err.code == "minor_not_punished"
    teen = dt.date(TODAY.year - 15, 1, 1)
    case = register(world, party_kind="person", party_birth_date=teen)
    assert act(world, case, A.APPLY_SUMMARY, fine=Decimal(50)).status == S.SUMMARY_NOTIFIED


# 处罚法 §40 ------------------------------------------------------------------------------


def test_article_40_investigation_cannot_conclude_without_evidence(world):
    err = refused(world, filed(world), A.CONCLUDE_INVESTIGATION)
    assert err.code == "evidence_before_conclusion"


def test_article_40_investigation_concludes_with_a_record(world):
    case = filed(world)
    add_record(world, case)
    assert act(world, case, A.CONCLUDE_INVESTIGATION).status == S.INVESTIGATION_CONCLUDED


# 处罚法 §44, §62 --------------------------------------------------------------------------


def test_article_62_decision_refused_without_notice(world):
    case = filed(world)
    Case.objects.filter(pk=case.pk).update(status=S.PENDING_DECISION)  # a row forced past 告知
    err = refused(world, case, A.DECIDE)
    assert err.code == "notice_before_decision"
    assert "第六十二条" in err.message


def test_article_62_decision_refused_during_statement_period(world):
    case = act(world, to_notified(world), A.SUBMIT_FOR_DECISION)
    err = refused(world, case, A.DECIDE)
    assert "陈述、申辩期限" in err.message


def test_article_62_decision_allowed_after_statement_heard_or_waived_or_period_over(world):
    assert act(world, pending_decision(world), A.DECIDE).status == S.DECIDED
    waived = act(world, to_notified(world), A.RECEIVE_STATEMENT, waived=True, statement="")
    waived = act(world, waived, A.SUBMIT_FOR_DECISION)
    assert act(world, waived, A.DECIDE).status == S.DECIDED
    silent = act(world, to_notified(world), A.SUBMIT_FOR_DECISION)
    assert act(world, silent, A.DECIDE, AFTER_STATEMENT).status == S.DECIDED


# 处罚法 §45 ------------------------------------------------------------------------------


def test_article_45_no_heavier_fine_than_notified(world):
    case = pending_decision(world)
    err = refused(world, case, A.DECIDE, fine=Decimal("3000.01"))
    assert err.code == "no_heavier_after_statement"
    assert act(world, case, A.DECIDE, fine=Decimal("2000")).fine == Decimal("2000")


def test_article_45_no_penalty_kind_beyond_the_notice(world):
    err = refused(world, pending_decision(world), A.DECIDE, penalties=["fine", "revoke_licence"])
    assert "吊销许可证件" in err.message


# 处罚法 §58 ------------------------------------------------------------------------------


def _major_rule(world, threshold="2000"):
    MajorDecisionRule.objects.create(
        agency=world.agency,
        code="MD-01",
        effective_from=dt.date(2025, 1, 1),
        name="较大数额罚款",
        fine_threshold=Decimal(threshold),
    )


def test_article_58_major_case_refused_for_decision_without_legal_review(world):
    _major_rule(world)
    case = act(world, to_notified(world), A.RECEIVE_STATEMENT)
    assert case.is_major
    err = refused(world, case, A.SUBMIT_FOR_DECISION)
    assert err.code == "legal_review_gate"
    assert "第五十八条" in err.message


def test_article_58_major_case_decided_after_review_passed(world):
    _major_rule(world)
    case = act(world, to_notified(world), A.RECEIVE_STATEMENT)
    case = act(world, pass_review(world, case), A.DECIDE)
    assert case.status == S.DECIDED
    assert case.legal_review_passed


def test_article_58_minor_case_needs_no_review(world):
    _major_rule(world, threshold="50000")
    assert not pending_decision(world).is_major


# 处罚法 §57 ------------------------------------------------------------------------------


def test_article_57_complex_case_refused_without_collective_deliberation(world):
    case = pending_decision(world, complex_or_major=True)
    err = refused(world, case, A.DECIDE)
    assert err.code == "deliberation_required"
    assert "集体讨论" in err.message


def test_article_57_complex_case_decided_after_deliberation_with_minutes(world):
    case = act(world, pending_decision(world, complex_or_major=True), A.SUBMIT_DELIBERATION)
    assert "请记录集体讨论情况" in refused(world, case, A.DECIDE).message
    case = act(world, case, A.DECIDE, deliberation_minutes="局长、副局长等5人参加，一致同意")
    assert case.deliberated
    assert case.status == S.DECIDED


# 处罚法 §60 ------------------------------------------------------------------------------


def test_article_60_decision_refused_after_ninety_days(world):
    case = pending_decision(world)
    err = refused(world, case, A.DECIDE, TODAY + dt.timedelta(days=91))
    assert err.code == "decision_within_time_limit"
    assert act(world, case, A.DECIDE, TODAY + dt.timedelta(days=89)).status == S.DECIDED


# 处罚法 §28, §33 -------------------------------------------------------------------------


def test_article_28_decision_requires_correction_order(world):
    with pytest.raises(ValidationFailed) as err:
        act(world, pending_decision(world), A.DECIDE, correction_order="")
    assert "责令改正" in err.value.message


def test_article_33_no_penalty_requires_education_record(world):
    case = pending_decision(world)
    err = refused(world, case, A.DECIDE_NO_PENALTY, education="")
    assert err.code == "education_on_no_penalty"
    assert act(world, case, A.DECIDE_NO_PENALTY).status == S.NO_PENALTY


# 处罚法 §61 ------------------------------------------------------------------------------


def decided(world) -> Case:
    return act(world, pending_decision(world), A.DECIDE)


def test_article_61_electronic_service_refused_without_consent(world, seal):
    case = decided(world)
    err = refused(world, case, A.SERVE, method="electronic")
    assert err.code == "electronic_service_consent"
    consent = seal(world.officer, world.agency, "送达地址确认书.pdf", b"%PDF-1.4\n% consent\n")
    served = act(world, case, A.SERVE, method="electronic", consent_evidence_id=consent.pk)
    assert served.status == S.SERVED


def test_article_61_late_service_needs_a_reason(world):
    case = decided(world)
    late = TODAY + dt.timedelta(days=14)
    err = refused(world, case, A.SERVE, late, served_on=late)
    assert err.code == "service_within_seven_working_days"
    served = act(world, case, A.SERVE, late, served_on=late, late_reason="当事人外出，多次联系未果")
    assert served.served_on == late


def test_article_61_service_not_dated_before_the_decision(world):
    case = act(world, pending_decision(world), A.DECIDE, TODAY + dt.timedelta(days=2))
    assert case.decided_on == TODAY + dt.timedelta(days=2)
    err = refused(world, case, A.SERVE, TODAY + dt.timedelta(days=3), served_on=TODAY)
    assert err.code == "service_within_seven_working_days"
    assert "不能早于决定日期" in err.message
    served = act(world, case, A.SERVE, TODAY + dt.timedelta(days=3), served_on=case.decided_on)
    assert served.served_on == case.decided_on


# 处罚法 §47: 音像记录事项清单 --------------------------------------------------------------


def _require_av(world, activity="留置送达"):
    RecordingRequirement.objects.create(
        agency=world.agency,
        code="AV-01",
        effective_from=dt.date(2025, 1, 1),
        activity=activity,
        level="required",
    )


def test_article_47_left_service_refused_without_av_record(world):
    _require_av(world)
    err = refused(world, decided(world), A.SERVE, method="left")
    assert err.code == "av_recording_service"
    assert "音像记录" in err.message


def test_article_47_left_service_allowed_with_sealed_video(world, seal):
    _require_av(world)
    case = decided(world)
    video = seal(world.officer, world.agency)
    served = act(world, case, A.SERVE, method="left", evidence_ids=[video.pk])
    assert served.status == S.SERVED
    assert list(served.steps.last().evidence.all()) == [video]


def test_article_47_left_service_allowed_with_head_approved_absence(world):
    _require_av(world)
    case = decided(world)
    av_absence_approve(
        user=world.unit_head,
        case_id=case.pk,
        payload={"activity": "留置送达", "reason": "执法记录仪故障，已请村委会两名见证人在场"},
        today=TODAY,
    )
    assert act(world, case, A.SERVE, method="left").status == S.SERVED


def test_article_47_absence_approval_refused_for_an_officer(world):
    from sanxiang.core.errors import Forbidden

    case = decided(world)
    with pytest.raises(Forbidden):
        av_absence_approve(
            user=world.officer,
            case_id=case.pk,
            payload={"activity": "留置送达", "reason": "设备故障"},
            today=TODAY,
        )


def test_article_47_interview_record_needs_av_when_listed(world, seal):
    from sanxiang.cases.services import case_record_add

    _require_av(world, "调查取证")
    case = filed(world)
    with pytest.raises(RuleViolation) as err:
        add_record(world, case)
    assert err.value.code == "av_recording_missing"
    video = seal(world.officer, world.agency)
    step = case_record_add(
        user=world.officer,
        case_id=case.pk,
        payload={
            "kind": "interview",
            "occurred_on": TODAY,
            "place": "当事人经营场所",
            "persons": "张某",
            "certificate_shown": True,
            "text": "问答内容",
            "signed_by_party": True,
            "evidence_ids": [str(video.pk)],
        },
        today=TODAY,
    )
    assert step.evidence.count() == 1
