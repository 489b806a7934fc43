"""加处罚款 arithmetic (处罚法 §72 ①, §73 ③, §66; 强制法 §45): worked examples and properties."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.cases.latefees import (
    Paid,
    Pause,
    Tranche,
    account,
    allocate,
    late_fee,
    schedule_after_plan,
    schedule_late_fee,
)

D = Decimal
DUE = dt.date(2026, 3, 26)  # served 2026-03-11, + 15 days (处罚法 §67)


def day(n: int) -> dt.date:
    """The n-th day after the due date."""
    return DUE + dt.timedelta(days=n)


# --- worked examples --------------------------------------------------------------------------


def test_article_72_no_late_fee_on_or_before_the_due_date():
    assert late_fee(D("1000"), DUE, DUE - dt.timedelta(days=3)) == 0
    assert late_fee(D("1000"), DUE, DUE) == 0


def test_article_72_three_percent_of_the_fine_per_day_overdue():
    assert late_fee(D("1000"), DUE, day(1)) == D("30.00")
    assert late_fee(D("1000"), DUE, day(5)) == D("150.00")
    assert late_fee(D("3000"), DUE, day(10)) == D("900.00")


def test_article_72_late_fee_capped_at_the_fine_amount():
    assert late_fee(D("1000"), DUE, day(33)) == D("990.00")
    assert late_fee(D("1000"), DUE, day(34)) == D("1000")  # 1,020 capped
    assert late_fee(D("1000"), DUE, day(400)) == D("1000")


def test_article_72_late_fee_rounded_to_the_fen_once():
    # 3% of 333.33 is 9.9999 a day: rounded on the total, not per day.
    assert late_fee(D("333.33"), DUE, day(1)) == D("10.00")
    assert late_fee(D("333.33"), DUE, day(3)) == D("30.00")  # 29.9997


def test_article_73_days_of_review_or_litigation_not_counted():
    pause = Pause(day(3), day(8))  # 6 days of 复议, both ends counted as paused
    assert late_fee(D("1000"), DUE, day(10), [pause]) == D("120.00")  # 10 − 6 = 4 days


def test_article_73_open_pause_stops_the_late_fee():
    pending = Pause(day(2))
    assert late_fee(D("1000"), DUE, day(2), [pending]) == D("30.00")
    assert late_fee(D("1000"), DUE, day(200), [pending]) == D("30.00")


def test_article_73_pause_before_the_due_date_changes_nothing_after_it_ends():
    early = Pause(DUE - dt.timedelta(days=10), DUE - dt.timedelta(days=1))
    assert late_fee(D("1000"), DUE, day(2), [early]) == D("60.00")


def test_article_72_partial_payment_lowers_the_base_from_the_next_day():
    paid = [Paid(day(2), D("400"))]
    # Days 1 and 2 on 1,000 (paying on day 2 still counts day 2), days 3–5 on 600.
    assert late_fee(D("1000"), DUE, day(5), paid=paid) == D("114.00")


def test_article_72_full_payment_stops_the_late_fee():
    paid = [Paid(day(4), D("1000"))]
    assert late_fee(D("1000"), DUE, day(4), paid=paid) == D("120.00")
    assert late_fee(D("1000"), DUE, day(90), paid=paid) == D("120.00")


def test_article_72_payments_beyond_the_fine_do_not_lower_the_base_further():
    # 1,120 paid on day 4 = 1,000 fine + 120 late fee; the fee stays 120.
    paid = [Paid(day(4), D("1120"))]
    assert late_fee(D("1000"), DUE, day(30), paid=paid) == D("120.00")


def test_article_66_instalments_each_overdue_from_its_own_date():
    schedule = [Tranche(DUE, D("500")), Tranche(day(30), D("500"))]
    assert schedule_late_fee(schedule, day(30)) == D("450.00")  # 30 days on the first 500
    assert schedule_late_fee(schedule, day(31)) == D("480.00")  # + 3% of 1,000 on day 31


def test_article_66_paid_instalment_accrues_nothing():
    schedule = [Tranche(DUE, D("500")), Tranche(day(30), D("500"))]
    paid = [Paid(DUE, D("500"))]
    assert schedule_late_fee(schedule, day(30), paid=paid) == 0
    assert schedule_late_fee(schedule, day(32), paid=paid) == D("30.00")


def test_schedule_after_plan_keeps_paid_parts_on_their_old_dates():
    before = [Tranche(DUE, D("1000"))]
    deferred = [Tranche(day(60), D("700"))]
    after = schedule_after_plan(before, D("300"), deferred)
    assert after == [Tranche(DUE, D("300")), Tranche(day(60), D("700"))]
    with pytest.raises(ValueError, match="unpaid part"):
        schedule_after_plan(before, D("300"), [Tranche(day(60), D("600"))])


def test_account_splits_principal_and_late_fee():
    acct = account([Tranche(DUE, D("1000"))], day(5), paid=[Paid(day(5), D("1100"))])
    assert acct.principal_paid == D("1000")
    assert acct.late_fee == D("150.00")
    assert acct.late_fee_paid == D("100")
    assert acct.outstanding == D("50.00")
    assert not acct.settled
    assert acct.next_due_on is None


def test_allocate_pays_the_fine_first_then_the_late_fee():
    before = account([Tranche(DUE, D("1000"))], day(5))
    assert before.outstanding == D("1150.00")
    assert allocate(D("500"), before) == (D("500"), 0, 0)
    assert allocate(D("1100"), before) == (D("1000"), D("100"), 0)
    assert allocate(D("1200"), before) == (D("1000"), D("150.00"), D("50.00"))


def test_negative_amount_refused():
    with pytest.raises(ValueError, match="negative"):
        late_fee(D("-1"), DUE, day(1))


# --- properties -------------------------------------------------------------------------------


def naive(schedule, on, pauses=(), paid=()):
    """The definition, one day at a time."""
    fine = sum((t.amount for t in schedule), D(0))
    total = D(0)
    d = min(t.due_on for t in schedule) + dt.timedelta(days=1)
    while d <= on:
        if not any(p.start <= d and (p.end is None or d <= p.end) for p in pauses):
            due = sum((t.amount for t in schedule if t.due_on < d), D(0))
            principal = min(fine, sum((p.amount for p in paid if p.paid_on < d), D(0)))
            total += D("0.03") * max(D(0), due - principal)
        d += dt.timedelta(days=1)
    return min(fine, total).quantize(D("0.01"), rounding=ROUND_HALF_UP)


amounts = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)
offsets = st.integers(min_value=-20, max_value=200)
pause_st = st.builds(
    lambda a, length, open_: Pause(day(a), None if open_ else day(a + length)),
    offsets,
    st.integers(min_value=0, max_value=60),
    st.booleans(),
)
paid_st = st.builds(lambda n, amount: Paid(day(n), amount), offsets, amounts)
tranche_st = st.builds(lambda n, amount: Tranche(day(n), amount), offsets, amounts)


@settings(max_examples=300, deadline=None)
@given(
    fine=amounts,
    on=offsets,
    pauses=st.lists(pause_st, max_size=3),
    paid=st.lists(paid_st, max_size=4),
)
def test_property_late_fee_never_exceeds_the_fine(fine, on, pauses, paid):
    assert 0 <= late_fee(fine, DUE, day(on), pauses, paid) <= fine


@settings(max_examples=300, deadline=None)
@given(
    fine=amounts,
    on=offsets,
    later=st.integers(min_value=0, max_value=100),
    pauses=st.lists(pause_st, max_size=3),
    paid=st.lists(paid_st, max_size=4),
)
def test_property_late_fee_monotone_in_the_day(fine, on, later, pauses, paid):
    assert late_fee(fine, DUE, day(on), pauses, paid) <= late_fee(
        fine, DUE, day(on + later), pauses, paid
    )


@settings(max_examples=200, deadline=None)
@given(
    fine=amounts,
    before=st.integers(min_value=0, max_value=365),
    pauses=st.lists(pause_st, max_size=3),
    paid=st.lists(paid_st, max_size=4),
)
def test_property_late_fee_zero_until_the_due_date(fine, before, pauses, paid):
    assert late_fee(fine, DUE, DUE - dt.timedelta(days=before), pauses, paid) == 0


@settings(max_examples=300, deadline=None)
@given(
    schedule=st.lists(tranche_st, min_size=1, max_size=4),
    on=offsets,
    pauses=st.lists(pause_st, max_size=3),
    paid=st.lists(paid_st, max_size=4),
)
def test_property_runs_equal_the_day_by_day_definition(schedule, on, pauses, paid):
    assert schedule_late_fee(schedule, day(on), pauses, paid) == naive(
        schedule, day(on), pauses, paid
    )


@settings(max_examples=200, deadline=None)
@given(fine=amounts, on=offsets, pauses=st.lists(pause_st, max_size=3))
def test_property_paying_the_account_settles_it_for_good(fine, on, pauses):
    schedule = [Tranche(DUE, fine)]
    before = account(schedule, day(on), pauses)
    to_fine, to_fee, excess = allocate(before.outstanding, before)
    assert excess == 0
    paid = [Paid(day(on), before.outstanding)]
    assert account(schedule, day(on), pauses, paid).settled
    assert account(schedule, day(on + 100), pauses, paid).settled
