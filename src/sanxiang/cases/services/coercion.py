"""行政强制措施 within an investigation: 先行登记保存 (处罚法 §56), 查封 and 扣押 (强制法 §18–§28).

Life of a measure: `measure_apply` (with its 清单 and 现场笔录; approved beforehand by the head who
records it, or, when urgent, started on the spot and approved within 24 hours by
`measure_approve`, 强制法 §19) → `measure_extend` (查封/扣押 only, once, ≤30 days) →
`measure_decide` (处理决定 within the period) or `measure_release` (解除, any time, §28). Each
runs its clock (PRESERVATION 7 工作日, SEIZURE 30 natural days, MEASURE_APPROVAL 24 hours) keyed
by the measure's id, and each is a step on the case timeline, audited and ledgered.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.deadlines import DEADLINE_RULES, deadline_extend, deadline_start, deadline_stop
from sanxiang.cases.models import (
    Case,
    CoerciveMeasure,
    DayUnit,
    Deadline,
    DeadlineKind,
    MeasureKind,
    MeasureStatus,
)
from sanxiang.cases.payloads import Payload
from sanxiang.cases.permissions import can_take_action, is_head
from sanxiang.cases.rules.base import RuleContext, enforce
from sanxiang.cases.rules.coercion import (
    APPLY,
    APPROVE,
    DECIDE,
    EXTEND,
    approval_due,
    awaiting_approval,
)
from sanxiang.cases.services.common import (
    acting_officer,
    case_audit,
    case_lock_for_user,
    evidence_for_case,
    step_record,
    today_or,
)
from sanxiang.cases.services.hooks import StepTaken, run_hooks
from sanxiang.cases.services.recusal import require_head
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.organisations.models import Officer

K = DeadlineKind
NOT_ALLOWED = "只有本案在办执法人员或负责人可以登记行政强制措施"
NOT_INVESTIGATING = "只有调查取证阶段可以采取先行登记保存、查封、扣押措施"
OFFICERS_UNKNOWN = "实施人员须为本机关在岗执法人员"
FUTURE = "{what}不能晚于今天"
NOT_ACTIVE = "该措施已作出处理决定或已解除"
NOT_AWAITING = "该措施不是等待补办批准手续的紧急措施"
REFUSED_OUTCOME = "负责人不予批准，立即解除：{opinion}"
CLOCK = {
    MeasureKind.PRESERVATION: K.PRESERVATION,
    MeasureKind.SEALING: K.SEIZURE,
    MeasureKind.SEIZURE: K.SEIZURE,
}


class MeasureItem(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(title="物品名称", min_length=1, max_length=200)
    spec: str = Field("", title="规格", max_length=200)
    quantity: Decimal = Field(title="数量", gt=0, max_digits=14, decimal_places=3)
    unit: str = Field(title="单位", min_length=1, max_length=20)
    note: str = Field("", title="备注", max_length=500)


class MeasureApplication(Payload):
    kind: MeasureKind = Field(title="措施")
    items: list[MeasureItem] = Field(default_factory=list, title="物品清单", max_length=500)
    place: str = Field(title="地点", min_length=1, max_length=300)
    reason: str = Field(title="理由和依据", min_length=1, max_length=5000)
    emergency: bool = Field(False, title="情况紧急，当场实施后报告负责人补办批准")
    started_at: dt.datetime | None = Field(None, title="实施时间")
    officer_ids: list[uuid.UUID] = Field(default_factory=list, title="实施执法人员", max_length=20)
    certificate_shown: bool = Field(False, title="已出示执法身份证件")
    party_present: bool = Field(True, title="当事人到场")
    rights_explained: bool = Field(False, title="已告知理由、依据、权利和救济途径")
    statement: str = Field("", title="当事人陈述申辩", max_length=20000)
    site_record: str = Field(title="现场笔录", min_length=1, max_length=50000)
    signed_by_party: bool = Field(False, title="当事人已在现场笔录上签名")
    refusal_note: str = Field("", title="当事人拒绝签名情况", max_length=2000)
    attestor: str = Field("", title="见证人（当事人不到场时）", max_length=100)
    attestor_signed: bool = Field(False, title="见证人已签名")
    handed_over: bool = Field(False, title="决定书和清单已当场交付当事人")


class MeasureApproval(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    approved: bool = Field(title="批准")
    opinion: str = Field(title="负责人意见", min_length=1, max_length=5000)


class MeasureDecision(Payload):
    decision: str = Field(title="处理决定", min_length=1, max_length=20000)


class MeasureExtension(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    days: int = Field(title="延长天数", ge=1, le=365)
    reason: str = Field(title="延长理由", min_length=1, max_length=5000)
    party_notified_on: dt.date = Field(title="延长决定书面告知当事人日期")


class MeasureRelease(Payload):
    reason: str = Field(title="解除理由", min_length=1, max_length=5000)
    returned: bool = Field(False, title="财物已退还当事人")
    return_note: str = Field("", title="退还情况", max_length=2000)


def _measure_of(case: Case, measure_id: Any) -> CoerciveMeasure:
    """Raises: NotFound (not a measure of this case)."""
    pk = uuid_or_not_found(measure_id)
    measure = case.measures.filter(pk=pk).first()
    if measure is None:
        raise NotFound()
    return measure


def _active_measure(case: Case, measure_id: Any) -> CoerciveMeasure:
    measure = _measure_of(case, measure_id)
    if measure.status != MeasureStatus.ACTIVE:
        raise RuleViolation(NOT_ACTIVE, code="measure_not_active")
    return measure


def _started(data: MeasureApplication, day: dt.date) -> tuple[dt.datetime | None, dt.date]:
    """The moment (aware) and day the measure started. Raises: ValidationFailed (future)."""
    started_at = data.started_at
    if started_at is not None and timezone.is_naive(started_at):
        started_at = timezone.make_aware(started_at)
    started_on = timezone.localdate(started_at) if started_at else day
    if started_on > day:
        raise ValidationFailed(FUTURE.format(what="实施时间"), code="date_in_future")
    return started_at, started_on


def _team(case: Case, ids: list[uuid.UUID]) -> list[Officer]:
    officers = list(Officer.objects.filter(pk__in=ids, agency_id=case.agency_id, is_active=True))
    if len(officers) != len(set(ids)):
        raise ValidationFailed(OFFICERS_UNKNOWN, code="officer_unknown")
    return officers


def _start_clocks(measure: CoerciveMeasure) -> dict[str, str]:
    """Start the measure's period (and the 24-hour approval clock of an emergency measure)."""
    case, key = measure.case, str(measure.pk)
    clock = deadline_start(
        case=case,
        kind=CLOCK[MeasureKind(measure.kind)],
        starts_on=measure.started_on,
        object_id=key,
    )
    measure.due_on = clock.due_on
    clocks = {"due_on": clock.due_on.isoformat()}
    if measure.emergency and measure.started_at is not None:
        # 24 hours are not a day count (no rest-day shift): due the day they run out.
        due = timezone.localdate(approval_due(measure.started_at))
        Deadline.objects.create(
            case=case,
            kind=K.MEASURE_APPROVAL,
            citation=DEADLINE_RULES[K.MEASURE_APPROVAL].citation,
            starts_on=measure.started_on,
            days=1,
            unit=DayUnit.CALENDAR,
            due_on=due,
            object_id=key,
        )
        clocks["approval_due"] = timezone.localtime(approval_due(measure.started_at)).isoformat()
    return clocks


