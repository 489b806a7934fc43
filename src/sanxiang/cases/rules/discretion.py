"""裁量基准 and 首违不罚 guard rails (处罚法 §33, §34, §58; 国办发〔2022〕27号).

Once a tier is applied (services/discretion.py), the 告知 and the 决定 stay within it, or the
departure is declared with its reason and goes through 法制审核 (here) and 集体讨论
(`deliberation_required` in procedure.py, which reads the same `outside_tier`).
"""

from __future__ import annotations

from decimal import Decimal

from sanxiang.cases.models import Outcome
from sanxiang.cases.rules.base import RuleContext, rule
from sanxiang.cases.selectors_discretion import first_violation_check, tier_departure
from sanxiang.cases.states import CaseAction

A = CaseAction

TIER_CITATION = "《行政处罚法》第三十四条；国办发〔2022〕27号"
DECLARE_DEPARTURE = "确需超出的，应当在适用裁量基准时说明超出阶次的理由，并经法制审核和集体讨论"
SUMMARY_DEPARTURE = "简易程序不得超出裁量阶次，确需超出的应当转为普通程序"
REVIEW_NEEDED = "本案拟作出的处罚超出裁量基准阶次（理由：{reason}），须经法制审核通过后方可决定"


def _fine(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@rule(
    "penalty_within_tier",
    citation=TIER_CITATION,
    title="处罚在所适用的裁量阶次内，超出须说明理由",
    actions={A.ISSUE_NOTICE, A.DECIDE, A.APPLY_SUMMARY},
    needs_payload=True,
)
def penalty_within_tier(ctx: RuleContext) -> str | None:
    departure = tier_departure(
        ctx.case,
        penalties=ctx.payload.get("penalties") or [],
        fine=_fine(ctx.payload.get("fine")),
    )
    if departure is None:
        return None
    if ctx.action == A.APPLY_SUMMARY:
        # The 当场 path has neither 法制审核 nor 集体讨论 to send a departure to.
        return f"{departure}；{SUMMARY_DEPARTURE}"
    if ctx.case.outside_tier:
        return None
    return f"{departure}；{DECLARE_DEPARTURE}"


@rule(
    "outside_tier_legal_review",
    citation="国办发〔2022〕27号；《行政处罚法》第五十八条",
    title="超出裁量阶次的处罚须经法制审核",
    actions={A.DECIDE, A.SUBMIT_FOR_DECISION, A.SUBMIT_DELIBERATION},
)
def outside_tier_legal_review(ctx: RuleContext) -> str | None:
    case = ctx.case
    if case.outside_tier and not case.legal_review_passed:
        return REVIEW_NEEDED.format(reason=case.outside_tier_reason or "—")
    return None


@rule(
    "first_violation_only",
    citation="《行政处罚法》第三十三条第一款",
    title="首违不罚仅适用于初次违法",
    actions={A.DECIDE_NO_PENALTY},
    needs_payload=True,
)
def first_violation_only(ctx: RuleContext) -> str | None:
    if ctx.payload.get("outcome") != Outcome.NO_PENALTY_FIRST:
        return None
    check = first_violation_check(ctx.case)
    return None if check.eligible else check.hint
