"""The review's time limit (the agency's 法制审核办法, 工作日 through core.calendar): started on
送审, stopped by the opinion, extended once by the 机关负责人, cancelled on a withdrawal, and
watched by the hourly alert scan like every legal clock."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.alerts import deadline_alerts_raise
from sanxiang.cases.models import AlertLevel, DayUnit, Deadline, DeadlineKind, DeadlineState
from sanxiang.cases.selectors_deadlines import alerts_for_user
from sanxiang.cases.services import case_transition
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, make_world
from sanxiang.cases.tests.walks import publish
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry
from sanxiang.legal_review.models import SubmissionStatus
from sanxiang.legal_review.services import review_submit
from sanxiang.legal_review.services_policy import PolicyEvent, review_extend, review_policy_set
from sanxiang.legal_review.tests.walks import (
    MAJOR_FINE_RULES,
    opine,
    routed_to_review,
    submit_and_assign,
)
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import SupervisoryAgencyFactory, user_with_role

A = CaseAction
pytestmark = pytest.mark.django_db
# TODAY is Wednesday 2026-03-11; no holiday until 清明 (April).
SEVEN_WORKING_DAYS = dt.date(2026, 3, 20)  # Thu 12, Fri 13, Mon 16 … Fri 20
TEN_WORKING_DAYS = dt.date(2026, 3, 25)  # + Mon 23, Tue 24, Wed 25
REASON = {"reason": "案情复杂，需补充调取外省检验报告"}


@pytest.fixture
def world():
    world = make_world()
    publish(world, "major_decision", MAJOR_FINE_RULES)
    return world


def assigned(world):
    return submit_and_assign(
        routed_to_review(world),
        submitter=world.officer,
        head=world.agency_head,
        reviewer=world.reviewer,
    )


def review_clock(submission) -> Deadline:
    return Deadline.objects.get(kind=DeadlineKind.LEGAL_REVIEW, object_id=str(submission.pk))


def review_alerts(user):
    return [a.level for a in alerts_for_user(user) if a.deadline.kind == DeadlineKind.LEGAL_REVIEW]


# Start and stop ---------------------------------------------------------------------------------


def test_submission_is_due_seven_working_days_later_by_default(world):
    submission = assigned(world)
    assert submission.due_on == SEVEN_WORKING_DAYS
    clock = review_clock(submission)
    assert (clock.starts_on, clock.days, clock.unit) == (TODAY, 7, DayUnit.WORKING)
    assert clock.due_on == SEVEN_WORKING_DAYS
    assert clock.state == DeadlineState.RUNNING
    assert clock.case_id == submission.case_id
    submitted = AuditEvent.objects.get(event="legal_review.submission.submitted")
    assert submitted.new["due_on"] == "2026-03-20"


def test_submission_is_due_after_the_agencys_own_time_limit(world):
    review_policy_set(
        user=world.agency_head,
        agency_id=world.agency.pk,
        payload={"time_limit_days": 10, "extension_days": 5},
    )
    submission = assigned(world)
    assert submission.due_on == TEN_WORKING_DAYS
    assert review_clock(submission).days == 10


def test_opinion_stops_the_review_clock(world):
    submission = assigned(world)
    opine(submission, world.reviewer, today=dt.date(2026, 3, 16))
    clock = review_clock(submission)
    assert clock.state == DeadlineState.MET
    assert clock.ended_on == dt.date(2026, 3, 16)


def test_return_through_the_case_action_withdraws_the_submission_and_cancels_its_clock(world):
    case = routed_to_review(world)
    submission = review_submit(user=world.officer, case_id=case.pk, today=TODAY)
    case_transition(
        user=world.agency_head,
        case_id=case.pk,
        action=A.RETURN_FOR_INVESTIGATION,
        payload={"reason": "当事人提供新证据，需补充调查"},
        today=TODAY,
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WITHDRAWN
    clock = review_clock(submission)
    assert clock.state == DeadlineState.CANCELLED
    event = AuditEvent.objects.get(event=PolicyEvent.WITHDRAWN)
    assert event.reason == "当事人提供新证据，需补充调查"
    assert event.new["version"] == 1
    assert LedgerEntry.objects.filter(kind=PolicyEvent.WITHDRAWN.value).count() == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATING


# Extension ---------------------------------------------------------------------------------------


def test_head_extends_once_by_the_policys_extension_audited_and_ledgered(world):
    submission = assigned(world)
    extended = review_extend(
        user=world.agency_head, submission_id=submission.pk, payload=REASON, today=TODAY
    )
    assert extended.due_on == TEN_WORKING_DAYS
    assert extended.extended_by == world.agency_head.officer
    assert extended.extension_reason == REASON["reason"]
    clock = review_clock(submission)
    assert (clock.days, clock.due_on, clock.state) == (10, TEN_WORKING_DAYS, "running")
    event = AuditEvent.objects.get(event=PolicyEvent.EXTENDED)
    assert event.old == {"due_on": "2026-03-20"}
    assert event.new["due_on"] == "2026-03-25"
    assert event.reason == REASON["reason"]
    assert LedgerEntry.objects.get(kind=PolicyEvent.EXTENDED.value).subject_sha256 == (
        submission.draft_sha256
    )
    with pytest.raises(RuleViolation) as err:
        review_extend(
            user=world.agency_head, submission_id=submission.pk, payload=REASON, today=TODAY
        )
    assert err.value.code == "review_already_extended"
    assert review_clock(submission).due_on == TEN_WORKING_DAYS


def test_extension_refused_when_not_the_agency_head(world):
    submission = assigned(world)
    for user in (world.reviewer, world.unit_head, world.officer):
        with pytest.raises(Forbidden) as err:
            review_extend(user=user, submission_id=submission.pk, payload=REASON, today=TODAY)
        assert err.value.code == "review_extend_not_permitted"
    elsewhere = make_world("另一局")
    with pytest.raises(NotFound):
        review_extend(
            user=elsewhere.agency_head, submission_id=submission.pk, payload=REASON, today=TODAY
        )
    submission.refresh_from_db()
    assert submission.due_on == SEVEN_WORKING_DAYS
    assert submission.extended_by is None


def test_extension_refused_after_the_opinion_or_after_the_time_limit_ran_out(world):
    submission = assigned(world)
    late = SEVEN_WORKING_DAYS + dt.timedelta(days=3)
    with pytest.raises(RuleViolation) as err:
        review_extend(
            user=world.agency_head, submission_id=submission.pk, payload=REASON, today=late
        )
    assert err.value.code == "review_extension_late"
    assert "2026-03-20" in err.value.message
    opine(submission, world.reviewer)
    with pytest.raises(RuleViolation) as err:
        review_extend(
            user=world.agency_head, submission_id=submission.pk, payload=REASON, today=TODAY
        )
    assert err.value.code == "review_not_open"


def test_extension_refused_without_a_reason_or_when_the_policy_allows_none(world):
    submission = assigned(world)
    with pytest.raises(ValidationFailed) as err:
        review_extend(user=world.agency_head, submission_id=submission.pk, payload={"reason": " "})
    assert "延长理由" in err.value.message
    review_policy_set(
        user=world.agency_head,
        agency_id=world.agency.pk,
        payload={"time_limit_days": 7, "extension_days": 0},
    )
    with pytest.raises(RuleViolation) as err:
        review_extend(
            user=world.agency_head, submission_id=submission.pk, payload=REASON, today=TODAY
        )
    assert err.value.code == "review_extension_not_allowed"
    assert not AuditEvent.objects.filter(event=PolicyEvent.EXTENDED).exists()


# Alerts ------------------------------------------------------------------------------------------


def test_alert_scan_raises_due_soon_then_overdue_on_the_review_clock_for_all_who_watch(world):
    sfj = SupervisoryAgencyFactory()
    supervisor = user_with_role(Role.SUPERVISOR, sfj)
    world.agency.supervising_agency = sfj
    world.agency.save()
    submission = assigned(world)

    deadline_alerts_raise(today=dt.date(2026, 3, 17))  # Fri 20 is 3 working days away
    assert review_alerts(world.officer) == []

    deadline_alerts_raise(today=dt.date(2026, 3, 18))  # 2 working days before the last day
    for user in (world.officer, world.agency_head, world.reviewer, supervisor):
        assert review_alerts(user) == [AlertLevel.DUE_SOON]
    # the reviewer watches review clocks only, not the case's other clocks
    assert {a.deadline.kind for a in alerts_for_user(world.reviewer)} == {"legal_review"}

    deadline_alerts_raise(today=dt.date(2026, 3, 23))  # Monday after the last day
    assert sorted(review_alerts(world.officer)) == [AlertLevel.DUE_SOON, AlertLevel.OVERDUE]
    assert sorted(review_alerts(supervisor)) == [AlertLevel.DUE_SOON, AlertLevel.OVERDUE]
    alerted = AuditEvent.objects.filter(event="cases.deadline.alerted")
    assert {e.new["kind"] for e in alerted} >= {"legal_review"}
    assert review_alerts(make_world("另一局").agency_head) == []

    opine(submission, world.reviewer, today=dt.date(2026, 3, 23))
    assert review_alerts(world.officer) == []  # a met clock needs no more attention


def test_extension_moves_the_alert_horizon(world):
    submission = assigned(world)
    review_extend(user=world.agency_head, submission_id=submission.pk, payload=REASON, today=TODAY)
    deadline_alerts_raise(today=dt.date(2026, 3, 18))
    assert review_alerts(world.agency_head) == []
    deadline_alerts_raise(today=dt.date(2026, 3, 23))  # Wed 25 is 2 working days away
    assert review_alerts(world.agency_head) == [AlertLevel.DUE_SOON]
