"""External 法律顾问 / 公职律师 (国办发〔2018〕118号 三(三)): invited on an open submission and their
written opinion recorded once, by the reviewer or a head; the reviewer's own opinion stays required."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.services import case_transition
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, make_world, payload_for
from sanxiang.cases.tests.walks import publish
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry
from sanxiang.legal_review.models import ExternalOpinion, SubmissionStatus
from sanxiang.legal_review.services import review_submit
from sanxiang.legal_review.services_external import (
    ExternalEvent,
    external_invite,
    external_opinion_record,
)
from sanxiang.legal_review.tests.walks import (
    MAJOR_FINE_RULES,
    opine,
    routed_to_review,
    submit_and_assign,
)

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db
ADVISER = {
    "adviser_name": "李律师",
    "adviser_role": "legal_adviser",
    "organisation": "山西某某律师事务所",
    "licence_number": "11405201510000001",
}
OPINION = {
    "conclusion": "agree",
    "opinion": "事实清楚，适用法律正确，同意拟处理意见",
    "given_on": TODAY.isoformat(),
}


@pytest.fixture
def world():
    world = make_world()
    publish(world, "major_decision", MAJOR_FINE_RULES)
    return world


@pytest.fixture
def submission(world):
    return submit_and_assign(
        routed_to_review(world),
        submitter=world.officer,
        head=world.agency_head,
        reviewer=world.reviewer,
    )


def invite(submission, user, **payload):
    return external_invite(
        user=user, submission_id=submission.pk, payload={**ADVISER, **payload}, today=TODAY
    )


def record(external, user, **payload):
    return external_opinion_record(
        user=user, external_id=external.pk, payload={**OPINION, **payload}, today=TODAY
    )


def test_reviewer_invites_an_adviser_and_records_the_opinion_audited_and_ledgered(
    world, submission
):
    external = invite(submission, world.reviewer)
    assert external.invited_by_id == world.reviewer.officer.pk
    assert external.invited_on == TODAY
    assert external.given_on is None
    external = record(external, world.reviewer)
    assert external.conclusion == "agree"
    assert external.recorded_by_id == world.reviewer.officer.pk
    assert external.given_on == TODAY
    invited = AuditEvent.objects.get(event=ExternalEvent.INVITED)
    assert invited.new["adviser_name"] == "李律师"
    assert invited.new["licence_number"] == "11405201510000001"
    recorded = AuditEvent.objects.get(event=ExternalEvent.RECORDED)
    assert recorded.new["opinion"] == OPINION["opinion"]
    assert recorded.new["version"] == 1
    for event in ExternalEvent:
        entry = LedgerEntry.objects.get(kind=event.value)
        assert entry.subject_sha256 == submission.draft_sha256


def test_article_58_reviewers_own_opinion_remains_required_after_an_external_agree(
    world, submission
):
    record(invite(submission, world.agency_head), world.agency_head)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ASSIGNED
    case = submission.case
    case.refresh_from_db()
    assert case.status == S.LEGAL_REVIEW
    with pytest.raises(RuleViolation) as err:
        case_transition(
            user=world.reviewer,
            case_id=case.pk,
            action=A.PASS_LEGAL_REVIEW,
            payload=payload_for(A.PASS_LEGAL_REVIEW),
            today=TODAY,
        )
    assert err.value.code == "review_opinion_missing"
    opine(submission, world.reviewer)
    case.refresh_from_db()
    assert case.status == S.PENDING_DECISION


def test_head_invites_while_the_submission_awaits_its_reviewer(world):
    case = routed_to_review(world)
    pending = review_submit(user=world.officer, case_id=case.pk, today=TODAY)
    assert invite(pending, world.agency_head, adviser_role="public_lawyer").adviser_role == (
        "public_lawyer"
    )


def test_invite_and_record_refused_for_anyone_else(world, submission):
    for user in (world.officer, world.unit_head):
        with pytest.raises(Forbidden) as err:
            invite(submission, user)
        assert err.value.code == "external_not_permitted"
    external = invite(submission, world.reviewer)
    with pytest.raises(Forbidden) as err:
        record(external, world.officer)
    assert err.value.code == "external_not_permitted"
    assert ExternalOpinion.objects.count() == 1
    external.refresh_from_db()
    assert external.given_on is None


def test_invite_refused_once_the_submission_has_its_opinion(world, submission):
    opine(submission, world.reviewer)
    with pytest.raises(RuleViolation) as err:
        invite(submission, world.reviewer)
    assert err.value.code == "review_not_open"
    assert not ExternalOpinion.objects.exists()


def test_opinion_recorded_once(world, submission):
    external = record(invite(submission, world.reviewer), world.reviewer)
    with pytest.raises(RuleViolation) as err:
        record(external, world.agency_head, conclusion="disagree", opinion="改变意见")
    assert err.value.code == "external_opinion_already_recorded"
    external.refresh_from_db()
    assert external.conclusion == "agree"
    assert AuditEvent.objects.filter(event=ExternalEvent.RECORDED).count() == 1


def test_payloads_checked(world, submission):
    with pytest.raises(ValidationFailed):
        invite(submission, world.reviewer, adviser_name="")
    with pytest.raises(ValidationFailed):
        invite(submission, world.reviewer, adviser_role="judge")
    external = invite(submission, world.reviewer)
    with pytest.raises(ValidationFailed) as err:
        record(external, world.reviewer, given_on=(TODAY - dt.timedelta(days=1)).isoformat())
    assert err.value.code == "external_given_before_invited"
    with pytest.raises(ValidationFailed) as err:
        record(external, world.reviewer, given_on=(TODAY + dt.timedelta(days=1)).isoformat())
    assert err.value.code == "external_given_in_future"
    with pytest.raises(ValidationFailed):
        record(external, world.reviewer, opinion="")
    external.refresh_from_db()
    assert external.given_on is None


def test_another_agencys_submission_and_external_opinion_are_not_found(world, submission):
    external = invite(submission, world.reviewer)
    elsewhere = make_world("另一局")
    with pytest.raises(NotFound):
        invite(submission, elsewhere.agency_head)
    with pytest.raises(NotFound):
        record(external, elsewhere.agency_head)
    assert ExternalOpinion.objects.count() == 1