def _stop_clocks(measure: CoerciveMeasure, on: dt.date) -> None:
    key = str(measure.pk)
    deadline_stop(case=measure.case, kind=CLOCK[MeasureKind(measure.kind)], on=on, object_id=key)
    deadline_stop(case=measure.case, kind=K.MEASURE_APPROVAL, on=on, object_id=key)


def _end(measure: CoerciveMeasure, status: str, outcome: str, on: dt.date, user: Any) -> None:
    measure.status = status
    measure.ended_on = on
    measure.outcome = outcome
    measure.updated_by = user
    measure.save()
    _stop_clocks(measure, on)


def _record(
    *,
    case: Case,
    actor: Officer,
    user: Any,
    measure: CoerciveMeasure,
    action: str,
    verb: str,
    label: str,
    on: dt.date,
    content: dict[str, Any],
    **step: Any,
) -> None:
    """The timeline step and the audit/ledger event of one measure operation."""
    content = {"measure": str(measure.pk), "kind": measure.kind, **content}
    recorded = step_record(
        case=case,
        actor=actor,
        action=action,
        label=label,
        on=on,
        content=content,
        status_before=case.status,
        **step,
    )
    evidence = step.get("evidence") or []
    run_hooks(StepTaken(case=case, step=recorded, action=action, user=user, today=on))
    case_audit(
        user=user,
        event=f"cases.measure.{verb}",
        case=case,
        target=measure,
        new={
            "step": recorded.sequence,
            "status": measure.status,
            "evidence_sha256": [e.blob_id for e in evidence],
            **content,
        },
    )


