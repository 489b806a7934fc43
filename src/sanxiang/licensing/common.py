"""Helpers the licensing services, handlers and rules share: the application of a case, numbers,
working-day counts, masking, and the audit call."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.db.models import Model

from sanxiang.cases.models import Case
from sanxiang.cases.services.common import agency_abbreviation, case_audit
from sanxiang.core import calendar
from sanxiang.core.errors import NotFound
from sanxiang.licensing.models import Licence, LicenceApplication
from sanxiang.organisations.models import Agency

CITATION_32 = "《行政许可法》第三十二条"
CITATION_38 = "《行政许可法》第三十八条"
CITATION_42 = "《行政许可法》第四十二条"
CITATION_44 = "《行政许可法》第四十四条"
CITATION_45 = "《行政许可法》第四十五条"
CITATION_47 = "《行政许可法》第四十七条"
CITATION_48 = "《行政许可法》第四十八条"
CITATION_50 = "《行政许可法》第五十条"
CITATION_69 = "《行政许可法》第六十九条"
CITATION_70 = "《行政许可法》第七十条"

# "1. 申请书", "（二）营业执照复印件", "3、图纸" → the material's own name.
_NUMBERING = re.compile(r"^\s*(?:[（(]?[0-9一二三四五六七八九十]+[)）.、．]\s*)+")


def application_of(case: Case) -> LicenceApplication:
    """The application behind a licence case. Raises: NotFound (not a licence case)."""
    try:
        return LicenceApplication.objects.select_for_update().get(case=case)
    except LicenceApplication.DoesNotExist as exc:
        raise NotFound() from exc


def material_name(line: str) -> str:
    return _NUMBERING.sub("", line).strip().rstrip("；;。")


def guide_materials(text: str) -> list[str]:
    """The 服务指南's material list: one material per line, numbering dropped."""
    return [name for name in (material_name(line) for line in text.splitlines()) if name]


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (the day a period starts is not
    counted, as for every statutory period). Raises: CalendarUnknownYear."""
    cal = calendar.calendar_snapshot()
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if cal.is_working_day(day=day):
            count += 1
    return count


def licence_number(agency: Agency, year: int) -> str:
    """`<简称>许〔yyyy〕n号`: the next free number of the agency's licences of that year."""
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    prefix = f"{agency_abbreviation(agency)}许〔{year}〕"
    taken = Licence.objects.filter(agency=agency, number__startswith=prefix).count()
    return f"{prefix}{taken + 1}号"


def mask_person_name(name: str) -> str:
    """A natural person's name in public: surname and 某 (张某); organisations stay in full."""
    return f"{name[:1]}某" if name else ""


def licensing_audit(
    *,
    user: Any,
    event: str,
    case: Case,
    target: Model | None = None,
    new: Mapping[str, Any] | None = None,
    old: Mapping[str, Any] | None = None,
    reason: str = "",
) -> None:
    """Audit + ledger a licensing change (the case's agency; no personal identifiers in `new`)."""
    case_audit(user=user, event=event, case=case, target=target, new=new, old=old, reason=reason)
