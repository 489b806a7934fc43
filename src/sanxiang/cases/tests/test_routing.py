"""Routing to 法制审核 (处罚法 §58): the 目录清单's rules fire and are named on the case; rules
stated only in words are applied by the handler, by hand, before the case goes to decision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from sanxiang.cases.services import case_flag_major, case_transition
from sanxiang.cases.services.routing import EVENT_FLAGGED
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, act, make_world, payload_for
from sanxiang.cases.tests.walks import checked, publish
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db
RULES = [
    {
        "code": "MD-01",
        "name": "对法人处以较大数额罚款",
        "party_kind": "法人或其他组织",
        "fine_threshold": "5000",
    },
    {
        "code": "MD-07",
        "name": "案件情况疑难复杂",
        "other_condition": "由承办机构提出、机关负责人确定",
    },
]


@pytest.fixture
def world():
    world = make_world()
    publish(world, "major_decision", RULES)
    return world


def notified(world, fine):
    return act(world, checked(world), A.ISSUE_NOTICE, fine=Decimal(fine))


def flag(world, case, user=None, **payload):
    data = {"rule_code": "MD-07", "reason": "涉及多个法律关系，事实认定复杂", **payload}
    return case_flag_major(user=user or world.officer, case_id=case.pk, payload=data, today=TODAY)


def test_article_58_fine_over_the_list_threshold_routes_and_names_the_rule(world):
    case = notified(world, "6000")
    assert case.is_major is True
    assert case.major_grounds == [{"code": "MD-01", "name": "对法人处以较大数额罚款"}]
    with pytest.raises(RuleViolation) as err:
        act(world, case, A.SUBMIT_FOR_DECISION)
    assert "第五十八条" in err.value.citation


def test_a_rule_stated_only_in_words_never_fires_by_itself(world):
    case = notified(world, "3000")
    assert case.is_major is False
    assert case.major_grounds == []
    assert act(world, case, A.SUBMIT_FOR_DECISION).status == S.PENDING_DECISION


def test_article_58_handler_flags_a_difficult_case_and_the_gate_then_holds(world):
    case = notified(world, "3000")
    step = flag(world, case)
    case.refresh_from_db()
    assert case.is_major is True
    assert case.major_grounds[0]["code"] == "MD-07"
    assert case.major_grounds[0]["by_hand"] is True
    assert step.action == "flag_major"
    event = AuditEvent.objects.get(event=EVENT_FLAGGED)
    assert LedgerEntry.objects.filter(kind=EVENT_FLAGGED).count() == 1
    assert event.new["reason"] == "涉及多个法律关系，事实认定复杂"
    with pytest.raises(RuleViolation):
        act(world, case, A.SUBMIT_FOR_DECISION)
    case = act(world, case, A.SUBMIT_LEGAL_REVIEW)
    assert case.status == S.LEGAL_REVIEW


def test_flag_needs_a_reason_and_a_rule_of_the_list(world):
    case = notified(world, "3000")
    with pytest.raises(ValidationFailed):
        flag(world, case, reason="")
    with pytest.raises(ValidationFailed) as err:
        flag(world, case, rule_code="MD-01")  # fires by itself; not one to apply by hand
    assert err.value.code == "major_rule_unknown"
    step = flag(world, case, rule_code="")  # outside the list: the handler's own judgement
    assert step.content["rule_code"] == ""


def test_flag_at_pending_decision_then_review_but_refused_once_decided(world):
    heard = act(world, notified(world, "3000"), A.RECEIVE_STATEMENT)
    case = act(world, heard, A.SUBMIT_FOR_DECISION)
    flag(world, case)  # 待决定: still before the decision
    case.refresh_from_db()
    assert case.is_major
    with pytest.raises(RuleViolation):  # the gate: a major case is not decided unreviewed
        act(world, case, A.DECIDE)
    case = act(world, case, A.SUBMIT_LEGAL_REVIEW)
    assert case.status == "legal_review"
    other = act(world, notified(world, "3000"), A.RECEIVE_STATEMENT)
    decided_case = act(world, act(world, other, A.SUBMIT_FOR_DECISION), A.DECIDE)
    with pytest.raises(RuleViolation) as err:
        flag(world, decided_case)
    assert err.value.code == "too_late_for_review"


def test_only_the_case_team_or_a_head_flags_and_other_agencies_get_not_found(world):
    case = notified(world, "3000")
    with pytest.raises((Forbidden, NotFound)):
        flag(world, case, user=world.uncertified)
    with pytest.raises(NotFound):
        flag(world, case, user=make_world("另一局").officer)
    assert flag(world, case, user=world.agency_head).action == "flag_major"


def test_flag_panel_on_the_case_page(world):
    case = notified(world, "3000")
    client = Client()
    client.force_login(world.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="panel-flag-major"' in page
    assert "MD-07 案件情况疑难复杂" in page
    response = client.post(
        f"/cases/{case.pk}/panels/flag-major/",
        {"flag-major-rule_code": "MD-07", "flag-major-reason": "疑难复杂"},
    )
    assert response.status_code in (200, 302)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="major-grounds"' in page
    assert "承办人员提请：疑难复杂" in page


def test_transition_payload_unchanged_for_unflagged_minor_case(world):
    case = notified(world, "1000")
    case = case_transition(
        user=world.officer,
        case_id=case.pk,
        action=A.SUBMIT_FOR_DECISION,
        payload=payload_for(A.SUBMIT_FOR_DECISION),
        today=TODAY,
    )
    assert case.steps.latest("sequence").content["major_grounds"] == []
