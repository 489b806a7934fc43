"""The fine account of a case read from its rows, and the periods of enforcing it.

`payment_account` feeds the case's due dates (the PAYMENT clock, then any approved 延期/分期),
its 复议/诉讼 pauses and its payments to the pure `latefees` arithmetic. `court_window` says
from when and until when the agency may apply to the court (强制法 §53, 处罚法 §72 ②).
Read-only: no locks, no writes.
"""

from __future__ import annotations

import calendar as monthdays
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sanxiang.cases.deadlines import DEADLINE_RULES, due_after
from sanxiang.cases.latefees import Account, Paid, Pause, Tranche, account, schedule_after_plan
from sanxiang.cases.models import (
    Case,
    Deadline,
    DeadlineKind,
    Outcome,
    PaymentPlan,
    PenaltyKind,
)
from sanxiang.core import calendar

REVIEW = "review"
LITIGATION = "litigation"
REVIEW_DAYS = 60  # 行政复议法 §20: 自知道该行政行为之日起六十日内
LITIGATION_MONTHS = 6  # 行政诉讼法 §46: 自知道作出行政行为之日起六个月内
SUE_AFTER_REVIEW_DAYS = 15  # 行政诉讼法 §45: 收到复议决定书之日起十五日内
COURT_WINDOW_MONTHS = 3  # 行政强制法 §53: 自期限届满之日起三个月内


def fine_due(case: Case) -> bool:
    """Does the decision impose a fine that has to be paid?"""
    return bool(
        case.outcome == Outcome.PENALISE
        and case.fine
        and case.fine > 0
        and PenaltyKind.FINE in (case.penalties or [])
    )


def next_working_day_from(day: dt.date) -> dt.date:
    """`day` if it is a working day, else the next one (民法典 §203 for a period's last day).

    Raises: CalendarUnknownYear.
    """
    if calendar.is_working_day(day=day):
        return day
    return calendar.add_working_days(start=day, days=1)


def months_after(start: dt.date, months: int) -> dt.date:
    """The last day of a period of `months` months counted from the day after `start`.

    民法典 §202: the corresponding day of the last month, or its last day when it has none;
    §203: a rest day as the last day moves to the next working day.

    Raises: CalendarUnknownYear.
    """
    years, month0 = divmod(start.month - 1 + months, 12)
    year = start.year + years
    last = monthdays.monthrange(year, month0 + 1)[1]
    return next_working_day_from(dt.date(year, month0 + 1, min(start.day, last)))


def _base_due(case: Case) -> dt.date | None:
    """The 15-day due date (处罚法 §67), as the PAYMENT clock started at service computed it."""
    clock = (
        Deadline.objects.filter(case=case, kind=DeadlineKind.PAYMENT, object_id="")
        .order_by("-created_at")
        .first()
    )
    if clock is not None:
        return clock.due_on
    if case.served_on is None:
        return None
    rule = DEADLINE_RULES[DeadlineKind.PAYMENT]
    return due_after(case.served_on, rule.days, rule.unit)


def plan_tranches(plan: PaymentPlan) -> list[Tranche]:
    """The part of the fine a plan reschedules: stored as [{"due_on", "amount"}] for both a
    deferral (one entry) and instalments."""
    return [
        Tranche(dt.date.fromisoformat(e["due_on"]), Decimal(e["amount"])) for e in plan.instalments
    ]


def payment_schedule(case: Case) -> list[Tranche]:
    """When which part of the fine is due: the 15-day date, rescheduled by each approved plan in
    turn (the paid part keeping its dates, `latefees.schedule_after_plan`)."""
    due = _base_due(case)
    if not fine_due(case) or due is None:
        return []
    fine = Decimal(case.fine or 0)
    schedule = [Tranche(due, fine)]
    for plan in case.payment_plans.order_by("approved_on", "created_at"):
        remainder = plan_tranches(plan)
        paid = fine - sum((t.amount for t in remainder), Decimal(0))
        schedule = schedule_after_plan(schedule, paid, remainder)
    return schedule


