"""执行 when the party does not pay: 复议/诉讼 pauses, 催告 and the application to the court.

Same shape as `execution.py` (whose helpers these services share): one transaction, the locked
case, the permission, the payload, the rules of `rules/execution.py`, the rows, a timeline step,
the audit event and its ledger entry. Their clocks: DEMAND (10 工作日 after a 催告, 强制法 §54) and
COURT_APPLICATION (the three months of 强制法 §53, cancelled while a 复议/诉讼 is pending).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from sanxiang.cases.deadlines import deadline_start
from sanxiang.cases.models import (
    DeadlineKind,
    DeadlineState,
    Demand,
    RemedyPause,
    ServedDocument,
    ServiceRecord,
)
from sanxiang.cases.payloads_execution import (
    CourtApplication,
    DemandService,
    RemedyEnd,
    RemedyKind,
    RemedyStart,
)
from sanxiang.cases.payments import payment_account
from sanxiang.cases.permissions import roles_in_agency
from sanxiang.cases.rules.execution import COURT, DEMAND, latest_demand
from sanxiang.cases.service_consent import consent_note, consent_relied_on
from sanxiang.cases.services.common import (
    acting_officer,
    case_audit,
    case_lock_for_user,
    evidence_for_case,
    step_record,
    today_or,
)
from sanxiang.cases.services.execution import (
    BEFORE_DECISION,
    account_content,
    enforce_payload,
    money,
    not_future,
    refresh_court_clock,
    require_officer_or_head,
    stop_clocks,
)
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseStatus
from sanxiang.core.errors import Forbidden, RuleViolation, ValidationFailed
from sanxiang.organisations.models import Role

K = DeadlineKind
NOT_AGENCY_HEAD = "强制执行申请书应当由行政机关负责人签名（《行政强制法》第五十五条）"
PAUSE_STATUSES = frozenset({CaseStatus.DECIDED, CaseStatus.SERVED, CaseStatus.EXECUTING})
PAUSE_NOT_NOW = "只有作出处罚决定后才能登记行政复议或行政诉讼"
PAUSE_OPEN = "本案已有尚未结束的{kind}，请先登记其结果"
PAUSE_NONE = "本案没有尚未结束的行政复议或行政诉讼"
PAUSE_ORDER = "结束日期不能早于申请/起诉日期{started}"
REMEDY_STEP_LABELS = {
    RemedyKind.REVIEW: "当事人申请行政复议",
    RemedyKind.LITIGATION: "当事人提起行政诉讼",
}


@transaction.atomic
def remedy_pause_start(
    *, user: Any, case_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> RemedyPause:
    """The party applied for 行政复议 or filed a 行政诉讼 against the decision: 加处罚款 stops
    counting (处罚法 §73 ③) and no application to the court is possible meanwhile (强制法 §53).
    Execution itself is not suspended (§73 ①), so the payment clocks keep running.

    Raises: NotFound; Forbidden; ValidationFailed (dates); RuleViolation (no decision yet, one
        already pending).
    """
    day = today_or(today)
    officer = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    require_officer_or_head(user, case)
    data = parse(RemedyStart, payload)
    if case.status not in PAUSE_STATUSES or case.decided_on is None:
        raise RuleViolation(PAUSE_NOT_NOW, code="remedy_not_applicable")
    open_pause = case.remedy_pauses.filter(ended_on__isnull=True).first()
    if open_pause is not None:
        kind = open_pause.get_kind_display()
        raise RuleViolation(PAUSE_OPEN.format(kind=kind), code="remedy_pending")
    not_future(data.started_on, day, "申请/起诉日期")
    if data.started_on < case.decided_on:
        raise ValidationFailed(
            BEFORE_DECISION.format(what="申请/起诉日期", decided=case.decided_on),
            code="invalid_date",
        )
    pause = RemedyPause.objects.create(
        case=case, kind=data.kind.value, started_on=data.started_on, created_by=user
    )
    stop_clocks(case, K.COURT_APPLICATION, data.started_on, DeadlineState.CANCELLED)
    content = data.model_dump(mode="json")
    step = step_record(
        case=case,
        actor=officer,
        action="remedy_started",
        label=REMEDY_STEP_LABELS[data.kind],
        on=data.started_on,
        content=content,
        status_before=case.status,
    )
    case_audit(
        user=user,
        event="cases.remedy_pause.started",
        case=case,
        target=pause,
        new={"step": step.sequence, **content},
    )
    return pause


@transaction.atomic
def remedy_pause_end(
    *, user: Any, case_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> RemedyPause:
    """The pending 复议/诉讼 ended on `ended_on` (the day the party received the decision or the
    judgment took effect): 加处罚款 counts again and the court window is recomputed.

    Raises: NotFound; Forbidden; ValidationFailed (dates); RuleViolation (none pending);
        CalendarUnknownYear.
    """
    day = today_or(today)
    officer = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    require_officer_or_head(user, case)
    data = parse(RemedyEnd, payload)
    pause = case.remedy_pauses.filter(ended_on__isnull=True).first()
    if pause is None:
        raise RuleViolation(PAUSE_NONE, code="remedy_not_pending")
    not_future(data.ended_on, day, "结束日期")
    if data.ended_on < pause.started_on:
        raise ValidationFailed(PAUSE_ORDER.format(started=pause.started_on), code="invalid_date")
    pause.ended_on = data.ended_on
    pause.updated_by = user
    pause.save(update_fields=["ended_on", "updated_at", "updated_by"])
    clock = refresh_court_clock(case, day)
    content = {
        "kind": pause.kind,
        **data.model_dump(mode="json"),
        "court_application_due": clock.due_on.isoformat() if clock else None,
    }
    step = step_record(
        case=case,
        actor=officer,
        action="remedy_ended",
        label=f"{pause.get_kind_display()}结束",
        on=data.ended_on,
        content=content,
        status_before=case.status,
    )
    case_audit(
        user=user,
        event="cases.remedy_pause.ended",
        case=case,
        target=pause,
        new={"step": step.sequence, **content},
    )
    return pause


@transaction.atomic
def demand_serve(
    *, user: Any, case_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> Demand:
    """Serve the 催告书 (强制法 §35, §54) for the fine and 加处罚款 still owed; starts the
    10-工作日 wait before the court may be asked, and the three-month application clock.

    Raises: NotFound; Forbidden; ValidationFailed; RuleViolation (not overdue, wrong amount,
        content missing, 音像记录 or e-service consent missing); CalendarUnknownYear.
    """
    day = today_or(today)
    officer = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    require_officer_or_head(user, case)
    data = parse(DemandService, payload)
    not_future(data.served_on, day, "送达日期")
    enforce_payload(case, DEMAND, officer, day, data)
    evidence = evidence_for_case(case, data.evidence_ids)
    acct = payment_account(case, data.served_on)
    stop_clocks(case, K.DEMAND, data.served_on, DeadlineState.CANCELLED)
    demand = Demand.objects.create(
        case=case,
        served_on=data.served_on,
        amount=acct.due_now,
        content=data.content,
        created_by=user,
    )
    relied_on = consent_relied_on(case, data.method, data.served_on)
    ServiceRecord.objects.create(
        case=case,
        document=ServedDocument.DEMAND,
        method=data.method,
        served_on=data.served_on,
        recipient=data.recipient,
        address=case.party_address,
        note=consent_note(relied_on),
        created_by=user,
    )
    wait = deadline_start(
        case=case, kind=K.DEMAND, starts_on=data.served_on, object_id=str(demand.pk)
    )
    window = refresh_court_clock(case, day)
    content = {
        **data.model_dump(mode="json", exclude={"evidence_ids", "av_absence_reason"}),
        "amount": money(acct.due_now),
        **account_content(acct),
        "court_application_after": wait.due_on.isoformat(),
        "court_application_due": window.due_on.isoformat() if window else None,
        **({"electronic_consent": relied_on} if relied_on else {}),
    }
    step = step_record(
        case=case,
        actor=officer,
        action="demand",
        label="送达催告书",
        on=data.served_on,
        content=content,
        status_before=case.status,
        evidence=evidence,
        av_absence_reason=data.av_absence_reason,
    )
    case_audit(
        user=user,
        event="cases.demand.served",
        case=case,
        target=demand,
        new={
            "step": step.sequence,
            "evidence_sha256": [e.blob_id for e in evidence],
            **content,
        },
    )
    return demand


@transaction.atomic
def court_application_record(
    *, user: Any, case_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> Demand:
    """Record the application to the court for 强制执行 (强制法 §53–§55), signed by the
    行政机关负责人, on the 催告 it follows.

    Raises: NotFound; Forbidden (not the agency head); ValidationFailed; RuleViolation (no 催告
        or its 10 工作日 not over, 复议/诉讼 periods not lapsed or pending, three months passed
        without a reason, nothing owed); CalendarUnknownYear.
    """
    day = today_or(today)
    officer = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    if Role.AGENCY_HEAD not in roles_in_agency(user, case.agency_id):
        raise Forbidden(NOT_AGENCY_HEAD, code="action_not_permitted")
    data = parse(CourtApplication, payload)
    not_future(data.applied_on, day, "申请日期")
    enforce_payload(case, COURT, officer, day, data)
    demand = latest_demand(case)
    if demand is None:  # the rules refuse first; kept for the type checker
        raise RuleViolation("申请人民法院强制执行前，应当先书面催告当事人履行义务")
    demand.court_applied_on = data.applied_on
    demand.court = data.court
    demand.updated_by = user
    demand.save(update_fields=["court_applied_on", "court", "updated_at", "updated_by"])
    for kind in (K.DEMAND, K.COURT_APPLICATION):
        stop_clocks(case, kind, data.applied_on)
    acct = payment_account(case, data.applied_on)
    content = {**data.model_dump(mode="json"), "amount": money(acct.due_now)}
    step = step_record(
        case=case,
        actor=officer,
        action="court_application",
        label="申请人民法院强制执行",
        on=data.applied_on,
        content=content,
        status_before=case.status,
    )
    case_audit(
        user=user,
        event="cases.court_application.recorded",
        case=case,
        target=demand,
        new={"step": step.sequence, **content},
        reason=data.late_reason,
    )
    return demand
