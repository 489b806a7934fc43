"""What each action changes on the case besides its status, and what it records on the step.

A handler runs after the permission check and the guard rails, inside the transition's
transaction, on the locked case. It returns the step content (the structured text of the record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sanxiang.cases import payloads as p
from sanxiang.cases.deadlines import deadline_start, deadline_stop
from sanxiang.cases.models import (
    Case,
    DeadlineKind,
    Hearing,
    Outcome,
    PenaltyKind,
    Procedure,
    ServedDocument,
    ServiceRecord,
)
from sanxiang.cases.service_consent import consent_note, consent_relied_on
from sanxiang.cases.services.common import agency_abbreviation, evidence_for_case, next_number
from sanxiang.cases.states import CaseAction
from sanxiang.cases.thresholds import hearing_right, major_decision_grounds
from sanxiang.core.errors import ValidationFailed
from sanxiang.organisations.models import Officer

A = CaseAction
K = DeadlineKind
FORM_NUMBER_USED = "编号为 {number} 的当场处罚决定书已经使用，请核对预定格式决定书的编号"


@dataclass
class HandlerContext:
    user: Any
    officer: Officer | None  # None when a party acts online (services.party)
    today: dt.date


Handler = Callable[[Case, Any, HandlerContext], dict[str, Any]]
HANDLERS: dict[str, Handler] = {}


def handler_key(action: str, kind: str = "") -> str:
    """Handlers of a shared action (法制审核, 结案 …) may differ by case kind: `kind:action`."""
    return f"{kind}:{action}" if kind else str(action)


def handles(*actions: str, kind: str = "") -> Callable[[Handler], Handler]:
    """Register `fn` for `actions`; with `kind`, only for cases of that kind (it wins there)."""

    def register(fn: Handler) -> Handler:
        for action in actions:
            HANDLERS[handler_key(str(action), kind)] = fn
        return fn

    return register


def _text(data: p.Payload) -> dict[str, Any]:
    return data.model_dump(mode="json", exclude={"evidence_ids", "av_absence_reason"})


@handles(A.APPROVE_FILING)
def _approve_filing(case: Case, data: p.Opinion, ctx: HandlerContext) -> dict[str, Any]:
    prefix = f"{agency_abbreviation(case.agency)}立〔{ctx.today.year}〕"
    case.number = next_number(agency=case.agency, field="number", prefix=prefix)
    case.filed_on = ctx.today
    deadline_stop(case=case, kind=K.FILING_CHECK, on=ctx.today)
    clock = deadline_start(case=case, kind=K.CASE_DECISION, starts_on=ctx.today)
    return {**_text(data), "number": case.number, "decision_due": clock.due_on.isoformat()}


@handles(A.DECLINE_FILING)
def _decline_filing(case: Case, data: p.Reason, ctx: HandlerContext) -> dict[str, Any]:
    deadline_stop(case=case, kind=K.FILING_CHECK, on=ctx.today)
    return _text(data)


@handles(A.CONCLUDE_INVESTIGATION)
def _conclude(case: Case, data: p.InvestigationConclusion, ctx: HandlerContext) -> dict[str, Any]:
    case.facts = data.facts
    return _text(data)


def _penalty_fields(case: Case, data: p.Penalty, prefix: str) -> None:
    setattr(case, f"{prefix}penalties", [str(k) for k in data.penalties])
    setattr(case, f"{prefix}fine", data.fine)
    setattr(case, f"{prefix}confiscation", data.confiscation)


def _refresh_major(case: Case, on: dt.date, *, after_hearing: bool = False) -> None:
    """Add the 目录清单 rules the case now matches to its grounds; major once any has fired."""
    found = major_decision_grounds(
        case=case,
        penalties=case.penalties or case.notice_penalties,
        fine=case.fine if case.fine is not None else case.notice_fine,
        confiscation=case.confiscation
        if case.confiscation is not None
        else case.notice_confiscation,
        after_hearing=after_hearing,
        on=on,
    )
    known = {g["code"] for g in case.major_grounds}
    case.major_grounds = [*case.major_grounds, *(g for g in found if g["code"] not in known)]
    case.is_major = case.is_major or bool(case.major_grounds)


@handles(A.ISSUE_NOTICE)
def _issue_notice(case: Case, data: p.NoticeIssue, ctx: HandlerContext) -> dict[str, Any]:
    _penalty_fields(case, data, "notice_")
    case.notice_issued_on = data.served_on
    case.statement_heard = case.statement_waived = False
    case.hearing_offered = hearing_right(
        case=case,
        penalties=data.penalties,
        fine=data.fine,
        confiscation=data.confiscation,
        on=ctx.today,
    )
    relied_on = consent_relied_on(case, data.service_method, data.served_on)
    ServiceRecord.objects.create(
        case=case,
        document=ServedDocument.NOTICE,
        method=data.service_method,
        served_on=data.served_on,
        recipient=case.party_name,
        address=case.party_address,
        note=consent_note(relied_on),
        created_by=ctx.user,
    )
    clocks = {
        "statement_due": deadline_start(case=case, kind=K.STATEMENT, starts_on=data.served_on)
    }
    if case.hearing_offered:
        clocks["hearing_request_due"] = deadline_start(
            case=case, kind=K.HEARING_REQUEST, starts_on=data.served_on
        )
    _refresh_major(case, ctx.today)
    return {
        **_text(data),
        "hearing_offered": case.hearing_offered,
        "is_major": case.is_major,
        "major_grounds": [g["code"] for g in case.major_grounds],
        **{k: v.due_on.isoformat() for k, v in clocks.items()},
        **({"electronic_consent": relied_on} if relied_on else {}),
    }


@handles(A.RECEIVE_STATEMENT)
def _statement(case: Case, data: p.StatementReceipt, ctx: HandlerContext) -> dict[str, Any]:
    if data.waived:
        case.statement_waived = True
    else:
        case.statement_heard = True
    deadline_stop(case=case, kind=K.STATEMENT, on=ctx.today)
    return _text(data)


@handles(A.REQUEST_HEARING)
def _request_hearing(case: Case, data: p.HearingRequest, ctx: HandlerContext) -> dict[str, Any]:
    Hearing.objects.update_or_create(
        case=case, defaults={"requested_on": data.requested_on, "created_by": ctx.user}
    )
    deadline_stop(case=case, kind=K.HEARING_REQUEST, on=data.requested_on)
    deadline_stop(case=case, kind=K.STATEMENT, on=data.requested_on)
    return _text(data)


@handles(A.PASS_LEGAL_REVIEW)
def _pass_review(case: Case, data: p.Opinion, ctx: HandlerContext) -> dict[str, Any]:
    case.legal_review_passed = True
    return _text(data)


@handles(A.SUBMIT_FOR_DECISION)
def _submit_for_decision(
    case: Case, data: p.OptionalOpinion, ctx: HandlerContext
) -> dict[str, Any]:
    held = hasattr(case, "hearing") and case.hearing.held_on is not None
    _refresh_major(case, ctx.today, after_hearing=held)
    grounds = [g["code"] for g in case.major_grounds]
    return {**_text(data), "is_major": case.is_major, "major_grounds": grounds}


@handles(A.SUBMIT_LEGAL_REVIEW)
def _submit_legal_review(
    case: Case, data: p.OptionalOpinion, ctx: HandlerContext
) -> dict[str, Any]:
    # Also from 待决定 when the approval went stale: the case has not passed the review it re-enters.
    case.legal_review_passed = False
    return _submit_for_decision(case, data, ctx)


def _decided(case: Case, outcome: str, ctx: HandlerContext, data: Any) -> None:
    case.outcome = outcome
    case.decided_on = ctx.today
    if getattr(data, "deliberation_minutes", ""):
        case.deliberated = True
    deadline_stop(case=case, kind=K.CASE_DECISION, on=ctx.today)
    prefix = f"{agency_abbreviation(case.agency)}罚决〔{ctx.today.year}〕"
    if outcome == Outcome.PENALISE:
        case.decision_number = next_number(
            agency=case.agency, field="decision_number", prefix=prefix
        )


@handles(A.DECIDE)
def _decide(case: Case, data: p.Decision, ctx: HandlerContext) -> dict[str, Any]:
    _penalty_fields(case, data, "")
    case.correction_order = data.correction_order
    _decided(case, Outcome.PENALISE, ctx, data)
    clock = deadline_start(case=case, kind=K.SERVICE, starts_on=ctx.today)
    return {
        **_text(data),
        "decision_number": case.decision_number,
        "service_due": clock.due_on.isoformat(),
    }


@handles(A.DECIDE_NO_PENALTY)
def _decide_no_penalty(
    case: Case, data: p.NoPenaltyDecision, ctx: HandlerContext
) -> dict[str, Any]:
    _decided(case, data.outcome, ctx, data)
    return _text(data)


@handles(A.TRANSFER)
def _transfer(case: Case, data: p.Transfer, ctx: HandlerContext) -> dict[str, Any]:
    _decided(case, Outcome.TRANSFER, ctx, data)
    return _text(data)


@handles(A.APPLY_SUMMARY)
def _apply_summary(case: Case, data: p.SummaryApplication, ctx: HandlerContext) -> dict[str, Any]:
    case.procedure = Procedure.SUMMARY
    case.facts = data.facts
    _penalty_fields(case, data, "notice_")
    case.notice_issued_on = ctx.today
    case.statement_heard = True  # heard on the spot: the statement is part of this record
    deadline_stop(case=case, kind=K.FILING_CHECK, on=ctx.today)
    return _text(data)


@handles(A.DECIDE_ON_SITE)
def _decide_on_site(case: Case, data: p.OnSiteDecision, ctx: HandlerContext) -> dict[str, Any]:
    used = Case.objects.filter(agency=case.agency, decision_number=data.form_number)
    if used.exclude(pk=case.pk).exists():
        raise ValidationFailed(
            FORM_NUMBER_USED.format(number=data.form_number), code="form_number_used"
        )
    case.penalties = list(case.notice_penalties)
    case.fine, case.confiscation = case.notice_fine, case.notice_confiscation
    case.correction_order = data.correction_order
    case.outcome = Outcome.PENALISE
    case.decided_on = ctx.today
    case.decision_number = data.form_number
    # 当场交付 (§52): handed over on the spot is served on the spot.
    case.served_on = ctx.today
    ServiceRecord.objects.create(
        case=case,
        document=ServedDocument.DECISION,
        method="direct",
        served_on=ctx.today,
        recipient=case.party_name,
        note=data.refusal_note,
        created_by=ctx.user,
    )
    if PenaltyKind.FINE in case.penalties:
        deadline_start(case=case, kind=K.PAYMENT, starts_on=ctx.today)
    return _text(data)


@handles(A.SWITCH_TO_GENERAL)
def _switch(case: Case, data: p.Reason, ctx: HandlerContext) -> dict[str, Any]:
    case.procedure = Procedure.GENERAL
    case.notice_issued_on = None
    case.notice_penalties, case.notice_fine, case.notice_confiscation = [], None, None
    case.statement_heard = False
    return _text(data)


@handles(A.SERVE)
def _serve(case: Case, data: p.Service, ctx: HandlerContext) -> dict[str, Any]:
    consent = None
    relied_on = ""
    if data.consent_evidence_id:
        consent = evidence_for_case(case, [data.consent_evidence_id])[0]
    else:
        relied_on = consent_relied_on(case, data.method, data.served_on)
    ServiceRecord.objects.create(
        case=case,
        document=ServedDocument.DECISION,
        method=data.method,
        served_on=data.served_on,
        recipient=data.recipient,
        address=data.address,
        consent_evidence=consent,
        note="；".join(n for n in (data.late_reason, consent_note(relied_on)) if n),
        created_by=ctx.user,
    )
    case.served_on = data.served_on
    deadline_stop(case=case, kind=K.SERVICE, on=data.served_on)
    content = _text(data)
    if relied_on:
        content["electronic_consent"] = relied_on
    if case.outcome == Outcome.PENALISE and PenaltyKind.FINE in case.penalties and case.fine:
        clock = deadline_start(case=case, kind=K.PAYMENT, starts_on=data.served_on)
        content["payment_due"] = clock.due_on.isoformat()
    return content


@handles(A.CLOSE)
def _close(case: Case, data: p.Closing, ctx: HandlerContext) -> dict[str, Any]:
    case.closed_on = ctx.today
    return _text(data)


@handles(A.ARCHIVE)
def _archive(case: Case, data: p.Archiving, ctx: HandlerContext) -> dict[str, Any]:
    case.archived_on = ctx.today
    return _text(data)


def handle(action: str, case: Case, data: Any, ctx: HandlerContext) -> dict[str, Any]:
    handler = HANDLERS.get(handler_key(str(action), case.kind)) or HANDLERS.get(str(action))
    return handler(case, data, ctx) if handler else _text(data)
