"""听证 (处罚法 §63–§65): who may ask for one and when, how it is notified and chaired, and that
the decision waits for its 笔录.

Periods here are 工作日: 处罚法 §85 counts "二日、三日、五日、七日" in working days. The rules for
`hearing_schedule` and `hearing_record` are evaluated by the services of `services/hearing.py`
under those action names; the others guard case transitions.
"""

from __future__ import annotations

import datetime as dt

from sanxiang.cases.deadlines import latest_deadline
from sanxiang.cases.models import DeadlineKind, RecusalStatus
from sanxiang.cases.rules.base import RuleContext, rule
from sanxiang.cases.rules.recording import CITATION as AV_CITATION
from sanxiang.cases.rules.recording import av_refusal
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.core import calendar

A = CaseAction
SCHEDULE = "hearing_schedule"
RECORD = "hearing_record"
NOTICE_WORKING_DAYS = 7  # 处罚法 §64 ②: "举行听证的七日前" = 7 working days (§85)
HEARING_ACTIVITY = "听证"  # the 音像记录事项清单 activity of a hearing


PROVISIONAL_NOTE = "（下一年度节假日安排尚未导入，按普通工作日暂定）"


def earliest_hearing_day(notice_served_on: dt.date) -> tuple[dt.date, bool]:
    """The first day a hearing may be held when its notice was served on `notice_served_on` —
    the seventh working day after it, so seven working days separate the two — and whether that
    day is provisional.

    In December the count often runs into a year whose 节假日安排 is not loaded yet; it then
    counts that year's weekdays as working days (`calendar.provisional_deadline_after`) rather
    than refusing to schedule any hearing until the notice is loaded. Holidays only move the real
    day later, so a hearing set before the provisional day is too early either way.
    """
    return calendar.provisional_deadline_after(
        start=notice_served_on, days=NOTICE_WORKING_DAYS, unit=calendar.DayUnit.WORKING
    )


@rule(
    "hearing_right_offered",
    citation="《行政处罚法》第六十三条",
    title="只有告知了听证权利的案件当事人可以要求听证",
    actions={A.REQUEST_HEARING},
)
def hearing_right_offered(ctx: RuleContext) -> str | None:
    if ctx.case.hearing_offered:
        return None
    return "本案拟作出的行政处罚不属于应当告知听证权利的情形，事先告知书未告知听证权利"


@rule(
    "hearing_request_within_five_working_days",
    citation="《行政处罚法》第六十四条第一项、第八十五条",
    title="当事人在告知后五个工作日内提出听证要求",
    actions={A.REQUEST_HEARING},
    needs_payload=True,
)
def hearing_request_within_five_working_days(ctx: RuleContext) -> str | None:
    requested_on = ctx.payload.get("requested_on")
    if requested_on is None:
        return None
    if requested_on > ctx.today:
        return "听证申请日期不能晚于今天"
    notified = ctx.case.notice_issued_on
    if notified is not None and requested_on < notified:
        return f"听证申请日期早于事先告知书送达日期（{notified.isoformat()}）"
    clock = latest_deadline(ctx.case, DeadlineKind.HEARING_REQUEST)
    if clock is not None and requested_on > clock.due_on:
        return (
            f"当事人应在告知后五个工作日内（至{clock.due_on.isoformat()}）提出听证要求，"
            f"{requested_on.isoformat()}提出的已逾期，视为放弃听证"
        )
    return None


@rule(
    "hearing_held_before_decision",
    citation="《行政处罚法》第六十五条",
    title="听证结束后方可依据听证笔录作出决定",
    actions={A.SUBMIT_FOR_DECISION, A.SUBMIT_LEGAL_REVIEW},
)
def hearing_held_before_decision(ctx: RuleContext) -> str | None:
    case = ctx.case
    if case.status != CaseStatus.HEARING:
        return None
    hearing = getattr(case, "hearing", None)
    if hearing is not None and (hearing.party_absent or (hearing.held_on and hearing.record)):
        return None
    return "当事人要求听证的，应当在听证结束后依据听证笔录作出决定，请先记录听证情况"


