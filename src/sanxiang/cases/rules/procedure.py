"""Guard rails of the 行政处罚 procedure (处罚法 2021), each named after its article."""

from __future__ import annotations

from decimal import Decimal

from sanxiang.cases.deadlines import latest_deadline
from sanxiang.cases.models import (
    DeadlineKind,
    Outcome,
    PartyKind,
    PenaltyKind,
    RecusalStatus,
    ServiceMethod,
)
from sanxiang.cases.rules.base import RuleContext, rule
from sanxiang.cases.service_consent import platform_consent_on
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.core.calendar import add_years
from sanxiang.organisations.rules import valid_certificate

A = CaseAction
S = CaseStatus

# 处罚法 §51: 当场处罚 only up to these fines (national law; sector laws may only lower them).
SUMMARY_FINE_LIMIT = {PartyKind.PERSON: Decimal(200), PartyKind.ORGANISATION: Decimal(3000)}
SUMMARY_PENALTIES = {PenaltyKind.WARNING, PenaltyKind.FINE}
LIMITATION_YEARS = 2
LIMITATION_YEARS_LIFE_OR_FINANCE = 5
ADULT_PENALTY_AGE = 14

TEAM_ACTIONS = {
    A.APPROVE_FILING,
    A.CONCLUDE_INVESTIGATION,
    A.ISSUE_NOTICE,
    A.APPLY_SUMMARY,
    A.DECIDE_ON_SITE,
}
DECISIONS = {A.DECIDE, A.DECIDE_NO_PENALTY, A.TRANSFER}


@rule(
    "two_certified_officers",
    citation="《行政处罚法》第四十二条",
    title="执法人员不少于两人且持有有效执法证",
    actions=TEAM_ACTIONS,
)
def two_certified_officers(ctx: RuleContext) -> str | None:
    case = ctx.case
    team = [a.officer for a in case.assignments.filter(active=True).select_related("officer")]
    lacking = [o.name for o in team if valid_certificate(o, case.field.code, ctx.today) is None]
    if lacking:
        return f"{'、'.join(lacking)}没有{ctx.today.isoformat()}有效的“{case.field.name}”类执法证"
    if len(team) < 2:
        return f"执法人员不得少于两人，本案在办执法人员仅 {len(team)} 人"
    return None


@rule(
    "recusal_pending",
    citation="《行政处罚法》第四十三条",
    title="回避申请未决定前不得作出告知或决定",
    actions={A.ISSUE_NOTICE, A.DECIDE, A.DECIDE_NO_PENALTY, A.DECIDE_ON_SITE, A.APPLY_SUMMARY},
)
def recusal_pending(ctx: RuleContext) -> str | None:
    pending = ctx.case.recusals.filter(status=RecusalStatus.PENDING).select_related("officer")
    if pending:
        names = "、".join(r.officer.name for r in pending)
        return f"对{names}的回避申请尚未由负责人决定"
    return None


@rule(
    "limitation_period",
    citation="《行政处罚法》第三十六条",
    title="超过追责时效不予立案",
    actions={A.SUBMIT_FILING, A.APPROVE_FILING, A.APPLY_SUMMARY},
)
def limitation_period(ctx: RuleContext) -> str | None:
    case = ctx.case
    if case.act_continuing or case.act_date is None:
        return None
    start = case.act_ended_on or case.act_date
    years = LIMITATION_YEARS_LIFE_OR_FINANCE if case.harms_life_or_finance else LIMITATION_YEARS
    if add_years(start, years) < case.discovered_on:
        return (
            f"违法行为（{start.isoformat()}{'终了' if case.act_ended_on else '发生'}）"
            f"在{years}年内未被发现，{case.discovered_on.isoformat()}发现时已超过追责时效，不再给予行政处罚"
        )
    return None


@rule(
    "summary_thresholds",
    citation="《行政处罚法》第五十一条",
    title="简易程序仅适用于警告或200元/3000元以下罚款",
    actions={A.APPLY_SUMMARY},
    needs_payload=True,
)
def summary_thresholds(ctx: RuleContext) -> str | None:
    kinds = set(ctx.payload.get("penalties") or [])
    if kinds - SUMMARY_PENALTIES:
        return "当场处罚只能给予警告或者罚款"
    fine = ctx.payload.get("fine")
    limit = SUMMARY_FINE_LIMIT[PartyKind(ctx.case.party_kind)]
    if fine is not None and Decimal(fine) > limit:
        return f"当场处罚对{ctx.case.get_party_kind_display()}的罚款不得超过{limit}元，本案拟罚{fine}元，应适用普通程序"
    if PenaltyKind.FINE in kinds and fine is None:
        return "请填写罚款金额"
    return None


