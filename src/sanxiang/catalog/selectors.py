"""Catalog reads: what is in force on a day, the history of one code, major-decision matching."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from sanxiang.catalog.models import (
    DiscretionBenchmark,
    EnforcementItem,
    MajorDecisionRule,
    PartyKind,
)
from sanxiang.catalog.services.registry import kind_get
from sanxiang.organisations.models import Agency


def in_force_q(on: dt.date) -> Q:
    return Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gt=on))


def catalog_rows_in_force(agency: Agency, kind: str, on: dt.date) -> QuerySet[Any]:
    """Rows of list `kind` of `agency` in force on `on`, by code.

    Raises: ValidationFailed for an unknown kind.
    """
    spec = kind_get(kind)
    qs = spec.model.objects.filter(in_force_q(on), agency=agency).order_by("code")  # type: ignore[attr-defined]
    if spec.model is EnforcementItem:
        qs = qs.select_related("field", "responsible_unit").prefetch_related("legal_basis__law")
    elif spec.model is DiscretionBenchmark:
        qs = qs.prefetch_related("tiers")
    return qs  # type: ignore[no-any-return]


def catalog_row_history(agency: Agency, kind: str, code: str) -> QuerySet[Any]:
    """Every version of one code, oldest first. Raises: ValidationFailed for an unknown kind."""
    spec = kind_get(kind)
    return spec.model.objects.filter(agency=agency, code=code).order_by("version")  # type: ignore[attr-defined, no-any-return]


_SPLIT = re.compile(r"[、，,；;/\s]+")


def penalty_kind_set(text: str | Iterable[str]) -> set[str]:
    parts = _SPLIT.split(text) if isinstance(text, str) else list(text)
    return {p.strip() for p in parts if p and p.strip()}


def needs_judgement(rule: MajorDecisionRule) -> bool:
    """A rule stated only in words (其他情形: 疑难复杂, 涉及重大公共利益 …) cannot be evaluated from
    the case's data: the handler applies it by flagging the case. (A rule with no condition at
    all is different: it extends review to every decision.)"""
    structured = (
        rule.item_code
        or (rule.party_kind and rule.party_kind != PartyKind.ANY)
        or rule.fine_threshold is not None
        or rule.confiscation_threshold is not None
        or rule.penalty_kinds
        or rule.after_hearing
    )
    return not structured and bool(rule.other_condition.strip())


def major_decision_rule_matches(
    rule: MajorDecisionRule,
    *,
    item_code: str,
    party_kind: str,
    fine: Decimal | None,
    confiscation: Decimal | None,
    penalty_kinds: Iterable[str],
    after_hearing: bool,
) -> bool:
    """True when every condition the rule states holds for the case (empty ones don't restrict).
    A rule stated only in words never matches by itself (see `needs_judgement`)."""
    if needs_judgement(rule):
        return False
    if rule.item_code and rule.item_code != item_code:
        return False
    if rule.party_kind and rule.party_kind != PartyKind.ANY and rule.party_kind != party_kind:
        return False
    if rule.fine_threshold is not None and (fine is None or fine < rule.fine_threshold):
        return False
    if rule.confiscation_threshold is not None and (
        confiscation is None or confiscation < rule.confiscation_threshold
    ):
        return False
    wanted = penalty_kind_set(rule.penalty_kinds)
    if wanted and not wanted & penalty_kind_set(penalty_kinds):
        return False
    return not (rule.after_hearing and not after_hearing)


def major_decision_judgement_rules(*, agency: Agency, on: dt.date) -> list[MajorDecisionRule]:
    """The agency's rules in force that the handler applies by hand (stated only in words)."""
    return [r for r in catalog_rows_in_force(agency, "major_decision", on) if needs_judgement(r)]


def major_decision_rules_matching(
    *,
    agency: Agency,
    on: dt.date,
    item_code: str,
    party_kind: str,
    fine: Decimal | None = None,
    confiscation: Decimal | None = None,
    penalty_kinds: Iterable[str] = (),
    after_hearing: bool = False,
) -> list[MajorDecisionRule]:
    """The agency's 重大执法决定 rules in force on `on` that the case matches (none = not major)."""
    kinds = list(penalty_kinds)
    rules = catalog_rows_in_force(agency, "major_decision", on)
    return [
        rule
        for rule in rules
        if major_decision_rule_matches(
            rule,
            item_code=item_code,
            party_kind=party_kind,
            fine=fine,
            confiscation=confiscation,
            penalty_kinds=kinds,
            after_hearing=after_hearing,
        )
    ]
