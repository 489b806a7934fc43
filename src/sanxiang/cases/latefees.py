"""加处罚款 (处罚法 §72 ①, 强制法 §45) and the fine account: pure arithmetic, no Django, no calendar.

The law, and how it is read here:

- 处罚法 §67 ②: the fine is due 15 days after service. The caller passes the due date(s) already
  computed by `core.calendar` (a last day on a rest day moves to the next working day).
- 处罚法 §72 ① (一): "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额".
  Every day after a due date on which part of the fine that was due is still unpaid adds 3% of
  that unpaid, overdue part. The base is the unpaid part rather than the whole fine: once the
  party has paid some of it, only the rest is in default, and 强制法 §45 ties the surcharge to
  the money obligation not performed. With nothing paid this is exactly "3% of the fine". The
  total never exceeds the fine (§72, 强制法 §45 ②).
- 处罚法 §73 ③: days of a 行政复议 or 行政诉讼 (a `Pause`, both ends inclusive, open while pending)
  do not count.
- 处罚法 §66: an approved 延期/分期 replaces the due date by a schedule of `Tranche`s; what was
  paid before keeps its old due dates (`schedule_after_plan`).
- A payment is applied to the fine first and to the surcharge after (so the surcharge stops
  growing as soon as the fine itself is paid). A payment made on day d still counts day d as
  overdue: paying one day late costs one day.

Amounts are Decimal yuan; the surcharge is summed exactly and rounded half-up to the fen once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

RATE = Decimal("0.03")  # 处罚法 §72 ① (一): 每日百分之三
FEN = Decimal("0.01")
ZERO = Decimal(0)
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Tranche:
    """An amount of the fine due on a day (the whole fine, a deferred fine or one instalment)."""

    due_on: dt.date
    amount: Decimal


@dataclass(frozen=True)
class Pause:
    """A 复议/诉讼 period, `start` to `end` inclusive; `end` None while still pending."""

    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True)
class Paid:
    paid_on: dt.date
    amount: Decimal


@dataclass(frozen=True)
class Account:
    """Where the party stands on day `on` (payments made up to and including `on`)."""

    on: dt.date
    fine: Decimal
    principal_paid: Decimal
    late_fee: Decimal  # accrued up to `on`, capped, rounded
    late_fee_paid: Decimal
    overdue_principal: Decimal  # unpaid part of what fell due before `on`
    next_due_on: dt.date | None  # the due date of the first tranche not fully paid

    @property
    def outstanding_principal(self) -> Decimal:
        return self.fine - self.principal_paid

    @property
    def outstanding_late_fee(self) -> Decimal:
        return max(ZERO, self.late_fee - self.late_fee_paid)

    @property
    def outstanding(self) -> Decimal:
        return self.outstanding_principal + self.outstanding_late_fee

    @property
    def due_now(self) -> Decimal:
        """What the party is in default of: overdue fine plus unpaid 加处罚款 (not the instalments
        still to come)."""
        return self.overdue_principal + self.outstanding_late_fee

    @property
    def settled(self) -> bool:
        return self.outstanding == ZERO


def _fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def _check(schedule: Sequence[Tranche], paid: Sequence[Paid]) -> None:
    if any(t.amount < 0 for t in schedule) or any(p.amount < 0 for p in paid):
        raise ValueError("amounts must not be negative")


def _merged(pauses: Iterable[Pause], last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The pauses as disjoint inclusive intervals, open ones ending on `last`."""
    spans = sorted((p.start, min(p.end or last, last)) for p in pauses)
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in spans:
        if end < start:
            continue
        if merged and start <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _counted_days(first: dt.date, last: dt.date, paused: list[tuple[dt.date, dt.date]]) -> int:
    """Days from `first` to `last` inclusive that fall outside every pause."""
    if last < first:
        return 0
    days = (last - first).days + 1
    for start, end in paused:
        lo, hi = max(start, first), min(end, last)
        if lo <= hi:
            days -= (hi - lo).days + 1
    return days


def _principal_paid_before(day: dt.date, fine: Decimal, paid: Sequence[Paid]) -> Decimal:
    return min(fine, sum((p.amount for p in paid if p.paid_on < day), ZERO))


def _due_before(day: dt.date, schedule: Sequence[Tranche]) -> Decimal:
    return sum((t.amount for t in schedule if t.due_on < day), ZERO)


