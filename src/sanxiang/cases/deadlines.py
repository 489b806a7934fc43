"""The legal clocks of a case, each with its statute and day-count convention.

Every date is computed by `core.calendar` (工作日 per 处罚法 §85 / 强制法 §69 for periods of ten
days or less; natural days otherwise, ending on the next working day when the last is a rest day).
Clocks are rows written inside the service transaction of the step that starts them, so the
step's audit event and ledger entry attest them too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sanxiang.cases.models import Case, DayUnit, Deadline, DeadlineKind, DeadlineState
from sanxiang.core import calendar

K = DeadlineKind


@dataclass(frozen=True)
class DeadlineRule:
    days: int
    unit: DayUnit
    citation: str


DEADLINE_RULES: dict[str, DeadlineRule] = {
    K.FILING_CHECK: DeadlineRule(15, DayUnit.WORKING, "《市场监督管理行政处罚程序规定》第十八条"),
    K.CASE_DECISION: DeadlineRule(90, DayUnit.CALENDAR, "《行政处罚法》第六十条"),
    K.STATEMENT: DeadlineRule(5, DayUnit.WORKING, "《行政处罚法》第四十四条、第八十五条"),
    K.HEARING_REQUEST: DeadlineRule(5, DayUnit.WORKING, "《行政处罚法》第六十四条第一项"),
    K.SERVICE: DeadlineRule(7, DayUnit.WORKING, "《行政处罚法》第六十一条"),
    K.PAYMENT: DeadlineRule(15, DayUnit.CALENDAR, "《行政处罚法》第六十七条"),
    K.PRESERVATION: DeadlineRule(7, DayUnit.WORKING, "《行政处罚法》第五十六条"),
    K.SEIZURE: DeadlineRule(30, DayUnit.CALENDAR, "《行政强制法》第二十五条"),
    # 24 hours, not a day count: the coercion service sets due_on to the day the 24 hours end
    # (no rest-day shift), so this entry only names the statute for readers of the row.
    K.MEASURE_APPROVAL: DeadlineRule(1, DayUnit.CALENDAR, "《行政强制法》第十九条"),
    K.DEMAND: DeadlineRule(10, DayUnit.WORKING, "《行政强制法》第五十四条"),
    # The length is the agency's (legal_review.ReviewPolicy, default 7 working days + 3).
    K.LEGAL_REVIEW: DeadlineRule(7, DayUnit.WORKING, "本机关重大执法决定法制审核办法"),
    # 行政许可法 §82: every period of the licensing law is counted in working days.
    K.LICENCE_INTAKE: DeadlineRule(5, DayUnit.WORKING, "《行政许可法》第三十二条、第八十二条"),
    # 20 days; +10 with the head's approval; 45 (+15) for 统一/联合/集中办理 (the days argument).
    K.LICENCE_DECISION: DeadlineRule(20, DayUnit.WORKING, "《行政许可法》第四十二条、第八十二条"),
    K.LICENCE_HEARING_REQUEST: DeadlineRule(
        5, DayUnit.WORKING, "《行政许可法》第四十七条、第八十二条"
    ),
    K.LICENCE_HEARING: DeadlineRule(20, DayUnit.WORKING, "《行政许可法》第四十七条、第八十二条"),
    K.LICENCE_DELIVERY: DeadlineRule(10, DayUnit.WORKING, "《行政许可法》第四十四条、第八十二条"),
    # The order names its own period (days argument), in natural days.
    K.INSPECTION_CORRECTION: DeadlineRule(15, DayUnit.CALENDAR, "责令改正通知书确定的期限"),
}


def due_after(start: dt.date, days: int, unit: str) -> dt.date:
    """The last day of a period of `days` counted from the day after `start`.

    Raises: CalendarUnknownYear when the period runs into a year whose holidays are not loaded.
    """
    return calendar.deadline_after(start=start, days=days, unit=calendar.DayUnit(str(unit)))


def due_after_provisional(start: dt.date, days: int, unit: str) -> tuple[dt.date, bool]:
    """Like `due_after`, but a year without its notice yet counts as plain weekdays and the
    answer says it is provisional (a clock must start today even in December)."""
    return calendar.provisional_deadline_after(
        start=start, days=days, unit=calendar.DayUnit(str(unit))
    )


def deadline_start(
    *, case: Case, kind: str, starts_on: dt.date, object_id: str = "", days: int | None = None
) -> Deadline:
    """Start the clock `kind` on `starts_on` (replacing a running one of the same kind/object).

    A period running into a year whose holidays are not loaded gets a provisional last day
    (`provisional=True`), settled by `deadlines_settle` once the notice is loaded.
    """
    rule = DEADLINE_RULES[kind]
    length = days if days is not None else rule.days
    Deadline.objects.filter(
        case=case, kind=kind, object_id=object_id, state=DeadlineState.RUNNING
    ).update(state=DeadlineState.CANCELLED, ended_on=starts_on)
    due_on, provisional = due_after_provisional(starts_on, length, rule.unit)
    return Deadline.objects.create(
        case=case,
        kind=kind,
        citation=rule.citation,
        starts_on=starts_on,
        days=length,
        unit=rule.unit,
        due_on=due_on,
        provisional=provisional,
        object_id=object_id,
    )


def deadline_stop(
    *, case: Case, kind: str, on: dt.date, object_id: str = "", state: str = DeadlineState.MET
) -> int:
    """End the running clock(s) of `kind`; returns how many were running."""
    return Deadline.objects.filter(
        case=case, kind=kind, object_id=object_id, state=DeadlineState.RUNNING
    ).update(state=state, ended_on=on)


def deadline_extend(
    *, case: Case, kind: str, extra_days: int, object_id: str = ""
) -> Deadline | None:
    """Push the running clock of `kind` by `extra_days` of its own unit (recorded extensions)."""
    deadline = Deadline.objects.filter(
        case=case, kind=kind, object_id=object_id, state=DeadlineState.RUNNING
    ).first()
    if deadline is None:
        return None
    deadline.days += extra_days
    deadline.due_on, deadline.provisional = due_after_provisional(
        deadline.starts_on, deadline.days, deadline.unit
    )
    deadline.save(update_fields=["days", "due_on", "provisional", "updated_at"])
    return deadline


def running_deadline(case: Case, kind: str, object_id: str = "") -> Deadline | None:
    return Deadline.objects.filter(
        case=case, kind=kind, object_id=object_id, state=DeadlineState.RUNNING
    ).first()


def latest_deadline(case: Case, kind: str) -> Deadline | None:
    return Deadline.objects.filter(case=case, kind=kind).order_by("-created_at").first()
