"""Thresholds that vary by province or sector, read from the catalog (never constants in code):
听证 较大数额 (处罚法 §63) and the 重大执法决定法制审核目录清单 (§58)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from sanxiang.cases.models import HEARING_KINDS, Case, PenaltyKind
from sanxiang.catalog.selectors import major_decision_rules_matching


def hearing_right(
    *,
    case: Case,
    penalties: Iterable[str],
    fine: Decimal | None,
    confiscation: Decimal | None,
    on: dt.date,
) -> bool:
    """True when the proposed penalty carries the right to a hearing (处罚法 §63)."""
    kinds = {PenaltyKind(k) for k in penalties}
    return bool(kinds & HEARING_KINDS)


def is_major_decision(
    *,
    case: Case,
    penalties: Iterable[str],
    fine: Decimal | None,
    confiscation: Decimal | None,
    after_hearing: bool,
    on: dt.date,
) -> bool:
    """True when a rule of the agency's 法制审核目录清单 in force matches the case (§58)."""
    labels = [PenaltyKind(k).label for k in penalties]
    return bool(
        major_decision_rules_matching(
            agency=case.agency,
            on=on,
            item_code=case.item.code if case.item else "",
            party_kind=case.party_kind,
            fine=fine,
            confiscation=confiscation,
            penalty_kinds=labels,
            after_hearing=after_hearing,
        )
    )
