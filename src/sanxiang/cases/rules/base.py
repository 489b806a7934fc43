"""Guard rails as named rule objects with the article they enforce (ARCHITECTURE.md "Guard rails").

A rule looks at a `RuleContext` (the locked case, the action, who acts, what they submit, the day)
and returns None when satisfied or a Chinese refusal. The engine collects the rules that apply to
an action, so the workbench can show both what is allowed and why the rest is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.states import CaseAction
from sanxiang.core.errors import RuleViolation
from sanxiang.organisations.models import Officer


@dataclass
class RuleContext:
    case: Case
    action: str
    actor: Officer | None  # None when a party acts online (services.party)
    today: dt.date
    payload: Mapping[str, Any] = field(default_factory=dict)
    # False when the workbench asks "would this be allowed?" before the officer filled the form:
    # rules about the submitted content then stay silent, rules about the case still speak.
    has_payload: bool = True


Check = Callable[[RuleContext], str | None]


@dataclass(frozen=True)
class Rule:
    code: str
    citation: str
    title: str
    actions: frozenset[str]
    check: Check
    needs_payload: bool = False
    # Case kinds the rule guards; the penalty rules were written for 行政处罚 cases only.
    kinds: frozenset[str] = frozenset({"penalty"})

    def applies_to(self, action: str, kind: str = "penalty") -> bool:
        return action in self.actions and kind in self.kinds


@dataclass(frozen=True)
class Refusal:
    code: str
    citation: str
    message: str

    def as_error(self) -> RuleViolation:
        return RuleViolation(
            f"{self.message}（{self.citation}）", code=self.code, citation=self.citation
        )


REGISTRY: list[Rule] = []


def rule(
    code: str,
    *,
    citation: str,
    title: str,
    actions: Iterable[str],
    needs_payload: bool = False,
    kinds: Iterable[str] = ("penalty",),
) -> Callable[[Check], Check]:
    """Register `check` as a rule. Usage: @rule("two_officers", citation="处罚法 §42", ...)."""

    def register(check: Check) -> Check:
        if any(r.code == code for r in REGISTRY):
            raise ValueError(f"rule {code} registered twice")
        REGISTRY.append(
            Rule(
                code=code,
                citation=citation,
                title=title,
                actions=frozenset(str(a) for a in actions),
                check=check,
                needs_payload=needs_payload,
                kinds=frozenset(str(k) for k in kinds),
            )
        )
        return check

    return register


def rules_for(action: str | CaseAction, kind: str = "penalty") -> list[Rule]:
    _load_rule_modules()
    return [r for r in REGISTRY if r.applies_to(str(action), str(kind))]


def evaluate(ctx: RuleContext) -> list[Refusal]:
    """Every refusal for the context, in registration order."""
    refusals = []
    for r in rules_for(ctx.action, ctx.case.kind):
        if r.needs_payload and not ctx.has_payload:
            continue
        message = r.check(ctx)
        if message:
            refusals.append(Refusal(code=r.code, citation=r.citation, message=message))
    return refusals


def enforce(ctx: RuleContext) -> None:
    """Raises: RuleViolation for the first refusal (message ends with the article)."""
    refusals = evaluate(ctx)
    if refusals:
        raise refusals[0].as_error()


def _load_rule_modules() -> None:
    # Rule modules register on import; importing them here keeps the registry complete wherever
    # the engine is used, without import-order surprises.
    from sanxiang.cases import rules  # noqa: F401
