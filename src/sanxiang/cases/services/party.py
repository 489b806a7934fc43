"""case_party_transition: the steps a party takes online on its own matter (补正, 撤回申请).

The same table, rules, handler, step, audit event, ledger entry and hooks as `case_transition`,
in one transaction; only who acts differs. The app that owns the case kind says which of its
actions a party may take and on which cases (`party_action_register`), e.g. the licensing app:
"the applicant account of this application may submit its 补正". The step records the account
(`CaseStep.party_user`), not an officer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from pydantic import BaseModel

from sanxiang.cases.models import Case
from sanxiang.cases.payloads import PAYLOADS
from sanxiang.cases.rules.base import RuleContext, enforce
from sanxiang.cases.services.common import case_audit, step_record, today_or
from sanxiang.cases.services.handlers import HandlerContext, handle
from sanxiang.cases.services.hooks import StepTaken, run_hooks
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseAction, next_status
from sanxiang.core.errors import Forbidden, NotFound
from sanxiang.core.ids import uuid_or_not_found

NOT_A_PARTY_ACTION = "“{action}”须由执法机关办理，申请人/当事人不能在网上办理"

# action → may this login take it on this case? (the owning app's definition of "own matter")
PartyCheck = Callable[[Any, Case], bool]
PARTY_ACTIONS: dict[str, PartyCheck] = {}


def party_action_register(action: str, may_act: PartyCheck) -> None:
    PARTY_ACTIONS[str(action)] = may_act


@transaction.atomic
def case_party_transition(
    *,
    user: Any,
    case_id: Any,
    action: str,
    payload: Mapping[str, Any] | BaseModel,
    today: dt.date | None = None,
) -> Case:
    """Take a party `action` on the party's own case.

    Raises: NotFound (no such case, or not the user's own matter — never "forbidden", so the
        existence of other people's cases does not leak); Forbidden (not a party action);
        ValidationFailed; InvalidTransition; RuleViolation.
    """
    day = today_or(today)
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    pk = uuid_or_not_found(case_id)
    try:
        case = Case.objects.select_for_update(of=("self",)).select_related("agency").get(pk=pk)
    except Case.DoesNotExist as exc:
        raise NotFound() from exc
    may_act = PARTY_ACTIONS.get(str(action))
    if may_act is None:
        label = CaseAction(action).label if action in CaseAction.values else action
        raise Forbidden(NOT_A_PARTY_ACTION.format(action=label), code="not_a_party_action")
    if not may_act(user, case):
        raise NotFound()
    target = next_status(case.status, action, case.kind)
    act = CaseAction(action)
    data = parse(PAYLOADS[act], payload)
    fields = data.model_dump(mode="python")
    enforce(RuleContext(case=case, action=act, actor=None, today=day, payload=fields))
    before = case.status
    case.status = target
    content = handle(act, case, data, HandlerContext(user=user, officer=None, today=day))
    case.updated_by = user
    case.save()
    step = step_record(
        case=case,
        actor=None,
        party_user=user,
        action=act.value,
        label=act.label,
        on=day,
        content=content,
        status_before=before,
    )
    case_audit(
        user=user,
        event=f"cases.case.{act.value}",
        case=case,
        old={"status": before},
        new={"status": case.status, "step": step.sequence, "by_party": True, "content": content},
    )
    run_hooks(StepTaken(case=case, step=step, action=act.value, user=user, today=day))
    return case
