"""Routing a case to 法制审核 by hand (处罚法 §58; 目录清单 rules stated only in words).

The 目录清单's amount, kind and hearing rules fire by themselves when the 告知 or the submission
for decision is recorded (handlers._refresh_major). Rules such as "案件情况疑难复杂、涉及多个法律
关系" cannot be read from the case's data: the handler (or a head) flags the case, naming the rule
and why, and from then on the legal-review gate holds it like any other major decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import Case, CaseStep
from sanxiang.cases.permissions import can_take_action, is_head
from sanxiang.cases.services.common import (
    acting_officer,
    case_audit,
    case_lock_for_user,
    step_record,
    today_or,
)
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.catalog.selectors import major_decision_judgement_rules
from sanxiang.core.errors import Forbidden, RuleViolation, ValidationFailed

S = CaseStatus
EVENT_FLAGGED = "cases.case.flagged_major"
STEP_ACTION = "flag_major"
# Until the decision: from 待决定 the handler can still send the case to 法制审核
# (PENDING_DECISION → SUBMIT_LEGAL_REVIEW), so the flag is accepted there too.
FLAG_STATUSES = frozenset(
    {
        S.INVESTIGATING,
        S.INVESTIGATION_CONCLUDED,
        S.CASE_CHECK,
        S.NOTIFIED,
        S.STATEMENT,
        S.HEARING,
        S.PENDING_DECISION,
    }
)
TOO_LATE = "案件已经作出决定或已在法制审核中，不能再提请法制审核"
NOT_HANDLER = "只有本案在办执法人员或负责人可以提请法制审核"
UNKNOWN_RULE = "所选审核事项不在本机关现行的重大执法决定法制审核目录清单中"


class MajorFlag(BaseModel):
    """提请法制审核: which 目录清单 item applies (if one does) and why."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    rule_code: str = Field("", title="适用的审核事项（目录清单编码）", max_length=64)
    reason: str = Field(title="提请理由", min_length=1, max_length=2000)


def flag_rule_choices(case: Case, on: dt.date) -> list[tuple[str, str]]:
    """The 目录清单 rules a handler applies by hand, as (code, label) for the form."""
    rules = major_decision_judgement_rules(agency=case.agency, on=on)
    return [(r.code, f"{r.code} {r.name}") for r in rules]


@transaction.atomic
def case_flag_major(
    *, user: Any, case_id: Any, payload: Mapping[str, Any] | MajorFlag, today: dt.date | None = None
) -> CaseStep:
    """Mark the case as a 重大执法决定 that needs 法制审核, with the rule and the reason.

    Raises: NotFound; Forbidden (not the case's officer or a head); ValidationFailed (reason
        missing, a rule code not in the agency's list); RuleViolation (already submitted for
        decision).
    """
    day = today_or(today)
    officer = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    handler = can_take_action(user, case, CaseAction.CONCLUDE_INVESTIGATION)
    if not (handler or is_head(user, case.agency_id)):
        raise Forbidden(NOT_HANDLER, code="action_not_permitted")
    if case.status not in FLAG_STATUSES:
        raise RuleViolation(
            TOO_LATE, code="too_late_for_review", citation="《行政处罚法》第五十八条"
        )
    data = parse(MajorFlag, payload)
    names = dict(flag_rule_choices(case, day))
    if data.rule_code and data.rule_code not in names:
        raise ValidationFailed(UNKNOWN_RULE, code="major_rule_unknown")
    ground = {
        "code": data.rule_code,
        "name": names.get(data.rule_code, "承办人员提请").removeprefix(f"{data.rule_code} "),
        "by_hand": True,
        "reason": data.reason,
    }
    case.major_grounds = [*case.major_grounds, ground]
    case.is_major = True
    case.save(update_fields=["major_grounds", "is_major", "updated_at"])
    content = data.model_dump(mode="json")
    step = step_record(
        case=case,
        actor=officer,
        action=STEP_ACTION,
        label="提请法制审核（重大执法决定）",
        on=day,
        content=content,
        status_before=case.status,
    )
    case_audit(user=user, event=EVENT_FLAGGED, case=case, target=step, new=content)
    return step
