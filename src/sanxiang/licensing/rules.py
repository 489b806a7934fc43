"""Guard rails of the 行政许可 lifecycle, added to the cases rule registry for licence cases.

Every period is counted in working days (许可法 §82). Each rule names its article; the engine
refuses with the message and the citation (`cases.rules.base`).
"""

from __future__ import annotations

import datetime as dt

from sanxiang.cases.deadlines import latest_deadline, running_deadline
from sanxiang.cases.models import DeadlineKind, ServiceMethod
from sanxiang.cases.rules.base import RuleContext, rule
from sanxiang.cases.rules.hearing import PROVISIONAL_NOTE, earliest_hearing_day
from sanxiang.cases.states import CaseAction
from sanxiang.core import calendar
from sanxiang.legal_review.draft import (
    LICENCE_EXAMINATION,
    draft_of,
    draft_sha256,
    proposal_from_decision,
)
from sanxiang.legal_review.gate import accepted_review
from sanxiang.licensing import common as c
from sanxiang.licensing.models import LicenceApplication
from sanxiang.licensing.review import licence_is_major

A = CaseAction
K = DeadlineKind
LICENCE = ("licence",)
CITATION_REVIEW = "《行政许可法》第三十八条；国办发〔2018〕118号"
HEARING_ORGANISE_DAYS = 20  # §47: organise within 20 (working) days of the request
# Longer than any run of days off one 节假日安排 adds (春节 8 days, 国庆/中秋 8 days).
UNKNOWN_HOLIDAYS_SLACK = dt.timedelta(days=15)

CORRECTION_TOO_LATE = (
    "收到申请材料之日（{received}）起五个工作日内（至{due}）未一次性告知申请人补正，"
    "自收到申请材料之日起即为受理，不能再要求补正或不予受理，请办理受理"
)
LATER_ROUND = (
    "第{round}次补正只能针对申请人补正时提交的材料或此前已告知的事项（{names}）；"
    "需要补正的全部内容应当在第一次补正告知时一次性告知：{extra}"
)
HEARING_REQUEST_MISSING = "依申请举行的听证，请填写申请人、利害关系人提出听证申请的日期"
HEARING_REQUEST_LATE = (
    "申请人、利害关系人应在被告知听证权利之日起五个工作日内（至{due}）提出听证申请，"
    "{requested}提出的已逾期"
)
HEARING_TOO_LATE = "应在收到听证申请之日（{requested}）起二十个工作日内（至{due}）组织听证"
NOTICE_SHORT = (
    "应于举行听证的七日前将时间、地点通知申请人、利害关系人：{served}送达通知的，"
    "最早于{earliest}举行听证"
)
NOT_ANNOUNCED = "涉及公共利益的重大行政许可事项，举行听证应当向社会公告"
FUTURE = "日期不能晚于今天"
HELD_BEFORE_SCHEDULE = "听证举行日期早于听证通知确定的日期（{scheduled}）"
EXAMINATION_MISSING = "请先记录审查意见（拟准予或不予许可及理由），再提请决定或法制审核"
REVIEW_REQUIRED = "本许可决定列入重大执法决定法制审核目录清单，须先提交法制审核并经审核同意"
REVIEW_STALE = (
    "拟作出的决定与法制审核同意的第{version}次送审稿不一致（决定、许可内容或有效期已变更），"
    "原审核意见失效，须重新送审"
)
DENIAL_REMEDIES = "不予行政许可决定须告知申请人享有依法申请行政复议或者提起行政诉讼的权利"
VALIDITY_ORDER = "有效期止不能早于有效期起"
ELECTRONIC_CONSENT = "电子送达须经申请人书面同意"
DELIVERY_LATE = "超过十个工作日（至{due}）颁发、送达的，请写明原因"


def _application(ctx: RuleContext) -> LicenceApplication | None:
    return LicenceApplication.objects.filter(case=ctx.case).first()


@rule(
    "licence_correction_too_late",
    citation=c.CITATION_32,
    title="五个工作日内一次性告知补正，逾期自收到材料之日起即为受理",
    actions={A.LICENCE_REQUEST_CORRECTION, A.LICENCE_REFUSE},
    kinds=LICENCE,
)
def correction_within_intake(ctx: RuleContext) -> str | None:
    clock = running_deadline(ctx.case, K.LICENCE_INTAKE)
    if clock is None or ctx.today <= clock.due_on:
        return None
    return CORRECTION_TOO_LATE.format(
        received=clock.starts_on.isoformat(), due=clock.due_on.isoformat()
    )


@rule(
    "licence_correction_all_at_once",
    citation=c.CITATION_32,
    title="补正内容一次性告知；再次补正只针对补正提交的材料",
    actions={A.LICENCE_REQUEST_CORRECTION},
    needs_payload=True,
    kinds=LICENCE,
)
def correction_all_at_once(ctx: RuleContext) -> str | None:
    application = _application(ctx)
    if application is None:
        return None
    earlier = list(application.corrections.order_by("round"))
    if not earlier:
        return None
    allowed: set[str] = set()
    for correction in earlier:
        allowed |= {str(i.get("name", "")) for i in correction.items}
        allowed |= {str(m.get("name", "")) for m in correction.answer_materials}
    asked = [str(i.get("name", "")) for i in ctx.payload.get("items", [])]
    extra = [name for name in asked if name not in allowed]
    if not extra:
        return None
    return LATER_ROUND.format(
        round=len(earlier) + 1, names="、".join(sorted(allowed)) or "无", extra="、".join(extra)
    )


