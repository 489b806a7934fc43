"""Every 重大执法决定法制审核目录清单 rule type routes (处罚法 §58; issue 6 item 1): fine thresholds by
party kind (at and just below), confiscation, 吊销, 责令停产停业, after a hearing, one item only, a
rule without conditions, rules stated only in words (applied by the handler's flag), and a
departure from the 裁量基准 tier (国办发〔2022〕27号). Each sets `is_major` and names the rule in
`major_grounds`; the variant that does not match sets nothing. (test_routing.py covers the
organisation threshold's gate and the flag's permissions.)"""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanxiang.cases.services import case_flag_major
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, act, make_world, register
from sanxiang.cases.tests.test_hearing import EARLIEST, record, scheduled
from sanxiang.cases.tests.walks import ITEM, apply, benchmarks, checked, publish
from sanxiang.cases.thresholds import OUTSIDE_TIER_GROUND
from sanxiang.catalog.tests.factories import item_row, law_with_articles
from sanxiang.core.errors import RuleViolation

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db

PERSON = {"party_kind": "person", "party_name": "张某", "party_identifier": ""}
ORGANISATION: dict[str, str] = {}  # the factory's default party
STRUCTURED = [
    {
        "code": "MD-P",
        "name": "对自然人罚款1万元以上",
        "party_kind": "自然人",
        "fine_threshold": "10000",
    },
    {
        "code": "MD-O",
        "name": "对法人罚款10万元以上",
        "party_kind": "法人或其他组织",
        "fine_threshold": "100000",
    },
    {"code": "MD-C", "name": "没收5万元以上", "confiscation_threshold": "50000"},
    {"code": "MD-R", "name": "吊销许可证件", "penalty_kinds": "吊销许可证件"},
    {"code": "MD-S", "name": "责令停产停业", "penalty_kinds": "责令停产停业"},
    {"code": "MD-I", "name": "本事项的全部处罚决定", "item_code": ITEM},
    # Stated only in words: never fire by themselves, even published next to the others.
    {
        "code": "MD-W1",
        "name": "案件情况疑难复杂、涉及多个法律关系",
        "other_condition": "承办机构提出",
    },
    {"code": "MD-W2", "name": "涉嫌犯罪需要移送司法机关", "other_condition": "承办机构提出"},
]
CONFISCATION = ["warning", "confiscate_property"]


@pytest.fixture
def world():
    world = make_world()
    law_with_articles()
    publish(world, "item", [item_row(ITEM), item_row("SP-CF-02")])
    return world


def notified(world, lead, **notice):
    return act(world, checked(world, **lead), A.ISSUE_NOTICE, **notice)


def codes(case) -> list[str]:
    return [g["code"] for g in case.major_grounds]


@pytest.mark.parametrize(
    ("lead", "notice", "expected"),
    [
        pytest.param(PERSON, {"fine": Decimal("10000")}, ["MD-P"], id="person-at-threshold"),
        pytest.param(PERSON, {"fine": Decimal("9999.99")}, [], id="person-just-below"),
        pytest.param(
            ORGANISATION, {"fine": Decimal("100000")}, ["MD-O"], id="organisation-at-threshold"
        ),
        pytest.param(ORGANISATION, {"fine": Decimal("99999.99")}, [], id="organisation-just-below"),
        pytest.param(
            ORGANISATION, {"fine": Decimal("10000")}, [], id="person-threshold-not-for-organisation"
        ),
        pytest.param(
            ORGANISATION,
            {"penalties": CONFISCATION, "confiscation": Decimal("50000")},
            ["MD-C"],
            id="confiscation-at-threshold",
        ),
        pytest.param(
            ORGANISATION,
            {"penalties": CONFISCATION, "confiscation": Decimal("49999.99")},
            [],
            id="confiscation-just-below",
        ),
        pytest.param(
            ORGANISATION,
            {"penalties": ["warning", "revoke_licence"]},
            ["MD-R"],
            id="revoke-licence",
        ),
        pytest.param(
            ORGANISATION,
            {"penalties": ["warning", "suspend_licence"]},
            [],
            id="suspend-licence-is-not-revoke",
        ),
        pytest.param(
            ORGANISATION,
            {"penalties": ["fine", "suspend_business"]},
            ["MD-S"],
            id="suspend-business",
        ),
        pytest.param({"item_code": ITEM}, {}, ["MD-I"], id="rule-of-the-case-item"),
        pytest.param({"item_code": "SP-CF-02"}, {}, [], id="rule-of-another-item"),
    ],
)
def test_article_58_each_structured_rule_routes_at_the_notice(world, lead, notice, expected):
    publish(world, "major_decision", STRUCTURED)
    case = notified(world, lead, **notice)
    assert codes(case) == expected
    assert case.is_major is bool(expected)
    step = case.steps.get(action=A.ISSUE_NOTICE)
    assert step.content["major_grounds"] == expected
    if expected:
        with pytest.raises(RuleViolation) as err:
            act(world, act(world, case, A.RECEIVE_STATEMENT), A.SUBMIT_FOR_DECISION)
        assert err.value.code == "legal_review_gate"


