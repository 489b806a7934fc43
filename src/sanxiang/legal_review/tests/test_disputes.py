"""审核意见与拟处理意见不一致 (处罚法 §58; seed 003 二(三)7): the handler contests an opinion, the
agency head or a 集体讨论 settles it, and the gate accepts an adopted proposal for its draft only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanxiang.cases.models import CaseStep
from sanxiang.cases.services import case_transition
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, act, make_world, payload_for
from sanxiang.cases.tests.walks import publish
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry
from sanxiang.legal_review.models import (
    Conclusion,
    ReviewDispute,
    ReviewSubmission,
    SubmissionStatus,
)
from sanxiang.legal_review.services import review_submit
from sanxiang.legal_review.services_disputes import (
    DisputeEvent,
    review_dispute_raise,
    review_dispute_resolve,
)
from sanxiang.legal_review.tests.walks import (
    MAJOR_FINE_RULES,
    contested,
    opine,
    routed_to_review,
    submit_and_assign,
)
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db
GROUNDS = "当事人系再次违法，按一般阶次罚款6000元并无不当"


@pytest.fixture
def world():
    world = make_world()
    publish(world, "major_decision", MAJOR_FINE_RULES)
    return world


def raise_(world, opinion, user=None, **payload):
    data = {"grounds": GROUNDS, "forum": "head", **payload}
    return review_dispute_raise(
        user=user or world.officer, opinion_id=opinion.pk, payload=data, today=TODAY
    )


def resolve(world, dispute, user=None, **payload):
    data = {
        "outcome": "adopt_proposal",
        "final_position": "采纳承办机构意见，罚款6000元",
        **payload,
    }
    return review_dispute_resolve(
        user=user or world.agency_head, dispute_id=dispute.pk, payload=data, today=TODAY
    )


def collective_payload(world, outcome="uphold_review"):
    return {
        "outcome": outcome,
        "final_position": "维持法制审核意见，按从轻阶次重新调查处理",
        "participants": [
            str(world.agency_head.officer.pk),
            str(world.unit_head.officer.pk),
            str(world.reviewer.officer.pk),
        ],
        "minutes": "机关负责人主持；承办机构陈述理由；法制审核机构说明意见；经讨论维持审核意见",
    }


# 不同意 no longer returns the case --------------------------------------------------------------


def test_article_58_disagree_opinion_keeps_the_case_in_review_to_be_contested(world):
    case = routed_to_review(world)
    opinion = contested(world, case)
    assert opinion.conclusion == Conclusion.DISAGREE
    case.refresh_from_db()
    assert case.status == S.LEGAL_REVIEW
    assert not case.legal_review_passed
    assert not case.steps.filter(action=A.RETURN_FOR_INVESTIGATION).exists()


# Both outcomes ------------------------------------------------------------------------------


def test_article_58_head_adopts_the_proposal_and_the_case_passes_review_taken_by_the_head(world):
    case = routed_to_review(world)
    opinion = contested(world, case)
    dispute = raise_(world, opinion)
    assert dispute.is_open
    assert dispute.draft_sha256 == opinion.submission.draft_sha256
    dispute = resolve(world, dispute)
    assert dispute.resolved_by_id == world.agency_head.officer.pk
    assert dispute.participants == []
    case.refresh_from_db()
    assert case.status == S.PENDING_DECISION
    assert case.legal_review_passed
    passed = case.steps.get(action=A.PASS_LEGAL_REVIEW)
    assert passed.actor_id == world.agency_head.officer.pk
    assert "采纳承办机构意见" in passed.content["opinion"]

    raised = AuditEvent.objects.get(event=DisputeEvent.RAISED)
    assert raised.new["grounds"] == GROUNDS
    assert raised.new["conclusion"] == "disagree"
    settled = AuditEvent.objects.get(event=DisputeEvent.RESOLVED)
    assert settled.actor_id == world.agency_head.pk
    assert settled.new["decided_by"] == str(world.agency_head.officer.pk)
    assert settled.new["outcome"] == "adopt_proposal"
    for event in DisputeEvent:
        assert LedgerEntry.objects.get(kind=event.value).subject_sha256 == dispute.draft_sha256

    # Decided as adopted; a different decision is stale.
    with pytest.raises(RuleViolation) as err:
        act(world, case, A.DECIDE, fine=Decimal("5800"))
    assert err.value.code == "review_stale"
    assert act(world, case, A.DECIDE, fine=Decimal("6000")).status == S.DECIDED


def test_article_58_collective_discussion_upholds_the_review_and_returns_the_case(world):
    case = routed_to_review(world)
    dispute = raise_(world, contested(world, case), forum="collective")
    dispute = resolve(world, dispute, **collective_payload(world))
    assert [p["name"] for p in dispute.participants] == [
        world.agency_head.officer.name,
        world.unit_head.officer.name,
        world.reviewer.officer.name,
    ]
    case.refresh_from_db()
    assert case.status == S.INVESTIGATING
    assert not case.legal_review_passed
    returned = case.steps.get(action=A.RETURN_FOR_INVESTIGATION)
    assert "维持法制审核意见，按从轻阶次重新调查处理" in returned.content["reason"]
    assert returned.actor_id == world.agency_head.officer.pk
    event = AuditEvent.objects.get(event=DisputeEvent.RESOLVED)
    assert len(event.new["participants"]) == 3
    assert event.new["minutes"].startswith("机关负责人主持")
    assert event.new["forum"] == "collective"


def test_article_58_modify_opinion_may_be_contested_too(world):
    case = routed_to_review(world)
    dispute = raise_(world, contested(world, case, conclusion="modify"))
    assert resolve(world, dispute).outcome == "adopt_proposal"
    case.refresh_from_db()
    assert case.status == S.PENDING_DECISION


# Refusals: raising --------------------------------------------------------------------------


def test_raise_refused_when_not_the_case_officer(world):
    case = routed_to_review(world)
    opinion = contested(world, case)
    for user in (world.reviewer, world.agency_head, world.unit_head):
        with pytest.raises(Forbidden) as err:
            raise_(world, opinion, user=user)
        assert err.value.code == "dispute_raise_not_permitted"
    assert not ReviewDispute.objects.exists()


def test_raise_refused_on_an_agreed_or_returned_opinion(world):
    case = routed_to_review(world)
    submission = submit_and_assign(
        case, submitter=world.officer, head=world.agency_head, reviewer=world.reviewer
    )
    agreed = opine(submission, world.reviewer)
    with pytest.raises(RuleViolation) as err:
        raise_(world, agreed)
    assert err.value.code == "dispute_conclusion_not_contestable"
    assert "同意" in err.value.message

    other = routed_to_review(world)
    returned = opine(
        submit_and_assign(
            other, submitter=world.officer, head=world.agency_head, reviewer=world.reviewer
        ),
        world.reviewer,
        conclusion="return",
        comment="补充证据",
    )
    with pytest.raises(RuleViolation) as err:
        raise_(world, returned)
    assert err.value.code == "dispute_conclusion_not_contestable"
    assert not ReviewDispute.objects.exists()


def test_raise_refused_twice_or_on_a_superseded_opinion(world):
    case = routed_to_review(world)
    opinion = contested(world, case)
    raise_(world, opinion)
    with pytest.raises(RuleViolation) as err:
        raise_(world, opinion, forum="collective")
    assert err.value.code == "dispute_already_raised"

    second_case = routed_to_review(world)
    first = contested(world, second_case, conclusion="modify")
    submit_and_assign(
        second_case, submitter=world.officer, head=world.agency_head, reviewer=world.reviewer
    )
    with pytest.raises(RuleViolation) as err:
        raise_(world, first)
    assert err.value.code == "dispute_not_latest_opinion"
    assert ReviewDispute.objects.count() == 1


def test_raise_refused_when_the_draft_changed_since_submission(world):
    case = routed_to_review(world)
    opinion = contested(world, case)
    ReviewSubmission.objects.filter(pk=opinion.submission_id).update(draft_sha256="0" * 64)
    with pytest.raises(RuleViolation) as err:
        raise_(world, opinion)
    assert err.value.code == "review_stale"
    assert "第五十八条" in err.value.citation
    assert not ReviewDispute.objects.exists()


def test_raise_refused_without_grounds_or_with_an_unknown_forum(world):
    opinion = contested(world, routed_to_review(world))
    with pytest.raises(ValidationFailed):
        raise_(world, opinion, grounds="  ")
    with pytest.raises(ValidationFailed):
        raise_(world, opinion, forum="court")
    assert not ReviewDispute.objects.exists()


def test_another_agencys_opinion_and_dispute_are_not_found(world):
    opinion = contested(world, routed_to_review(world))
    dispute = raise_(world, opinion)
    elsewhere = make_world("另一局")
    with pytest.raises(NotFound):
        raise_(world, opinion, user=elsewhere.officer)
    with pytest.raises(NotFound):
        resolve(world, dispute, user=elsewhere.agency_head)
    with pytest.raises(NotFound):
        review_dispute_raise(user=world.officer, opinion_id="not-a-uuid", payload={}, today=TODAY)
    dispute.refresh_from_db()
    assert dispute.is_open


# Refusals: resolving ------------------------------------------------------------------------


def test_resolve_refused_unless_the_agency_head(world):
    dispute = raise_(world, contested(world, routed_to_review(world)))
    for user in (world.officer, world.unit_head, world.reviewer):
        with pytest.raises(Forbidden) as err:
            resolve(world, dispute, user=user)
        assert err.value.code == "dispute_resolve_not_permitted"
    dispute.refresh_from_db()
    assert dispute.is_open


def test_collective_needs_three_participants_of_the_agency_with_the_head_and_minutes(world):
    case = routed_to_review(world)
    dispute = raise_(world, contested(world, case), forum="collective")
    full = collective_payload(world)
    head, unit_head, reviewer = full["participants"]
    outsider = make_world("另一局").agency_head.officer.pk
    cases = [
        ({"participants": [head, unit_head]}, "dispute_too_few_participants"),
        ({"participants": [head, unit_head, unit_head]}, "dispute_too_few_participants"),
        ({"participants": [head, unit_head, str(outsider)]}, "dispute_participant_unknown"),
        (
            {"participants": [unit_head, reviewer, str(world.officer.officer.pk)]},
            "dispute_head_not_participant",
        ),
        ({"minutes": ""}, "dispute_minutes_required"),
    ]
    for change, code in cases:
        with pytest.raises(ValidationFailed) as err:
            resolve(world, dispute, **{**full, **change})
        assert err.value.code == code, change
    dispute.refresh_from_db()
    assert dispute.is_open
    case.refresh_from_db()
    assert case.status == S.LEGAL_REVIEW


def test_head_forum_takes_no_participants(world):
    dispute = raise_(world, contested(world, routed_to_review(world)))
    with pytest.raises(ValidationFailed) as err:
        resolve(world, dispute, participants=[str(world.agency_head.officer.pk)])
    assert err.value.code == "dispute_participants_not_allowed"


def test_resolve_refused_twice_and_when_superseded_by_a_new_submission(world):
    dispute = raise_(world, contested(world, routed_to_review(world)))
    resolve(world, dispute)
    with pytest.raises(RuleViolation) as err:
        resolve(world, dispute)
    assert err.value.code == "dispute_already_resolved"

    case = routed_to_review(world)
    pending = raise_(world, contested(world, case))
    review_submit(user=world.officer, case_id=case.pk, today=TODAY)  # the handler changed course
    with pytest.raises(RuleViolation) as err:
        resolve(world, pending)
    assert err.value.code == "dispute_not_latest_opinion"
    pending.refresh_from_db()
    assert pending.is_open


def test_resolve_refused_when_the_draft_changed_after_the_dispute_was_raised(world):
    case = routed_to_review(world)
    dispute = raise_(world, contested(world, case))
    ReviewSubmission.objects.filter(case=case).update(draft_sha256="1" * 64)
    with pytest.raises(RuleViolation) as err:
        resolve(world, dispute)
    assert err.value.code == "review_stale"
    case.refresh_from_db()
    assert case.status == S.LEGAL_REVIEW


# The gate around disputes -------------------------------------------------------------------


def pass_directly(world, case, user):
    return case_transition(
        user=user,
        case_id=case.pk,
        action=A.PASS_LEGAL_REVIEW,
        payload=payload_for(A.PASS_LEGAL_REVIEW),
        today=TODAY,
    )


def test_article_58_head_cannot_pass_review_without_a_dispute_settled_for_the_handler(world):
    case = routed_to_review(world)
    dispute = raise_(world, contested(world, case))
    for user in (world.agency_head, world.reviewer):
        with pytest.raises(RuleViolation) as err:
            pass_directly(world, case, user)
        assert err.value.code == "review_opinion_missing"
    with pytest.raises(Forbidden):
        pass_directly(world, case, world.officer)
    assert dispute.is_open
    assert not CaseStep.objects.filter(case=case, action=A.PASS_LEGAL_REVIEW).exists()


def test_article_58_only_the_deciding_head_passes_review_on_an_adopted_proposal(world):
    second_head = user_with_role(Role.AGENCY_HEAD, world.agency)
    case = routed_to_review(world)
    dispute = raise_(world, contested(world, case))
    ReviewDispute.objects.filter(pk=dispute.pk).update(
        outcome="adopt_proposal",
        final_position="采纳",
        resolved_by=world.agency_head.officer,
        resolved_on=TODAY,
    )
    with pytest.raises(RuleViolation) as err:
        pass_directly(world, case, second_head)
    assert err.value.code == "review_opinion_missing"
    assert world.agency_head.officer.name in err.value.message
    assert pass_directly(world, case, world.agency_head).status == S.PENDING_DECISION
    submission = ReviewSubmission.objects.get(case=case)
    assert submission.status == SubmissionStatus.OPINED
