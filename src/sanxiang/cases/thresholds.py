"""Thresholds that vary by province or sector, read from the catalog (never constants in code):
听证 较大数额 (处罚法 §63) and the 重大执法决定法制审核目录清单 (§58)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sanxiang.cases.models import HEARING_KINDS, Case, PenaltyKind
from sanxiang.catalog.models import HearingThreshold, PartyKind
from sanxiang.catalog.selectors import catalog_rows_in_force, major_decision_rules_matching

HEARING_CITATION = "《行政处罚法》第六十三条"
AMOUNT_GROUND = "拟{what}{amount}元，达到{party}{what}{threshold}元的听证标准（{basis}）"
KIND_GROUND = "拟给予{kinds}"
WHAT = {"fine_threshold": "罚款", "confiscation_threshold": "没收"}
# 国办发〔2022〕27号: a penalty outside the 裁量基准 tier (减轻 below it, 从重 above it) goes to
# 法制审核 whatever the agency's 目录清单 says, so it is a ground of its own, not a catalog row.
OUTSIDE_TIER_GROUND = {"code": "outside_tier", "name": "超出裁量基准阶次减轻或者从重处罚"}


@dataclass(frozen=True)
class HearingGround:
    """Why the party may ask for a hearing: the penalty kind, or the amount and the row applied."""

    text: str
    threshold: HearingThreshold | None = None


def _yuan(amount: Decimal) -> str:
    return format(amount.normalize(), "f")


def _specificity(row: HearingThreshold, item_code: str) -> tuple[bool, bool]:
    return (bool(row.item_code) and row.item_code == item_code, row.party_kind != PartyKind.ANY)


def hearing_threshold_for(*, case: Case, amount_field: str, on: dt.date) -> HearingThreshold | None:
    """The 听证较大数额标准 row in force on `on` that sets `amount_field` for this case's party
    kind and item: an item's own row wins over the agency-wide one, a party kind's over 不限.
    Two equally specific rows: the lower amount, since offering a hearing is never the breach."""
    item_code = case.item.code if case.item else ""
    in_force: list[HearingThreshold] = list(
        catalog_rows_in_force(case.agency, "hearing_threshold", on)
    )
    rows = [
        r
        for r in in_force
        if getattr(r, amount_field) is not None
        and r.party_kind in (PartyKind.ANY, case.party_kind)
        and (not r.item_code or r.item_code == item_code)
    ]
    if not rows:
        return None
    best = max(_specificity(r, item_code) for r in rows)
    tied = [r for r in rows if _specificity(r, item_code) == best]
    return min(tied, key=lambda r: (getattr(r, amount_field), r.code))


def hearing_grounds(
    *,
    case: Case,
    penalties: Iterable[str],
    fine: Decimal | None,
    confiscation: Decimal | None,
    on: dt.date,
) -> list[HearingGround]:
    """Every reason the proposed penalty carries the right to a hearing (处罚法 §63), for the
    告知书; empty when it carries none. Amounts count from the threshold on (以上 includes it)."""
    grounds: list[HearingGround] = []
    heavy = sorted({PenaltyKind(k) for k in penalties} & HEARING_KINDS)
    if heavy:
        grounds.append(HearingGround(KIND_GROUND.format(kinds="、".join(k.label for k in heavy))))
    for amount_field, amount in (
        ("fine_threshold", fine),
        ("confiscation_threshold", confiscation),
    ):
        if amount is None:
            continue
        row = hearing_threshold_for(case=case, amount_field=amount_field, on=on)
        threshold = getattr(row, amount_field) if row is not None else None
        if row is None or threshold is None or amount < threshold:
            continue
        text = AMOUNT_GROUND.format(
            what=WHAT[amount_field],
            amount=_yuan(amount),
            party=case.get_party_kind_display(),
            threshold=_yuan(threshold),
            basis=row.basis,
        )
        grounds.append(HearingGround(text, row))
    return grounds


def hearing_right(
    *,
    case: Case,
    penalties: Iterable[str],
    fine: Decimal | None,
    confiscation: Decimal | None,
    on: dt.date,
) -> bool:
    """True when the proposed penalty carries the right to a hearing (处罚法 §63): a kind listed
    in §63 ③④, or a fine or confiscation reaching the 较大数额 the agency's catalog sets for the
    party kind. An agency without such rows grants hearings by kind only."""
    return bool(
        hearing_grounds(case=case, penalties=penalties, fine=fine, confiscation=confiscation, on=on)
    )


def major_decision_grounds(
    *,
    case: Case,
    penalties: Iterable[str],
    fine: Decimal | None,
    confiscation: Decimal | None,
    after_hearing: bool,
    on: dt.date,
) -> list[dict[str, str]]:
    """The rules of the agency's 法制审核目录清单 in force that the case matches (§58), as
    {"code", "name"}; empty when the decision is not major by the list. A declared departure
    from the 裁量基准 tier adds `OUTSIDE_TIER_GROUND`."""
    labels = [PenaltyKind(k).label for k in penalties]
    rules = major_decision_rules_matching(
        agency=case.agency,
        on=on,
        item_code=case.item.code if case.item else "",
        party_kind=case.party_kind,
        fine=fine,
        confiscation=confiscation,
        penalty_kinds=labels,
        after_hearing=after_hearing,
    )
    grounds = [{"code": r.code, "name": r.name} for r in rules]
    if case.outside_tier:
        grounds.append(dict(OUTSIDE_TIER_GROUND))
    return grounds
