"""笔录 during the investigation (处罚法 §55) and the 负责人's approval of a missing 音像记录."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import Case, CaseStep, RecordKind
from sanxiang.cases.payloads import RecordEntry
from sanxiang.cases.permissions import can_take_action, is_head
from sanxiang.cases.rules.recording import AV_ABSENCE_APPROVED, av_refusal
from sanxiang.cases.services.common import (
    acting_officer,
    case_audit,
    case_lock_for_user,
    evidence_for_case,
    step_record,
    today_or,
)
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.core.errors import Forbidden, RuleViolation, ValidationFailed

# 调查取证 of a penalty case; 审查 of a licence case (许可法 §34 第三款: 现场核查 by two or more staff).
RECORD_STATUSES = {CaseStatus.INVESTIGATING, CaseStatus.LICENCE_EXAMINING}
NOT_INVESTIGATING = "只有调查取证阶段（或行政许可的审查阶段）可以制作笔录"
CERTIFICATE_CITATION = "《行政处罚法》第五十五条"
CERTIFICATE_NOT_SHOWN = "执法人员在调查或者进行检查时应当主动向当事人或者有关人员出示执法证件"
UNSIGNED = "笔录应当由当事人核对签名；当事人拒绝签名的，应当注明情况（由见证人签名）"
SIGN_CITATION = "《行政强制法》第十八条、《行政处罚法》第五十五条"
RECORD_ACTIVITY = {
    RecordKind.INTERVIEW: "调查取证",
    RecordKind.INSPECTION: "调查取证",
    RecordKind.SAMPLING: "调查取证",
    RecordKind.SITE: "现场检查",
}
NOT_A_HEAD = "只有负责人可以批准未进行音像记录的原因"
FUTURE = "笔录日期不能晚于今天"


@transaction.atomic
def case_record_add(
    *,
    user: Any,
    case_id: Any,
    payload: Mapping[str, Any] | RecordEntry,
    today: dt.date | None = None,
) -> CaseStep:
    """Add a 笔录 to the case record.

    Raises: NotFound; Forbidden (not assigned); ValidationFailed; RuleViolation (§55 certificate
        not shown, unsigned without a note, 音像记录 missing for an activity on the 清单).
    """
    day = today_or(today)
    officer = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    # Taking notes is for the officers who may conclude the investigation.
    if not can_take_action(user, case, CaseAction.CONCLUDE_INVESTIGATION):
        raise Forbidden("只有本案在办执法人员可以制作笔录", code="action_not_permitted")
    if case.status not in RECORD_STATUSES:
        raise RuleViolation(NOT_INVESTIGATING, code="not_investigating")
    data = parse(RecordEntry, payload)
    if data.occurred_on > day:
        raise ValidationFailed(FUTURE, code="date_in_future")
    if not data.certificate_shown:
        raise RuleViolation(
            f"{CERTIFICATE_NOT_SHOWN}（{CERTIFICATE_CITATION}）",
            code="certificate_not_shown",
            citation=CERTIFICATE_CITATION,
        )
    if not data.signed_by_party and not data.refusal_note:
        raise RuleViolation(
            f"{UNSIGNED}（{SIGN_CITATION}）", code="record_unsigned", citation=SIGN_CITATION
        )
    activity = RECORD_ACTIVITY[RecordKind(data.kind)]
    refusal = av_refusal(case=case, activity=activity, evidence_ids=data.evidence_ids, on=day)
    if refusal:
        raise RuleViolation(
            f"{refusal}（《行政处罚法》第四十七条）",
            code="av_recording_missing",
            citation="《行政处罚法》第四十七条",
        )
    evidence = evidence_for_case(case, data.evidence_ids)
    content = data.model_dump(mode="json", exclude={"evidence_ids", "av_absence_reason"})
    step = step_record(
        case=case,
        actor=officer,
        action="record",
        label=RecordKind(data.kind).label,
        on=data.occurred_on,
        content=content,
        status_before=case.status,
        evidence=evidence,
        av_absence_reason=data.av_absence_reason,
    )
    case_audit(
        user=user,
        event="cases.record.added",
        case=case,
        target=step,
        new={
            "step": step.sequence,
            "kind": data.kind,
            "evidence_sha256": [e.blob_id for e in evidence],
            "content": content,
        },
    )
    return step


class AvAbsence(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    activity: str = Field(title="执法环节", min_length=1, max_length=100)
    reason: str = Field(title="未进行音像记录的原因", min_length=1, max_length=2000)


@transaction.atomic
def av_absence_approve(
    *, user: Any, case_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> CaseStep:
    """The 负责人 approves, with its reason, that an activity of this case goes without 音像记录.

    Raises: NotFound; Forbidden (not a unit or agency head of the case's agency); ValidationFailed.
    """
    day = today_or(today)
    officer = acting_officer(user)
    case: Case = case_lock_for_user(user=user, case_id=case_id)
    if not is_head(user, case.agency_id):
        raise Forbidden(NOT_A_HEAD, code="action_not_permitted")
    data = parse(AvAbsence, payload)
    step = step_record(
        case=case,
        actor=officer,
        action=AV_ABSENCE_APPROVED,
        label="批准未进行音像记录",
        on=day,
        content=data.model_dump(),
        status_before=case.status,
        av_absence_reason=data.reason,
        av_absence_approved_by=officer,
    )
    case_audit(
        user=user,
        event="cases.av_absence.approved",
        case=case,
        target=step,
        new={"step": step.sequence, **data.model_dump()},
        reason=data.reason,
    )
    return step