def test_article_58_decided_after_a_hearing_routes_at_the_submission(world):
    publish(
        world, "major_decision", [{"code": "MD-H", "name": "经过听证的案件", "after_hearing": True}]
    )
    case = scheduled(world)  # 告知 with 责令停产停业, hearing requested and scheduled
    assert codes(case) == []
    record(world, case)
    case = act(world, case, A.SUBMIT_FOR_DECISION, EARLIEST)
    assert codes(case) == ["MD-H"]
    assert case.is_major
    decision = {"penalties": ["fine", "suspend_business"]}
    with pytest.raises(RuleViolation) as err:
        act(world, case, A.DECIDE, EARLIEST, **decision)
    assert err.value.code == "legal_review_gate"
    # Known only once the hearing is on record: from 待决定 the case goes to 法制审核.
    assert act(world, case, A.SUBMIT_LEGAL_REVIEW, EARLIEST).status == S.LEGAL_REVIEW


def test_article_58_hearing_rule_does_not_fire_without_a_hearing(world):
    publish(
        world, "major_decision", [{"code": "MD-H", "name": "经过听证的案件", "after_hearing": True}]
    )
    case = act(world, notified(world, ORGANISATION), A.RECEIVE_STATEMENT)
    case = act(world, case, A.SUBMIT_FOR_DECISION)
    assert codes(case) == []
    assert not case.is_major


def test_article_58_rule_without_conditions_routes_every_general_procedure_decision(world):
    publish(world, "major_decision", [{"code": "MD-ALL", "name": "普通程序作出的行政处罚决定"}])
    case = notified(world, ORGANISATION, fine=Decimal("100"))
    assert codes(case) == ["MD-ALL"]
    assert case.is_major
    # 简易程序 (当场处罚) is not a 普通程序 decision: no routing on that path.
    summary = act(world, register(world), A.APPLY_SUMMARY)
    summary = act(world, summary, A.DECIDE_ON_SITE)
    assert summary.status == S.DECIDED
    assert codes(summary) == []
    assert not summary.is_major


def test_article_58_rules_in_words_fire_only_when_the_handler_flags_one(world):
    publish(world, "major_decision", STRUCTURED)
    case = notified(world, ORGANISATION)
    assert codes(case) == []
    case_flag_major(
        user=world.officer,
        case_id=case.pk,
        payload={"rule_code": "MD-W2", "reason": "当事人销售的食品涉嫌有毒有害，可能构成犯罪"},
        today=TODAY,
    )
    case.refresh_from_db()
    assert codes(case) == ["MD-W2"]
    assert case.major_grounds[0]["by_hand"] is True
    assert case.major_grounds[0]["name"] == "涉嫌犯罪需要移送司法机关"
    assert case.is_major


@pytest.mark.parametrize(
    ("tier", "fine"),
    [
        pytest.param("standard", "1000", id="mitigated-below-the-tier"),
        pytest.param("lenient", "3000", id="heavier-above-the-tier"),
    ],
)
def test_article_58_departure_from_the_benchmark_tier_routes(world, tier, fine):
    publish(world, "benchmark", benchmarks())
    case = apply(world, checked(world), tier=tier, outside_tier_reason="情节特殊，确需超出阶次")
    case = act(world, case, A.ISSUE_NOTICE, fine=Decimal(fine))
    assert codes(case) == [OUTSIDE_TIER_GROUND["code"]]
    assert case.major_grounds[0]["name"] == OUTSIDE_TIER_GROUND["name"]
    assert case.is_major


def test_article_58_penalty_within_the_tier_does_not_route(world):
    publish(world, "benchmark", benchmarks())
    case = apply(world, checked(world), tier="standard")
    case = act(world, case, A.ISSUE_NOTICE, fine=Decimal("3000"))
    assert codes(case) == []
    assert not case.is_major