def schedule_late_fee(
    schedule: Sequence[Tranche],
    on: dt.date,
    pauses: Iterable[Pause] = (),
    paid: Iterable[Paid] = (),
) -> Decimal:
    """The 加处罚款 accrued from the due dates of `schedule` up to and including day `on`.

    Each day d counts 3% of max(0, fine due before d − fine paid before d), unless d is paused.
    The overdue amount only changes the day after a due date or a payment, so the days are
    summed in runs between those changes rather than one by one.

    Raises: ValueError for a negative amount.
    """
    schedule, payments = list(schedule), list(paid)
    _check(schedule, payments)
    if not schedule:
        return ZERO
    fine = sum((t.amount for t in schedule), ZERO)
    first = min(t.due_on for t in schedule) + ONE_DAY
    if on < first or fine == ZERO:
        return ZERO
    paused = _merged(pauses, on)
    changes = {t.due_on + ONE_DAY for t in schedule} | {p.paid_on + ONE_DAY for p in payments}
    starts = sorted(d for d in changes | {first} if first <= d <= on)
    total = ZERO
    for i, start in enumerate(starts):
        end = starts[i + 1] - ONE_DAY if i + 1 < len(starts) else on
        overdue = _due_before(start, schedule) - _principal_paid_before(start, fine, payments)
        if overdue > 0:
            total += RATE * overdue * _counted_days(start, end, paused)
        if total >= fine:
            return fine  # the cap: never more than the fine (处罚法 §72, 强制法 §45 ②)
    return _fen(total)


def late_fee(
    fine: Decimal,
    due_on: dt.date,
    on: dt.date,
    pauses: Iterable[Pause] = (),
    paid: Iterable[Paid] = (),
) -> Decimal:
    """The 加处罚款 on `fine` due on `due_on`, accrued up to and including `on`.

    >>> late_fee(Decimal("1000"), dt.date(2026, 3, 26), dt.date(2026, 3, 31))
    Decimal('150.00')

    Raises: ValueError for a negative amount.
    """
    return schedule_late_fee([Tranche(due_on, fine)], on, pauses, paid)


def account(
    schedule: Sequence[Tranche],
    on: dt.date,
    pauses: Iterable[Pause] = (),
    paid: Iterable[Paid] = (),
) -> Account:
    """The fine account on day `on`, counting the payments made up to and including `on`.

    Raises: ValueError for a negative amount.
    """
    payments = [p for p in paid if p.paid_on <= on]
    fine = sum((t.amount for t in schedule), ZERO)
    total_paid = sum((p.amount for p in payments), ZERO)
    principal_paid = min(fine, total_paid)
    covered, next_due = ZERO, None
    for tranche in sorted(schedule, key=lambda t: t.due_on):
        covered += tranche.amount
        if covered > principal_paid:
            next_due = tranche.due_on
            break
    overdue = max(ZERO, _due_before(on, schedule) - principal_paid)
    return Account(
        on=on,
        fine=fine,
        principal_paid=principal_paid,
        late_fee=schedule_late_fee(schedule, on, pauses, payments),
        late_fee_paid=total_paid - principal_paid,
        overdue_principal=overdue,
        next_due_on=next_due,
    )


def allocate(amount: Decimal, before: Account) -> tuple[Decimal, Decimal, Decimal]:
    """Split a payment into (to the fine, to the 加处罚款, excess beyond what is owed).

    `before` is the account on the payment day without this payment: the fine comes first.
    """
    to_fine = min(amount, before.outstanding_principal)
    to_fee = min(amount - to_fine, before.outstanding_late_fee)
    return to_fine, to_fee, amount - to_fine - to_fee


def schedule_after_plan(
    schedule: Sequence[Tranche], principal_paid: Decimal, remainder: Sequence[Tranche]
) -> list[Tranche]:
    """The schedule once a 延期/分期 plan (处罚法 §66) reschedules the unpaid `remainder`.

    What was already paid keeps the due dates it was paid against (earliest first), so the plan
    neither creates nor waives 加处罚款 for the past.

    Raises: ValueError when `remainder` does not add up to the unpaid part of the fine.
    """
    fine = sum((t.amount for t in schedule), ZERO)
    if sum((t.amount for t in remainder), ZERO) != fine - principal_paid:
        raise ValueError("the plan must cover exactly the unpaid part of the fine")
    kept: list[Tranche] = []
    left = principal_paid
    for tranche in sorted(schedule, key=lambda t: t.due_on):
        if left <= 0:
            break
        part = min(left, tranche.amount)
        kept.append(Tranche(tranche.due_on, part))
        left -= part
    return kept + list(remainder)
