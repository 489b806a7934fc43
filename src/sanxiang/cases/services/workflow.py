"""case_transition: the one write path of the case lifecycle (ARCHITECTURE.md).

Inside one transaction: lock the case, check the actor may take the action, parse what they
submit, find the next status in `states.TRANSITIONS`, evaluate the guard rails, apply the action,
record the step, write the audit event and its ledger entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from pydantic import BaseModel

from sanxiang.cases.models import Case
from sanxiang.cases.payloads import PAYLOADS
from sanxiang.cases.permissions import can_take_action
from sanxiang.cases.rules.base import Refusal, RuleContext, enforce, evaluate
from sanxiang.cases.services.common import (
    acting_officer,
    case_audit,
    case_lock_for_user,
    evidence_for_case,
    step_record,
    today_or,
)
from sanxiang.cases.services.handlers import HandlerContext, handle
from sanxiang.cases.services.hooks import StepTaken, run_hooks
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseAction, CaseStatus, actions_from, next_status
from sanxiang.core.errors import Forbidden

NOT_YOURS = "您不能对本案执行“{action}”（需要{who}）"
WHO = {
    "assigned": "本案在办执法人员",
    "unit_head": "承办机构负责人",
    "agency_head": "机关负责人",
    "reviewer": "法制审核人员",
}


def _refuse_actor(action: CaseAction) -> Forbidden:
    from sanxiang.cases.permissions import ACTION_ACTORS

    who = "或".join(WHO.get(str(r), str(r)) for r in sorted(ACTION_ACTORS.get(action, ())))
    return Forbidden(NOT_YOURS.format(action=action.label, who=who), code="action_not_permitted")


@transaction.atomic
def case_transition(
    *,
    user: Any,
    case_id: Any,
    action: str,
    payload: Mapping[str, Any] | BaseModel,
    today: dt.date | None = None,
) -> Case:
    """Take `action` on the case with the submitted `payload`.

    Raises: NotFound (missing or another agency's case); Forbidden (the user may not take this
        action); ValidationFailed (payload); InvalidTransition (not from this status);
        RuleViolation (a guard rail refused, naming its article); CalendarUnknownYear.
    """
    day = today_or(today)
    officer = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    target = next_status(case.status, action, case.kind)  # InvalidTransition if not in its table
    act = CaseAction(action)
    if not can_take_action(user, case, act):
        raise _refuse_actor(act)
    data = parse(PAYLOADS[act], payload)
    fields = data.model_dump(mode="python")
    enforce(RuleContext(case=case, action=act, actor=officer, today=day, payload=fields))
    evidence = evidence_for_case(case, data.evidence_ids)
    before = case.status
    case.status = target
    content = handle(act, case, data, HandlerContext(user=user, officer=officer, today=day))
    case.updated_by = user
    case.save()
    step = step_record(
        case=case,
        actor=officer,
        action=act.value,
        label=act.label,
        on=day,
        content=content,
        status_before=before,
        evidence=evidence,
        av_absence_reason=data.av_absence_reason,
    )
    case_audit(
        user=user,
        event=f"cases.case.{act.value}",
        case=case,
        old={"status": before},
        new={
            "status": case.status,
            "step": step.sequence,
            "evidence": [str(e.pk) for e in evidence],
            "evidence_sha256": [e.blob_id for e in evidence],
            "content": content,
        },
    )
    run_hooks(StepTaken(case=case, step=step, action=act.value, user=user, today=day))
    return case


@dataclass(frozen=True)
class ActionOption:
    """An action from the current status, and whether (and why not) the user may take it now."""

    action: CaseAction
    target: CaseStatus
    permitted: bool
    refusals: tuple[Refusal, ...]

    @property
    def allowed(self) -> bool:
        return self.permitted and not self.refusals


def case_action_options(
    *, user: Any, case: Case, today: dt.date | None = None
) -> list[ActionOption]:
    """Every action the table allows from the case's status, with the rules' verdict on each
    (content rules wait for the form). Read-only: no lock, no write."""
    day = today_or(today)
    officer = acting_officer(user)
    options = []
    for action, target in actions_from(CaseStatus(case.status), case.kind):
        permitted = can_take_action(user, case, action)
        ctx = RuleContext(case=case, action=action, actor=officer, today=day, has_payload=False)
        options.append(ActionOption(action, target, permitted, tuple(evaluate(ctx))))
    return options
