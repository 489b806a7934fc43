"""裁量基准 applied to a case and 首违不罚: the selector shows each tier's fine, the service stores
the version, tier and reasons, and the rules hold the 告知 and the 决定 to the tier (处罚法 §33,
§34, §58; 国办发〔2022〕27号). Test names carry the article they enforce."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sanxiang.cases.models import Case, CaseStep
from sanxiang.cases.rules.base import RuleContext, evaluate
from sanxiang.cases.selectors_discretion import (
    FIRST_VIOLATION_HINT,
    benchmark_options,
    case_benchmark_options,
    case_first_violation_hint,
    prior_violations,
)
from sanxiang.cases.services import case_transition
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import (
    TODAY,
    act,
    make_world,
    payload_for,
    register,
)
from sanxiang.cases.tests.walks import (
    GAINS,
    ITEM,
    apply,
    benchmarks,
    checked,
    decided,
    publish,
    tier,
)
from sanxiang.catalog.tests.factories import item_row, law_with_articles
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry
from sanxiang.legal_review.tests.walks import pass_review

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = make_world()
    publish(world, "benchmark", benchmarks())
    return world


def refused(world, case, action, **kw) -> RuleViolation:
    with pytest.raises(RuleViolation) as err:
        act(world, case, action, **kw)
    return err.value


# --- the selector: benchmarks in force with each tier's fine ------------------------------------


def test_options_show_every_tier_with_its_range_and_multiples_on_the_base_amount(world):
    case = register(world)
    options = {b.code: b for b in benchmark_options(case, TODAY)}
    assert set(options) == {"JZ-1", "JZ-2"}
    ranges = {t.kind: t.fine_range.text for t in options["JZ-1"].tiers if t.fine_range}
    assert ranges == {
        "exempt": "不处罚款",
        "lenient": "罚款 500 元至 2000 元",
        "standard": "罚款 2000 元至 10000 元",
        "severe": "罚款 10000 元至 30000 元",
    }
    multiple = options["JZ-2"].tiers[1]
    assert (multiple.label, multiple.needs_base_amount, multiple.fine_range) == (
        "一般处罚",
        True,
        None,
    )
    with_base = benchmark_options(case, TODAY, base_amount=Decimal("1500"))
    standard = next(b for b in with_base if b.code == "JZ-2").tiers[1]
    assert standard.fine_range is not None
    assert standard.fine_range.text == "罚款 3000 元至 4500 元"
    assert standard.multiple_base == GAINS


def test_options_list_only_the_benchmarks_of_the_case_item(world):
    law_with_articles()
    publish(world, "item", [item_row(ITEM), item_row("SP-CF-02")])
    publish(world, "benchmark", [*benchmarks(), {**benchmarks("SP-CF-02")[1], "code": "JZ-3"}])
    case = register(world, item_code=ITEM)
    assert [b.code for b in benchmark_options(case, TODAY)] == ["JZ-1", "JZ-2"]


def test_options_are_not_found_for_another_agencys_case(world):
    other = make_world("他局")
    case = register(world)
    with pytest.raises(NotFound):
        case_benchmark_options(user=other.officer, case_id=case.pk, on=TODAY)
    assert len(case_benchmark_options(user=world.unit_head, case_id=case.pk, on=TODAY)) == 2


# --- the service: stores the version, tier and reasons; step, audit, ledger ---------------------


def test_apply_stores_version_tier_and_reasons_and_records_a_step(world):
    case = apply(world, checked(world))
    assert case.benchmark.code == "JZ-1"
    assert case.benchmark.version == 1
    assert case.tier.kind == "lenient"
    assert case.discretion_reason == "违法情节轻微，适用从轻阶次"
    assert case.discretion_circumstances == "货值 300 元，当场下架"
    assert not case.outside_tier
    step = CaseStep.objects.get(case=case, action="apply_discretion")
    assert step.label == "适用裁量基准"
    assert step.content["fine_range"] == "罚款 500 元至 2000 元"
    assert step.content["benchmark_version"] == 1
    assert step.actor == world.officer.officer
    event = AuditEvent.objects.get(event="cases.discretion.applied")
    assert event.new["tier"] == "lenient"
    assert LedgerEntry.objects.filter(kind="cases.discretion.applied").count() == 1


def test_apply_takes_the_benchmark_version_in_force_on_the_day(world):
    changed = benchmarks()
    changed[0]["tiers"][1] = tier("lenient", "货值较小", 800, 2500, "警告")
    publish(world, "benchmark", changed, on=TODAY + dt.timedelta(days=1))
    case = apply(world, checked(world))
    assert case.benchmark.version == 1
    case = apply(world, case, today=TODAY + dt.timedelta(days=1))
    assert case.benchmark.version == 2
    assert case.tier.fine_min == Decimal("800")


def test_apply_refused_for_unknown_code_tier_or_missing_base_amount(world):
    case = checked(world)
    for overrides, code in (
        ({"benchmark_code": "NOPE"}, "benchmark_unknown"),
        ({"benchmark_code": "JZ-2", "tier": "exempt"}, "tier_unknown"),
        ({"benchmark_code": "JZ-2", "tier": "standard"}, "base_amount_required"),
    ):
        with pytest.raises(ValidationFailed) as err:
            apply(world, case, **overrides)
        assert err.value.code == code
    assert "请填写违法所得金额" in err.value.message
    assert not CaseStep.objects.filter(case=case, action="apply_discretion").exists()


def test_apply_refused_for_another_items_benchmark(world):
    law_with_articles()
    publish(world, "item", [item_row(ITEM), item_row("SP-CF-02")])
    case = register(world, item_code="SP-CF-02")
    with pytest.raises(ValidationFailed) as err:
        apply(world, case)
    assert err.value.code == "benchmark_other_item"


def test_apply_refused_to_anyone_but_the_assigned_officers(world):
    case = checked(world)
    with pytest.raises(Forbidden):
        apply(world, case, user=world.unit_head)
    with pytest.raises(NotFound):
        apply(world, case, user=make_world("他局").officer)


def test_apply_refused_once_the_case_is_before_the_decision_maker(world):
    case = act(world, apply(world, checked(world)), A.ISSUE_NOTICE, fine=Decimal("1500"))
    for action in (A.RECEIVE_STATEMENT, A.SUBMIT_FOR_DECISION):
        case = act(world, case, action)
    with pytest.raises(RuleViolation) as err:
        apply(world, case, tier="standard")
    assert err.value.code == "discretion_not_open"
    assert "待决定" in err.value.message


# --- 处罚法 §34 / 27号: the 告知 and the 决定 stay within the tier ------------------------------


def test_article_34_notice_refused_when_fine_outside_the_applied_tier(world):
    case = apply(world, checked(world))
    err = refused(world, case, A.ISSUE_NOTICE, fine=Decimal("3000"))
    assert err.code == "penalty_within_tier"
    assert "拟罚款 3000 元超出“从轻处罚”阶次的幅度（罚款 500 元至 2000 元）" in err.message
    assert err.message.endswith("（《行政处罚法》第三十四条；国办发〔2022〕27号）")


def test_article_34_notice_allowed_within_the_applied_tier(world):
    case = act(world, apply(world, checked(world)), A.ISSUE_NOTICE, fine=Decimal("2000"))
    assert case.status == S.NOTIFIED
    assert not case.outside_tier


def test_article_34_notice_without_an_applied_benchmark_is_not_held_to_a_tier(world):
    case = act(world, checked(world), A.ISSUE_NOTICE, fine=Decimal("50000"))
    assert case.status == S.NOTIFIED


def test_article_34_multiple_tier_range_is_computed_on_the_base_amount(world):
    case = apply(world, checked(world), benchmark_code="JZ-2", tier="standard", base_amount="1000")
    err = refused(world, case, A.ISSUE_NOTICE, penalties=["fine"], fine=Decimal("3500"))
    assert "（罚款 2000 元至 3000 元）" in err.message
    case = act(world, case, A.ISSUE_NOTICE, penalties=["fine"], fine=Decimal("2500"))
    assert case.status == S.NOTIFIED


def test_article_34_penalty_kind_the_tier_does_not_provide_is_refused(world):
    case = apply(world, checked(world))
    kinds = ["warning", "fine", "confiscate_property"]
    err = refused(world, case, A.ISSUE_NOTICE, penalties=kinds, fine=Decimal("1000"))
    assert "“从轻处罚”阶次未规定没收非法财物" in err.message
    # 违法所得 is confiscated whatever the tier (处罚法 §28 ②).
    kinds = ["warning", "fine", "confiscate_gains"]
    case = act(world, case, A.ISSUE_NOTICE, penalties=kinds, fine=Decimal("1000"))
    assert case.status == S.NOTIFIED


def test_article_34_exempt_tier_refuses_any_penalty(world):
    case = apply(world, checked(world), tier="exempt")
    err = refused(world, case, A.ISSUE_NOTICE, penalties=["warning"], fine=None)
    assert "“不予处罚”阶次未规定警告" in err.message


def test_article_34_decision_below_the_tier_refused_and_within_it_allowed(world):
    case = act(world, apply(world, checked(world)), A.ISSUE_NOTICE, fine=Decimal("1500"))
    for action in (A.RECEIVE_STATEMENT, A.SUBMIT_FOR_DECISION):
        case = act(world, case, action)
    err = refused(world, case, A.DECIDE, fine=Decimal("300"))
    assert err.code == "penalty_within_tier"
    assert "拟罚款 300 元超出" in err.message
    case = act(world, case, A.DECIDE, fine=Decimal("1000"))
    assert case.status == S.DECIDED


def test_article_34_summary_procedure_refused_outside_the_tier_and_allowed_within(world):
    case = apply(world, register(world))  # on the spot, from 案源
    payload = payload_for(A.APPLY_SUMMARY)
    with pytest.raises(RuleViolation) as err:
        case_transition(
            user=world.officer,
            case_id=case.pk,
            action=A.APPLY_SUMMARY,
            payload=payload,
            today=TODAY,
        )
    assert err.value.code == "penalty_within_tier"
    assert "简易程序不得超出裁量阶次" in err.value.message
    payload["fine"] = Decimal("600")
    case = case_transition(
        user=world.officer, case_id=case.pk, action=A.APPLY_SUMMARY, payload=payload, today=TODAY
    )
    assert case.status == S.SUMMARY_NOTIFIED


# --- 国办发〔2022〕27号 + 处罚法 §58, §57: a declared departure goes to 法制审核 and 集体讨论 -----------


def departing(world) -> Case:
    case = apply(
        world, checked(world), outside_tier_reason="货值虽小但涉及婴幼儿食品，从轻明显不当"
    )
    assert case.outside_tier
    return act(world, case, A.ISSUE_NOTICE, fine=Decimal("3000"))


def test_article_58_departure_refused_for_decision_until_legal_review(world):
    case = act(world, departing(world), A.RECEIVE_STATEMENT)
    err = refused(world, case, A.SUBMIT_FOR_DECISION)
    assert err.code == "outside_tier_legal_review"
    assert "涉及婴幼儿食品" in err.message
    assert "《行政处罚法》第五十八条" in err.message
    # The same rule guards the decision itself should a case get there unreviewed.
    ctx = RuleContext(case=case, action=A.DECIDE, actor=world.agency_head.officer, today=TODAY)
    ctx.payload = payload_for(A.DECIDE)
    assert "outside_tier_legal_review" in [r.code for r in evaluate(ctx)]


def test_article_58_departure_decided_after_legal_review_and_deliberation(world):
    case = act(world, departing(world), A.RECEIVE_STATEMENT)
    case = pass_review(world, case)
    err = refused(world, case, A.DECIDE)
    assert err.code == "deliberation_required"
    assert "超出裁量基准阶次" in err.message
    case = act(world, case, A.SUBMIT_DELIBERATION, user=world.agency_head)
    case = act(world, case, A.DECIDE, deliberation_minutes="经集体讨论，同意按一般阶次处罚")
    assert case.status == S.DECIDED
    assert case.fine == Decimal("3000")


def test_article_58_reapplying_without_a_departure_clears_it(world):
    case = apply(world, checked(world), outside_tier_reason="理由")
    case = apply(world, case, tier="standard")
    assert not case.outside_tier
    assert case.outside_tier_reason == ""
    err = refused(world, case, A.ISSUE_NOTICE, fine=Decimal("12000"))
    assert err.code == "penalty_within_tier"


# --- 处罚法 §33: 首违不罚 only for a first violation ------------------------------------------------


def test_article_33_first_violation_refused_when_party_was_penalised_before(world):
    earlier = decided(world)
    case = checked(world)
    err = refused(world, case, A.DECIDE_NO_PENALTY)
    assert err.code == "first_violation_only"
    assert earlier.decision_number in err.message
    assert err.message.endswith("（《行政处罚法》第三十三条第一款）")


def test_article_33_first_violation_allowed_without_a_prior_penalty(world):
    decided(world, party_identifier="91140524MA0000002X", party_name="另一公司")
    case = act(world, checked(world), A.DECIDE_NO_PENALTY)
    assert case.status == S.NO_PENALTY
    hint = case_first_violation_hint(user=world.officer, case_id=case.pk)
    assert hint.eligible
    assert hint.hint == FIRST_VIOLATION_HINT


def test_article_33_minor_violation_is_not_held_to_a_first_violation(world):
    decided(world)
    payload = {"outcome": "no_penalty_minor", "reasons": "违法行为轻微并及时改正，没有造成危害后果"}
    case = act(world, checked(world), A.DECIDE_NO_PENALTY, **payload)
    assert case.status == S.NO_PENALTY


def test_prior_violations_match_identifier_else_name_within_the_agency_only(world):
    unpenalised = act(world, checked(world), A.DECIDE_NO_PENALTY)  # not a violation on record
    earlier = decided(world)
    case = checked(world)
    assert [p.case_id for p in prior_violations(case)] == [earlier.pk]
    assert unpenalised.pk not in [p.case_id for p in prior_violations(case)]
    # No identifier: the name is what is known of the party.
    nameless = decided(world, party_identifier="", party_name="李某")
    case = checked(world, party_identifier="", party_name="李某")
    assert [p.case_id for p in prior_violations(case)] == [nameless.pk]
    other = make_world("他局")
    publish(other, "benchmark", benchmarks())
    elsewhere = checked(other)
    assert prior_violations(elsewhere) == []
    hint = case_first_violation_hint(user=world.officer, case_id=earlier.pk)
    assert hint.eligible  # the earlier case itself is excluded
    hint = case_first_violation_hint(user=world.officer, case_id=case.pk)
    assert not hint.eligible
    assert "1 次在先违法" in hint.hint
    assert (hint.action, hint.outcome) == ("decide_no_penalty", "no_penalty_first")
    with pytest.raises(NotFound):
        case_first_violation_hint(user=other.officer, case_id=case.pk)
