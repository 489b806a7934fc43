"""听证 (处罚法 §64–§65) after the party asked for it (the REQUEST_HEARING transition).

`hearing_schedule`: a 负责人 designates a chair who did not investigate the case, fixes the date,
and records when the 听证通知 reached the party: seven 工作日 must separate the two.
`hearing_record`: the chair (or a head) records the hearing and its 笔录, or the party's absence
without good reason, which waives the hearing (§64 ⑧). Either unlocks the decision (§65).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import Case, Hearing
from sanxiang.cases.payloads import Payload
from sanxiang.cases.permissions import is_head
from sanxiang.cases.rules.base import RuleContext, enforce
from sanxiang.cases.rules.hearing import RECORD, SCHEDULE, earliest_hearing_day
from sanxiang.cases.services.common import (
    acting_officer,
    case_audit,
    case_lock_for_user,
    evidence_for_case,
    step_record,
    today_or,
)
from sanxiang.cases.services.recusal import require_head
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseStatus
from sanxiang.core.errors import Forbidden, RuleViolation, ValidationFailed
from sanxiang.organisations.models import Officer

NOT_IN_HEARING = "只有当事人要求听证后（听证阶段）可以安排或记录听证"
ALREADY_HELD = "听证已经举行或当事人已放弃听证，不能再安排或记录"
NOT_SCHEDULED = "听证尚未安排（指定主持人、送达听证通知）"
CHAIR_UNKNOWN = "听证主持人须为本机关在岗执法人员"
NOT_CHAIR = "只有听证主持人或负责人可以记录听证"


class HearingSchedule(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    scheduled_on: dt.date = Field(title="听证日期")
    place: str = Field(title="听证地点", min_length=1, max_length=300)
    chair_id: uuid.UUID = Field(title="听证主持人")
    public: bool = Field(True, title="公开举行")
    not_public_reason: str = Field("", title="不公开举行的理由", max_length=2000)
    notice_served_on: dt.date = Field(title="听证通知书送达日期")


class HearingRecord(Payload):
    held_on: dt.date = Field(title="听证日期")
    party_absent: bool = Field(
        False, title="当事人及其代理人无正当理由拒不出席或者未经许可中途退出（视为放弃听证）"
    )
    attendees: str = Field("", title="参加人员（含委托代理人）", max_length=2000)
    record: str = Field(title="听证笔录", min_length=1, max_length=50000)
    signed_by_party: bool = Field(False, title="当事人或其代理人已核对签字")
    refusal_note: str = Field("", title="拒绝签字情况（主持人注明）", max_length=2000)


def _open_hearing(case: Case) -> Hearing:
    """Raises: RuleViolation when the case is not waiting for a hearing."""
    hearing: Hearing | None = getattr(case, "hearing", None)
    if case.status != CaseStatus.HEARING or hearing is None:
        raise RuleViolation(NOT_IN_HEARING, code="not_in_hearing")
    if hearing.held_on is not None or hearing.party_absent:
        raise RuleViolation(ALREADY_HELD, code="hearing_already_held")
    return hearing


@transaction.atomic
def hearing_schedule(
    *, user: Any, case_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> Hearing:
    """Designate the chair, fix date and place, and record the 听证通知's service (again to
    reschedule, e.g. after the chair's 回避).

    Raises: NotFound; Forbidden (not a 负责人); ValidationFailed (payload, unknown chair);
        RuleViolation (not in HEARING, already held, notice under 7 working days before, chair
        investigated the case or was recused, not public without a reason); CalendarUnknownYear.
    """
    day = today_or(today)
    actor = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    require_head(user, case, "指定听证主持人、安排听证")
    hearing = _open_hearing(case)
    data = parse(HearingSchedule, payload)
    chair = Officer.objects.filter(
        pk=data.chair_id, agency_id=case.agency_id, is_active=True
    ).first()
    if chair is None:
        raise ValidationFailed(CHAIR_UNKNOWN, code="chair_unknown")
    fields = {**data.model_dump(), "chair": chair}
    enforce(RuleContext(case=case, action=SCHEDULE, actor=actor, today=day, payload=fields))
    hearing.scheduled_on = data.scheduled_on
    hearing.notice_served_on = data.notice_served_on
    hearing.chair = chair
    hearing.public = data.public
    hearing.updated_by = user
    hearing.save()
    earliest, provisional = earliest_hearing_day(data.notice_served_on)
    content = {
        **data.model_dump(mode="json"),
        "chair_name": chair.name,
        "earliest_day": earliest.isoformat(),
        "earliest_day_provisional": provisional,
    }
    step = step_record(
        case=case,
        actor=actor,
        action="hearing_schedule",
        label="安排听证",
        on=day,
        content=content,
        status_before=case.status,
    )
    case_audit(
        user=user,
        event="cases.hearing.scheduled",
        case=case,
        target=hearing,
        new={"step": step.sequence, **content},
    )
    return hearing


@transaction.atomic
def hearing_record(
    *, user: Any, case_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> Hearing:
    """Record the hearing and its 笔录 (or the party's unexcused absence, a waiver).

    Raises: NotFound; Forbidden (neither the chair nor a 负责人); ValidationFailed;
        RuleViolation (not scheduled or already held, held before the notified day, 笔录 not
        signed and no refusal noted, 音像记录 missing when the 清单 lists 听证).
    """
    day = today_or(today)
    actor = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    hearing = _open_hearing(case)
    if hearing.chair_id != actor.pk and not is_head(user, case.agency_id):
        raise Forbidden(NOT_CHAIR, code="action_not_permitted")
    if hearing.scheduled_on is None or hearing.chair_id is None:
        raise RuleViolation(NOT_SCHEDULED, code="hearing_not_scheduled")
    data = parse(HearingRecord, payload)
    fields = data.model_dump()
    enforce(RuleContext(case=case, action=RECORD, actor=actor, today=day, payload=fields))
    evidence = evidence_for_case(case, data.evidence_ids)
    hearing.held_on = data.held_on
    hearing.record = data.record
    hearing.party_absent = data.party_absent
    hearing.updated_by = user
    hearing.save()
    content = data.model_dump(mode="json", exclude={"evidence_ids", "av_absence_reason"})
    step = step_record(
        case=case,
        actor=actor,
        action="hearing_record",
        label="当事人放弃听证（无正当理由缺席）" if data.party_absent else "举行听证",
        on=data.held_on,
        content=content,
        status_before=case.status,
        evidence=evidence,
        av_absence_reason=data.av_absence_reason,
    )
    case_audit(
        user=user,
        event="cases.hearing.recorded",
        case=case,
        target=hearing,
        new={
            "step": step.sequence,
            "evidence_sha256": [e.blob_id for e in evidence],
            "content": content,
        },
    )
    return hearing