def remedy_pauses(case: Case) -> list[Pause]:
    return [Pause(p.started_on, p.ended_on) for p in case.remedy_pauses.all()]


def payments_made(case: Case) -> list[Paid]:
    return [Paid(p.paid_on, p.amount) for p in case.payments.all()]


def payment_account(case: Case, on: dt.date) -> Account:
    """The fine account of `case` on day `on` (all zero when no fine is due)."""
    return account(payment_schedule(case), on, remedy_pauses(case), payments_made(case))


@dataclass(frozen=True)
class CourtWindow:
    """When the agency may apply to the court: strictly after `opens_after`, and within the
    three months ending `closes_on` (None: §53's three months do not apply)."""

    pending: str  # non-empty while a 复议/诉讼 is under way: no application then
    opens_after: dt.date | None
    closes_on: dt.date | None
    basis: str


def court_window(case: Case) -> CourtWindow:
    """The application window of 强制法 §53 for this case.

    - No 复议/诉讼: the party may still apply for 复议 for 60 days (复议法 §20) and sue for six
      months (诉讼法 §46) after learning of the decision, i.e. after service. §53 lets the agency
      apply only once the party has let both periods lapse, and then within three months.
    - 复议 decided (the pause's end is the day the party received the 复议决定): the party may
      still sue within 15 days (诉讼法 §45); the same three months run from that lapse.
    - 诉讼 ended: the decision stands by an effective judgment. §53 (which presupposes that the
      party did not sue) no longer sets the limit; enforcement follows 诉讼法 §95 and the court's
      two-year period (行诉解释 §153), so only the start is kept and no three-month window.
    - 延期/分期 approved: 处罚法 §72 ② counts the application period from the end of the
      deferral or of the last instalment, when that is later.
    - A 复议/诉讼 still pending: no application (§53 requires that none was brought).

    Raises: CalendarUnknownYear.
    """
    pauses = list(case.remedy_pauses.order_by("started_on", "created_at"))
    if any(p.ended_on is None for p in pauses):
        kind = next(p for p in pauses if p.ended_on is None).get_kind_display()
        return CourtWindow(f"当事人已申请{kind}，尚未结束", None, None, "")
    if case.served_on is None:
        return CourtWindow("行政处罚决定书尚未送达", None, None, "")
    latest = pauses[-1] if pauses else None
    closes: dt.date | None
    if latest is not None and latest.ended_on and latest.kind == LITIGATION:
        opens, closes = latest.ended_on, None
        basis = f"行政诉讼于{latest.ended_on.isoformat()}结束"
    elif latest is not None and latest.ended_on:
        opens = calendar.add_days(start=latest.ended_on, days=SUE_AFTER_REVIEW_DAYS)
        closes = months_after(opens, COURT_WINDOW_MONTHS)
        basis = f"收到行政复议决定后十五日的起诉期限至{opens.isoformat()}届满"
    else:
        review = calendar.add_days(start=case.served_on, days=REVIEW_DAYS)
        litigation = months_after(case.served_on, LITIGATION_MONTHS)
        opens = max(review, litigation)
        closes = months_after(opens, COURT_WINDOW_MONTHS)
        basis = f"申请行政复议期限至{review.isoformat()}、提起行政诉讼期限至{litigation.isoformat()}届满"
    plan = case.payment_plans.order_by("-approved_on", "-created_at").first()
    plan_end = max((t.due_on for t in plan_tranches(plan)), default=None) if plan else None
    if plan_end is not None and plan_end > opens:
        opens = plan_end
        closes = months_after(plan_end, COURT_WINDOW_MONTHS) if closes else None
        basis += f"，批准的延期/分期缴纳期限至{plan_end.isoformat()}结束"
    return CourtWindow("", opens, closes, basis)