@rule(
    "certificate_shown",
    citation="《行政处罚法》第五十二条、第五十五条",
    title="执法人员应当出示执法证件",
    actions={A.APPLY_SUMMARY},
    needs_payload=True,
)
def certificate_shown(ctx: RuleContext) -> str | None:
    return (
        None
        if ctx.payload.get("certificate_shown")
        else "执法人员当场作出处罚决定前应当向当事人出示执法证件"
    )


@rule(
    "minor_not_punished",
    citation="《行政处罚法》第三十条",
    title="不满十四周岁的未成年人不予处罚",
    actions={A.DECIDE, A.APPLY_SUMMARY, A.ISSUE_NOTICE},
)
def minor_not_punished(ctx: RuleContext) -> str | None:
    case = ctx.case
    if case.party_kind != PartyKind.PERSON or case.party_birth_date is None:
        return None
    act = case.act_date or case.discovered_on
    if add_years(case.party_birth_date, ADULT_PENALTY_AGE) > act:
        return "当事人实施违法行为时不满十四周岁，不予行政处罚，应当责令监护人加以管教"
    return None


@rule(
    "evidence_before_conclusion",
    citation="《行政处罚法》第四十条",
    title="调查终结前应当有证据",
    actions={A.CONCLUDE_INVESTIGATION},
)
def evidence_before_conclusion(ctx: RuleContext) -> str | None:
    has_records = ctx.case.steps.filter(action="record").exists()
    has_evidence = bool(ctx.payload.get("evidence_ids")) or any(
        s.evidence.exists() for s in ctx.case.steps.all()
    )
    if not (has_records or has_evidence):
        return "违法事实不清、证据不足的，不得给予行政处罚：调查终结前至少应有一份笔录或证据"
    return None


@rule(
    "notice_before_decision",
    citation="《行政处罚法》第四十四条、第六十二条",
    title="未告知、未听取陈述申辩不得作出处罚决定",
    actions={A.DECIDE},
)
def notice_before_decision(ctx: RuleContext) -> str | None:
    case = ctx.case
    if case.notice_issued_on is None:
        return (
            "作出行政处罚决定之前，未告知当事人拟处罚的内容及事实、理由、依据和陈述、申辩、听证权利"
        )
    if case.statement_waived or case.statement_heard:
        return None
    clock = latest_deadline(case, DeadlineKind.STATEMENT)
    if clock is not None and ctx.today > clock.due_on:
        return None
    due = clock.due_on.isoformat() if clock else "—"
    return f"当事人陈述、申辩期限（至{due}）未届满，且未听取、复核其陈述申辩"


@rule(
    "no_heavier_after_statement",
    citation="《行政处罚法》第四十五条",
    title="不得因当事人陈述申辩而给予更重的处罚",
    actions={A.DECIDE},
    needs_payload=True,
)
def no_heavier_after_statement(ctx: RuleContext) -> str | None:
    case = ctx.case
    kinds = set(ctx.payload.get("penalties") or [])
    extra = kinds - set(case.notice_penalties)
    if extra:
        labels = "、".join(PenaltyKind(k).label for k in sorted(extra))
        return f"决定增加了告知书未载明的处罚种类（{labels}），应当重新告知"
    for field, label in (("fine", "罚款"), ("confiscation", "没收")):
        decided, notified = ctx.payload.get(field), getattr(case, f"notice_{field}")
        if decided is not None and Decimal(decided) > (notified or Decimal(0)):
            return f"决定的{label}金额 {decided} 元高于告知的 {notified or 0} 元，应当重新告知"
    return None


@rule(
    "legal_review_gate",
    citation="《行政处罚法》第五十八条",
    title="重大执法决定未经法制审核或审核未通过的不得作出决定",
    actions={A.DECIDE, A.DECIDE_NO_PENALTY, A.SUBMIT_FOR_DECISION, A.SUBMIT_DELIBERATION},
)
def legal_review_gate(ctx: RuleContext) -> str | None:
    case = ctx.case
    if case.is_major and not case.legal_review_passed:
        return "本案属于重大执法决定法制审核目录清单范围，须经法制审核通过后方可决定"
    return None


