"""法制审核 (处罚法 §58): submissions, reviewers, opinions and the gate, through the services."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from sanxiang.cases.models import CaseOfficer, CaseStep
from sanxiang.cases.services import case_transition
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, act, add_record, make_world, payload_for
from sanxiang.cases.tests.walks import benchmarks, checked, publish
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.canonical import canonical_json
from sanxiang.ledger.models import LedgerEntry
from sanxiang.legal_review.checklist import ITEM_CODES
from sanxiang.legal_review.draft import draft_of, draft_sha256
from sanxiang.legal_review.models import Conclusion, ReviewSubmission, SubmissionStatus
from sanxiang.legal_review.selectors import (
    reviewer_candidates,
    reviewer_ratio,
    submission_get_for_user,
    submissions_for_case,
)
from sanxiang.legal_review.services import (
    AGREE_WITH_FAILURES,
    ReviewEvent,
    review_assign,
    review_submit,
)
from sanxiang.legal_review.tests.walks import (
    findings,
    opine,
    opinion_payload,
    pass_review,
    qualify,
    submit_and_assign,
)
from sanxiang.organisations.models import Officer, Role
from sanxiang.organisations.tests.factories import grant, user_with_role

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db
RULES = [
    {
        "code": "MD-01",
        "name": "对法人处以较大数额罚款",
        "party_kind": "法人或其他组织",
        "fine_threshold": "5000",
    }
]


@pytest.fixture
def world():
    world = make_world()
    publish(world, "major_decision", RULES)
    qualify(world.reviewer)
    return world


def notified(world, fine: str = "6000"):
    return act(world, checked(world), A.ISSUE_NOTICE, fine=Decimal(fine))


def in_review(world, fine: str = "6000"):
    """A case routed by the 目录清单 (fine ≥ 5000 for an organisation) and sent to 法制审核."""
    case = act(world, notified(world, fine), A.RECEIVE_STATEMENT)
    assert case.is_major
    assert case.major_grounds[0]["code"] == "MD-01"
    return act(world, case, A.SUBMIT_LEGAL_REVIEW)


def assigned(world, case):
    return submit_and_assign(
        case, submitter=world.officer, head=world.agency_head, reviewer=world.reviewer
    )


def another_reviewer(world):
    user = user_with_role(Role.REVIEWER, world.agency)
    qualify(user, "A20201100000002")
    return user


# The whole path -----------------------------------------------------------------------------


def test_article_58_routed_case_returned_on_a_failed_item_then_fixed_agreed_and_decided(world):
    case = in_review(world)
    first = assigned(world, case)
    assert first.version == 1
    assert first.status == SubmissionStatus.ASSIGNED
    assert first.draft["fine"] == "6000.00"
    assert first.draft_sha256 == hashlib.sha256(canonical_json(first.draft)).hexdigest()
    assert all(m["found"] for m in first.materials if m["required"])

    failed = {"evidence": "缺少过期食品的抽样检验报告"}
    opinion = opine(first, world.reviewer, conclusion="return", comment="补充证据", **failed)
    assert opinion.conclusion == Conclusion.RETURN
    assert [f["result"] for f in opinion.findings].count("fail") == 1
    case.refresh_from_db()
    assert case.status == S.INVESTIGATING
    assert not case.legal_review_passed
    returned = case.steps.get(action=A.RETURN_FOR_INVESTIGATION)
    assert "缺少过期食品的抽样检验报告" in returned.content["reason"]

    # Fixed: the evidence is added, the investigation concluded again, the 告知 re-issued.
    add_record(world, case)
    for action in (A.CONCLUDE_INVESTIGATION, A.SUBMIT_CHECK):
        case = act(world, case, action)
    case = act(world, case, A.ISSUE_NOTICE, fine=Decimal("6000"))
    for action in (A.RECEIVE_STATEMENT, A.SUBMIT_LEGAL_REVIEW):
        case = act(world, case, action)
    second = assigned(world, case)
    assert second.version == 2
    assert opine(second, world.reviewer).conclusion == Conclusion.AGREE
    case.refresh_from_db()
    assert case.status == S.PENDING_DECISION
    assert case.legal_review_passed

    case = act(world, case, A.DECIDE, fine=Decimal("6000"))
    assert case.status == S.DECIDED
    versions = submissions_for_case(user=world.officer, case_id=case.pk)
    assert [(s.version, s.status) for s in versions] == [(1, "opined"), (2, "opined")]


def test_every_submission_assignment_and_opinion_is_audited_and_ledgered(world):
    case = in_review(world)
    submission = assigned(world, case)
    opine(submission, world.reviewer)
    for event in ReviewEvent:
        audit = AuditEvent.objects.get(event=event.value)
        assert audit.new["version"] == 1
        assert audit.new["draft_sha256"] == submission.draft_sha256
        entry = LedgerEntry.objects.get(kind=event.value)
        assert entry.subject_sha256 == submission.draft_sha256
    opinion_event = AuditEvent.objects.get(event=ReviewEvent.OPINED)
    assert [f["item"] for f in opinion_event.new["findings"]] == list(ITEM_CODES)
    assert opinion_event.new["conclusion"] == "agree"
    assert AuditEvent.objects.get(event=ReviewEvent.SUBMITTED).new["draft"]["fine"] == "6000.00"
    # The case's own transition (法制审核通过) is audited by cases, as the reviewer.
    passed = AuditEvent.objects.get(event=f"cases.case.{A.PASS_LEGAL_REVIEW.value}")
    assert passed.actor_id == world.reviewer.pk


# Materials ----------------------------------------------------------------------------------


def test_submit_refused_naming_missing_materials_when_statement_and_benchmark_absent(world):
    publish(world, "benchmark", benchmarks())
    case = act(world, notified(world), A.SUBMIT_LEGAL_REVIEW)  # no 陈述申辩 yet, no 裁量基准
    with pytest.raises(ValidationFailed) as err:
        review_submit(user=world.officer, case_id=case.pk, today=TODAY)
    assert err.value.code == "review_materials_missing"
    assert "陈述申辩记录" in err.value.message
    assert "裁量基准适用情况" in err.value.message
    assert err.value.extra["missing"] == ["statement", "discretion"]
    assert not ReviewSubmission.objects.exists()


def test_submit_refused_when_case_not_in_legal_review_or_a_submission_open(world):
    case = act(world, notified(world), A.RECEIVE_STATEMENT)
    with pytest.raises(RuleViolation) as err:
        review_submit(user=world.officer, case_id=case.pk, today=TODAY)
    assert err.value.code == "case_not_in_legal_review"
    case = act(world, case, A.SUBMIT_LEGAL_REVIEW)
    review_submit(user=world.officer, case_id=case.pk, today=TODAY)
    with pytest.raises(RuleViolation) as err:
        review_submit(user=world.officer, case_id=case.pk, today=TODAY)
    assert err.value.code == "review_already_submitted"


def test_submit_refused_when_user_neither_handles_the_case_nor_heads_the_agency(world):
    case = in_review(world)
    with pytest.raises((Forbidden, NotFound)):
        review_submit(user=world.uncertified, case_id=case.pk, today=TODAY)
    with pytest.raises(Forbidden) as err:
        review_submit(user=world.reviewer, case_id=case.pk, today=TODAY)
    assert err.value.code == "review_submit_not_permitted"


# Reviewers ----------------------------------------------------------------------------------


def test_reviewer_refused_when_they_ever_handled_the_case(world):
    grant(world.assistant, Role.REVIEWER, world.agency)
    qualify(world.assistant, "A20201100000003")
    case = in_review(world)
    submission = review_submit(user=world.officer, case_id=case.pk, today=TODAY)
    with pytest.raises(RuleViolation) as err:
        review_assign(
            user=world.agency_head,
            submission_id=submission.pk,
            reviewer_officer_id=world.assistant.officer.pk,
        )
    assert err.value.code == "reviewer_handled_case"
    # Having left the case (回避, reassignment) does not make them eligible either.
    CaseOfficer.objects.filter(case=case, officer=world.assistant.officer).update(active=False)
    with pytest.raises(RuleViolation) as err:
        review_assign(
            user=world.agency_head,
            submission_id=submission.pk,
            reviewer_officer_id=world.assistant.officer.pk,
        )
    assert err.value.code == "reviewer_handled_case"
    candidates = {c.officer.pk: c for c in reviewer_candidates(case)}
    assert candidates[world.assistant.officer.pk].eligible is False
    assert candidates[world.reviewer.officer.pk].eligible is True


def test_article_58_first_time_reviewer_refused_without_legal_qualification(world):
    Officer.objects.filter(user=world.reviewer).update(
        has_legal_qualification=False, legal_qualification_number=""
    )
    case = in_review(world)
    submission = review_submit(user=world.officer, case_id=case.pk, today=TODAY)
    with pytest.raises(RuleViolation) as err:
        review_assign(
            user=world.agency_head,
            submission_id=submission.pk,
            reviewer_officer_id=world.reviewer.officer.pk,
        )
    assert err.value.code == "reviewer_not_qualified"
    assert "第五十八条第二款" in err.value.citation


def test_article_58_reviewer_with_opinions_on_record_assigned_without_qualification(world):
    pass_review(world, in_review(world))
    Officer.objects.filter(user=world.reviewer).update(
        has_legal_qualification=False, legal_qualification_number=""
    )
    case = in_review(world)
    submission = assigned(world, case)  # not 初次从事: an opinion of theirs is on record
    assert submission.reviewer_id == world.reviewer.officer.pk


def test_assign_refused_when_not_the_agency_head_or_not_a_reviewer(world):
    case = in_review(world)
    submission = review_submit(user=world.officer, case_id=case.pk, today=TODAY)
    with pytest.raises(Forbidden) as err:
        review_assign(
            user=world.unit_head,
            submission_id=submission.pk,
            reviewer_officer_id=world.reviewer.officer.pk,
        )
    assert err.value.code == "review_assign_not_permitted"
    with pytest.raises(ValidationFailed) as err:
        review_assign(
            user=world.agency_head,
            submission_id=submission.pk,
            reviewer_officer_id=world.unit_head.officer.pk,
        )
    assert err.value.code == "reviewer_unknown"


# Opinions -----------------------------------------------------------------------------------


def test_opinion_refused_when_given_by_a_reviewer_not_assigned(world):
    submission = assigned(world, in_review(world))
    other = another_reviewer(world)
    with pytest.raises(Forbidden) as err:
        opine(submission, other)
    assert err.value.code == "review_not_assigned_reviewer"
    assert err.value.status == 403
    with pytest.raises(Forbidden):
        opine(submission, world.agency_head)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ASSIGNED


def test_another_agencys_submission_is_not_found(world):
    submission = assigned(world, in_review(world))
    elsewhere = make_world("另一局")
    qualify(elsewhere.reviewer, "A20201100000009")
    with pytest.raises(NotFound):
        submission_get_for_user(user=elsewhere.reviewer, submission_id=submission.pk)
    with pytest.raises(NotFound):
        opine(submission, elsewhere.reviewer)
    with pytest.raises(NotFound):
        review_assign(
            user=elsewhere.agency_head,
            submission_id=submission.pk,
            reviewer_officer_id=elsewhere.reviewer.officer.pk,
        )
    with pytest.raises(NotFound):
        review_submit(user=elsewhere.officer, case_id=submission.case_id, today=TODAY)


def test_opinion_refused_when_an_item_is_unanswered_or_a_failure_unexplained(world):
    submission = assigned(world, in_review(world))
    partial = opinion_payload()
    partial["findings"] = [f for f in partial["findings"] if f["item"] != "law"]
    with pytest.raises(ValidationFailed) as err:
        opine(submission, world.reviewer, **partial)
    assert err.value.code == "review_findings_incomplete"
    assert "法律适用准确" in err.value.message

    unexplained = opinion_payload("modify", comment="请修改", procedure="")
    with pytest.raises(ValidationFailed) as err:
        opine(submission, world.reviewer, **unexplained)
    assert err.value.code == "review_fail_needs_comment"
    assert "程序合法" in err.value.message

    with pytest.raises(ValidationFailed) as err:
        opine(submission, world.reviewer, **opinion_payload(facts="事实认定有误"))
    assert err.value.code == "review_agree_with_failures"
    assert err.value.message == AGREE_WITH_FAILURES.format(labels="事实清楚")
    assert not submission.opinions.exists()


def test_modify_opinion_keeps_the_case_in_review_for_a_new_version(world):
    case = in_review(world)
    first = assigned(world, case)
    opine(first, world.reviewer, conclusion="modify", comment="决定书理由部分请补充裁量说明")
    case.refresh_from_db()
    assert case.status == S.LEGAL_REVIEW
    assert not case.legal_review_passed
    second = assigned(world, case)
    assert second.version == 2


# The gate -----------------------------------------------------------------------------------


def pass_directly(world, case, user=None):
    return case_transition(
        user=user or world.reviewer,
        case_id=case.pk,
        action=A.PASS_LEGAL_REVIEW,
        payload=payload_for(A.PASS_LEGAL_REVIEW),
        today=TODAY,
    )


def test_article_58_pass_through_case_transition_refused_without_an_agreed_opinion(world):
    case = in_review(world)
    with pytest.raises(RuleViolation) as err:
        pass_directly(world, case)
    assert err.value.code == "review_opinion_missing"
    submission = assigned(world, case)
    with pytest.raises(RuleViolation) as err:
        pass_directly(world, case)
    assert err.value.code == "review_opinion_missing"
    opine(submission, world.reviewer, conclusion="modify", comment="请补充裁量说明")
    with pytest.raises(RuleViolation) as err:
        pass_directly(world, case)
    assert err.value.code == "review_opinion_missing"
    assert "第五十八条" in err.value.message
    case.refresh_from_db()
    assert case.status == S.LEGAL_REVIEW
    assert not case.legal_review_passed
    assert not CaseStep.objects.filter(case=case, action=A.PASS_LEGAL_REVIEW).exists()


def test_article_58_decision_refused_when_fine_changed_after_approval(world):
    case = pass_review(world, in_review(world))
    with pytest.raises(RuleViolation) as err:
        act(world, case, A.DECIDE, fine=Decimal("5500"))
    assert err.value.code == "review_stale"
    assert "第1次送审稿" in err.value.message
    with pytest.raises(RuleViolation) as err:
        act(world, case, A.DECIDE_NO_PENALTY)
    assert err.value.code == "review_stale"
    assert act(world, case, A.DECIDE, fine=Decimal("6000")).status == S.DECIDED


def test_opinion_refused_when_the_draft_changed_after_submission(world):
    case = in_review(world)
    submission = assigned(world, case)
    ReviewSubmission.objects.filter(pk=submission.pk).update(draft_sha256="0" * 64)
    with pytest.raises(RuleViolation) as err:
        opine(submission, world.reviewer)
    assert err.value.code == "review_stale"
    case.refresh_from_db()
    assert draft_sha256(draft_of(case)) != "0" * 64
    assert case.status == S.LEGAL_REVIEW


# Selectors ----------------------------------------------------------------------------------


def test_reviewer_ratio_counts_reviewers_against_five_percent_of_officers(world):
    ratio = reviewer_ratio(world.agency)
    assert (ratio.reviewers, ratio.officers, ratio.required) == (1, 3, 1)
    assert ratio.sufficient
    assert findings(law="x")[4] == {"item": "law", "result": "fail", "comment": "x"}
