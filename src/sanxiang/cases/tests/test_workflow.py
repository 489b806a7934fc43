"""The 普通程序 and 简易程序 walked through the services, with what each step records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sanxiang.cases.models import CaseStep, Deadline, DeadlineKind, Outcome
from sanxiang.cases.services import case_action_options, case_transition
from sanxiang.cases.services.execution import payment_record
from sanxiang.cases.states import TRANSITIONS, CaseAction, CaseStatus
from sanxiang.cases.tests.factories import (
    TODAY,
    act,
    make_world,
    payload_for,
    register,
    to_notified,
)
from sanxiang.core.errors import Forbidden, NotFound, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_general_procedure_from_lead_to_archive(world):
    case = to_notified(world)
    assert case.status == S.NOTIFIED
    assert case.number == "测试局立〔2026〕1号"
    later = TODAY + dt.timedelta(days=8)  # the 5 working-day statement period ended on 3-18
    for action in (A.SUBMIT_FOR_DECISION, A.DECIDE, A.SERVE, A.EXECUTE):
        case = act(world, case, action, later)
    # 结案 needs the fine paid (处罚法 §67, §72): the party pays on the day of service.
    payment = {"amount": "3000", "paid_on": later, "receipt_number": "FS000001"}
    payment_record(user=world.officer, case_id=case.pk, payload=payment, today=later)
    for action in (A.CLOSE, A.ARCHIVE):
        case = act(world, case, action, later)
    assert case.status == S.ARCHIVED
    assert case.outcome == Outcome.PENALISE
    assert case.decision_number == "测试局罚决〔2026〕1号"
    assert case.fine == Decimal("3000")
    steps = list(case.steps.values_list("action", flat=True))
    assert steps[:3] == ["register_lead", "submit_filing", "approve_filing"]
    assert steps[-1] == "archive"
    events = AuditEvent.objects.filter(event__startswith="cases.", agency_id=world.agency.pk)
    assert events.count() == len(steps)
    assert LedgerEntry.objects.filter(kind="cases.case.decide").count() == 1
    payment = Deadline.objects.get(case=case, kind=DeadlineKind.PAYMENT)
    assert payment.due_on == later + dt.timedelta(days=15)


def test_summary_procedure_decides_and_serves_on_the_spot(world):
    case = register(world)
    case = act(world, case, A.APPLY_SUMMARY)
    case = act(world, case, A.DECIDE_ON_SITE)
    assert case.status == S.DECIDED
    assert case.served_on == TODAY
    assert case.fine == Decimal("100")


def test_step_records_the_submitted_text(world):
    case = register(world)
    act(world, case, A.SUBMIT_FILING, opinion="建议立案调查")
    step = CaseStep.objects.get(case=case, action="submit_filing")
    assert step.content == {"opinion": "建议立案调查"}
    assert step.actor == world.officer.officer


def test_transition_refused_when_another_agency(world):
    other = make_world("他局")
    case = register(world)
    with pytest.raises(NotFound):
        act(other, case, A.SUBMIT_FILING, user=other.officer)


def test_approval_refused_when_actor_is_the_officer(world):
    case = act(world, register(world), A.SUBMIT_FILING)
    with pytest.raises(Forbidden) as err:
        act(world, case, A.APPROVE_FILING, user=world.officer)
    assert err.value.code == "action_not_permitted"


def test_payload_refused_with_chinese_field_name(world):
    case = register(world)
    with pytest.raises(ValidationFailed) as err:
        case_transition(
            user=world.officer, case_id=case.pk, action="submit_filing", payload={}, today=TODAY
        )
    assert "意见" in err.value.message
    assert case.steps.count() == 1  # nothing recorded


def test_options_list_allowed_and_refused_actions(world):
    case = act(world, register(world), A.SUBMIT_FILING)
    options = {
        o.action: o for o in case_action_options(user=world.unit_head, case=case, today=TODAY)
    }
    assert options[A.APPROVE_FILING].allowed
    officer_view = case_action_options(user=world.officer, case=case, today=TODAY)
    assert not any(o.permitted for o in officer_view)


def test_payload_factory_covers_every_penalty_action():
    for action in {a for _, a in TRANSITIONS}:
        assert payload_for(action) is not None


def test_on_site_form_number_used_twice_is_refused(world):
    first = act(
        world, act(world, register(world), A.APPLY_SUMMARY), A.DECIDE_ON_SITE, form_number="No.1"
    )
    assert first.decision_number == "No.1"
    second = act(world, register(world), A.APPLY_SUMMARY)
    with pytest.raises(ValidationFailed) as err:
        act(world, second, A.DECIDE_ON_SITE, form_number="No.1")
    assert err.value.code == "form_number_used"