@transaction.atomic
def measure_apply(
    *, user: Any, case_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> CoerciveMeasure:
    """Record a 先行登记保存, 查封 or 扣押 with its 清单 and 现场笔录, and start its clocks.

    Raises: NotFound; Forbidden (neither on the case nor a head); ValidationFailed (payload,
        unknown officers, a future time); RuleViolation (not investigating; no head approval and
        not urgent; fewer than two certified officers; empty 清单; 现场笔录 not signed by the
        party or a 见证人; 决定书/清单 not handed over; 音像记录 missing); CalendarUnknownYear.
    """
    day = today_or(today)
    actor = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    head = is_head(user, case.agency_id)
    if not (head or can_take_action(user, case, CaseAction.CONCLUDE_INVESTIGATION)):
        raise Forbidden(NOT_ALLOWED, code="action_not_permitted")
    if case.status != CaseStatus.INVESTIGATING:
        raise RuleViolation(NOT_INVESTIGATING, code="not_investigating")
    data = parse(MeasureApplication, payload)
    started_at, started_on = _started(data, day)
    officers = _team(case, data.officer_ids)
    fields = {**data.model_dump(), "started_at": started_at, "officers": officers}
    enforce(RuleContext(case=case, action=APPLY, actor=actor, today=day, payload=fields))
    evidence = evidence_for_case(case, data.evidence_ids)
    approved = not data.emergency  # measure_head_approval let it through: the head records it
    measure = CoerciveMeasure(
        case=case,
        kind=data.kind,
        items=[i.model_dump(mode="json") for i in data.items],
        place=data.place,
        reason=data.reason,
        approved_by=actor if approved else None,
        emergency=data.emergency,
        started_on=started_on,
        started_at=started_at,
        created_by=user,
    )
    clocks = _start_clocks(measure)
    measure.save()
    content = data.model_dump(mode="json", exclude={"evidence_ids", "av_absence_reason"})
    content["officers"] = [{"id": str(o.pk), "name": o.name} for o in officers]
    content["approved_by"] = actor.name if approved else ""
    _record(
        case=case,
        actor=actor,
        user=user,
        measure=measure,
        action="measure_apply",
        verb="applied",
        label=f"{MeasureKind(data.kind).label}{'（情况紧急当场实施）' if data.emergency else ''}",
        on=started_on,
        content={**content, **clocks},
        evidence=evidence,
        av_absence_reason=data.av_absence_reason,
    )
    return measure


@transaction.atomic
def measure_approve(
    *,
    user: Any,
    case_id: Any,
    measure_id: Any,
    payload: Mapping[str, Any],
    now: dt.datetime | None = None,
) -> CoerciveMeasure:
    """The 负责人's approval afterwards (补办批准) of a measure taken on the spot in an emergency;
    not approving releases it at once (强制法 §19).

    Raises: NotFound; Forbidden (not a head); ValidationFailed; RuleViolation (not an emergency
        measure awaiting approval; approval more than 24 hours after it started).
    """
    moment = now or timezone.now()
    day = timezone.localdate(moment)
    actor = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    require_head(user, case, "批准行政强制措施")
    measure = _measure_of(case, measure_id)
    if not awaiting_approval(measure):
        raise RuleViolation(NOT_AWAITING, code="measure_not_awaiting_approval")
    data = parse(MeasureApproval, payload)
    fields = {**data.model_dump(), "measure": measure, "now": moment}
    enforce(RuleContext(case=case, action=APPROVE, actor=actor, today=day, payload=fields))
    if data.approved:
        measure.approved_by, measure.approved_at = actor, moment
        measure.updated_by = user
        measure.save()
        deadline_stop(case=case, kind=K.MEASURE_APPROVAL, on=day, object_id=str(measure.pk))
    else:
        outcome = REFUSED_OUTCOME.format(opinion=data.opinion)
        _end(measure, MeasureStatus.RELEASED, outcome, day, user)
    _record(
        case=case,
        actor=actor,
        user=user,
        measure=measure,
        action="measure_approve",
        verb="approved" if data.approved else "refused",
        label="补办批准行政强制措施" if data.approved else "不予批准，解除行政强制措施",
        on=day,
        content={**data.model_dump(mode="json"), "at": timezone.localtime(moment).isoformat()},
    )
    return measure


@transaction.atomic
def measure_decide(
    *,
    user: Any,
    case_id: Any,
    measure_id: Any,
    payload: Mapping[str, Any],
    today: dt.date | None = None,
) -> CoerciveMeasure:
    """The 处理决定 on the items, within the measure's period (处罚法 §56, 强制法 §27).

    Raises: NotFound; Forbidden (not a head); ValidationFailed; RuleViolation (not active; an
        emergency measure not yet approved; the period has run out — release it instead).
    """
    day = today_or(today)
    actor = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    require_head(user, case, "对行政强制措施作出处理决定")
    measure = _active_measure(case, measure_id)
    data = parse(MeasureDecision, payload)
    fields = {**data.model_dump(), "measure": measure}
    enforce(RuleContext(case=case, action=DECIDE, actor=actor, today=day, payload=fields))
    evidence = evidence_for_case(case, data.evidence_ids)
    _end(measure, MeasureStatus.DECIDED, data.decision, day, user)
    _record(
        case=case,
        actor=actor,
        user=user,
        measure=measure,
        action="measure_decide",
        verb="decided",
        label=f"{MeasureKind(measure.kind).label}处理决定",
        on=day,
        content=data.model_dump(mode="json", exclude={"evidence_ids", "av_absence_reason"}),
        evidence=evidence,
    )
    return measure


@transaction.atomic
def measure_extend(
    *,
    user: Any,
    case_id: Any,
    measure_id: Any,
    payload: Mapping[str, Any],
    today: dt.date | None = None,
) -> CoerciveMeasure:
    """Extend a 查封/扣押 once, by at most 30 days, with the head's approval and written notice to
    the party (强制法 §25).

    Raises: NotFound; Forbidden (not a head); ValidationFailed (payload, notice in the future);
        RuleViolation (not active; 先行登记保存; already extended; over 30 days; the period has
        run out; an emergency measure not yet approved); CalendarUnknownYear.
    """
    day = today_or(today)
    actor = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    require_head(user, case, "批准延长查封、扣押期限")
    measure = _active_measure(case, measure_id)
    data = parse(MeasureExtension, payload)
    if data.party_notified_on > day:
        raise ValidationFailed(FUTURE.format(what="书面告知日期"), code="date_in_future")
    fields = {**data.model_dump(), "measure": measure}
    enforce(RuleContext(case=case, action=EXTEND, actor=actor, today=day, payload=fields))
    due_before = measure.due_on
    clock = deadline_extend(
        case=case, kind=K.SEIZURE, extra_days=data.days, object_id=str(measure.pk)
    )
    if clock is None:  # every active 查封/扣押 has a running clock; kept for the type checker
        raise RuleViolation(NOT_ACTIVE, code="measure_not_active")
    measure.due_on, measure.extended = clock.due_on, True
    measure.updated_by = user
    measure.save()
    _record(
        case=case,
        actor=actor,
        user=user,
        measure=measure,
        action="measure_extend",
        verb="extended",
        label=f"延长{MeasureKind(measure.kind).label}期限",
        on=day,
        content={
            **data.model_dump(mode="json"),
            "due_before": due_before.isoformat(),
            "due_on": clock.due_on.isoformat(),
        },
    )
    return measure


@transaction.atomic
def measure_release(
    *,
    user: Any,
    case_id: Any,
    measure_id: Any,
    payload: Mapping[str, Any],
    today: dt.date | None = None,
) -> CoerciveMeasure:
    """解除 a measure (强制法 §28: facts unfounded, no longer needed, period run out, ...); the
    items go back to the party.

    Raises: NotFound; Forbidden (not a head); ValidationFailed; RuleViolation (not active).
    """
    day = today_or(today)
    actor = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    require_head(user, case, "解除行政强制措施")
    measure = _active_measure(case, measure_id)
    data = parse(MeasureRelease, payload)
    evidence = evidence_for_case(case, data.evidence_ids)
    _end(measure, MeasureStatus.RELEASED, data.reason, day, user)
    _record(
        case=case,
        actor=actor,
        user=user,
        measure=measure,
        action="measure_release",
        verb="released",
        label=f"解除{MeasureKind(measure.kind).label}",
        on=day,
        content=data.model_dump(mode="json", exclude={"evidence_ids", "av_absence_reason"}),
        evidence=evidence,
    )
    return measure
