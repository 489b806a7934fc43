"""执行: payments, 延期/分期, 复议/诉讼 pauses, 催告 and the application to the court.

Each service has the shape of `records.py`: one transaction, the acting officer, the case locked
(404 for other agencies), the permission, the parsed payload, the guard rails of
`rules/execution.py`, the rows, a step on the case timeline and its audit event + ledger entry.
The clocks they keep: PAYMENT (one per due date), DEMAND (10 工作日 after a 催告, 强制法 §54) and
COURT_APPLICATION (the three months of 强制法 §53), stopped when the party has paid everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from pydantic import BaseModel

from sanxiang.cases.deadlines import deadline_start
from sanxiang.cases.latefees import Account, Tranche, allocate
from sanxiang.cases.models import (
    Case,
    DayUnit,
    Deadline,
    DeadlineKind,
    DeadlineState,
    Demand,
    Payment,
    PaymentPlan,
    RemedyPause,
    ServedDocument,
    ServiceRecord,
)
from sanxiang.cases.payloads_execution import (
    CourtApplication,
    DemandService,
    PaymentEntry,
    PaymentPlanApproval,
    RemedyEnd,
    RemedyKind,
    RemedyStart,
)
from sanxiang.cases.payments import (
    court_window,
    next_working_day_from,
    payment_account,
    payment_schedule,
)
from sanxiang.cases.permissions import HEADS, can_take_action
from sanxiang.cases.rules.base import RuleContext, enforce
from sanxiang.cases.rules.execution import COURT, DEMAND, PAYMENT, PLAN, latest_demand
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
from sanxiang.organisations.models import Officer, Role
from sanxiang.organisations.permissions import grants_of

K = DeadlineKind
NOT_ASSIGNED = "只有本案在办执法人员或负责人可以办理执行事项"
NOT_A_HEAD = "只有负责人可以批准延期或者分期缴纳罚款（《行政处罚法》第六十六条）"
NOT_AGENCY_HEAD = "强制执行申请书应当由行政机关负责人签名（《行政强制法》第五十五条）"
FUTURE = "{what}不能晚于今天"
NOT_POSITIVE = "缴款金额应当大于零"
RECEIPT_TAKEN = "缴款凭证号 {number} 已经登记过"
OUT_OF_ORDER = "请按缴款日期先后登记：已登记{last}的缴款"
BEFORE_DECISION = "{what}不能早于处罚决定日期{decided}"
OVERPAID = "缴款金额超过截至{on}应缴的罚款和加处罚款合计{owed}元"
PLAN_KIND = "请填写延期缴纳日期或分期缴纳计划（二者选其一）"
PLAN_FEW = "分期缴纳至少分为两期"
PLAN_ORDER = "各期缴纳日期应当晚于批准日期并依次递后（休息日顺延后为{dates}）"
PLAN_SUM = "分期金额合计{total}元，应当等于尚未缴纳的罚款{remainder}元"
PLAN_NOT_LATER = "延期缴纳日期应当晚于原缴纳期限{due}"
PAUSE_STATUSES = frozenset({CaseStatus.DECIDED, CaseStatus.SERVED, CaseStatus.EXECUTING})
PAUSE_NOT_NOW = "只有作出处罚决定后才能登记行政复议或行政诉讼"
PAUSE_OPEN = "本案已有尚未结束的{kind}，请先登记其结果"
PAUSE_NONE = "本案没有尚未结束的行政复议或行政诉讼"
PAUSE_ORDER = "结束日期不能早于申请/起诉日期{started}"
REMEDY_STEP_LABELS = {
    RemedyKind.REVIEW: "当事人申请行政复议",
    RemedyKind.LITIGATION: "当事人提起行政诉讼",
}


def _roles(user: Any, case: Case) -> set[str]:
    return {r for r, agency_id in grants_of(user) if agency_id == case.agency_id}


def _require_officer_or_head(user: Any, case: Case) -> None:
    if not (can_take_action(user, case, CaseAction.EXECUTE) or _roles(user, case) & HEADS):
        raise Forbidden(NOT_ASSIGNED, code="action_not_permitted")


def _not_future(day: dt.date, today: dt.date, what: str) -> None:
    if day > today:
        raise ValidationFailed(FUTURE.format(what=what), code="date_in_future")


def _enforce(case: Case, action: str, officer: Officer, day: dt.date, data: BaseModel) -> None:
    payload = data.model_dump(mode="python")
    enforce(RuleContext(case=case, action=action, actor=officer, today=day, payload=payload))


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _account_content(acct: Account) -> dict[str, str]:
    return {
        "fine_outstanding": _money(acct.outstanding_principal),
        "late_fee_accrued": _money(acct.late_fee),
        "late_fee_outstanding": _money(acct.outstanding_late_fee),
    }


def _stop_clocks(case: Case, kind: str, on: dt.date, state: str = DeadlineState.MET) -> None:
    Deadline.objects.filter(case=case, kind=kind, state=DeadlineState.RUNNING).update(
        state=state, ended_on=on
    )


def _sync_clocks(case: Case, on: dt.date) -> None:
    """After a payment: a PAYMENT clock is met once everything due by its date is paid; all
    clocks of the enforcement stop once the party owes nothing more."""
    acct = payment_account(case, on)
    covered = Decimal(0)
    due_by: dict[dt.date, Decimal] = {}
    for tranche in sorted(payment_schedule(case), key=lambda t: t.due_on):
        covered += tranche.amount
        due_by[tranche.due_on] = covered
    running = Deadline.objects.filter(case=case, kind=K.PAYMENT, state=DeadlineState.RUNNING)
    for clock in running:
        if due_by.get(clock.due_on, acct.fine) <= acct.principal_paid:
            clock.state, clock.ended_on = DeadlineState.MET, on
            clock.save(update_fields=["state", "ended_on", "updated_at"])
    if acct.settled:
        for kind in (K.PAYMENT, K.DEMAND, K.COURT_APPLICATION):
            _stop_clocks(case, kind, on)


def _refresh_court_clock(case: Case, on: dt.date) -> Deadline | None:
    """(Re)start the three-month clock of 强制法 §53 once a 催告 has been served and a window
    applies; cancel it while a 复议/诉讼 is pending. Raises: CalendarUnknownYear."""
    _stop_clocks(case, K.COURT_APPLICATION, on, DeadlineState.CANCELLED)
    demand = latest_demand(case)
    if demand is None or demand.court_applied_on is not None:
        return None
    window = court_window(case)
    if window.pending or window.opens_after is None or window.closes_on is None:
        return None
    return Deadline.objects.create(
        case=case,
        kind=K.COURT_APPLICATION,
        citation="《行政强制法》第五十三条",
        starts_on=window.opens_after,
        days=(window.closes_on - window.opens_after).days,
        unit=DayUnit.CALENDAR,
        due_on=window.closes_on,
    )


@transaction.atomic
def payment_record(
    *, user: Any, case_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> Payment:
    """Record a payment of the fine (处罚法 §67), applied to the fine first, then to 加处罚款.

    Raises: NotFound; Forbidden; ValidationFailed (future or out-of-order date, duplicate receipt,
        more than owed); RuleViolation (not in execution, no fine due).
    """
    day = today_or(today)
    officer = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    _require_officer_or_head(user, case)
    data = parse(PaymentEntry, payload)
    _enforce(case, PAYMENT, officer, day, data)
    _not_future(data.paid_on, day, "缴款日期")
    if data.amount <= 0:
        raise ValidationFailed(NOT_POSITIVE, code="invalid_amount")
    if case.decided_on and data.paid_on < case.decided_on:
        raise ValidationFailed(
            BEFORE_DECISION.format(what="缴款日期", decided=case.decided_on), code="invalid_date"
        )
    if Payment.objects.filter(
        case__agency=case.agency, receipt_number=data.receipt_number
    ).exists():
        raise ValidationFailed(
            RECEIPT_TAKEN.format(number=data.receipt_number), code="duplicate_receipt"
        )
    last = case.payments.order_by("-paid_on").first()
    if last is not None and data.paid_on < last.paid_on:
        raise ValidationFailed(OUT_OF_ORDER.format(last=last.paid_on), code="invalid_date")
    before = payment_account(case, data.paid_on)
    to_fine, to_fee, excess = allocate(data.amount, before)
    if excess > 0:
        raise ValidationFailed(
            OVERPAID.format(on=data.paid_on, owed=_money(before.outstanding)), code="overpaid"
        )
    payment = Payment.objects.create(
        case=case,
        amount=data.amount,
        late_fee=to_fee,
        paid_on=data.paid_on,
        receipt_number=data.receipt_number,
        created_by=user,
    )
    _sync_clocks(case, data.paid_on)
    after = payment_account(case, max(day, data.paid_on))
    content = {
        **data.model_dump(mode="json"),
        "to_fine": _money(to_fine),
        "to_late_fee": _money(to_fee),
        **_account_content(after),
    }
    step = step_record(
        case=case,
        actor=officer,
        action="payment",
        label="缴纳罚款",
        on=data.paid_on,
        content=content,
        status_before=case.status,
    )
    case_audit(
        user=user,
        event="cases.payment.recorded",
        case=case,
        target=payment,
        new={"step": step.sequence, **content},
    )
    return payment


def _plan_tranches(data: PaymentPlanApproval, acct: Account, day: dt.date) -> list[Tranche]:
    """The rescheduled remainder, each date moved off rest days like a statutory last day.

    Raises: ValidationFailed; CalendarUnknownYear.
    """
    remainder = acct.outstanding_principal
    if (data.deferred_to is None) == (not data.instalments):
        raise ValidationFailed(PLAN_KIND, code="invalid_plan")
    if data.deferred_to is not None:
        current = acct.next_due_on
        if current is not None and data.deferred_to <= current:
            raise ValidationFailed(PLAN_NOT_LATER.format(due=current), code="invalid_plan")
        return [Tranche(next_working_day_from(data.deferred_to), remainder)]
    if len(data.instalments) < 2:
        raise ValidationFailed(PLAN_FEW, code="invalid_plan")
    tranches = [Tranche(next_working_day_from(i.due_on), i.amount) for i in data.instalments]
    dates = [t.due_on for t in tranches]
    if dates[0] <= day or any(a >= b for a, b in zip(dates, dates[1:], strict=False)):
        listed = "、".join(d.isoformat() for d in dates)
        raise ValidationFailed(PLAN_ORDER.format(dates=listed), code="invalid_plan")
    total = sum((t.amount for t in tranches), Decimal(0))
    if total != remainder or any(t.amount <= 0 for t in tranches):
        raise ValidationFailed(
            PLAN_SUM.format(total=_money(total), remainder=_money(remainder)),
            code="invalid_plan",
        )
    return tranches


@transaction.atomic
def payment_plan_approve(
    *, user: Any, case_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> PaymentPlan:
    """The 负责人 approves the party's application to defer or pay the fine in instalments
    (处罚法 §66 ②). The plan's due dates replace the PAYMENT clock; the application period to the
    court then counts from the plan's end (§72 ②).

    Raises: NotFound; Forbidden (not a head); ValidationFailed (plan); RuleViolation (not in
        execution, applied after the due date, nothing left to pay); CalendarUnknownYear.
    """
    day = today_or(today)
    officer = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    if not _roles(user, case) & HEADS:
        raise Forbidden(NOT_A_HEAD, code="action_not_permitted")
    data = parse(PaymentPlanApproval, payload)
    _not_future(data.applied_on, day, "申请日期")
    _enforce(case, PLAN, officer, day, data)
    tranches = _plan_tranches(data, payment_account(case, day), day)
    plan = PaymentPlan.objects.create(
        case=case,
        deferred_to=tranches[0].due_on if data.deferred_to else None,
        instalments=[
            {"due_on": t.due_on.isoformat(), "amount": _money(t.amount)} for t in tranches
        ],
        reason=data.reason,
        approved_by=officer,
        approved_on=day,
        created_by=user,
    )
    _stop_clocks(case, K.PAYMENT, day, DeadlineState.CANCELLED)
    for n, tranche in enumerate(tranches, start=1):
        Deadline.objects.create(
            case=case,
            kind=K.PAYMENT,
            citation="《行政处罚法》第六十六条",
            starts_on=day,
            days=(tranche.due_on - day).days,
            unit=DayUnit.CALENDAR,
            due_on=tranche.due_on,
            object_id=f"{plan.pk}:{n}",
        )
    _refresh_court_clock(case, day)  # §72 ②: the window now counts from the plan's end
    content = {
        "applied_on": data.applied_on.isoformat(),
        "reason": data.reason,
        "kind": "deferral" if data.deferred_to else "instalments",
        "schedule": plan.instalments,
    }
    step = step_record(
        case=case,
        actor=officer,
        action="payment_plan",
        label="批准延期缴纳罚款" if data.deferred_to else "批准分期缴纳罚款",
        on=day,
        content=content,
        status_before=case.status,
    )
    case_audit(
        user=user,
        event="cases.payment_plan.approved",
        case=case,
        target=plan,
        new={"step": step.sequence, **content},
        reason=data.reason,
    )
    return plan


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
    _require_officer_or_head(user, case)
    data = parse(RemedyStart, payload)
    if case.status not in PAUSE_STATUSES or case.decided_on is None:
        raise RuleViolation(PAUSE_NOT_NOW, code="remedy_not_applicable")
    open_pause = case.remedy_pauses.filter(ended_on__isnull=True).first()
    if open_pause is not None:
        kind = open_pause.get_kind_display()
        raise RuleViolation(PAUSE_OPEN.format(kind=kind), code="remedy_pending")
    _not_future(data.started_on, day, "申请/起诉日期")
    if data.started_on < case.decided_on:
        raise ValidationFailed(
            BEFORE_DECISION.format(what="申请/起诉日期", decided=case.decided_on),
            code="invalid_date",
        )
    pause = RemedyPause.objects.create(
        case=case, kind=data.kind.value, started_on=data.started_on, created_by=user
    )
    _stop_clocks(case, K.COURT_APPLICATION, data.started_on, DeadlineState.CANCELLED)
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
    _require_officer_or_head(user, case)
    data = parse(RemedyEnd, payload)
    pause = case.remedy_pauses.filter(ended_on__isnull=True).first()
    if pause is None:
        raise RuleViolation(PAUSE_NONE, code="remedy_not_pending")
    _not_future(data.ended_on, day, "结束日期")
    if data.ended_on < pause.started_on:
        raise ValidationFailed(PAUSE_ORDER.format(started=pause.started_on), code="invalid_date")
    pause.ended_on = data.ended_on
    pause.updated_by = user
    pause.save(update_fields=["ended_on", "updated_at", "updated_by"])
    clock = _refresh_court_clock(case, day)
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
    _require_officer_or_head(user, case)
    data = parse(DemandService, payload)
    _not_future(data.served_on, day, "送达日期")
    _enforce(case, DEMAND, officer, day, data)
    evidence = evidence_for_case(case, data.evidence_ids)
    acct = payment_account(case, data.served_on)
    _stop_clocks(case, K.DEMAND, data.served_on, DeadlineState.CANCELLED)
    demand = Demand.objects.create(
        case=case,
        served_on=data.served_on,
        amount=acct.due_now,
        content=data.content,
        created_by=user,
    )
    ServiceRecord.objects.create(
        case=case,
        document=ServedDocument.DEMAND,
        method=data.method,
        served_on=data.served_on,
        recipient=data.recipient,
        address=case.party_address,
        created_by=user,
    )
    wait = deadline_start(
        case=case, kind=K.DEMAND, starts_on=data.served_on, object_id=str(demand.pk)
    )
    window = _refresh_court_clock(case, day)
    content = {
        **data.model_dump(mode="json", exclude={"evidence_ids", "av_absence_reason"}),
        "amount": _money(acct.due_now),
        **_account_content(acct),
        "court_application_after": wait.due_on.isoformat(),
        "court_application_due": window.due_on.isoformat() if window else None,
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
    if Role.AGENCY_HEAD not in _roles(user, case):
        raise Forbidden(NOT_AGENCY_HEAD, code="action_not_permitted")
    data = parse(CourtApplication, payload)
    _not_future(data.applied_on, day, "申请日期")
    _enforce(case, COURT, officer, day, data)
    demand = latest_demand(case)
    if demand is None:  # the rules refuse first; kept for the type checker
        raise RuleViolation("申请人民法院强制执行前，应当先书面催告当事人履行义务")
    demand.court_applied_on = data.applied_on
    demand.court = data.court
    demand.updated_by = user
    demand.save(update_fields=["court_applied_on", "court", "updated_at", "updated_by"])
    for kind in (K.DEMAND, K.COURT_APPLICATION):
        _stop_clocks(case, kind, data.applied_on)
    acct = payment_account(case, data.applied_on)
    content = {**data.model_dump(mode="json"), "amount": _money(acct.due_now)}
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
