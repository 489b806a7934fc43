"""Effects other apps attach to case actions, run inside `case_transition`'s transaction.

Apps above cases (disclosure, later supervision) react to a step — e.g. a decision creates its
公示 draft — without cases importing them: they register a hook on import (their AppConfig.ready),
as legal_review registers rules. A hook runs after the step and its audit event are written, in
the same transaction, so a failing hook undoes the whole step (all-or-nothing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sanxiang.cases.models import Case, CaseStep


@dataclass(frozen=True)
class StepTaken:
    case: Case
    step: CaseStep
    action: str
    user: Any
    today: dt.date


Hook = Callable[[StepTaken], None]
HOOKS: dict[str, list[Hook]] = {}


def after_action(actions: Iterable[str]) -> Callable[[Hook], Hook]:
    """Register `fn` to run after each of `actions` (idempotent per function name)."""

    def register(fn: Hook) -> Hook:
        for action in actions:
            registered = HOOKS.setdefault(str(action), [])
            name = f"{fn.__module__}.{fn.__qualname__}"
            registered[:] = [h for h in registered if f"{h.__module__}.{h.__qualname__}" != name]
            registered.append(fn)
        return fn

    return register


def run_hooks(taken: StepTaken) -> None:
    for hook in HOOKS.get(taken.action, ()):
        hook(taken)