@rule(
    "licence_hearing_request_late",
    citation=c.CITATION_47,
    title="被告知听证权利之日起五个工作日内提出听证申请",
    actions={A.LICENCE_HOLD_HEARING},
    needs_payload=True,
    kinds=LICENCE,
)
def hearing_request_in_time(ctx: RuleContext) -> str | None:
    if ctx.payload.get("kind") != "party_request":
        return None
    requested = ctx.payload.get("requested_on")
    if requested is None:
        return HEARING_REQUEST_MISSING
    if requested > ctx.today:
        return FUTURE
    clock = latest_deadline(ctx.case, K.LICENCE_HEARING_REQUEST)
    if clock is not None and requested > clock.due_on:
        return HEARING_REQUEST_LATE.format(
            due=clock.due_on.isoformat(), requested=requested.isoformat()
        )
    return None


@rule(
    "licence_hearing_too_late",
    citation=c.CITATION_47,
    title="收到听证申请之日起二十个工作日内组织听证",
    actions={A.LICENCE_HOLD_HEARING},
    needs_payload=True,
    kinds=LICENCE,
)
def hearing_organised_in_time(ctx: RuleContext) -> str | None:
    requested, hearing_on = ctx.payload.get("requested_on"), ctx.payload.get("hearing_on")
    if ctx.payload.get("kind") != "party_request" or requested is None or hearing_on is None:
        return None
    due, provisional = calendar.provisional_deadline_after(
        start=requested, days=HEARING_ORGANISE_DAYS, unit=calendar.DayUnit.WORKING
    )
    # A provisional last day (next year's 节假日安排 not loaded) is early by the holidays it does
    # not know; being past it by less than the longest holiday block proves nothing yet.
    if hearing_on > due + (UNKNOWN_HOLIDAYS_SLACK if provisional else dt.timedelta(0)):
        note = PROVISIONAL_NOTE if provisional else ""
        return HEARING_TOO_LATE.format(requested=requested.isoformat(), due=due.isoformat()) + note
    return None


@rule(
    "licence_hearing_notice_short",
    citation=c.CITATION_48,
    title="举行听证的七日前通知申请人、利害关系人",
    actions={A.LICENCE_HOLD_HEARING},
    needs_payload=True,
    kinds=LICENCE,
)
def hearing_notice_seven_days(ctx: RuleContext) -> str | None:
    served, hearing_on = ctx.payload.get("notice_served_on"), ctx.payload.get("hearing_on")
    if served is None or hearing_on is None:
        return None
    if served > ctx.today:
        return FUTURE
    earliest, provisional = earliest_hearing_day(served)  # seven working days: §48 ① as §82 counts
    if hearing_on < earliest:
        note = PROVISIONAL_NOTE if provisional else ""
        return NOTICE_SHORT.format(served=served.isoformat(), earliest=earliest.isoformat()) + note
    return None


@rule(
    "licence_hearing_not_announced",
    citation="《行政许可法》第四十六条",
    title="涉及公共利益的听证向社会公告",
    actions={A.LICENCE_HOLD_HEARING},
    needs_payload=True,
    kinds=LICENCE,
)
def public_hearing_announced(ctx: RuleContext) -> str | None:
    if ctx.payload.get("kind") == "public_interest" and not ctx.payload.get("announced"):
        return NOT_ANNOUNCED
    return None


@rule(
    "licence_hearing_date",
    citation=c.CITATION_48,
    title="听证按通知的时间举行",
    actions={A.LICENCE_CONCLUDE_HEARING},
    needs_payload=True,
    kinds=LICENCE,
)
def hearing_held_as_scheduled(ctx: RuleContext) -> str | None:
    held = ctx.payload.get("held_on")
    if held is None:
        return None
    if held > ctx.today:
        return FUTURE
    step = ctx.case.steps.filter(action=A.LICENCE_HOLD_HEARING).order_by("-sequence").first()
    scheduled = str(step.content.get("hearing_on", "")) if step else ""
    if scheduled and held.isoformat() < scheduled:
        return HELD_BEFORE_SCHEDULE.format(scheduled=scheduled)
    return None


@rule(
    "licence_examination_missing",
    citation=c.CITATION_38,
    title="提请决定前记录审查意见",
    actions={A.LICENCE_SUBMIT_DECISION, A.SUBMIT_LEGAL_REVIEW},
    kinds=LICENCE,
)
def examination_recorded(ctx: RuleContext) -> str | None:
    if ctx.case.steps.filter(action=LICENCE_EXAMINATION).exists():
        return None
    return EXAMINATION_MISSING


