"""回避 (处罚法 §43) and replacing the officer who withdraws (§42). Test names carry the article."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.models import Case, CaseOfficer, RecusalStatus
from sanxiang.cases.services import (
    case_officer_assign,
    hearing_schedule,
    recusal_decide,
    recusal_request,
)
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, act, add_record, certify, make_world, register
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.ledger.models import LedgerEntry
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def filed(world) -> Case:
    case = register(world)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action)
    add_record(world, case)
    return case


def request(world, case, officer=None, user=None, **overrides):
    payload = {
        "officer_id": (officer or world.assistant).officer.pk,
        "reason": "该执法人员系当事人法定代表人的近亲属",
    }
    payload.update(overrides)
    return recusal_request(
        user=user or world.officer, case_id=case.pk, payload=payload, today=TODAY
    )


def decide(world, case, recusal, granted=True, user=None):
    return recusal_decide(
        user=user or world.unit_head,
        case_id=case.pk,
        recusal_id=recusal.pk,
        payload={"granted": granted, "reason": "经核实属实" if granted else "理由不成立"},
        today=TODAY,
    )


def assign(world, case, officer, user=None, **overrides):
    payload = {"officer_id": officer.pk, "reason": "原协办人回避，指派替换"}
    payload.update(overrides)
    return case_officer_assign(
        user=user or world.unit_head, case_id=case.pk, payload=payload, today=TODAY
    )


def replacement(world, certified=True):
    user = user_with_role(Role.OFFICER, world.agency)
    if certified:
        certify(user, world.field)
    return user.officer


# The application and the investigation meanwhile ------------------------------------------


def test_article_43_party_application_recorded_on_the_timeline(world):
    case = filed(world)
    recusal = request(world, case)
    assert recusal.status == RecusalStatus.PENDING
    assert recusal.by_party
    step = case.steps.get(action="recusal_request")
    assert step.label == "当事人申请回避"
    assert step.content["officer_name"] == world.assistant.officer.name
    assert LedgerEntry.objects.filter(kind="cases.recusal.requested").count() == 1


def test_article_43_investigation_continues_while_recusal_pending(world):
    case = filed(world)
    request(world, case)
    add_record(world, case)
    case = act(world, case, A.CONCLUDE_INVESTIGATION)
    case = act(world, case, A.SUBMIT_CHECK)
    assert case.status == S.CASE_CHECK
    # ... but the 告知 waits for the head's decision (rule recusal_pending).
    with pytest.raises(RuleViolation) as err:
        act(world, case, A.ISSUE_NOTICE)
    assert err.value.code == "recusal_pending"


def test_article_43_self_declaration_allowed_for_the_officer_concerned(world):
    case = filed(world)
    recusal = request(world, case, user=world.assistant, by_party=False, reason="曾为当事人员工")
    assert recusal.by_party is False
    assert case.steps.get(action="recusal_request").label == "执法人员自行回避"


def test_article_43_self_declaration_refused_for_someone_else(world):
    case = filed(world)
    with pytest.raises(Forbidden):
        request(world, case, user=world.officer, by_party=False)


def test_article_43_application_refused_for_an_officer_not_on_the_case(world):
    case = filed(world)
    with pytest.raises(ValidationFailed) as err:
        request(world, case, officer=world.uncertified)
    assert err.value.code == "recusal_officer_unknown"


def test_article_43_second_pending_application_refused(world):
    case = filed(world)
    request(world, case)
    with pytest.raises(ValidationFailed) as err:
        request(world, case)
    assert err.value.code == "recusal_already_pending"


def test_article_43_application_refused_on_another_agencys_case(world):
    other = make_world("他局")
    case = filed(world)
    with pytest.raises(NotFound):
        request(world, case, user=other.officer)


# The 负责人 decides ---------------------------------------------------------------------


def test_article_43_decision_refused_for_an_officer(world):
    case = filed(world)
    recusal = request(world, case)
    with pytest.raises(Forbidden):
        decide(world, case, recusal, user=world.officer)


def test_article_43_refused_recusal_keeps_the_officer(world):
    case = filed(world)
    recusal = decide(world, case, request(world, case), granted=False)
    assert recusal.status == RecusalStatus.REFUSED
    assert recusal.decided_by == world.unit_head.officer
    assert case.assignments.filter(officer=world.assistant.officer, active=True).exists()
    case = act(world, case, A.CONCLUDE_INVESTIGATION)
    assert case.status == S.INVESTIGATION_CONCLUDED


def test_article_43_granted_recusal_ends_the_assignment(world):
    case = filed(world)
    recusal = decide(world, case, request(world, case))
    assert recusal.status == RecusalStatus.GRANTED
    row = CaseOfficer.objects.get(case=case, officer=world.assistant.officer)
    assert row.active is False
    assert row.ended_reason == "回避：经核实属实"
    step = case.steps.get(action="recusal_decide")
    assert step.content["left"] == ["team"]
    assert step.content["team_size"] == 1
    assert LedgerEntry.objects.filter(kind="cases.recusal.decided").count() == 1


def test_article_43_decision_cannot_be_taken_twice(world):
    case = filed(world)
    recusal = decide(world, case, request(world, case))
    with pytest.raises(RuleViolation) as err:
        decide(world, case, recusal, granted=False)
    assert err.value.code == "recusal_already_decided"


# §42 after a granted recusal: the team needs a replacement --------------------------------


def test_article_42_team_rule_refuses_until_a_replacement_is_assigned(world):
    case = filed(world)
    decide(world, case, request(world, case))
    with pytest.raises(RuleViolation) as err:
        act(world, case, A.CONCLUDE_INVESTIGATION)
    assert err.value.code == "two_certified_officers"
    assign(world, case, replacement(world))
    case = act(world, case, A.CONCLUDE_INVESTIGATION)
    assert case.status == S.INVESTIGATION_CONCLUDED
    assert case.steps.filter(action="case_officer_assign").count() == 1


def test_article_42_replacement_refused_without_a_valid_certificate(world):
    case = filed(world)
    decide(world, case, request(world, case))
    with pytest.raises(RuleViolation) as err:
        assign(world, case, replacement(world, certified=False))
    assert err.value.code == "certificate_invalid"


def test_article_43_recused_officer_cannot_be_assigned_again(world):
    case = filed(world)
    decide(world, case, request(world, case))
    with pytest.raises(RuleViolation) as err:
        assign(world, case, world.assistant.officer)
    assert err.value.code == "officer_recused"


def test_assignment_refused_for_an_officer(world):
    case = filed(world)
    with pytest.raises(Forbidden):
        assign(world, case, replacement(world), user=world.officer)


def test_assignment_refused_for_a_second_lead(world):
    case = filed(world)
    with pytest.raises(ValidationFailed) as err:
        assign(world, case, replacement(world), role="lead")
    assert err.value.code == "lead_taken"


def test_lead_replaced_after_the_lead_withdraws(world):
    case = filed(world)
    recusal = request(world, case, officer=world.officer, user=world.assistant)
    decide(world, case, recusal)
    new_lead = replacement(world)
    row = assign(world, case, new_lead, role="lead")
    assert row.role == "lead"
    # The former lead no longer sees the case.
    with pytest.raises(NotFound):
        request(world, case, user=world.officer)


# 处罚法 §64 ④: the hearing chair is subject to 回避 as well ---------------------------------


def test_article_64_4_recused_chair_must_be_replaced(world):
    case = register(world)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action)
    add_record(world, case)
    for action in (A.CONCLUDE_INVESTIGATION, A.SUBMIT_CHECK):
        case = act(world, case, action)
    case = act(world, case, A.ISSUE_NOTICE, penalties=["fine", "suspend_business"])
    case = act(world, case, A.REQUEST_HEARING)
    served = TODAY + dt.timedelta(days=1)
    hearing = hearing_schedule(
        user=world.unit_head,
        case_id=case.pk,
        payload={
            "scheduled_on": dt.date(2026, 3, 30),
            "place": "听证室",
            "chair_id": world.reviewer.officer.pk,
            "notice_served_on": served,
        },
        today=served,
    )
    recusal = request(world, case, officer=world.reviewer)
    decide(world, case, recusal)
    hearing.refresh_from_db()
    assert hearing.chair is None
    assert hearing.scheduled_on is None
    with pytest.raises(RuleViolation) as err:
        hearing_schedule(
            user=world.unit_head,
            case_id=case.pk,
            payload={
                "scheduled_on": dt.date(2026, 3, 30),
                "place": "听证室",
                "chair_id": world.reviewer.officer.pk,
                "notice_served_on": served,
            },
            today=served,
        )
    assert err.value.code == "hearing_chair_not_investigator"
