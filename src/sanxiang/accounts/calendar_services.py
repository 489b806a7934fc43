"""The 系统管理员 maintains the official holiday schedule (法定节假日安排) that deadlines run on.

When the 国务院办公厅 publishes next year's notice (usually in November) the administrator adds the
year with its holidays and 调休 make-up workdays; a wrong day can be changed or removed later, with
a reason. Every write is audited and ledgered through `audit_record` in the same transaction, so a
deadline can always be traced to the schedule it was computed on.

These services live in `accounts` (not `core`, which owns the models) because `core` may not
import the ledger; `core.calendar` reads the tables and sees each change on its next computation.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from sanxiang.core.errors import Forbidden, ValidationFailed
from sanxiang.core.models import CalendarDay, CalendarYear, DayKind
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.models import Role
from sanxiang.organisations.permissions import has_role

NOT_SYSTEM_ADMIN = "仅系统管理员可以维护法定节假日安排"
YEAR_OUT_OF_RANGE = "年度须在{low}至{high}之间"
YEAR_EXISTS = "{year}年的安排已载入，请在该年度页面中修改"
SOURCE_REQUIRED = "请填写通知标题"
DATE_OUTSIDE_YEAR = "{day}不在{year}年内（仅元旦放假调休可提前至上一年12月{first}日起）"
MAKEUP_NOT_WEEKEND = "{day}是{weekday}，调休上班日只能是星期六或星期日"
DATE_TAKEN = "{day}已有安排（{existing}），请修改该日而不是重复添加"
NAME_REQUIRED = "请填写节日名称，例如 春节"
KIND_INVALID = "类型只能是法定节假日或调休上班日"
REASON_REQUIRED = "请填写修改原因"

YEAR_RANGE = (1999, 2200)  # mirrors the calendar_year_in_range constraint
# A notice's 元旦 break may start in the last days of the previous December (2019's did).
EARLIEST_DECEMBER_DAY = 25
WEEKDAYS = "一二三四五六日"


class CalendarEvent(enum.StrEnum):
    YEAR_ADDED = "core.calendar_year.added"
    YEAR_CHANGED = "core.calendar_year.changed"
    DAY_ADDED = "core.calendar_day.added"
    DAY_CHANGED = "core.calendar_day.changed"
    DAY_REMOVED = "core.calendar_day.removed"


@dataclass(frozen=True)
class DayInput:
    """One line of a notice: a date, whether it is off or 上班, and the festival it belongs to."""

    date: dt.date
    kind: str
    name: str


def can_manage_calendar(user: Any) -> bool:
    """Only the 系统管理员 edits the schedule (三员分立: system configuration is theirs)."""
    return has_role(user, Role.SYSTEM_ADMIN)


def _require_admin(actor: Any) -> None:
    if not can_manage_calendar(actor):
        raise Forbidden(NOT_SYSTEM_ADMIN)


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(REASON_REQUIRED, code="reason_required")
    return reason


def _check_day(year: int, day: DayInput) -> DayInput:
    """Raises: ValidationFailed for a day the notice of `year` cannot contain."""
    name = day.name.strip()
    if not name:
        raise ValidationFailed(NAME_REQUIRED, code="calendar_name_required")
    if day.kind not in DayKind.values:
        raise ValidationFailed(KIND_INVALID, code="calendar_kind_invalid")
    earliest = dt.date(year - 1, 12, EARLIEST_DECEMBER_DAY)
    if not earliest <= day.date <= dt.date(year, 12, 31):
        raise ValidationFailed(
            DATE_OUTSIDE_YEAR.format(day=day.date, year=year, first=EARLIEST_DECEMBER_DAY),
            code="calendar_date_outside_year",
        )
    if day.kind == DayKind.MAKEUP_WORKDAY and day.date.isoweekday() < 6:
        weekday = "星期" + WEEKDAYS[day.date.weekday()]
        raise ValidationFailed(
            MAKEUP_NOT_WEEKEND.format(day=day.date, weekday=weekday),
            code="calendar_makeup_not_weekend",
        )
    return DayInput(date=day.date, kind=day.kind, name=name[:100])


def _check_free(day: dt.date, *, taken: dict[dt.date, str]) -> None:
    if day in taken:
        raise ValidationFailed(
            DATE_TAKEN.format(day=day, existing=taken[day]), code="calendar_date_taken"
        )


def _check_all(year: int, days: Sequence[DayInput]) -> list[DayInput]:
    """Every day checked, none given twice nor already set by another year; sorted by date."""
    checked = sorted((_check_day(year, day) for day in days), key=lambda d: d.date)
    taken = {
        row.date: str(row) for row in CalendarDay.objects.filter(date__in=[d.date for d in checked])
    }
    for day in checked:
        _check_free(day.date, taken=taken)
        taken[day.date] = f"{day.name}，本次重复填写"
    return checked


def _snapshot(day: CalendarDay) -> dict[str, Any]:
    return {"date": day.date.isoformat(), "kind": day.kind, "name": day.name}


@transaction.atomic
def calendar_year_add(
    *,
    actor: Any,
    year: int,
    source: str,
    notice: str,
    published_on: dt.date | None,
    days: Sequence[DayInput],
    reason: str = "",
) -> CalendarYear:
    """Load a newly published notice: the year becomes KNOWN, with its holidays and make-up days.

    Raises:
        Forbidden: `actor` is not a 系统管理员.
        ValidationFailed: year out of range or already loaded, no title, or a day the notice cannot
            contain (outside the year, a make-up workday on a weekday, a date given twice or
            already set by another year).
    """
    _require_admin(actor)
    low, high = YEAR_RANGE
    if not low <= year <= high:
        raise ValidationFailed(
            YEAR_OUT_OF_RANGE.format(low=low, high=high), code="calendar_year_out_of_range"
        )
    if CalendarYear.objects.filter(year=year).exists():
        raise ValidationFailed(YEAR_EXISTS.format(year=year), code="calendar_year_exists")
    if not source.strip():
        raise ValidationFailed(SOURCE_REQUIRED, code="calendar_source_required")
    checked = _check_all(year, days)
    row = CalendarYear(
        year=year,
        source=source.strip()[:300],
        notice=notice.strip()[:200],
        published_on=published_on,
        created_by=actor,
        updated_by=actor,
    )
    row.full_clean()
    row.save()
    CalendarDay.objects.bulk_create(
        CalendarDay(
            calendar_year=row,
            date=d.date,
            kind=d.kind,
            name=d.name,
            created_by=actor,
            updated_by=actor,
        )
        for d in checked
    )
    audit_record(
        actor=actor,
        event=CalendarEvent.YEAR_ADDED,
        target=row,
        new={
            "year": year,
            "source": row.source,
            "notice": row.notice,
            "published_on": published_on.isoformat() if published_on else None,
            "days": [[d.date.isoformat(), d.kind, d.name] for d in checked],
        },
        reason=reason.strip(),
    )
    return row


@transaction.atomic
def calendar_year_change(
    *,
    actor: Any,
    calendar_year: CalendarYear,
    source: str,
    notice: str,
    published_on: dt.date | None,
    reason: str,
) -> CalendarYear:
    """Correct a year's notice title, number or date (its days are edited one by one).

    Raises:
        Forbidden: `actor` is not a 系统管理员.
        ValidationFailed: no title or no reason.
    """
    _require_admin(actor)
    reason = _require_reason(reason)
    if not source.strip():
        raise ValidationFailed(SOURCE_REQUIRED, code="calendar_source_required")
    row = CalendarYear.objects.select_for_update().get(pk=calendar_year.pk)
    old = {"source": row.source, "notice": row.notice, "published_on": row.published_on}
    row.source, row.notice = source.strip()[:300], notice.strip()[:200]
    row.published_on, row.updated_by = published_on, actor
    row.full_clean()
    row.save()
    new = {"source": row.source, "notice": row.notice, "published_on": row.published_on}
    audit_record(
        actor=actor, event=CalendarEvent.YEAR_CHANGED, target=row, old=old, new=new, reason=reason
    )
    return row


@transaction.atomic
def calendar_day_add(
    *, actor: Any, calendar_year: CalendarYear, day: DayInput, reason: str
) -> CalendarDay:
    """Add one holiday or make-up workday the loaded notice missed.

    Raises:
        Forbidden: `actor` is not a 系统管理员.
        ValidationFailed: no reason, or a day the notice cannot contain or that is already set.
    """
    _require_admin(actor)
    reason = _require_reason(reason)
    checked = _check_day(calendar_year.year, day)
    existing = CalendarDay.objects.filter(date=checked.date).first()
    _check_free(checked.date, taken={existing.date: str(existing)} if existing else {})
    row = CalendarDay(
        calendar_year=calendar_year,
        date=checked.date,
        kind=checked.kind,
        name=checked.name,
        created_by=actor,
        updated_by=actor,
    )
    row.full_clean()
    row.save()
    audit_record(
        actor=actor, event=CalendarEvent.DAY_ADDED, target=row, new=_snapshot(row), reason=reason
    )
    return row


@transaction.atomic
def calendar_day_change(
    *, actor: Any, calendar_day: CalendarDay, kind: str, name: str, reason: str
) -> CalendarDay:
    """Correct whether a day is off or 上班, or its festival name. The date itself stays.

    Raises:
        Forbidden: `actor` is not a 系统管理员.
        ValidationFailed: no reason, or the change breaks a rule (a weekday made a make-up day).
    """
    _require_admin(actor)
    reason = _require_reason(reason)
    row = (
        CalendarDay.objects.select_for_update()
        .select_related("calendar_year")
        .get(pk=calendar_day.pk)
    )
    checked = _check_day(row.calendar_year.year, DayInput(date=row.date, kind=kind, name=name))
    old = _snapshot(row)
    row.kind, row.name, row.updated_by = checked.kind, checked.name, actor
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        event=CalendarEvent.DAY_CHANGED,
        target=row,
        old=old,
        new=_snapshot(row),
        reason=reason,
    )
    return row


@transaction.atomic
def calendar_day_remove(*, actor: Any, calendar_day: CalendarDay, reason: str) -> None:
    """Remove a day the notice does not contain; the date falls back to the plain week.

    Raises:
        Forbidden: `actor` is not a 系统管理员.
        ValidationFailed: no reason.
    """
    _require_admin(actor)
    reason = _require_reason(reason)
    row = CalendarDay.objects.select_for_update().get(pk=calendar_day.pk)
    # Audited before the delete, while the row (and so the target id) still exists.
    audit_record(
        actor=actor, event=CalendarEvent.DAY_REMOVED, target=row, old=_snapshot(row), reason=reason
    )
    row.delete()
