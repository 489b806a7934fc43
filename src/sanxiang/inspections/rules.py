"""Guard rails of the 行政检查 actions, registered into the case engine's rule registry
(`cases.rules.base.rule(..., kinds=["inspection"])`) when the app is ready.

On site: two inspectors with valid 执法证 (处罚法 §42), the certificate shown (§55), the party or a
见证人 present and the 笔录 signed or the refusal noted (强制法 §18 as applied to 现场笔录), and
音像记录 when the agency's 音像记录事项清单 lists the activity (处罚法 §47). After a 责令改正: the
复查 comes on or after the due date unless the party reports the correction done, and a 复查 that
finds it not done is a 转立案, not a 复查合格.
"""

from __future__ import annotations

from sanxiang.cases.rules.base import RuleContext, rule
from sanxiang.cases.rules.recording import CITATION as AV_CITATION
from sanxiang.cases.rules.recording import av_refusal
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.inspections.party_report import party_reported_done_by
from sanxiang.organisations.rules import valid_certificate

A = CaseAction
KIND = ("inspection",)
SITE_ACTIVITY = "现场检查"
RECHECK_ACTIVITY = "现场复查"
ON_SITE = {A.INSPECTION_RECORD, A.INSPECTION_RECHECK}

CERTIFICATE_NOT_SHOWN = "执法人员进行检查时应当主动向当事人或者有关人员出示执法证件"
NOBODY_PRESENT = "现场检查应当有当事人或其负责人在场；当事人不在场的，应当邀请见证人到场"
UNSIGNED = "现场检查笔录应当由当事人核对签名；当事人拒绝签名的，应当注明情况"
RECHECK_EARLY = "改正期限至{due}届满，当事人未报告提前完成整改的，复查应在期限届满后进行"
NOT_CORRECTED = "复查发现未按要求改正的，应当“转立案查处”，不能作出复查合格结论"
DATE_IN_FUTURE = "{what}不能晚于今天"
RECHECK_REQUIRED = "责令改正后转立案的，请填写复查日期和复查情况（未按要求改正的事实）"


@rule(
    "inspection_two_certified_officers",
    citation="《行政处罚法》第四十二条",
    title="检查人员不少于两人且持有有效执法证",
    actions=ON_SITE,
    kinds=KIND,
)
def inspection_two_certified_officers(ctx: RuleContext) -> str | None:
    case = ctx.case
    team = [a.officer for a in case.assignments.filter(active=True).select_related("officer")]
    lacking = [o.name for o in team if valid_certificate(o, case.field.code, ctx.today) is None]
    if lacking:
        return f"{'、'.join(lacking)}没有{ctx.today.isoformat()}有效的“{case.field.name}”类执法证"
    if len(team) < 2:
        return f"检查人员不得少于两人，本次检查在办执法人员仅 {len(team)} 人"
    return None


@rule(
    "inspection_certificate_shown",
    citation="《行政处罚法》第五十五条",
    title="检查时应当出示执法证件",
    actions=ON_SITE,
    needs_payload=True,
    kinds=KIND,
)
def inspection_certificate_shown(ctx: RuleContext) -> str | None:
    return None if ctx.payload.get("certificate_shown") else CERTIFICATE_NOT_SHOWN


@rule(
    "inspection_party_or_attestor",
    citation="《行政强制法》第十八条、《行政处罚法》第五十五条",
    title="当事人在场或见证人到场，笔录经签名或注明拒签",
    actions={A.INSPECTION_RECORD},
    needs_payload=True,
    kinds=KIND,
)
def inspection_party_or_attestor(ctx: RuleContext) -> str | None:
    p = ctx.payload
    if not p.get("party_present") and not p.get("attestor"):
        return NOBODY_PRESENT
    if not p.get("signed_by_party") and not p.get("refusal_note"):
        return UNSIGNED
    return None


@rule(
    "inspection_av_recording",
    citation=AV_CITATION,
    title="列入音像记录事项清单的现场检查须有音像记录",
    actions=ON_SITE,
    needs_payload=True,
    kinds=KIND,
)
def inspection_av_recording(ctx: RuleContext) -> str | None:
    activity = SITE_ACTIVITY if ctx.action == A.INSPECTION_RECORD else RECHECK_ACTIVITY
    return av_refusal(
        case=ctx.case,
        activity=activity,
        evidence_ids=ctx.payload.get("evidence_ids") or [],
        on=ctx.today,
    )


@rule(
    "inspection_dates",
    citation="《行政处罚法》第五十五条",
    title="检查、复查日期如实记录",
    actions={A.INSPECTION_RECORD, A.INSPECTION_RECHECK, A.INSPECTION_TRANSFER},
    needs_payload=True,
    kinds=KIND,
)
def inspection_dates(ctx: RuleContext) -> str | None:
    for key, what in (("inspected_on", "检查日期"), ("rechecked_on", "复查日期")):
        day = ctx.payload.get(key)
        if day is not None and day > ctx.today:
            return DATE_IN_FUTURE.format(what=what)
    return None


@rule(
    "inspection_recheck_after_due_date",
    citation="责令改正通知书确定的期限",
    title="复查在改正期限届满后进行（当事人报告提前完成的除外）",
    actions={A.INSPECTION_RECHECK},
    needs_payload=True,
    kinds=KIND,
)
def inspection_recheck_after_due_date(ctx: RuleContext) -> str | None:
    p = ctx.payload
    if not p.get("corrected"):
        return NOT_CORRECTED
    due = ctx.case.inspection.correction_due_on
    day = p.get("rechecked_on")
    if due is None or day is None or day >= due:
        return None
    # The officer's note that the party reported it, or the party's own report taken online.
    if p.get("party_reported_done") or party_reported_done_by(ctx.case, day):
        return None
    return RECHECK_EARLY.format(due=due.isoformat())


@rule(
    "inspection_transfer_after_recheck",
    citation="责令改正通知书确定的期限",
    title="责令改正后转立案须记录复查情况",
    actions={A.INSPECTION_TRANSFER},
    needs_payload=True,
    kinds=KIND,
)
def inspection_transfer_after_recheck(ctx: RuleContext) -> str | None:
    if ctx.case.status != CaseStatus.INSPECTION_RECTIFYING:
        return None
    p = ctx.payload
    if p.get("rechecked_on") is None or not p.get("recheck_findings"):
        return RECHECK_REQUIRED
    return None
