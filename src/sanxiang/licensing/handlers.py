"""What each 行政许可 action changes besides the case status (run inside `case_transition` or
`case_party_transition`, after the guard rails, on the locked case). Each returns the step content.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.cases.deadlines import deadline_start, deadline_stop, running_deadline
from sanxiang.cases.models import Case, DeadlineKind
from sanxiang.cases.services.common import agency_abbreviation, next_number
from sanxiang.cases.services.handlers import HandlerContext
from sanxiang.core.errors import ValidationFailed
from sanxiang.evidence.models import EvidenceItem
from sanxiang.licensing import payloads as p
from sanxiang.licensing.common import application_of, licensing_audit
from sanxiang.licensing.licences import licence_issue
from sanxiang.licensing.models import CorrectionRequest, LicenceApplication
from sanxiang.licensing.periods import excluded_period_close, excluded_period_open

K = DeadlineKind
MATERIAL_UNKNOWN = "所选文件不存在或不属于本机关"
NO_OPEN_CORRECTION = "没有待补正的补正告知"
LICENCE_CLOCKS = (
    K.LICENCE_INTAKE,
    K.LICENCE_DECISION,
    K.LICENCE_HEARING_REQUEST,
    K.LICENCE_HEARING,
    K.LICENCE_DELIVERY,
)
# 许可法 §42: 20 working days, 45 for 统一/联合/集中办理; the extension 10, or 15.
DECISION_DAYS = {False: 20, True: 45}
EXTENSION_DAYS = {False: 10, True: 15}


def _text(data: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = data.model_dump(
        mode="json", exclude={"evidence_ids", "av_absence_reason"}
    )
    return dumped


def online_materials(case: Case, entries: list[p.OnlineMaterial]) -> list[dict[str, Any]]:
    """Uploaded files as stored on the application: name, evidence id, SHA-256, file name.

    Raises: ValidationFailed when an item is missing or another agency's."""
    ids = {e.evidence_id for e in entries}
    items = {i.pk: i for i in EvidenceItem.objects.filter(agency_id=case.agency_id, pk__in=ids)}
    if len(items) != len(ids):
        raise ValidationFailed(MATERIAL_UNKNOWN, code="material_unknown")
    return [
        {
            "name": e.name,
            "evidence_id": str(e.evidence_id),
            "sha256": items[e.evidence_id].blob_id,
            "filename": items[e.evidence_id].filename,
        }
        for e in entries
    ]


def receipt_day(case: Case) -> dt.date:
    """The day the material now examined came in: the last 补正 answer, else the application."""
    clock = running_deadline(case, K.LICENCE_INTAKE)
    if clock is not None:
        return clock.starts_on
    application = LicenceApplication.objects.get(case=case)
    answered = application.corrections.exclude(answered_on=None).order_by("-round").first()
    return answered.answered_on if answered and answered.answered_on else application.submitted_on


def licence_accept(case: Case, data: p.AcceptPayload, ctx: HandlerContext) -> dict[str, Any]:
    """受理: within the 5 working days on the day; after them, deemed accepted on receipt (§32)."""
    application = application_of(case)
    clock = running_deadline(case, K.LICENCE_INTAKE)
    deemed = clock is not None and ctx.today > clock.due_on
    accepted_on = receipt_day(case) if deemed else ctx.today
    application.accepted_on = accepted_on
    application.acceptance_deemed = deemed
    application.updated_by = ctx.user
    application.save()
    deadline_stop(case=case, kind=K.LICENCE_INTAKE, on=ctx.today)
    decision = deadline_start(
        case=case,
        kind=K.LICENCE_DECISION,
        starts_on=accepted_on,
        days=DECISION_DAYS[application.joint_handling],
    )
    prefix = f"{agency_abbreviation(case.agency)}许受〔{accepted_on.year}〕"
    case.number = next_number(agency=case.agency, field="number", prefix=prefix)
    return {
        **_text(data),
        "number": case.number,
        "accepted_on": accepted_on.isoformat(),
        "acceptance_deemed": deemed,
        "decision_due": decision.due_on.isoformat(),
    }


def licence_request_correction(
    case: Case, data: p.CorrectionRequestPayload, ctx: HandlerContext
) -> dict[str, Any]:
    """补正告知: every item at once, as round n (§32 ④)."""
    application = application_of(case)
    if ctx.officer is None:  # an officer's action (cases.permissions); never a party's
        raise ValidationFailed(NO_OPEN_CORRECTION, code="not_an_officer")
    number = application.corrections.count() + 1
    correction = CorrectionRequest.objects.create(
        application=application,
        round=number,
        items=[item.model_dump() for item in data.items],
        issued_on=ctx.today,
        issued_by=ctx.officer,
        created_by=ctx.user,
    )
    deadline_stop(case=case, kind=K.LICENCE_INTAKE, on=ctx.today)
    licensing_audit(
        user=ctx.user,
        event="licensing.correction.requested",
        case=case,
        target=correction,
        new={"round": number, "items": correction.items},
    )
    return {**_text(data), "round": number}


