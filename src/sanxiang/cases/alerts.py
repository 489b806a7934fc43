"""临期 / 超期 alerts on the running clocks of every case, raised by the background worker.

A clock is 超期 once its last day has passed, and 临期 from the moment its last day is within the
warning window:

- clocks counted in 工作日 (all of them ten days or shorter: 告知/陈述申辩 5, 送达 7, 先行登记保存 7,
  催告 10) warn 2 working days ahead. That still leaves at least two of the five days of the
  shortest clock unwarned, and the work left (hear the party, serve a document) fits in two days;
- clocks counted in natural days (15 days and longer: 缴款 15, 查封扣押 30, 办案 90, 申请法院强制执行
  three months) warn 5 working days ahead: acting on them needs a 负责人's approval (an extension
  of the case or of a seizure, 处罚法 §60, 强制法 §25) or a court file (强制法 §55), which takes a
  working week, not two days.

Each level is raised once per clock (a database constraint enforces it), in its own transaction
with its audit event and ledger entry (actor: the system), so a rerun or a second worker adds
nothing and one failing clock does not hold back the others.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from sanxiang.cases.deadlines import due_after
from sanxiang.cases.models import AlertLevel, DayUnit, Deadline, DeadlineAlert, DeadlineState
from sanxiang.cases.services.common import case_audit
from sanxiang.core.calendar import CalendarUnknownYear, HolidayCalendar, calendar_snapshot

logger = logging.getLogger(__name__)

WARNING_WORKING_DAYS: dict[str, int] = {DayUnit.WORKING: 2, DayUnit.CALENDAR: 5}
EVENT = "cases.deadline.alerted"
EVENT_SETTLED = "cases.deadline.settled"


@dataclass(frozen=True)
class Horizons:
    """The last due date that is 临期 today, per day unit (None: the calendar cannot tell)."""

    today: dt.date
    by_unit: dict[str, dt.date | None]

    def level(self, deadline: Deadline) -> AlertLevel | None:
        if self.today > deadline.due_on:
            return AlertLevel.OVERDUE
        horizon = self.by_unit.get(deadline.unit)
        if horizon is not None and deadline.due_on <= horizon:
            return AlertLevel.DUE_SOON
        return None


def horizons_on(today: dt.date, snapshot: HolidayCalendar | None = None) -> Horizons:
    """The warning horizons for `today`. A year whose holidays are not loaded yields None for
    that unit (no 临期 alerts, logged) rather than a guessed date; 超期 needs no calendar."""
    cal = snapshot or calendar_snapshot()
    by_unit: dict[str, dt.date | None] = {}
    for unit, days in WARNING_WORKING_DAYS.items():
        try:
            by_unit[unit] = cal.add_working_days(start=today, days=days)
        except CalendarUnknownYear as exc:
            logger.warning("临期预警无法计算：%s (due-soon alerts skipped)", exc.message)
            by_unit[unit] = None
    return Horizons(today=today, by_unit=by_unit)


def _raise_one(deadline_id: uuid.UUID, level: AlertLevel, today: dt.date) -> DeadlineAlert | None:
    """One alert with its audit event, or None when the clock stopped or the alert exists."""
    with transaction.atomic():
        deadline = (
            Deadline.objects.select_for_update()
            .select_related("case")
            .filter(pk=deadline_id, state=DeadlineState.RUNNING)
            .first()
        )
        if deadline is None or deadline.alerts.filter(level=level).exists():
            return None
        alert = DeadlineAlert.objects.create(deadline=deadline, level=level, raised_on=today)
        case_audit(
            user=None,
            event=EVENT,
            case=deadline.case,
            target=alert,
            new={
                "deadline": str(deadline.pk),
                "kind": deadline.kind,
                "citation": deadline.citation,
                "due_on": deadline.due_on.isoformat(),
                "level": str(level),
            },
        )
        return alert


def _settle_one(deadline_id: uuid.UUID) -> Deadline | None:
    with transaction.atomic():
        deadline = (
            Deadline.objects.select_for_update()
            .select_related("case")
            .filter(pk=deadline_id, provisional=True)
            .first()
        )
        if deadline is None:
            return None
        try:
            due_on = due_after(deadline.starts_on, deadline.days, deadline.unit)
        except CalendarUnknownYear:
            return None  # still waiting for the notice
        old = deadline.due_on
        deadline.due_on, deadline.provisional = due_on, False
        deadline.save(update_fields=["due_on", "provisional", "updated_at"])
        case_audit(
            user=None,
            event=EVENT_SETTLED,
            case=deadline.case,
            target=deadline,
            old={"due_on": old.isoformat(), "provisional": True},
            new={"due_on": due_on.isoformat(), "kind": deadline.kind},
        )
        return deadline


def deadlines_settle() -> list[Deadline]:
    """Recompute the provisional last day of every running clock whose year's 节假日安排 is now
    loaded; each change is audited and ledgered with the old and the new date."""
    pending = Deadline.objects.filter(state=DeadlineState.RUNNING, provisional=True)
    settled = [_settle_one(pk) for pk in pending.values_list("pk", flat=True)]
    return [d for d in settled if d is not None]


def deadline_alerts_raise(*, today: dt.date) -> list[DeadlineAlert]:
    """Raise the 临期 and 超期 alerts due on `today` for every running clock; returns the new ones.

    Idempotent: a level already raised for a clock is not raised again (an overdue clock never
    gets a late 临期). Never raises for a single clock: a failure is logged and the scan goes on.
    Provisional clocks are settled first, so a newly loaded 节假日安排 moves them before alerting.
    """
    deadlines_settle()
    horizons = horizons_on(today)
    latest = max([today, *(h for h in horizons.by_unit.values() if h is not None)])
    candidates = (
        Deadline.objects.filter(state=DeadlineState.RUNNING, due_on__lte=latest)
        .exclude(alerts__level=AlertLevel.OVERDUE)
        .prefetch_related("alerts")
        .order_by("due_on", "pk")
    )
    raised: list[DeadlineAlert] = []
    for deadline in candidates:
        level = horizons.level(deadline)
        if level is None or any(a.level == level for a in deadline.alerts.all()):
            continue
        try:
            alert = _raise_one(deadline.pk, level, today)
        except IntegrityError:  # another worker raised it between our read and our insert
            continue
        except Exception:
            logger.exception("期限预警生成失败 (deadline %s)", deadline.pk)
            continue
        if alert is not None:
            raised.append(alert)
    return raised
