"""裁量基准 applied to a case (处罚法 §34; 国办发〔2022〕27号): the benchmark version in force, the
tier, the circumstances and the reason are stored on the case and recorded on its timeline.

Departing from the tier is declared here, with its reason: the case is then `outside_tier`, which
the rules route to 法制审核 and 集体讨论. A penalty outside the tier without that declaration is
refused at 告知 and at 决定 (rules/discretion.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import Case
from sanxiang.cases.permissions import can_take_action
from sanxiang.cases.selectors_discretion import (
    needs_base_amount,
    tier_fine_range,
    yuan,
)
from sanxiang.cases.services.common import (
    acting_officer,
    case_audit,
    case_lock_for_user,
    step_record,
    today_or,
)
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.catalog.models import DiscretionBenchmark, DiscretionTier, TierKind
from sanxiang.catalog.selectors import catalog_rows_in_force
from sanxiang.core.errors import Forbidden, RuleViolation, ValidationFailed

S = CaseStatus
APPLY_DISCRETION = "apply_discretion"
# Before the 告知 (the 承办人 proposes the tier with the investigation), on the spot for the
# 简易程序 (from 案源), and while 陈述申辩/听证 are heard, since a 复核 can change the
# circumstances (处罚法 §45). Not once 法制审核 has begun: what was reviewed is what is decided.
DISCRETION_STATUSES = frozenset(
    {
        S.LEAD,
        S.INVESTIGATING,
        S.INVESTIGATION_CONCLUDED,
        S.CASE_CHECK,
        S.NOTIFIED,
        S.STATEMENT,
        S.HEARING,
    }
)
NOT_OPEN = "案件处于“{status}”阶段，不能适用或变更裁量基准"
NOT_ASSIGNED = "只有本案在办执法人员可以适用裁量基准"
BENCHMARK_UNKNOWN = "裁量基准“{code}”不存在，或在 {day} 不在有效期内"
BENCHMARK_OTHER_ITEM = "裁量基准“{code}”适用于事项 {item}，与本案执法事项 {case_item} 不符"
TIER_UNKNOWN = "裁量基准“{code}”没有“{tier}”阶次"
BASE_REQUIRED = "“{tier}”阶次按{base}的 {low} 至 {high} 倍罚款，请填写{base}金额"


class DiscretionApplication(BaseModel):
    """What the officer states when applying a benchmark tier (the workbench form and the API)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    benchmark_code: str = Field(title="裁量基准（违法行为）", min_length=1, max_length=64)
    tier: TierKind = Field(title="裁量阶次")
    circumstances: str = Field(title="违法情节", min_length=1, max_length=20000)
    base_amount: Decimal | None = Field(
        None, title="倍数罚款基数（违法所得、货值等，元）", ge=0, max_digits=14, decimal_places=2
    )
    reason: str = Field(title="裁量理由", min_length=1, max_length=20000)
    outside_tier_reason: str = Field(
        "", title="超出裁量阶次的理由（须经法制审核和集体讨论）", max_length=20000
    )


def _benchmark(case: Case, code: str, day: dt.date) -> DiscretionBenchmark:
    """Raises: ValidationFailed (unknown or expired code, another item's benchmark)."""
    row = catalog_rows_in_force(case.agency, "benchmark", day).filter(code=code).first()
    if row is None:
        message = BENCHMARK_UNKNOWN.format(code=code, day=day.isoformat())
        raise ValidationFailed(message, code="benchmark_unknown")
    if case.item is not None and row.item_code != case.item.code:
        message = BENCHMARK_OTHER_ITEM.format(
            code=code, item=row.item_code, case_item=case.item.code
        )
        raise ValidationFailed(message, code="benchmark_other_item")
    return row  # type: ignore[no-any-return]


def _tier(benchmark: DiscretionBenchmark, data: DiscretionApplication) -> DiscretionTier:
    """Raises: ValidationFailed (no such tier; a multiple without its base amount)."""
    tier = next((t for t in benchmark.tiers.all() if t.kind == data.tier), None)
    if tier is None:
        message = TIER_UNKNOWN.format(code=benchmark.code, tier=TierKind(data.tier).label)
        raise ValidationFailed(message, code="tier_unknown")
    if needs_base_amount(tier) and not data.base_amount:
        message = BASE_REQUIRED.format(
            tier=tier.get_kind_display(),
            base=tier.multiple_base or "基数",
            low=yuan(tier.multiple_min) if tier.multiple_min is not None else 0,
            high=yuan(tier.multiple_max) if tier.multiple_max is not None else "—",
        )
        raise ValidationFailed(message, code="base_amount_required")
    return tier


def _content(benchmark: DiscretionBenchmark, tier: DiscretionTier, case: Case) -> dict[str, Any]:
    allowed = tier_fine_range(tier, case.discretion_base_amount)
    base = case.discretion_base_amount
    return {
        "benchmark_code": benchmark.code,
        "benchmark_version": benchmark.version,
        "violation": benchmark.violation,
        "penalty_basis": benchmark.penalty_basis,
        "tier": tier.kind,
        "tier_label": tier.get_kind_display(),
        "tier_conditions": tier.conditions,
        "fine_range": allowed.text if allowed is not None else "",
        "other_penalties": tier.other_penalties,
        "circumstances": case.discretion_circumstances,
        "base_amount": str(base) if base is not None else None,
        "reason": case.discretion_reason,
        "outside_tier": case.outside_tier,
        "outside_tier_reason": case.outside_tier_reason,
    }


@transaction.atomic
def case_discretion_apply(
    *,
    user: Any,
    case_id: Any,
    payload: Mapping[str, Any] | DiscretionApplication,
    today: dt.date | None = None,
) -> Case:
    """Apply (or re-apply) a 裁量基准 tier to the case: the version in force today, the tier, the
    circumstances, the base amount of a multiple, the reason, and any declared departure.

    Raises: NotFound; Forbidden (not an assigned officer); RuleViolation (the case's stage does
        not allow it); ValidationFailed (payload, unknown benchmark or tier, missing base amount).
    """
    day = today_or(today)
    officer = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    # The 承办人 proposes the 裁量 (the 负责人 approve it with the 告知 and the 决定).
    if not can_take_action(user, case, CaseAction.CONCLUDE_INVESTIGATION):
        raise Forbidden(NOT_ASSIGNED, code="action_not_permitted")
    if case.status not in DISCRETION_STATUSES:
        message = NOT_OPEN.format(status=CaseStatus(case.status).label)
        raise RuleViolation(message, code="discretion_not_open")
    data = parse(DiscretionApplication, payload)
    benchmark = _benchmark(case, data.benchmark_code, day)
    tier = _tier(benchmark, data)
    before = {
        "benchmark": str(case.benchmark_id) if case.benchmark_id else None,
        "tier": case.tier.kind if case.tier else None,
        "outside_tier": case.outside_tier,
    }
    case.benchmark, case.tier = benchmark, tier
    case.discretion_circumstances = data.circumstances
    case.discretion_base_amount = data.base_amount
    case.discretion_reason = data.reason
    case.outside_tier_reason = data.outside_tier_reason
    case.outside_tier = bool(data.outside_tier_reason)
    case.updated_by = user
    case.save()
    content = _content(benchmark, tier, case)
    step = step_record(
        case=case,
        actor=officer,
        action=APPLY_DISCRETION,
        label="适用裁量基准",
        on=day,
        content=content,
        status_before=case.status,
    )
    case_audit(
        user=user,
        event="cases.discretion.applied",
        case=case,
        target=step,
        old=before,
        new={"step": step.sequence, **content},
        reason=data.outside_tier_reason,
    )
    return case