def licence_submit_correction(
    case: Case, data: p.CorrectionAnswerPayload, ctx: HandlerContext
) -> dict[str, Any]:
    """补正: the answer to the open round; the 5 working days start again for it."""
    application = application_of(case)
    correction = application.corrections.filter(answered_on=None).order_by("-round").first()
    if correction is None:
        raise ValidationFailed(NO_OPEN_CORRECTION, code="no_open_correction")
    received = data.received_on or ctx.today
    answered = [m.model_dump() for m in data.materials] + online_materials(
        case, data.online_materials
    )
    correction.answered_on = received
    correction.answer_materials = answered
    correction.answer_note = data.note
    correction.updated_by = ctx.user
    correction.save()
    clock = deadline_start(case=case, kind=K.LICENCE_INTAKE, starts_on=received)
    licensing_audit(
        user=ctx.user,
        event="licensing.correction.answered",
        case=case,
        target=correction,
        new={
            "round": correction.round,
            "materials": [m["name"] for m in answered],
            "sha256": [m["sha256"] for m in answered if "sha256" in m],
            "intake_due": clock.due_on.isoformat(),
        },
    )
    content = _text(data)
    content["online_materials"] = [m for m in answered if "evidence_id" in m]
    return {**content, "round": correction.round, "intake_due": clock.due_on.isoformat()}


def licence_refuse(case: Case, data: p.RefusePayload, ctx: HandlerContext) -> dict[str, Any]:
    deadline_stop(case=case, kind=K.LICENCE_INTAKE, on=ctx.today)
    return _text(data)


def licence_withdraw(case: Case, data: p.WithdrawPayload, ctx: HandlerContext) -> dict[str, Any]:
    """撤回申请: every licence clock ends (the agency no longer owes an answer)."""
    for kind in LICENCE_CLOCKS:
        deadline_stop(case=case, kind=kind, on=ctx.today, state="cancelled")
    return _text(data)


def licence_hold_hearing(
    case: Case, data: p.HoldHearingPayload, ctx: HandlerContext
) -> dict[str, Any]:
    """组织听证: the request ends its 5-day clock and starts the 20-day one (§47); the time until
    the hearing ends is excluded from the decision period (§45), told by the 听证通知."""
    application = application_of(case)
    content = _text(data)
    if data.kind == p.HearingKind.PARTY_REQUEST and data.requested_on is not None:
        deadline_stop(case=case, kind=K.LICENCE_HEARING_REQUEST, on=data.requested_on)
        clock = deadline_start(case=case, kind=K.LICENCE_HEARING, starts_on=data.requested_on)
        content["hearing_due"] = clock.due_on.isoformat()
    period = excluded_period_open(
        application=application,
        kind="hearing",
        reason=f"听证（{data.hearing_on.isoformat()}，{data.place}）",
        started_on=ctx.today,
        applicant_notified_on=data.notice_served_on,
        user=ctx.user,
    )
    content["excluded_period"] = str(period.pk)
    return content


def licence_conclude_hearing(
    case: Case, data: p.ConcludeHearingPayload, ctx: HandlerContext
) -> dict[str, Any]:
    """听证结束: the 笔录 is kept on the step (the decision rests on it, §48 ②)."""
    application = application_of(case)
    deadline_stop(case=case, kind=K.LICENCE_HEARING, on=data.held_on)
    content = _text(data)
    period = application.excluded_periods.filter(kind="hearing", ended_on=None).first()
    if period is not None:
        closed = excluded_period_close(period=period, ended_on=ctx.today, user=ctx.user)
        content["excluded_working_days"] = closed.working_days
    return content


def licence_grant(case: Case, data: p.GrantPayload, ctx: HandlerContext) -> dict[str, Any]:
    """准予: the 决定书 number, the licence (§38, §39), the 10-day delivery clock (§44)."""
    application = application_of(case)
    _decided(case, ctx)
    licence = licence_issue(case=case, application=application, data=data, ctx=ctx)
    clock = deadline_start(case=case, kind=K.LICENCE_DELIVERY, starts_on=ctx.today)
    return {
        **_text(data),
        "decision_number": case.decision_number,
        "licence": str(licence.pk),
        "licence_number": licence.number,
        "delivery_due": clock.due_on.isoformat(),
    }


def licence_deny(case: Case, data: p.DenyPayload, ctx: HandlerContext) -> dict[str, Any]:
    """不予许可: reasons and the 复议/诉讼 rights stay on the step (§38 第二款)."""
    _decided(case, ctx)
    clock = deadline_start(case=case, kind=K.LICENCE_DELIVERY, starts_on=ctx.today)
    return {
        **_text(data),
        "decision_number": case.decision_number,
        "delivery_due": clock.due_on.isoformat(),
    }


def _decided(case: Case, ctx: HandlerContext) -> None:
    # Case.outcome stays blank: its choices are the penalty outcomes; the status says 准予/不予.
    case.decided_on = ctx.today
    prefix = f"{agency_abbreviation(case.agency)}许决〔{ctx.today.year}〕"
    case.decision_number = next_number(agency=case.agency, field="decision_number", prefix=prefix)
    deadline_stop(case=case, kind=K.LICENCE_DECISION, on=ctx.today)


def licence_deliver(case: Case, data: p.DeliverPayload, ctx: HandlerContext) -> dict[str, Any]:
    from sanxiang.licensing.licences import licence_delivered

    deadline_stop(case=case, kind=K.LICENCE_DELIVERY, on=data.delivered_on)
    case.served_on = data.delivered_on
    licence = case.licences.filter(delivered_on=None).first()
    if licence is not None:
        licence_delivered(licence=licence, on=data.delivered_on, ctx=ctx, case=case)
    return _text(data)