@rule(
    "hearing_notice_seven_working_days",
    citation="《行政处罚法》第六十四条第二项、第八十五条",
    title="举行听证的七个工作日前通知当事人",
    actions={SCHEDULE},
    needs_payload=True,
)
def hearing_notice_seven_working_days(ctx: RuleContext) -> str | None:
    served, scheduled = ctx.payload.get("notice_served_on"), ctx.payload.get("scheduled_on")
    if served is None or scheduled is None:
        return None
    if served > ctx.today:
        return "听证通知送达日期不能晚于今天"
    hearing = getattr(ctx.case, "hearing", None)
    if hearing is not None and served < hearing.requested_on:
        return f"听证通知送达日期早于当事人申请听证的日期（{hearing.requested_on.isoformat()}）"
    earliest, provisional = earliest_hearing_day(served)
    if scheduled < earliest:
        return (
            f"听证通知应在举行听证的七个工作日前送达：{served.isoformat()}送达通知的，"
            f"最早于{earliest.isoformat()}举行听证" + (PROVISIONAL_NOTE if provisional else "")
        )
    return None


@rule(
    "hearing_chair_not_investigator",
    citation="《行政处罚法》第六十四条第四项",
    title="听证由非本案调查人员主持",
    actions={SCHEDULE},
    needs_payload=True,
)
def hearing_chair_not_investigator(ctx: RuleContext) -> str | None:
    chair = ctx.payload.get("chair")
    if chair is None:
        return None
    # Everyone who ever worked on the case investigated it, including those who left the team.
    if ctx.case.assignments.filter(officer=chair).exists():
        return f"{chair.name}是本案调查人员，不得主持听证"
    if ctx.case.recusals.filter(officer=chair, status=RecusalStatus.GRANTED).exists():
        return f"{chair.name}已被决定回避，不得主持听证"
    return None


@rule(
    "hearing_public_unless_confidential",
    citation="《行政处罚法》第六十四条第三项",
    title="听证公开举行，涉及国家秘密、商业秘密或者个人隐私的除外",
    actions={SCHEDULE},
    needs_payload=True,
)
def hearing_public_unless_confidential(ctx: RuleContext) -> str | None:
    if ctx.payload.get("public", True) or ctx.payload.get("not_public_reason"):
        return None
    return "除涉及国家秘密、商业秘密或者个人隐私依法予以保密外，听证公开举行；不公开的请说明理由"


@rule(
    "hearing_held_as_notified",
    citation="《行政处罚法》第六十四条第二项",
    title="听证按通知的日期举行",
    actions={RECORD},
    needs_payload=True,
)
def hearing_held_as_notified(ctx: RuleContext) -> str | None:
    held_on = ctx.payload.get("held_on")
    hearing = getattr(ctx.case, "hearing", None)
    if held_on is None or hearing is None or hearing.scheduled_on is None:
        return None
    if held_on > ctx.today:
        return "听证日期不能晚于今天"
    if held_on < hearing.scheduled_on:
        return f"听证不得早于通知的日期（{hearing.scheduled_on.isoformat()}）举行"
    return None


@rule(
    "hearing_record_signed",
    citation="《行政处罚法》第六十四条第七项",
    title="听证笔录交当事人核对签字，拒绝签字的由主持人注明",
    actions={RECORD},
    needs_payload=True,
)
def hearing_record_signed(ctx: RuleContext) -> str | None:
    p = ctx.payload
    if p.get("party_absent") or p.get("signed_by_party") or p.get("refusal_note"):
        return None
    return "听证笔录应当交当事人或者其代理人核对无误后签字或者盖章；拒绝签字或者盖章的，由听证主持人在笔录中注明"


@rule(
    "av_recording_hearing",
    citation=AV_CITATION,
    title="列入音像记录事项清单的听证须有音像记录",
    actions={RECORD},
    needs_payload=True,
)
def av_recording_hearing(ctx: RuleContext) -> str | None:
    # A no-show is recorded in the 笔录; there is no hearing to film.
    if ctx.payload.get("party_absent"):
        return None
    return av_refusal(
        case=ctx.case,
        activity=HEARING_ACTIVITY,
        evidence_ids=ctx.payload.get("evidence_ids") or [],
        on=ctx.today,
    )
