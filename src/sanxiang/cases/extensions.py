"""How apps above cases add a case kind's actions to the shared engine.

The 行政许可 and 行政检查 apps run on the same `case_transition` as penalties: their actions are in
`cases.states` (one table per kind), and each app registers, from its AppConfig.ready, what the
engine needs per action — the payload model, who may take it, and the handler that applies it.
Shared actions (法制审核, 结案, 归档) may get a kind-specific handler; their payload and actors stay.
Rules for a kind use `cases.rules.base.rule(..., kinds=[kind])`.

`consent_provider_register(fn)`: fn(case, service_day) describes a 电子送达 consent the app knows
for the party of the case (e.g. the applicant portal's 电子送达确认书), or returns None; the
penalty service rules accept it like an uploaded 送达地址确认书 (cases.service_consent).
"""

from __future__ import annotations

from collections.abc import Iterable

from sanxiang.cases.payloads import PAYLOADS, Payload
from sanxiang.cases.permissions import ACTION_ACTORS
from sanxiang.cases.service_consent import ConsentProvider, consent_provider_register
from sanxiang.cases.services.handlers import HANDLERS, Handler, handler_key

__all__ = [
    "ConsentProvider",
    "action_register",
    "consent_provider_register",
    "shared_action_handler",
]

ALREADY = "action {action} is already registered with a different {what}"


def action_register(
    action: str,
    *,
    payload: type[Payload],
    actors: Iterable[str],
    handler: Handler | None = None,
) -> None:
    """Register a kind-specific action (idempotent for the same payload and actors)."""
    key = str(action)
    roles = frozenset(str(a) for a in actors)
    if PAYLOADS.get(key, payload) is not payload:
        raise ValueError(ALREADY.format(action=key, what="payload"))
    if ACTION_ACTORS.get(key, roles) != roles:
        raise ValueError(ALREADY.format(action=key, what="actors"))
    PAYLOADS[key] = payload
    ACTION_ACTORS[key] = roles
    if handler is not None:
        HANDLERS[key] = handler


def shared_action_handler(kind: str, action: str, handler: Handler) -> None:
    """A handler for a shared action (e.g. PASS_LEGAL_REVIEW) on cases of `kind` only."""
    HANDLERS[handler_key(str(action), str(kind))] = handler
