"""The clocks of 事后公开 (LEGAL_RULES.md §5.3), each with its source."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from sanxiang.core import calendar
from sanxiang.disclosure.models import DisclosureCategory

# 国办发〔2018〕118号: 行政许可、行政处罚 results within 7 working days of the decision;
# other decisions within 20 working days (《政府信息公开条例》第二十六条).
PUBLISH_WORKING_DAYS: dict[str, int] = {
    DisclosureCategory.PENALTY: 7,
    DisclosureCategory.LICENCE: 7,
    DisclosureCategory.NO_PENALTY: 20,
    DisclosureCategory.COERCION: 20,
    DisclosureCategory.INSPECTION: 20,
}
PUBLISH_CITATION = "国办发〔2018〕118号；《政府信息公开条例》第二十六条"
# 处罚法 §48 第二款: withdrawn within three days (§85: 工作日) of the decision being changed.
WITHDRAW_WORKING_DAYS = 3
WITHDRAW_CITATION = "《行政处罚法》第四十八条第二款"


def publish_due(category: str, decided_on: dt.date) -> tuple[dt.date, bool]:
    """The last day to publish and whether it is provisional (next year's notice not loaded)."""
    return calendar.provisional_deadline_after(
        start=decided_on, days=PUBLISH_WORKING_DAYS[category], unit=calendar.DayUnit.WORKING
    )


def withdraw_due(changed_on: dt.date) -> dt.date:
    due, _ = calendar.provisional_deadline_after(
        start=changed_on, days=WITHDRAW_WORKING_DAYS, unit=calendar.DayUnit.WORKING
    )
    return due


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, pycalendar.monthrange(year, month)[1]))
