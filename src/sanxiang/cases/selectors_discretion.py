"""Reads for 裁量基准 on a case (国办发〔2022〕27号) and the 首违不罚 lookup (处罚法 §33).

The officer picks the 违法行为 (a benchmark of the case's item) and its circumstances; these
functions show each tier with the fine it allows, tell whether a proposed penalty stays within
the tier applied, and look up the party's earlier penalties.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from sanxiang.cases.models import Case, Outcome, PenaltyKind
from sanxiang.cases.permissions import cases_visible_to
from sanxiang.cases.states import CaseAction
from sanxiang.catalog.models import DiscretionBenchmark, DiscretionTier, TierKind
from sanxiang.catalog.selectors import catalog_rows_in_force
from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found

FIRST_VIOLATION_HINT = "当事人无在先违法记录，可适用首违不罚"
PRIOR_VIOLATION_HINT = (
    "当事人已有 {count} 次在先违法被处罚的记录（{cases}），不属于初次违法，不适用首违不罚"
)
NO_FINE = "不处罚款"

# Words by which a tier's free-text 其他处罚 names a penalty kind of 处罚法 §9.
KIND_WORDS: dict[PenaltyKind, tuple[str, ...]] = {
    PenaltyKind.WARNING: ("警告",),
    PenaltyKind.CRITICISM: ("通报批评",),
    PenaltyKind.CONFISCATE_PROPERTY: ("非法财物",),
    PenaltyKind.SUSPEND_LICENCE: ("暂扣",),
    PenaltyKind.DEMOTE: ("降低资质等级", "降级"),
    PenaltyKind.REVOKE_LICENCE: ("吊销",),
    PenaltyKind.RESTRICT_BUSINESS: ("限制开展生产经营", "限制生产经营"),
    PenaltyKind.SUSPEND_BUSINESS: ("停产停业", "停业整顿"),
    PenaltyKind.CLOSE: ("关闭",),
    PenaltyKind.RESTRICT_EMPLOYMENT: ("限制从业", "禁止从业"),
}
# 处罚法 §28 ②: 违法所得 is confiscated whatever the tier; "其他" cannot be read from text.
ALWAYS_ALLOWED = frozenset({PenaltyKind.CONFISCATE_GAINS, PenaltyKind.OTHER})


def yuan(amount: Decimal) -> str:
    """An amount for Chinese text: 2000, 1500.5 (no trailing zeros, no exponent)."""
    return format(amount.normalize(), "f")


@dataclass(frozen=True)
class FineRange:
    """The fine a tier allows: None on one side means no bound there."""

    low: Decimal | None
    high: Decimal | None
    fine_allowed: bool = True

    def contains(self, amount: Decimal) -> bool:
        if not self.fine_allowed:
            return False
        return (self.low is None or amount >= self.low) and (
            self.high is None or amount <= self.high
        )

    @property
    def text(self) -> str:
        if not self.fine_allowed:
            return NO_FINE
        if self.low is not None and self.high is not None:
            return f"罚款 {yuan(self.low)} 元至 {yuan(self.high)} 元"
        if self.high is not None:
            return f"罚款 {yuan(self.high)} 元以下"
        if self.low is not None:
            return f"罚款 {yuan(self.low)} 元以上"
        return "罚款（未规定幅度）"


def has_multiple(tier: DiscretionTier) -> bool:
    return tier.multiple_min is not None or tier.multiple_max is not None


def has_amounts(tier: DiscretionTier) -> bool:
    return tier.fine_min is not None or tier.fine_max is not None


def needs_base_amount(tier: DiscretionTier) -> bool:
    """A tier set only as 倍数 (of 违法所得, 货值…) cannot give a fine without the base amount."""
    return has_multiple(tier) and not has_amounts(tier)


def tier_fine_range(tier: DiscretionTier, base_amount: Decimal | None) -> FineRange | None:
    """The fine `tier` allows; None when it is a multiple and no base amount is known.

    A tier with both a multiple and amounts reads the way statutes write it ("违法所得 N 倍以下；
    没有违法所得的，处 M 元以下"): the multiple when there is a base, the amounts otherwise.
    """
    if has_multiple(tier) and base_amount:
        low = tier.multiple_min * base_amount if tier.multiple_min is not None else None
        high = tier.multiple_max * base_amount if tier.multiple_max is not None else None
        return FineRange(low, high)
    if has_amounts(tier):
        return FineRange(tier.fine_min, tier.fine_max)
    if has_multiple(tier):
        return None
    return FineRange(None, None, fine_allowed=False)


def _names_kind(text: str, kind: PenaltyKind) -> bool:
    return any(word in text for word in KIND_WORDS.get(kind, (kind.label,)))


def kinds_outside_tier(tier: DiscretionTier, penalties: Iterable[str]) -> list[PenaltyKind]:
    """The penalty kinds (other than 罚款, which the range governs) the tier does not provide:
    a 不予处罚 tier provides none, another tier those its 其他处罚 names."""
    outside: list[PenaltyKind] = []
    for kind in sorted({PenaltyKind(k) for k in penalties}):
        if kind == PenaltyKind.FINE or (kind in ALWAYS_ALLOWED and tier.kind != TierKind.EXEMPT):
            continue
        if tier.kind == TierKind.EXEMPT or not _names_kind(tier.other_penalties, kind):
            outside.append(kind)
    return outside


def tier_departure(case: Case, *, penalties: Iterable[str], fine: Decimal | None) -> str | None:
    """How the proposed penalty departs from the tier applied to the case, in Chinese; None when
    it stays within it or no benchmark is applied."""
    tier = case.tier
    if tier is None:
        return None
    kinds = {PenaltyKind(k) for k in penalties}
    label = f"“{tier.get_kind_display()}”阶次"
    problems = []
    extra = kinds_outside_tier(tier, kinds)
    if extra:
        problems.append(f"{label}未规定{'、'.join(k.label for k in extra)}")
    if fine is not None and fine > 0:
        allowed = tier_fine_range(tier, case.discretion_base_amount)
        if allowed is not None and not allowed.contains(fine):
            problems.append(f"拟罚款 {yuan(fine)} 元超出{label}的幅度（{allowed.text}）")
    return "；".join(problems) or None


@dataclass(frozen=True)
class TierOption:
    kind: str
    label: str
    conditions: str
    fine_range: FineRange | None  # None: a multiple, waiting for the base amount
    multiple_min: Decimal | None
    multiple_max: Decimal | None
    multiple_base: str
    other_penalties: str
    needs_base_amount: bool


@dataclass(frozen=True)
class BenchmarkOption:
    code: str
    version: int
    item_code: str
    violation: str
    violated_provision: str
    penalty_basis: str
    issuer: str
    tiers: list[TierOption]


def _tier_option(tier: DiscretionTier, base_amount: Decimal | None) -> TierOption:
    return TierOption(
        kind=tier.kind,
        label=tier.get_kind_display(),
        conditions=tier.conditions,
        fine_range=tier_fine_range(tier, base_amount),
        multiple_min=tier.multiple_min,
        multiple_max=tier.multiple_max,
        multiple_base=tier.multiple_base,
        other_penalties=tier.other_penalties,
        needs_base_amount=needs_base_amount(tier),
    )


def benchmarks_in_force(case: Case, on: dt.date) -> list[DiscretionBenchmark]:
    """The agency's 裁量基准 versions in force on `on` for the case's item (every item when the
    case has none yet), tiers prefetched."""
    rows = catalog_rows_in_force(case.agency, "benchmark", on)
    if case.item is not None:
        rows = rows.filter(item_code=case.item.code)
    return list(rows)


def benchmark_options(
    case: Case, on: dt.date, base_amount: Decimal | None = None
) -> list[BenchmarkOption]:
    """Each benchmark in force for the case with its tiers and the fine each allows (a multiple
    is computed on `base_amount`, e.g. the 违法所得 or 货值 the officer enters)."""
    return [
        BenchmarkOption(
            code=b.code,
            version=b.version,
            item_code=b.item_code,
            violation=b.violation,
            violated_provision=b.violated_provision,
            penalty_basis=b.penalty_basis,
            issuer=b.issuer,
            tiers=[_tier_option(t, base_amount) for t in b.tiers.all()],
        )
        for b in benchmarks_in_force(case, on)
    ]


def _visible_case(*, user: Any, case_id: Any) -> Case:
    """Raises: NotFound for a missing case and for one the user may not see alike."""
    pk = uuid_or_not_found(case_id)
    case = cases_visible_to(user).select_related("agency", "item", "tier").filter(pk=pk).first()
    if case is None:
        raise NotFound()
    return case


def case_benchmark_options(
    *, user: Any, case_id: Any, on: dt.date, base_amount: Decimal | None = None
) -> list[BenchmarkOption]:
    """`benchmark_options` for a case the user may see. Raises: NotFound."""
    return benchmark_options(_visible_case(user=user, case_id=case_id), on, base_amount)


# --- 首违不罚 (处罚法 §33 ①) ----------------------------------------------------------------------


@dataclass(frozen=True)
class PriorViolation:
    case_id: uuid.UUID
    number: str
    decision_number: str
    decided_on: dt.date | None
    title: str


@dataclass(frozen=True)
class FirstViolationHint:
    """Whether the workbench may offer 首违不罚, and the sentence that says why (or why not)."""

    eligible: bool
    hint: str
    prior: list[PriorViolation]
    action: str = CaseAction.DECIDE_NO_PENALTY.value
    outcome: str = Outcome.NO_PENALTY_FIRST.value


def prior_violations(case: Case) -> list[PriorViolation]:
    """Earlier cases of the same agency against the same party (by 证件号码, or by name when the
    case has none) that ended in a penalty, oldest first; this case excluded."""
    if case.party_identifier:
        same_party = Q(party_identifier__iexact=case.party_identifier.strip())
    else:
        same_party = Q(party_name=case.party_name.strip())
    rows = (
        Case.objects.filter(same_party, agency_id=case.agency_id, outcome=Outcome.PENALISE)
        .exclude(pk=case.pk)
        .order_by("decided_on", "created_at")
    )
    return [
        PriorViolation(
            case_id=c.pk,
            number=c.number or c.lead_number,
            decision_number=c.decision_number,
            decided_on=c.decided_on,
            title=c.title,
        )
        for c in rows
    ]


def first_violation_check(case: Case) -> FirstViolationHint:
    prior = prior_violations(case)
    if not prior:
        return FirstViolationHint(eligible=True, hint=FIRST_VIOLATION_HINT, prior=[])
    cases = "、".join(p.decision_number or p.number for p in prior[:3])
    hint = PRIOR_VIOLATION_HINT.format(count=len(prior), cases=cases)
    return FirstViolationHint(eligible=False, hint=hint, prior=prior)


def case_first_violation_hint(*, user: Any, case_id: Any) -> FirstViolationHint:
    """The 首违不罚 lookup for a case the user may see. Raises: NotFound."""
    return first_violation_check(_visible_case(user=user, case_id=case_id))
