"""Guard rails of 执行 and 结案: payment (处罚法 §66–§67, §72–§73), 催告 and the application to the
court (强制法 §34–§35, §53–§54), and what must be settled before a case closes.

The execution services are not status transitions, so their rules are registered under the
service's own action name (`PAYMENT`, `PLAN`, `DEMAND`, `COURT`) and evaluated by the same engine.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sanxiang.cases.deadlines import DEADLINE_RULES, due_after
from sanxiang.cases.models import (
    Case,
    DeadlineKind,
    Demand,
    MeasureStatus,
    ServedDocument,
    ServiceMethod,
)
from sanxiang.cases.payments import court_window, fine_due, payment_account
from sanxiang.cases.rules.base import RuleContext, rule
from sanxiang.cases.rules.recording import SERVICE_ACTIVITIES, av_refusal
from sanxiang.cases.service_consent import platform_consent_on
from sanxiang.cases.states import CaseAction, CaseStatus

A = CaseAction
S = CaseStatus

# Actions of the execution services (not in the transition table).
PAYMENT = "record_payment"
PLAN = "approve_payment_plan"
DEMAND = "serve_demand"
COURT = "record_court_application"
EXECUTION_STATUSES = frozenset({S.SERVED, S.EXECUTING})


def latest_demand(case: Case) -> Demand | None:
    return case.demands.order_by("-served_on", "-created_at").first()


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


@rule(
    "execution_after_service",
    citation="《行政处罚法》第六十一条、第六十六条",
    title="行政处罚决定书送达后方可执行",
    actions={A.EXECUTE},
)
def execution_after_service(ctx: RuleContext) -> str | None:
    case = ctx.case
    served = case.service_records.filter(
        document=ServedDocument.DECISION, served_on__lte=ctx.today
    ).exists()
    if case.served_on is None or case.served_on > ctx.today or not served:
        return "行政处罚决定书送达当事人之后，方可进入执行"
    return None


@rule(
    "execution_stage",
    citation="《行政处罚法》第六十六条、第六十七条",
    title="决定书送达后的执行阶段方可缴款、批准延期分期、催告和申请强制执行",
    actions={PAYMENT, PLAN, DEMAND, COURT},
)
def execution_stage(ctx: RuleContext) -> str | None:
    if ctx.case.status not in EXECUTION_STATUSES:
        return "只有行政处罚决定书送达后（送达、执行阶段）才能办理罚款的缴纳和执行"
    if not fine_due(ctx.case):
        return "本案处罚决定没有需要缴纳的罚款"
    return None


@rule(
    "payment_plan_applied_before_due",
    citation="《行政处罚法》第六十六条第二款",
    title="延期、分期缴纳须经当事人在缴纳期限届满前申请并经批准",
    actions={PLAN},
    needs_payload=True,
)
def payment_plan_applied_before_due(ctx: RuleContext) -> str | None:
    # A plan reschedules the unpaid fine from its approval on. Granting it for an amount already
    # overdue when the party applied would silently waive the 加处罚款 that has accrued, which
    # only an 执行协议 may reduce (强制法 §42); so the party must apply before it falls due.
    applied_on: dt.date | None = ctx.payload.get("applied_on")
    if applied_on is None or not fine_due(ctx.case):
        return None
    acct = payment_account(ctx.case, applied_on)
    if acct.outstanding_principal == 0:
        return "罚款已经缴清，无需延期或者分期缴纳"
    if acct.overdue_principal > 0:
        return (
            f"当事人于{applied_on.isoformat()}申请时，已有{_yuan(acct.overdue_principal)}元罚款逾期未缴；"
            "延期、分期应当在缴纳期限届满前申请，已产生的加处罚款不因批准而免除"
        )
    return None


@rule(
    "demand_after_default",
    citation="《行政强制法》第三十四条、第三十五条、第五十四条",
    title="当事人逾期不履行的，方可催告",
    actions={DEMAND},
    needs_payload=True,
)
def demand_after_default(ctx: RuleContext) -> str | None:
    served_on: dt.date | None = ctx.payload.get("served_on")
    if served_on is None or not fine_due(ctx.case):
        return None
    acct = payment_account(ctx.case, served_on)
    if acct.settled:
        return "当事人已经全部履行缴纳义务，无需催告"
    if acct.due_now == 0:
        due = acct.next_due_on.isoformat() if acct.next_due_on else "—"
        return f"罚款缴纳期限（至{due}）尚未届满，当事人未逾期不履行，不能催告"
    return None


@rule(
    "demand_content",
    citation="《行政强制法》第三十五条",
    title="催告书应载明履行期限、方式、金额（含加处罚款）和陈述申辩权",
    actions={DEMAND},
    needs_payload=True,
)
def demand_content(ctx: RuleContext) -> str | None:
    p = ctx.payload
    served_on: dt.date | None = p.get("served_on")
    if not p.get("statement_rights_stated"):
        return "催告书应当载明当事人依法享有的陈述权和申辩权"
    deadline: dt.date | None = p.get("performance_deadline")
    if served_on is not None and deadline is not None and deadline <= served_on:
        return "催告书载明的履行期限应当晚于催告书送达日期"
    amount: Decimal | None = p.get("amount")
    if served_on is None or amount is None or not fine_due(ctx.case):
        return None
    owed = payment_account(ctx.case, served_on).due_now
    if amount != owed:
        return f"催告金额应为截至{served_on.isoformat()}逾期未缴的罚款和加处罚款合计{_yuan(owed)}元，填写为{_yuan(amount)}元"
    return None


@rule(
    "demand_av_recording",
    citation="《行政处罚法》第四十七条",
    title="列入音像记录事项清单的留置、公告送达须有音像记录",
    actions={DEMAND},
    needs_payload=True,
)
def demand_av_recording(ctx: RuleContext) -> str | None:
    return av_refusal(
        case=ctx.case,
        activity=SERVICE_ACTIVITIES.get(str(ctx.payload.get("method")), ""),
        evidence_ids=ctx.payload.get("evidence_ids") or [],
        on=ctx.today,
    )


@rule(
    "demand_electronic_consent",
    citation="《行政强制法》第三十八条；《民事诉讼法》第九十条",
    title="电子送达催告书须经受送达人同意",
    actions={DEMAND},
    needs_payload=True,
)
def demand_electronic_consent(ctx: RuleContext) -> str | None:
    if ctx.payload.get("method") != ServiceMethod.ELECTRONIC:
        return None
    if ctx.case.service_records.filter(consent_evidence__isnull=False).exists():
        return None
    if platform_consent_on(ctx.case, ctx.payload.get("served_on") or ctx.today):
        return None
    return (
        "当事人未签订同意电子送达的送达地址确认书，催告书应当直接送达或依照民事诉讼法其他方式送达"
    )


def demand_wait_ends(demand: Demand) -> dt.date:
    """The 10th working day after the 催告书 was served (强制法 §54, §69).

    Raises: CalendarUnknownYear.
    """
    rule_ = DEADLINE_RULES[DeadlineKind.DEMAND]
    return due_after(demand.served_on, rule_.days, rule_.unit)


@rule(
    "court_application_after_demand",
    citation="《行政强制法》第五十四条",
    title="催告书送达十个工作日后当事人仍未履行的，方可申请人民法院强制执行",
    actions={COURT},
    needs_payload=True,
)
def court_application_after_demand(ctx: RuleContext) -> str | None:
    applied_on: dt.date | None = ctx.payload.get("applied_on")
    if applied_on is None or not fine_due(ctx.case):
        return None
    demand = latest_demand(ctx.case)
    if demand is None:
        return "申请人民法院强制执行前，应当先书面催告当事人履行义务"
    if demand.court_applied_on is not None:
        return f"已于{demand.court_applied_on.isoformat()}申请人民法院强制执行"
    wait = demand_wait_ends(demand)
    if applied_on <= wait:
        return f"催告书于{demand.served_on.isoformat()}送达，须待十个工作日（至{wait.isoformat()}）届满后当事人仍未履行的，方可申请"
    if payment_account(ctx.case, applied_on).due_now == 0:
        return "当事人已经履行到期的缴纳义务，无需申请强制执行"
    return None


@rule(
    "court_application_after_remedy_periods",
    citation="《行政强制法》第五十三条；《行政复议法》第二十条；《行政诉讼法》第四十五条、第四十六条",
    title="申请复议、提起诉讼的期限届满后，方可申请人民法院强制执行",
    actions={COURT},
    needs_payload=True,
)
def court_application_after_remedy_periods(ctx: RuleContext) -> str | None:
    applied_on: dt.date | None = ctx.payload.get("applied_on")
    if applied_on is None or not fine_due(ctx.case):
        return None
    window = court_window(ctx.case)
    if window.pending:
        return f"{window.pending}，不能申请人民法院强制执行"
    if window.opens_after is not None and applied_on <= window.opens_after:
        return f"{window.basis}，届满后当事人仍不履行的方可申请人民法院强制执行"
    return None


@rule(
    "court_application_within_three_months",
    citation="《行政强制法》第五十三条；《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》第一百五十六条",
    title="自期限届满之日起三个月内申请人民法院强制执行，逾期须有正当理由",
    actions={COURT},
    needs_payload=True,
)
def court_application_within_three_months(ctx: RuleContext) -> str | None:
    applied_on: dt.date | None = ctx.payload.get("applied_on")
    if applied_on is None or not fine_due(ctx.case) or ctx.payload.get("late_reason"):
        return None
    window = court_window(ctx.case)
    if window.closes_on is not None and applied_on > window.closes_on:
        return f"申请强制执行的三个月期限已于{window.closes_on.isoformat()}届满，逾期申请须说明正当理由"
    return None


@rule(
    "close_fine_settled",
    citation="《行政处罚法》第六十七条、第七十二条；《行政强制法》第五十三条",
    title="罚款和加处罚款缴清或已申请人民法院强制执行，方可结案",
    actions={A.CLOSE},
)
def close_fine_settled(ctx: RuleContext) -> str | None:
    case = ctx.case
    if not fine_due(case):
        return None  # no fine, 不予处罚, 移送司法
    acct = payment_account(case, ctx.today)
    if acct.settled or case.demands.filter(court_applied_on__isnull=False).exists():
        return None
    return (
        f"当事人尚欠罚款{_yuan(acct.outstanding_principal)}元、加处罚款{_yuan(acct.outstanding_late_fee)}元，"
        "未缴清且未申请人民法院强制执行，不能结案"
    )


@rule(
    "close_measures_ended",
    citation="《行政强制法》第二十七条、第二十八条；《行政处罚法》第五十六条",
    title="行政强制措施作出处理决定或解除后，方可结案",
    actions={A.CLOSE},
)
def close_measures_ended(ctx: RuleContext) -> str | None:
    active = ctx.case.measures.filter(status=MeasureStatus.ACTIVE)
    if active.exists():
        kinds = "、".join(sorted({m.get_kind_display() for m in active}))
        return f"本案仍有未处理或未解除的行政强制措施（{kinds}），应当先作出处理决定或者解除"
    return None
