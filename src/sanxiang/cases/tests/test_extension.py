"""办案期限延长 (处罚法 §60; sector rule: 90 days, +30 by the head, further only by 集体讨论)."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.models import Case, CaseExtension, Deadline, DeadlineKind, DeadlineState
from sanxiang.cases.services import case_extend
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, act, make_world, register, to_notified
from sanxiang.core.errors import Forbidden, RuleViolation, ValidationFailed
from sanxiang.ledger.models import LedgerEntry

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db

# Filed on 2026-03-11: 90 natural days end on 06-09; +30 on 07-09.
DUE = dt.date(2026, 6, 9)


@pytest.fixture
def world():
    return make_world()


def filed(world) -> Case:
    case = register(world)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action)
    return case


def extend(world, case, user=None, today=TODAY, **overrides) -> CaseExtension:
    payload = {"days": 30, "reason": "需要等待产品检验报告"}
    payload.update(overrides)
    return case_extend(
        user=user or world.agency_head, case_id=case.pk, payload=payload, today=today
    )


def clock(case) -> Deadline:
    return Deadline.objects.get(case=case, kind=DeadlineKind.CASE_DECISION)


def test_article_60_head_extends_by_thirty_days(world):
    case = filed(world)
    assert clock(case).due_on == DUE
    extension = extend(world, case)
    assert extension.approved_by == world.agency_head.officer
    assert extension.by_deliberation is False
    assert clock(case).due_on == dt.date(2026, 7, 9)
    assert clock(case).days == 120
    step = case.steps.get(action="case_extend")
    assert step.content["due_before"] == "2026-06-09"
    assert step.content["due_after"] == "2026-07-09"
    assert step.content["approved_after_expiry"] is False
    assert LedgerEntry.objects.filter(kind="cases.extension.approved").count() == 1


def test_article_60_head_extension_refused_over_thirty_days(world):
    case = filed(world)
    with pytest.raises(RuleViolation) as err:
        extend(world, case, days=31)
    assert err.value.code == "case_extension"
    assert "《行政处罚法》第六十条" in err.value.message
    assert clock(case).due_on == DUE
    assert not CaseExtension.objects.filter(case=case).exists()


def test_article_60_second_head_extension_refused(world):
    case = filed(world)
    extend(world, case, days=10)
    with pytest.raises(RuleViolation) as err:
        extend(world, case, days=10)
    assert err.value.code == "case_extension"
    assert "集体讨论" in err.value.message


def test_article_60_further_extension_allowed_by_deliberation_with_minutes(world):
    case = filed(world)
    extend(world, case)
    with pytest.raises(RuleViolation) as err:
        extend(world, case, days=60, by_deliberation=True)
    assert "集体讨论情况" in err.value.message
    extension = extend(
        world,
        case,
        days=60,
        by_deliberation=True,
        minutes="参加：局长、副局长3人；意见：案情特别复杂，同意继续延长60日",
    )
    assert extension.minutes.startswith("参加")
    assert clock(case).days == 180
    assert case.steps.filter(action="case_extend").last().label == "集体讨论延长办案期限"


def test_article_60_long_first_extension_allowed_by_deliberation(world):
    case = filed(world)
    extend(world, case, days=45, by_deliberation=True, minutes="集体讨论同意延长45日")
    assert clock(case).days == 135


def test_article_60_extension_refused_for_an_officer(world):
    case = filed(world)
    with pytest.raises(Forbidden):
        extend(world, case, user=world.officer)


def test_article_60_extension_refused_when_no_clock_runs(world):
    case = register(world)  # a lead: not filed, no 办案期限 yet
    with pytest.raises(RuleViolation) as err:
        extend(world, case)
    assert err.value.code == "case_clock_not_running"


def test_article_60_extension_refused_for_zero_days(world):
    with pytest.raises(ValidationFailed):
        extend(world, filed(world), days=0)


def test_article_60_decision_refused_after_ninety_days_and_allowed_once_extended(world):
    case = to_notified(world)
    late = DUE + dt.timedelta(days=1)
    case = act(world, case, A.SUBMIT_FOR_DECISION, late)
    with pytest.raises(RuleViolation) as err:
        act(world, case, A.DECIDE, late)
    assert err.value.code == "decision_within_time_limit"
    extension = extend(world, case, today=late)
    step = case.steps.get(action="case_extend")
    assert step.content["approved_after_expiry"] is True
    assert extension.approved_on == late
    case = act(world, case, A.DECIDE, late)
    assert case.status == S.DECIDED
    assert clock(case).state == DeadlineState.MET
