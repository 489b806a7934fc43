"""执行: payments of the fine and 延期/分期; the helpers `enforcement.py` shares.

Each service has the shape of `records.py`: one transaction, the acting officer, the case locked
(404 for other agencies), the permission, the parsed payload, the guard rails of
`rules/execution.py`, the rows, a step on the case timeline and its audit event + ledger entry.
The clocks they keep: PAYMENT (one per due date, met as the money comes in); once the party has
paid everything, the DEMAND and COURT_APPLICATION clocks of `enforcement.py` stop too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from pydantic import BaseModel

from sanxiang.cases.latefees import Account, Tranche, allocate
from sanxiang.cases.models import (
    Case,
    DayUnit,
    Deadline,
    DeadlineKind,
    DeadlineState,
    Payment,
    PaymentPlan,
)
from sanxiang.cases.payloads_execution import PaymentEntry, PaymentPlanApproval
from sanxiang.cases.payments import (
    court_window,
    next_working_day_from,
    payment_account,
    payment_schedule,
)
from sanxiang.cases.permissions import can_take_action, is_head
from sanxiang.cases.rules.base import RuleContext, enforce
from sanxiang.cases.rules.execution import PAYMENT, PLAN, latest_demand
from sanxiang.cases.services.common import (
    acting_officer,
    case_audit,
    case_lock_for_user,
    step_record,
    today_or,
)
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseAction
from sanxiang.core.errors import Forbidden, ValidationFailed
from sanxiang.organisations.models import Officer

K = DeadlineKind
NOT_ASSIGNED = "只有本案在办执法人员或负责人可以办理执行事项"
NOT_A_HEAD = "只有负责人可以批准延期或者分期缴纳罚款（《行政处罚法》第六十六条）"
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


def require_officer_or_head(user: Any, case: Case) -> None:
    """Execution is the assigned officers' work; the heads may record it too. Raises: Forbidden."""
    if not (can_take_action(user, case, CaseAction.EXECUTE) or is_head(user, case.agency_id)):
        raise Forbidden(NOT_ASSIGNED, code="action_not_permitted")


def not_future(day: dt.date, today: dt.date, what: str) -> None:
    if day > today:
        raise ValidationFailed(FUTURE.format(what=what), code="date_in_future")


def enforce_payload(
    case: Case, action: str, officer: Officer, day: dt.date, data: BaseModel
) -> None:
    payload = data.model_dump(mode="python")
    enforce(RuleContext(case=case, action=action, actor=officer, today=day, payload=payload))


def money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def account_content(acct: Account) -> dict[str, str]:
    return {
        "fine_outstanding": money(acct.outstanding_principal),
        "late_fee_accrued": money(acct.late_fee),
        "late_fee_outstanding": money(acct.outstanding_late_fee),
    }


def stop_clocks(case: Case, kind: str, on: dt.date, state: str = DeadlineState.MET) -> None:
    Deadline.objects.filter(case=case, kind=kind, state=DeadlineState.RUNNING).update(
        state=state, ended_on=on
    )


def sync_payment_clocks(case: Case, on: dt.date) -> None:
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
            stop_clocks(case, kind, on)


def refresh_court_clock(case: Case, on: dt.date) -> Deadline | None:
    """(Re)start the three-month clock of 强制法 §53 once a 催告 has been served and a window
    applies; cancel it while a 复议/诉讼 is pending. Raises: CalendarUnknownYear."""
    stop_clocks(case, K.COURT_APPLICATION, on, DeadlineState.CANCELLED)
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
    require_officer_or_head(user, case)
    data = parse(PaymentEntry, payload)
    enforce_payload(case, PAYMENT, officer, day, data)
    not_future(data.paid_on, day, "缴款日期")
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
            OVERPAID.format(on=data.paid_on, owed=money(before.outstanding)), code="overpaid"
        )
    payment = Payment.objects.create(
        case=case,
        amount=data.amount,
        late_fee=to_fee,
        paid_on=data.paid_on,
        receipt_number=data.receipt_number,
        created_by=user,
    )
    sync_payment_clocks(case, data.paid_on)
    after = payment_account(case, max(day, data.paid_on))
    content = {
        **data.model_dump(mode="json"),
        "to_fine": money(to_fine),
        "to_late_fee": money(to_fee),
        **account_content(after),
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
            PLAN_SUM.format(total=money(total), remainder=money(remainder)),
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
    if not is_head(user, case.agency_id):
        raise Forbidden(NOT_A_HEAD, code="action_not_permitted")
    data = parse(PaymentPlanApproval, payload)
    not_future(data.applied_on, day, "申请日期")
    enforce_payload(case, PLAN, officer, day, data)
    tranches = _plan_tranches(data, payment_account(case, day), day)
    plan = PaymentPlan.objects.create(
        case=case,
        deferred_to=tranches[0].due_on if data.deferred_to else None,
        instalments=[{"due_on": t.due_on.isoformat(), "amount": money(t.amount)} for t in tranches],
        reason=data.reason,
        approved_by=officer,
        approved_on=day,
        created_by=user,
    )
    stop_clocks(case, K.PAYMENT, day, DeadlineState.CANCELLED)
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
    refresh_court_clock(case, day)  # §72 ②: the window now counts from the plan's end
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
