"""办案期限延长 (处罚法 §60 and the sector rule, LEGAL_RULES §3.4).

A 普通程序 case is decided within 90 days of 立案. The 负责人 may extend it once, by up to 30
days; a case still undecided after that is extended only by 集体讨论, which sets a reasonable
period and leaves minutes. Each extension is a `CaseExtension` row and pushes the running
CASE_DECISION clock, which the rule `decision_within_time_limit` reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.deadlines import deadline_extend, running_deadline
from sanxiang.cases.models import Case, CaseExtension, DeadlineKind
from sanxiang.cases.services.common import (
    acting_officer,
    case_audit,
    case_lock_for_user,
    step_record,
    today_or,
)
from sanxiang.cases.services.recusal import require_head
from sanxiang.cases.services.validation import parse
from sanxiang.core.errors import RuleViolation

CITATION = "《行政处罚法》第六十条、《市场监督管理行政处罚程序规定》第六十四条"
HEAD_EXTENSION_DAYS = 30

NO_CLOCK = "本案没有进行中的办案期限（尚未立案或已作出决定），无需延长"
SECOND_BY_HEAD = "办案期限已经负责人批准延长过，再次延长须由负责人集体讨论决定"
TOO_LONG_FOR_HEAD = (
    "负责人批准延长办案期限不得超过三十日，本次申请{days}日；更长的延期须集体讨论决定"
)
MINUTES_REQUIRED = "集体讨论决定延长办案期限的，请记录集体讨论情况（参加人员、讨论意见、结论）"


class Extension(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    days: int = Field(title="延长天数", ge=1, le=365)
    reason: str = Field(title="延长理由", min_length=1, max_length=5000)
    by_deliberation: bool = Field(False, title="经负责人集体讨论决定")
    minutes: str = Field("", title="集体讨论记录", max_length=20000)


def extension_refusal(case: Case, data: Extension) -> str | None:
    """The sector rule on who may extend by how much, as a refusal text (None = allowed)."""
    if data.by_deliberation:
        return None if data.minutes else MINUTES_REQUIRED
    if case.extensions.exists():
        return SECOND_BY_HEAD
    if data.days > HEAD_EXTENSION_DAYS:
        return TOO_LONG_FOR_HEAD.format(days=data.days)
    return None


@transaction.atomic
def case_extend(
    *, user: Any, case_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> CaseExtension:
    """Extend the 办案期限 (head approval, or 集体讨论 beyond the first 30 days).

    Raises: NotFound; Forbidden (not a 负责人); ValidationFailed; RuleViolation (no running
        clock; a second head-approved or an over-30-day extension without 集体讨论 minutes);
        CalendarUnknownYear.
    """
    day = today_or(today)
    actor = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    require_head(user, case, "批准延长办案期限")
    data = parse(Extension, payload)
    clock = running_deadline(case, DeadlineKind.CASE_DECISION)
    if clock is None:
        raise RuleViolation(NO_CLOCK, code="case_clock_not_running")
    refusal = extension_refusal(case, data)
    if refusal:
        raise RuleViolation(f"{refusal}（{CITATION}）", code="case_extension", citation=CITATION)
    due_before = clock.due_on
    extension = CaseExtension.objects.create(
        case=case,
        days=data.days,
        reason=data.reason,
        approved_by=actor,
        by_deliberation=data.by_deliberation,
        minutes=data.minutes,
        approved_on=day,
        created_by=user,
    )
    clock = deadline_extend(case=case, kind=DeadlineKind.CASE_DECISION, extra_days=data.days)
    if clock is None:  # found above under the case lock; kept for the type checker
        raise RuleViolation(NO_CLOCK, code="case_clock_not_running")
    content = {
        **data.model_dump(mode="json"),
        "due_before": due_before.isoformat(),
        "due_after": clock.due_on.isoformat(),
        # Approving after the period lapsed is recorded as such: the 超期 stays visible.
        "approved_after_expiry": day > due_before,
    }
    step = step_record(
        case=case,
        actor=actor,
        action="case_extend",
        label="集体讨论延长办案期限" if data.by_deliberation else "批准延长办案期限",
        on=day,
        content=content,
        status_before=case.status,
    )
    case_audit(
        user=user,
        event="cases.extension.approved",
        case=case,
        target=extension,
        new={"step": step.sequence, **content},
        reason=data.reason,
    )
    return extension