@rule(
    "licence_review_required",
    citation=CITATION_REVIEW,
    title="列入目录清单的许可决定须经法制审核",
    actions={A.LICENCE_SUBMIT_DECISION, A.LICENCE_GRANT, A.LICENCE_DENY},
    kinds=LICENCE,
)
def review_before_decision(ctx: RuleContext) -> str | None:
    case = ctx.case
    if not (licence_is_major(case, ctx.today) or case.legal_review_passed):
        return None
    if ctx.action == A.LICENCE_SUBMIT_DECISION or accepted_review(case) is None:
        return REVIEW_REQUIRED
    return None


@rule(
    "licence_review_stale",
    citation=CITATION_REVIEW,
    title="许可决定须与法制审核同意的送审稿一致",
    actions={A.LICENCE_GRANT, A.LICENCE_DENY},
    needs_payload=True,
    kinds=LICENCE,
)
def decision_as_reviewed(ctx: RuleContext) -> str | None:
    accepted = accepted_review(ctx.case)
    if accepted is None or not ctx.case.legal_review_passed:
        return None
    proposal = proposal_from_decision(ctx.action, ctx.payload)
    if accepted.draft_sha256 != draft_sha256(draft_of(ctx.case, proposal)):
        return REVIEW_STALE.format(version=accepted.version)
    return None


@rule(
    "licence_denial_remedies",
    citation=c.CITATION_38,
    title="不予许可说明理由并告知复议、诉讼权利",
    actions={A.LICENCE_DENY},
    needs_payload=True,
    kinds=LICENCE,
)
def denial_tells_remedies(ctx: RuleContext) -> str | None:
    remedies = str(ctx.payload.get("remedies", ""))
    if "复议" in remedies and "诉讼" in remedies:
        return None
    return DENIAL_REMEDIES


@rule(
    "licence_validity_order",
    citation=c.CITATION_38,
    title="许可有效期起止",
    actions={A.LICENCE_GRANT},
    needs_payload=True,
    kinds=LICENCE,
)
def validity_ordered(ctx: RuleContext) -> str | None:
    start, end = ctx.payload.get("valid_from"), ctx.payload.get("valid_to")
    if start is not None and end is not None and end < start:
        return VALIDITY_ORDER
    return None


@rule(
    "licence_delivery",
    citation=c.CITATION_44,
    title="十个工作日内颁发、送达；电子送达经同意",
    actions={A.LICENCE_DELIVER},
    needs_payload=True,
    kinds=LICENCE,
)
def delivery_in_time(ctx: RuleContext) -> str | None:
    delivered = ctx.payload.get("delivered_on")
    if delivered is not None and delivered > ctx.today:
        return FUTURE
    if ctx.payload.get("method") == ServiceMethod.ELECTRONIC and not ctx.payload.get("consent"):
        return ELECTRONIC_CONSENT
    clock = running_deadline(ctx.case, K.LICENCE_DELIVERY)
    late = clock is not None and delivered is not None and delivered > clock.due_on
    if late and clock is not None and not ctx.payload.get("late_reason"):
        return DELIVERY_LATE.format(due=clock.due_on.isoformat())
    return None


@rule(
    "licence_correction_received",
    citation=c.CITATION_32,
    title="补正材料收到日期",
    actions={A.LICENCE_SUBMIT_CORRECTION},
    needs_payload=True,
    kinds=LICENCE,
)
def correction_received_not_future(ctx: RuleContext) -> str | None:
    received = ctx.payload.get("received_on")
    if received is not None and received > ctx.today:
        return FUTURE
    return None


PERIOD_STILL_OPEN = "{kind}期间（{started}起）尚未结束，请先记录其结束，再作出许可决定"


@rule(
    "licence_excluded_period_open",
    citation=c.CITATION_45,
    title="不计入期限的期间结束后作出决定",
    actions={A.LICENCE_GRANT, A.LICENCE_DENY},
    kinds=LICENCE,
)
def no_open_excluded_period(ctx: RuleContext) -> str | None:
    application = _application(ctx)
    period = application.excluded_periods.filter(ended_on=None).first() if application else None
    if period is None:
        return None
    return PERIOD_STILL_OPEN.format(
        kind=period.get_kind_display(), started=period.started_on.isoformat()
    )


CHAIR_IS_EXAMINER = "听证主持人“{name}”参与了本申请的审查，应当指定审查人员以外的人员主持听证"


@rule(
    "licence_hearing_chair_not_examiner",
    citation=f"{c.CITATION_48}第一款第（三）项",
    title="听证由审查该申请的工作人员以外的人员主持",
    actions={A.LICENCE_HOLD_HEARING},
    needs_payload=True,
    kinds=LICENCE,
)
def hearing_chair_not_examiner(ctx: RuleContext) -> str | None:
    # The chair is named in words; anyone ever on the case team (active or not) examined it.
    chair = str(ctx.payload.get("chair") or "").strip()
    examiners = {a.officer.name for a in ctx.case.assignments.select_related("officer")}
    return CHAIR_IS_EXAMINER.format(name=chair) if chair in examiners else None
