"""执行 through the services: payment and 加处罚款, 延期/分期, 复议/诉讼, 催告, the application to the
court, and the rules on 执行 and 结案. Each legal rule is refused and allowed, named after its article.

The case: 3,000 元 fine (90 元 a day overdue), decided 2026-03-19, served 2026-03-20. Fifteen days
end on 2026-04-04, a 清明 holiday, so the fine is due on Tuesday 2026-04-07 (处罚法 §67 with
民法典 §203). 复议 is possible until 2026-05-19 (60 days) and 诉讼 until 2026-09-20 (six months; a
Sunday but a 调休 workday, so it stays), after which the court may be asked until 2026-12-21
(three months end on Sunday 12-20).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sanxiang.cases.models import (
    CoerciveMeasure,
    Deadline,
    DeadlineKind,
    DeadlineState,
    MeasureKind,
    MeasureStatus,
    ServedDocument,
)
from sanxiang.cases.payments import court_window, payment_account
from sanxiang.cases.services import (
    case_action_options,
    court_application_record,
    demand_serve,
    payment_plan_approve,
    payment_record,
    remedy_pause_end,
    remedy_pause_start,
)
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, act, make_world, to_notified
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry

A = CaseAction
S = CaseStatus
K = DeadlineKind
D = Decimal
pytestmark = pytest.mark.django_db

DECIDED = dt.date(2026, 3, 19)
SERVED = dt.date(2026, 3, 20)
DUE = dt.date(2026, 4, 7)
LAPSE = dt.date(2026, 9, 20)
CLOSES = dt.date(2026, 12, 21)
APPLIED_ON = dt.date(2026, 3, 24)
PLAN_ON = dt.date(2026, 3, 25)
receipts = iter(range(1, 10_000))


def d(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def case(world):
    """A case whose 3,000 元 decision was served on 2026-03-20."""
    c = to_notified(world)
    c = act(world, c, A.SUBMIT_FOR_DECISION, DECIDED)
    c = act(world, c, A.DECIDE, DECIDED)
    return act(world, c, A.SERVE, SERVED)


def pay(world, case, amount, on, user=None, **extra):
    payload = {"amount": str(amount), "paid_on": on, "receipt_number": f"FS{next(receipts):06d}"}
    return payment_record(
        user=user or world.officer, case_id=case.pk, payload={**payload, **extra}, today=on
    )


def demand(world, case, on, user=None, **extra):
    payload = {
        "served_on": on,
        "recipient": case.party_name,
        "performance_deadline": on + dt.timedelta(days=10),
        "payment_method": "到指定银行或通过电子支付系统缴纳",
        "content": "请于期限内缴纳罚款及加处罚款，逾期将依法申请人民法院强制执行",
        "statement_rights_stated": True,
        **extra,
    }
    return demand_serve(user=user or world.officer, case_id=case.pk, payload=payload, today=on)


def apply_to_court(world, case, on, **extra):
    payload = {
        "applied_on": on,
        "court": "陵川县人民法院",
        "materials": "强制执行申请书、行政处罚决定书、催告书及送达回证",
        **extra,
    }
    return court_application_record(
        user=world.agency_head, case_id=case.pk, payload=payload, today=on
    )


def start_remedy(world, case, kind, on):
    payload = {"kind": kind, "started_on": on, "authority": "陵川县人民政府"}
    return remedy_pause_start(user=world.officer, case_id=case.pk, payload=payload, today=on)


def end_remedy(world, case, on):
    payload = {"ended_on": on, "outcome": "维持原行政处罚决定"}
    return remedy_pause_end(user=world.officer, case_id=case.pk, payload=payload, today=on)


def approve_plan(world, case, on=PLAN_ON, applied_on=APPLIED_ON, **plan):
    payload = {"applied_on": applied_on, "reason": "当事人经营困难，提供了财务报表", **plan}
    return payment_plan_approve(user=world.unit_head, case_id=case.pk, payload=payload, today=on)


def refused(call, code):
    with pytest.raises(RuleViolation) as err:
        call()
    assert err.value.code == code, err.value.message
    return err.value


# --- 处罚法 §67, §72: due date, payment, 加处罚款 -----------------------------------------------


def test_article_67_fine_due_fifteen_days_after_service_moved_off_the_holiday(case):
    clock = Deadline.objects.get(case=case, kind=K.PAYMENT)
    assert clock.due_on == DUE  # 04-04 … 04-06 are the 清明 break
    assert payment_account(case, DUE).late_fee == 0
    assert payment_account(case, DUE + dt.timedelta(days=1)).late_fee == D("90.00")


def test_article_72_payment_on_time_settles_the_fine(world, case):
    payment = pay(world, case, 3000, DUE)
    assert payment.late_fee == 0
    assert payment_account(case, d(6, 1)).settled
    clock = Deadline.objects.get(case=case, kind=K.PAYMENT)
    assert (clock.state, clock.ended_on) == (DeadlineState.MET, DUE)
    step = case.steps.get(action="payment")
    assert step.content["to_fine"] == "3000.00"
    assert step.content["fine_outstanding"] == "0.00"
    event = AuditEvent.objects.get(event="cases.payment.recorded")
    assert event.new["receipt_number"] == payment.receipt_number
    assert LedgerEntry.objects.filter(kind="cases.payment.recorded").count() == 1


def test_article_72_late_payment_goes_to_the_fine_first_then_the_late_fee(world, case):
    first = pay(world, case, 3000, d(4, 10))  # three days late: 270 元 accrued
    assert first.late_fee == 0
    acct = payment_account(case, d(5, 1))
    assert (acct.outstanding_principal, acct.outstanding_late_fee) == (0, D("270.00"))
    second = pay(world, case, 270, d(4, 13))
    assert second.late_fee == D("270")
    assert payment_account(case, d(12, 1)).settled


def test_article_72_partial_payment_lowers_the_daily_late_fee(world, case):
    pay(world, case, 1000, d(4, 8))
    # 04-08 on 3,000 (paid that day), 04-09 and 04-10 on 2,000.
    assert payment_account(case, d(4, 10)).late_fee == D("210.00")


def test_article_72_late_fee_capped_at_the_fine(case):
    assert payment_account(case, d(5, 11)).late_fee == D("3000")  # 34 days: 3,060 capped
    assert payment_account(case, d(5, 10)).late_fee == D("2970.00")


def test_article_67_payment_refused_before_the_decision_is_served(world):
    c = to_notified(world)
    c = act(world, c, A.SUBMIT_FOR_DECISION, DECIDED)
    c = act(world, c, A.DECIDE, DECIDED)
    refused(lambda: pay(world, c, 3000, DECIDED), "execution_stage")


def test_article_67_payment_allowed_while_executing(world, case):
    case = act(world, case, A.EXECUTE, SERVED)
    assert case.status == S.EXECUTING
    assert pay(world, case, 3000, DUE).amount == D("3000")


def test_payment_refused_when_more_than_owed(world, case):
    with pytest.raises(ValidationFailed) as err:
        pay(world, case, "3000.01", DUE)
    assert err.value.code == "overpaid"
    assert "3000.00" in err.value.message
    assert not case.payments.exists()


def test_payment_receipt_recorded_once(world, case):
    pay(world, case, 1000, DUE, receipt_number="FS-1")
    with pytest.raises(ValidationFailed) as err:
        pay(world, case, 1000, DUE, receipt_number="FS-1")
    assert err.value.code == "duplicate_receipt"


def test_payment_refused_out_of_date_order_or_in_the_future(world, case):
    pay(world, case, 1000, DUE)
    with pytest.raises(ValidationFailed):
        pay(world, case, 1000, DUE - dt.timedelta(days=1))
    with pytest.raises(ValidationFailed) as err:
        payment_record(
            user=world.officer,
            case_id=case.pk,
            payload={"amount": "1", "paid_on": d(5, 1), "receipt_number": "X"},
            today=d(4, 30),
        )
    assert err.value.code == "date_in_future"


def test_payment_refused_for_unassigned_staff_and_other_agency(world, case):
    with pytest.raises(NotFound):  # an officer not on the case does not see it
        pay(world, case, 1000, DUE, user=world.uncertified)
    with pytest.raises(Forbidden):  # the reviewer sees it but does not execute it
        pay(world, case, 1000, DUE, user=world.reviewer)
    other = make_world("他局")
    with pytest.raises(NotFound):
        pay(world, case, 1000, DUE, user=other.officer)


# --- 处罚法 §66: 延期 / 分期 -----------------------------------------------------------------------


def test_article_66_deferral_moves_the_due_date(world, case):
    plan = approve_plan(world, case, deferred_to=d(5, 1))  # 劳动节: moves to 05-06
    assert plan.deferred_to == d(5, 6)
    assert plan.approved_by == world.unit_head.officer
    clocks = Deadline.objects.filter(case=case, kind=K.PAYMENT)
    assert clocks.get(object_id="").state == DeadlineState.CANCELLED
    running = clocks.get(state=DeadlineState.RUNNING)
    assert (running.due_on, running.citation) == (d(5, 6), "《行政处罚法》第六十六条")
    assert payment_account(case, d(5, 6)).late_fee == 0
    assert payment_account(case, d(5, 7)).late_fee == D("90.00")
    assert case.steps.get(action="payment_plan").label == "批准延期缴纳罚款"


def test_article_66_instalments_each_due_on_its_own_date(world, case):
    approve_plan(
        world,
        case,
        instalments=[
            {"due_on": d(4, 30), "amount": "1000"},
            {"due_on": d(5, 30), "amount": "2000"},  # a Saturday: moves to 06-01
        ],
    )
    pay(world, case, 1000, d(4, 30))
    clocks = Deadline.objects.filter(case=case, kind=K.PAYMENT).exclude(object_id="")
    assert [(c.due_on, c.state) for c in clocks] == [
        (d(4, 30), DeadlineState.MET),
        (d(6, 1), DeadlineState.RUNNING),
    ]
    assert payment_account(case, d(6, 1)).late_fee == 0
    assert payment_account(case, d(6, 3)).late_fee == D("120.00")  # 2 days × 3% of 2,000


def test_article_66_plan_refused_when_applied_after_the_due_date(world, case):
    err = refused(
        lambda: approve_plan(world, case, on=d(4, 9), applied_on=d(4, 8), deferred_to=d(6, 1)),
        "payment_plan_applied_before_due",
    )
    assert err.citation == "《行政处罚法》第六十六条第二款"
    assert "3,000.00元罚款逾期未缴" in err.message


def test_article_66_plan_allowed_when_applied_on_the_due_date(world, case):
    plan = approve_plan(world, case, on=d(4, 9), applied_on=DUE, deferred_to=d(6, 1))
    assert plan.deferred_to == d(6, 1)
    assert payment_account(case, d(4, 9)).late_fee == 0


def test_article_66_plan_approved_only_by_a_head(world, case):
    with pytest.raises(Forbidden):
        payment_plan_approve(
            user=world.officer,
            case_id=case.pk,
            payload={"applied_on": d(3, 24), "reason": "困难", "deferred_to": d(5, 6)},
            today=d(3, 25),
        )


@pytest.mark.parametrize(
    "plan",
    [
        {},
        {"deferred_to": d(5, 6), "instalments": [{"due_on": d(5, 6), "amount": "3000"}]},
        {"deferred_to": d(4, 7)},
        {"instalments": [{"due_on": d(5, 6), "amount": "3000"}]},
        {
            "instalments": [
                {"due_on": d(5, 6), "amount": "1000"},
                {"due_on": d(6, 1), "amount": "1000"},
            ]
        },
        {
            "instalments": [
                {"due_on": d(6, 1), "amount": "1000"},
                {"due_on": d(5, 6), "amount": "2000"},
            ]
        },
    ],
)
def test_article_66_plan_must_reschedule_exactly_the_unpaid_fine(world, case, plan):
    with pytest.raises(ValidationFailed) as err:
        approve_plan(world, case, **plan)
    assert err.value.code == "invalid_plan"


# --- 处罚法 §73: 复议 / 诉讼 --------------------------------------------------------------------


def test_article_73_late_fee_not_counted_during_review(world, case):
    start_remedy(world, case, "review", d(4, 13))
    assert payment_account(case, d(4, 30)).late_fee == D("450.00")  # 04-08 … 04-12 only
    end_remedy(world, case, d(4, 20))
    assert payment_account(case, d(4, 22)).late_fee == D("630.00")  # + 04-21, 04-22
    assert [s.action for s in case.steps.all()][-2:] == ["remedy_started", "remedy_ended"]


def test_article_73_remedy_start_refused_while_one_is_pending(world, case):
    start_remedy(world, case, "review", d(4, 13))
    refused(lambda: start_remedy(world, case, "litigation", d(4, 14)), "remedy_pending")


def test_article_73_remedy_end_refused_when_none_pending(world, case):
    refused(lambda: end_remedy(world, case, d(4, 20)), "remedy_not_pending")


# --- 强制法 §34–§35, §54: 催告 ---------------------------------------------------------------------


def test_article_54_demand_refused_before_the_fine_is_overdue(world, case):
    err = refused(lambda: demand(world, case, DUE), "demand_after_default")
    assert "2026-04-07" in err.message


def test_article_54_demand_after_default_starts_the_ten_working_day_wait(world, case):
    served = demand(world, case, d(4, 10), amount="3270.00")
    assert served.amount == D("3270.00")  # 3,000 + 3 days × 90
    wait = Deadline.objects.get(case=case, kind=K.DEMAND)
    assert (wait.due_on, wait.object_id) == (d(4, 24), str(served.pk))
    court = Deadline.objects.get(case=case, kind=K.COURT_APPLICATION)
    assert (court.starts_on, court.due_on) == (LAPSE, CLOSES)
    assert case.service_records.filter(document=ServedDocument.DEMAND).count() == 1
    assert LedgerEntry.objects.filter(kind="cases.demand.served").count() == 1


def test_article_35_demand_amount_must_include_the_late_fee(world, case):
    err = refused(lambda: demand(world, case, d(4, 10), amount="3000"), "demand_content")
    assert "3,270.00" in err.message


def test_article_35_demand_must_state_the_right_to_be_heard(world, case):
    refused(lambda: demand(world, case, d(4, 10), statement_rights_stated=False), "demand_content")


def test_demand_for_a_missed_instalment_asks_only_what_is_due(world, case):
    approve_plan(
        world,
        case,
        instalments=[
            {"due_on": d(4, 30), "amount": "1000"},
            {"due_on": d(9, 22), "amount": "2000"},
        ],
    )
    served = demand(world, case, d(5, 6))
    assert served.amount == D("1180.00")  # 1,000 + 05-01 … 05-06 at 30 a day


def test_full_payment_stops_the_enforcement_clocks(world, case):
    demand(world, case, d(4, 10))
    pay(world, case, "3270", d(4, 10))
    states = set(
        Deadline.objects.filter(case=case, kind__in=[K.DEMAND, K.COURT_APPLICATION]).values_list(
            "state", flat=True
        )
    )
    assert states == {DeadlineState.MET}


# --- 强制法 §53–§55: 申请人民法院强制执行 ----------------------------------------------------------


def test_article_54_court_application_refused_without_demand(world, case):
    err = refused(lambda: apply_to_court(world, case, d(9, 21)), "court_application_after_demand")
    assert "催告" in err.message


def test_article_54_court_application_refused_within_ten_working_days_of_demand(world, case):
    demand(world, case, d(4, 10))
    start_remedy(world, case, "litigation", d(4, 13))
    end_remedy(world, case, d(4, 20))
    refused(lambda: apply_to_court(world, case, d(4, 24)), "court_application_after_demand")
    assert apply_to_court(world, case, d(4, 27)).court_applied_on == d(4, 27)


def test_article_53_court_application_refused_before_the_remedy_periods_lapse(world, case):
    demand(world, case, d(4, 10))
    err = refused(
        lambda: apply_to_court(world, case, LAPSE), "court_application_after_remedy_periods"
    )
    assert "2026-05-19" in err.message  # 复议 60 days
    assert "2026-09-20" in err.message  # 诉讼 six months


def test_article_53_court_application_allowed_after_the_remedy_periods(world, case):
    demand(world, case, d(4, 10))
    applied = apply_to_court(world, case, d(9, 21))
    assert (applied.court_applied_on, applied.court) == (d(9, 21), "陵川县人民法院")
    states = Deadline.objects.filter(
        case=case, kind__in=[K.DEMAND, K.COURT_APPLICATION]
    ).values_list("state", flat=True)
    assert set(states) == {DeadlineState.MET}
    step = case.steps.get(action="court_application")
    assert step.content["amount"] == "6000.00"  # the fine and the capped 加处罚款
    assert step.actor == world.agency_head.officer


def test_article_53_court_application_refused_while_review_pending(world, case):
    demand(world, case, d(4, 10))
    start_remedy(world, case, "review", d(4, 13))
    err = refused(
        lambda: apply_to_court(world, case, d(9, 21)), "court_application_after_remedy_periods"
    )
    assert "行政复议" in err.message
    assert not Deadline.objects.filter(
        case=case, kind=K.COURT_APPLICATION, state=DeadlineState.RUNNING
    ).exists()


def test_article_53_after_review_the_party_has_fifteen_days_to_sue(world, case):
    demand(world, case, d(4, 10))
    start_remedy(world, case, "review", d(4, 13))
    end_remedy(world, case, d(4, 20))  # + 15 days = 05-05, a holiday: 05-06
    window = court_window(case)
    assert (window.opens_after, window.closes_on) == (d(5, 6), d(8, 6))
    refused(lambda: apply_to_court(world, case, d(5, 6)), "court_application_after_remedy_periods")
    assert apply_to_court(world, case, d(5, 7)).court_applied_on == d(5, 7)


def test_article_53_after_litigation_the_three_months_do_not_apply(world, case):
    demand(world, case, d(4, 10))
    start_remedy(world, case, "litigation", d(4, 13))
    end_remedy(world, case, d(8, 3))
    assert court_window(case).closes_on is None
    refused(lambda: apply_to_court(world, case, d(8, 3)), "court_application_after_remedy_periods")
    assert apply_to_court(world, case, d(8, 4)).court_applied_on == d(8, 4)


def test_article_53_court_application_after_three_months_needs_a_reason(world, case):
    demand(world, case, d(4, 10))
    late = CLOSES + dt.timedelta(days=1)
    err = refused(
        lambda: apply_to_court(world, case, late), "court_application_within_three_months"
    )
    assert "2026-12-21" in err.message
    applied = apply_to_court(world, case, late, late_reason="当事人下落不明，经查找后申请")
    assert applied.court_applied_on == late


def test_article_72_court_application_counts_from_the_end_of_instalments(world, case):
    approve_plan(
        world,
        case,
        instalments=[
            {"due_on": d(4, 30), "amount": "1000"},
            {"due_on": d(9, 22), "amount": "2000"},
        ],
    )
    demand(world, case, d(5, 6))
    err = refused(
        lambda: apply_to_court(world, case, d(9, 21)), "court_application_after_remedy_periods"
    )
    assert "延期/分期缴纳期限至2026-09-22" in err.message
    assert apply_to_court(world, case, d(9, 23)).court_applied_on == d(9, 23)


def test_article_55_court_application_signed_by_the_agency_head(world, case):
    demand(world, case, d(4, 10))
    with pytest.raises(Forbidden) as err:
        court_application_record(
            user=world.unit_head,
            case_id=case.pk,
            payload={"applied_on": d(9, 21), "court": "法院", "materials": "申请书"},
            today=d(9, 21),
        )
    assert "第五十五条" in err.value.message


# --- 执行 and 结案 -------------------------------------------------------------------------------


def test_article_61_execution_refused_before_the_decision_is_served(world, case):
    refused(
        lambda: act(world, case, A.EXECUTE, SERVED - dt.timedelta(days=1)),
        "execution_after_service",
    )


def test_article_61_execution_allowed_once_served(world, case):
    assert act(world, case, A.EXECUTE, SERVED).status == S.EXECUTING


def executing(world, case):
    return act(world, case, A.EXECUTE, SERVED)


def test_article_72_close_refused_while_the_fine_is_unpaid(world, case):
    case = executing(world, case)
    err = refused(lambda: act(world, case, A.CLOSE, DUE), "close_fine_settled")
    assert "尚欠罚款3,000.00元" in err.message
    options = {o.action: o for o in case_action_options(user=world.officer, case=case, today=DUE)}
    assert [r.code for r in options[A.CLOSE].refusals] == ["close_fine_settled"]


def test_article_72_close_refused_while_late_fee_is_unpaid(world, case):
    case = executing(world, case)
    pay(world, case, 3000, d(4, 10))
    err = refused(lambda: act(world, case, A.CLOSE, d(4, 10)), "close_fine_settled")
    assert "加处罚款270.00元" in err.message


def test_article_72_close_allowed_once_fine_and_late_fee_are_paid(world, case):
    case = executing(world, case)
    pay(world, case, 3270, d(4, 10))
    assert act(world, case, A.CLOSE, d(4, 10)).status == S.CLOSED


def test_article_53_close_allowed_after_court_application(world, case):
    case = executing(world, case)
    demand(world, case, d(4, 10))
    apply_to_court(world, case, d(9, 21))
    assert act(world, case, A.CLOSE, d(9, 21)).status == S.CLOSED


def test_article_72_close_allowed_without_a_fine(world):
    c = to_notified(world)
    c = act(world, c, A.SUBMIT_FOR_DECISION, DECIDED)
    c = act(world, c, A.DECIDE_NO_PENALTY, DECIDED)
    assert act(world, c, A.CLOSE, DECIDED).status == S.CLOSED


def test_article_28_close_refused_while_a_measure_is_active(world, case):
    case = executing(world, case)
    pay(world, case, 3000, DUE)
    # The measure row stands for one taken during the investigation (services/coercion.py).
    measure = CoerciveMeasure.objects.create(
        case=case,
        kind=MeasureKind.SEIZURE,
        items=[{"name": "过期食品", "quantity": "12", "unit": "件"}],
        place="当事人仓库",
        reason="涉嫌违法的物品",
        started_on=TODAY,
        due_on=TODAY + dt.timedelta(days=30),
    )
    err = refused(lambda: act(world, case, A.CLOSE, DUE), "close_measures_ended")
    assert "扣押" in err.message
    measure.status = MeasureStatus.RELEASED
    measure.save()
    assert act(world, case, A.CLOSE, DUE).status == S.CLOSED
