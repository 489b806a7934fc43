"""The party of a penalty case online: 网上办理码, claiming the case, 陈述申辩 (处罚法 §44, §45)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanxiang.applicants.models import PartyCode, PartyLink, PartyStatement
from sanxiang.applicants.services.party import (
    CLAIM_ATTEMPTS_PER_HOUR,
    CODE_INVALID,
    NOT_CASE_OFFICER,
    TooManyAttempts,
    party_code_issue,
    party_link_claim,
    party_statement_submit,
)
from sanxiang.applicants.services.uploads import MaterialFile
from sanxiang.applicants.tests.factories import PDF_BYTES, make_applicant
from sanxiang.cases.models import Deadline, DeadlineKind
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, act, make_world, register, to_notified
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role

pytestmark = pytest.mark.django_db
A = CaseAction


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def notified(world):
    return to_notified(world)


def test_party_code_issued_by_case_officer_shown_once_stored_as_hmac(world, notified):
    row, code = party_code_issue(user=world.officer, case_id=notified.pk)
    assert len(code) == 9
    assert code[4] == "-"
    assert code not in row.code_hash
    assert len(row.code_hash) == 64
    assert row.expires_at > timezone.now() + dt.timedelta(days=29)
    assert AuditEvent.objects.filter(
        event="applicants.party_code.issued", target_id=str(row.pk)
    ).exists()


def test_party_code_refused_for_an_officer_not_on_the_case(world, notified):
    stranger = user_with_role(Role.OFFICER, world.agency)
    with pytest.raises(NotFound):  # the case is not even visible to an unassigned officer
        party_code_issue(user=stranger, case_id=notified.pk)
    reviewer_sees_it = world.reviewer
    with pytest.raises(Forbidden) as exc:
        party_code_issue(user=reviewer_sees_it, case_id=notified.pk)
    assert exc.value.message == NOT_CASE_OFFICER


def test_party_code_refused_for_another_agency(notified):
    other = make_world("别的局")
    with pytest.raises(NotFound):
        party_code_issue(user=other.agency_head, case_id=notified.pk)


def test_new_code_revokes_the_unused_one(world, notified):
    first, code1 = party_code_issue(user=world.officer, case_id=notified.pk)
    _, code2 = party_code_issue(user=world.unit_head, case_id=notified.pk)
    first.refresh_from_db()
    assert first.revoked_at is not None
    user = make_applicant()
    with pytest.raises(ValidationFailed):
        party_link_claim(user=user, case_number=notified.number, code=code1)
    link = party_link_claim(user=user, case_number=notified.number, code=code2.lower())
    assert link.case == notified


def test_claim_links_the_case_once_and_code_cannot_be_reused(world, notified):
    _, code = party_code_issue(user=world.officer, case_id=notified.pk)
    alice, bob = make_applicant(), make_applicant()
    link = party_link_claim(user=alice, case_number=notified.number, code=code)
    assert PartyLink.objects.get(account=alice).case == notified
    assert PartyCode.objects.get(pk=link.code_id).used_by == alice
    with pytest.raises(RuleViolation) as exc:
        party_link_claim(user=bob, case_number=notified.number, code=code)
    assert exc.value.code == "party_code_used"
    assert not PartyLink.objects.filter(account=bob).exists()


def test_claim_refused_with_wrong_code_or_wrong_case_number(world, notified):
    _, code = party_code_issue(user=world.officer, case_id=notified.pk)
    user = make_applicant()
    other_case = register(world)
    for number, attempt in [
        (notified.number, "ABCD-EFGH"),
        (other_case.lead_number, code),
        ("", code),
    ]:
        with pytest.raises(ValidationFailed) as exc:
            party_link_claim(user=user, case_number=number, code=attempt)
        assert exc.value.message == CODE_INVALID
    assert not PartyLink.objects.exists()


def test_claim_refused_when_code_expired(world, notified):
    _, code = party_code_issue(user=world.officer, case_id=notified.pk)
    later = timezone.now() + dt.timedelta(days=31)
    with pytest.raises(RuleViolation) as exc:
        party_link_claim(user=make_applicant(), case_number=notified.number, code=code, now=later)
    assert exc.value.code == "party_code_expired"


def test_claim_rate_limited_after_repeated_wrong_codes(world, notified):
    _, code = party_code_issue(user=world.officer, case_id=notified.pk)
    user = make_applicant()
    for _ in range(CLAIM_ATTEMPTS_PER_HOUR):
        with pytest.raises(ValidationFailed):
            party_link_claim(user=user, case_number=notified.number, code="WRON-GCOD")
    assert AuditEvent.objects.filter(actor=user, event="applicants.party_link.refused").count() == 5
    with pytest.raises(TooManyAttempts) as exc:  # even the right code now waits an hour
        party_link_claim(user=user, case_number=notified.number, code=code)
    assert exc.value.status == 429
    assert not PartyLink.objects.exists()


def test_staff_cannot_claim(world, notified):
    _, code = party_code_issue(user=world.officer, case_id=notified.pk)
    with pytest.raises(NotFound):
        party_link_claim(user=world.assistant, case_number=notified.number, code=code)


def _linked(world, case):
    _, code = party_code_issue(user=world.officer, case_id=case.pk)
    user = make_applicant()
    party_link_claim(user=user, case_number=case.number, code=code)
    return user


def test_art44_statement_within_the_5_working_day_clock(world, notified):
    user = _linked(world, notified)
    due = Deadline.objects.get(case=notified, kind=DeadlineKind.STATEMENT).due_on
    statement = party_statement_submit(
        user=user,
        case_id=notified.pk,
        text="初次违法，已全部下架，请求从轻",
        files=[MaterialFile(name="整改照片", filename="整改.pdf", data=PDF_BYTES)],
        today=TODAY + dt.timedelta(days=2),
    )
    assert statement.due_on == due
    assert not statement.late
    assert [a.filename for a in statement.attachments.all()] == ["整改.pdf"]
    assert statement.attachments.get().agency == notified.agency
    event = AuditEvent.objects.get(event="applicants.statement.submitted")
    assert event.new["late"] is False
    assert len(event.new["attachments"]) == 1


def test_art44_statement_after_the_clock_is_taken_but_marked_late(world, notified):
    user = _linked(world, notified)
    due = Deadline.objects.get(case=notified, kind=DeadlineKind.STATEMENT).due_on
    statement = party_statement_submit(
        user=user, case_id=notified.pk, text="补充申辩意见", today=due + dt.timedelta(days=1)
    )
    assert statement.late is True


def test_art45_officer_hears_the_online_statement_and_records_it(world, notified):
    user = _linked(world, notified)
    party_statement_submit(user=user, case_id=notified.pk, text="初次违法", today=TODAY)
    case = act(world, notified, A.RECEIVE_STATEMENT)
    assert case.status == CaseStatus.STATEMENT
    # Still open in 陈述申辩 for further points.
    party_statement_submit(user=user, case_id=notified.pk, text="补充", today=TODAY)
    assert PartyStatement.objects.filter(case=notified).count() == 2


def test_statement_refused_outside_notice_and_statement(world):
    case = register(world)
    user = _linked(world, act(world, act(world, case, A.SUBMIT_FILING), A.APPROVE_FILING))
    with pytest.raises(RuleViolation) as exc:
        party_statement_submit(user=user, case_id=case.pk, text="申辩")
    assert exc.value.code == "statement_not_open"
    assert "第四十四条" in exc.value.citation


def test_statement_refused_for_a_party_not_linked(world, notified):
    _linked(world, notified)
    with pytest.raises(NotFound):
        party_statement_submit(user=make_applicant(), case_id=notified.pk, text="申辩")


def test_statement_refused_when_empty(world, notified):
    user = _linked(world, notified)
    with pytest.raises(ValidationFailed) as exc:
        party_statement_submit(user=user, case_id=notified.pk, text="   ")
    assert exc.value.code == "statement_empty"