@rule(
    "deliberation_required",
    citation="《行政处罚法》第五十七条第二款",
    title="情节复杂或者重大违法行为须经集体讨论决定",
    actions={A.DECIDE, A.DECIDE_NO_PENALTY},
)
def deliberation_required(ctx: RuleContext) -> str | None:
    case = ctx.case
    needs = case.complex_or_major or case.outside_tier
    if needs and case.status != S.DELIBERATION:
        why = (
            "超出裁量基准阶次"
            if case.outside_tier and not case.complex_or_major
            else "情节复杂或者重大违法行为"
        )
        return f"本案{why}，应当由负责人集体讨论决定"
    if (
        case.status == S.DELIBERATION
        and ctx.has_payload
        and not ctx.payload.get("deliberation_minutes")
    ):
        return "请记录集体讨论情况（参加人员、讨论意见、结论）"
    return None


@rule(
    "decision_within_time_limit",
    citation="《行政处罚法》第六十条",
    title="自立案之日起九十日内作出决定（延长须经批准）",
    actions=DECISIONS,
)
def decision_within_time_limit(ctx: RuleContext) -> str | None:
    clock = latest_deadline(ctx.case, DeadlineKind.CASE_DECISION)
    if clock is not None and ctx.today > clock.due_on:
        return f"办案期限已于{clock.due_on.isoformat()}届满，须先办理延长办案期限审批"
    return None


@rule(
    "correction_order_required",
    citation="《行政处罚法》第二十八条",
    title="实施行政处罚时应当责令当事人改正或者限期改正",
    actions={A.DECIDE, A.DECIDE_ON_SITE},
    needs_payload=True,
)
def correction_order_required(ctx: RuleContext) -> str | None:
    return (
        None
        if ctx.payload.get("correction_order")
        else "处罚决定应当载明责令改正或者限期改正的内容"
    )


@rule(
    "education_on_no_penalty",
    citation="《行政处罚法》第三十三条",
    title="不予处罚的应当对当事人进行教育",
    actions={A.DECIDE_NO_PENALTY},
    needs_payload=True,
)
def education_on_no_penalty(ctx: RuleContext) -> str | None:
    outcome = ctx.payload.get("outcome")
    if outcome in (Outcome.PENALISE, Outcome.TRANSFER):
        return "不予处罚决定的情形只能是轻微不罚、首违不罚或违法事实不能成立"
    if outcome in (Outcome.NO_PENALTY_MINOR, Outcome.NO_PENALTY_FIRST) and not ctx.payload.get(
        "education"
    ):
        return "依法不予行政处罚的，应当对当事人进行教育，请记录教育情况"
    return None


@rule(
    "electronic_service_consent",
    citation="《行政处罚法》第六十一条第二款",
    title="电子送达须经当事人同意并签订确认书",
    actions={A.SERVE, A.ISSUE_NOTICE},
    needs_payload=True,
)
def electronic_service_consent(ctx: RuleContext) -> str | None:
    method = ctx.payload.get("method") or ctx.payload.get("service_method")
    if method == ServiceMethod.ELECTRONIC and not ctx.payload.get("consent_evidence_id"):
        # The party's 电子送达确认书 signed online counts when in force on the service day.
        if platform_consent_on(ctx.case, ctx.payload.get("served_on") or ctx.today):
            return None
        if (
            ctx.action == A.ISSUE_NOTICE
            or not ctx.case.service_records.filter(consent_evidence__isnull=False).exists()
        ):
            return "采用电子送达须当事人同意并签订送达地址确认书，请上传确认书"
    return None


@rule(
    "service_within_seven_working_days",
    citation="《行政处罚法》第六十一条",
    title="当事人不在场的，决定书应在七个工作日内送达",
    actions={A.SERVE},
    needs_payload=True,
)
def service_within_seven_working_days(ctx: RuleContext) -> str | None:
    served_on = ctx.payload.get("served_on")
    if served_on is None:
        return None
    if served_on > ctx.today:
        return "送达日期不能晚于今天"
    decided_on = ctx.case.decided_on
    if decided_on is not None and served_on < decided_on:
        return f"送达日期不能早于决定日期（{decided_on.isoformat()}）：决定作出后才能送达"
    clock = latest_deadline(ctx.case, DeadlineKind.SERVICE)
    if clock is not None and served_on > clock.due_on and not ctx.payload.get("late_reason"):
        return f"决定书应于{clock.due_on.isoformat()}前送达，超期送达须说明原因"
    return None
