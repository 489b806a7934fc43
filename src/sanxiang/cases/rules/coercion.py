"""先行登记保存 (处罚法 §56) and 查封/扣押 (行政强制法 §17–§28) during an investigation.

Rules for the measure services are registered under their service names (`measure_apply`, ...)
and evaluated by `services/coercion.py`; the payload then carries the resolved objects
(`officers`, `measure`). Day counts: 先行登记保存 decided within 7 工作日 (处罚法 §85);
查封/扣押 last 30 natural days, once extendable by 30 (强制法 §25, §69).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanxiang.cases.models import CoerciveMeasure, MeasureKind, MeasureStatus
from sanxiang.cases.permissions import is_head
from sanxiang.cases.rules.base import RuleContext, rule
from sanxiang.cases.rules.recording import CITATION as AV_CITATION
from sanxiang.cases.rules.recording import av_refusal
from sanxiang.cases.states import CaseAction
from sanxiang.organisations.rules import valid_certificate

APPLY = "measure_apply"
APPROVE = "measure_approve"
DECIDE = "measure_decide"
EXTEND = "measure_extend"

EMERGENCY_HOURS = 24  # 强制法 §19
SEIZURE_EXTENSION_DAYS = 30  # 强制法 §25 ①
# Activities of the 音像记录事项清单; 先行登记保存 is evidence-taking, listed under its own name.
AV_ACTIVITY = {
    MeasureKind.PRESERVATION: "先行登记保存",
    MeasureKind.SEALING: "查封",
    MeasureKind.SEIZURE: "扣押",
}


def approval_due(started_at: dt.datetime) -> dt.datetime:
    """When the 24 hours for reporting an emergency measure and getting it approved end."""
    return started_at + dt.timedelta(hours=EMERGENCY_HOURS)


def awaiting_approval(measure: CoerciveMeasure) -> bool:
    return (
        measure.emergency
        and measure.approved_by_id is None
        and measure.status == MeasureStatus.ACTIVE
    )


@rule(
    "no_active_measure_at_conclusion",
    citation="《行政处罚法》第五十六条、《行政强制法》第二十七条",
    title="调查终结前应对先行登记保存、查封、扣押的物品作出处理决定或者解除",
    actions={CaseAction.CONCLUDE_INVESTIGATION},
)
def no_active_measure_at_conclusion(ctx: RuleContext) -> str | None:
    active = ctx.case.measures.filter(status=MeasureStatus.ACTIVE)
    if not active.exists():
        return None
    kinds = "、".join(sorted({MeasureKind(m.kind).label for m in active}))
    return f"本案尚有执行中的{kinds}措施，调查终结前应当依法作出处理决定或者解除"


@rule(
    "measure_head_approval",
    citation="《行政强制法》第十八条第一项、第十九条，《行政处罚法》第五十六条",
    title="实施前须报经行政机关负责人批准（情况紧急的当场实施后补办）",
    actions={APPLY},
    needs_payload=True,
)
def measure_head_approval(ctx: RuleContext) -> str | None:
    if ctx.payload.get("emergency"):
        if ctx.payload.get("started_at") is None:
            return "情况紧急当场实施的，须填写实施时间，以便在二十四小时内报告负责人并补办批准手续"
        return None
    if ctx.actor is not None and is_head(ctx.actor.user, ctx.case.agency_id):
        return None
    return "实施前须报经行政机关负责人批准（由负责人登记），情况紧急当场实施的请勾选“情况紧急”"


@rule(
    "measure_two_certified_officers",
    citation="《行政强制法》第十七条、第十八条第二项",
    title="由两名以上具有执法资格的执法人员实施",
    actions={APPLY},
    needs_payload=True,
)
def measure_two_certified_officers(ctx: RuleContext) -> str | None:
    officers = list(ctx.payload.get("officers") or [])
    field = ctx.case.field
    lacking = [o.name for o in officers if valid_certificate(o, field.code, ctx.today) is None]
    if lacking:
        return f"{'、'.join(lacking)}没有{ctx.today.isoformat()}有效的“{field.name}”类执法证"
    if len({o.pk for o in officers}) < 2:
        return f"行政强制措施应当由两名以上行政执法人员实施，本次仅 {len(officers)} 人"
    return None


@rule(
    "measure_inventory",
    citation="《行政强制法》第二十四条、《行政处罚法》第五十六条",
    title="制作清单，载明物品名称、数量",
    actions={APPLY},
    needs_payload=True,
)
def measure_inventory(ctx: RuleContext) -> str | None:
    if ctx.payload.get("items"):
        return None
    return "应当当场制作清单，载明物品名称、数量等，清单至少列明一项物品"


@rule(
    "measure_site_record",
    citation="《行政强制法》第十八条",
    title="出示证件、告知理由依据和权利、听取陈述申辩，现场笔录由当事人或见证人签名",
    actions={APPLY},
    needs_payload=True,
)
def measure_site_record(ctx: RuleContext) -> str | None:
    p = ctx.payload
    if not p.get("certificate_shown"):
        return "执法人员应当出示执法身份证件"
    if p.get("party_present"):
        if not p.get("rights_explained"):
            return (
                "应当当场告知当事人采取行政强制措施的理由、依据以及当事人依法享有的权利、救济途径"
            )
        if not (p.get("signed_by_party") or p.get("refusal_note")):
            return "现场笔录应由当事人和行政执法人员签名或者盖章，当事人拒绝的，在笔录中予以注明"
        return None
    if not (p.get("attestor") and p.get("attestor_signed")):
        return "当事人不到场的，应当邀请见证人到场，由见证人和行政执法人员在现场笔录上签名或者盖章"
    return None


@rule(
    "measure_decision_handed_over",
    citation="《行政强制法》第二十四条",
    title="查封、扣押决定书和清单当场交付当事人",
    actions={APPLY},
    needs_payload=True,
)
def measure_decision_handed_over(ctx: RuleContext) -> str | None:
    p = ctx.payload
    if p.get("kind") == MeasureKind.PRESERVATION or not p.get("party_present"):
        return None
    if p.get("handed_over"):
        return None
    return "查封、扣押决定书和清单一式二份，应当当场交付当事人"


@rule(
    "av_recording_measure",
    citation=AV_CITATION,
    title="查封、扣押等列入音像记录事项清单的环节须有音像记录",
    actions={APPLY},
    needs_payload=True,
)
def av_recording_measure(ctx: RuleContext) -> str | None:
    kind = ctx.payload.get("kind")
    return av_refusal(
        case=ctx.case,
        activity=AV_ACTIVITY.get(MeasureKind(kind), "") if kind else "",
        evidence_ids=ctx.payload.get("evidence_ids") or [],
        on=ctx.today,
    )


@rule(
    "emergency_approved_within_24_hours",
    citation="《行政强制法》第十九条",
    title="紧急实施的强制措施须在二十四小时内报告负责人并补办批准手续",
    actions={APPROVE},
    needs_payload=True,
)
def emergency_approved_within_24_hours(ctx: RuleContext) -> str | None:
    measure: CoerciveMeasure | None = ctx.payload.get("measure")
    now: dt.datetime | None = ctx.payload.get("now")
    if measure is None or now is None or not ctx.payload.get("approved"):
        return None  # a refusal (不予批准) releases the measure, late or not
    if not measure.emergency or measure.started_at is None:
        return "只有情况紧急当场实施的措施需要补办批准手续"
    due = approval_due(measure.started_at)
    if now > due:
        return (
            f"该措施于{_local(measure.started_at)}当场实施，应在二十四小时内（{_local(due)}前）"
            "报告负责人并补办批准手续；已逾期，不得补办批准，应当立即解除"
        )
    return None


@rule(
    "emergency_measure_approved",
    citation="《行政强制法》第十九条",
    title="紧急实施的强制措施未补办批准前不得延长或作出处理决定",
    actions={DECIDE, EXTEND},
    needs_payload=True,
)
def emergency_measure_approved(ctx: RuleContext) -> str | None:
    measure: CoerciveMeasure | None = ctx.payload.get("measure")
    if measure is None or not awaiting_approval(measure):
        return None
    return "该措施系情况紧急当场实施，尚未补办负责人批准手续"


@rule(
    "measure_decided_in_time",
    citation="《行政处罚法》第五十六条、《行政强制法》第二十五条、第二十八条",
    title="在期限内作出处理决定；期限届满应当解除",
    actions={DECIDE, EXTEND},
    needs_payload=True,
)
def measure_decided_in_time(ctx: RuleContext) -> str | None:
    measure: CoerciveMeasure | None = ctx.payload.get("measure")
    if measure is None or ctx.today <= measure.due_on:
        return None
    label = MeasureKind(measure.kind).label
    return f"{label}期限已于{measure.due_on.isoformat()}届满，不能再作出处理决定或延长，应当解除"


@rule(
    "seizure_extended_once",
    citation="《行政强制法》第二十五条",
    title="查封、扣押期限经负责人批准可延长一次，延长不超过三十日",
    actions={EXTEND},
    needs_payload=True,
)
def seizure_extended_once(ctx: RuleContext) -> str | None:
    measure: CoerciveMeasure | None = ctx.payload.get("measure")
    if measure is None:
        return None
    if measure.kind == MeasureKind.PRESERVATION:
        return "先行登记保存应在七个工作日内作出处理决定，不能延长"
    if measure.extended:
        return "查封、扣押期限已经延长过一次，不得再次延长"
    days = ctx.payload.get("days") or 0
    if days > SEIZURE_EXTENSION_DAYS:
        return f"查封、扣押期限的延长不得超过三十日，本次申请{days}日"
    return None


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
