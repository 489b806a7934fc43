"""Public deadline calculator under /api/v1/public/calendar/: the same `core.calendar` the cases
use, so a party can check a date printed on a notice (e.g. 7 工作日 to request a hearing).

Errors keep the API's shape {"code", "message"}: a malformed date is 400 `invalid_date`, a
negative or huge `days` 400 `invalid_days`, a year without a loaded holiday notice 400
`calendar_year_unknown` (with the year in `detail`). No personal data is involved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sanxiang.core import calendar
from sanxiang.core.errors import ValidationFailed

router = Router(tags=["法定节假日与期限"], auth=None)

BAD_DATE = "日期格式不正确，请使用 YYYY-MM-DD 格式，例如 2026-03-02"


class ErrorOut(Schema):
    code: str
    message: str


class DeadlineQuery(Schema):
    date: str = Field(description="起算日 YYYY-MM-DD（当日不计入）", max_length=40)
    days: int = Field(description=f"期限天数，0–{calendar.MAX_DAYS}")


class DeadlineOut(Schema):
    date: dt.date = Field(description="起算日")
    days: int = Field(description="期限天数")
    result: dt.date = Field(description="期限届满日")


ERRORS: dict[int, Any] = {400: ErrorOut}


def _parse_date(text: str) -> dt.date:
    """Raises: ValidationFailed (code `invalid_date`) for anything but YYYY-MM-DD."""
    text = text.strip()
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationFailed(BAD_DATE, code="invalid_date") from exc


def _answer(q: DeadlineQuery, unit: calendar.DayUnit) -> dict[str, Any]:
    start = _parse_date(q.date)
    result = calendar.deadline_after(start=start, days=q.days, unit=unit)
    return {"date": start, "days": q.days, "result": result}


@router.get(
    "/add-working-days",
    response={200: DeadlineOut, **ERRORS},
    summary="按工作日计算期限",
    description="起算日之后第 N 个工作日（扣除法定节假日与周末，调休上班日计入）。",
)
def add_working_days(request: HttpRequest, q: Query[DeadlineQuery]) -> Any:
    return _answer(q, calendar.DayUnit.WORKING)


@router.get(
    "/add-days",
    response={200: DeadlineOut, **ERRORS},
    summary="按自然日计算期限",
    description="起算日之后第 N 日；届满日为法定休假日的，顺延至其后第一个工作日（民法典第二百零三条）。",
)
def add_days(request: HttpRequest, q: Query[DeadlineQuery]) -> Any:
    return _answer(q, calendar.DayUnit.CALENDAR)


@router.get("/", response=list[calendar.KnownYear], summary="已载入的法定节假日安排年度")
def years(request: HttpRequest) -> Any:
    return calendar.known_years()


@router.get(
    "/{year}",
    response={200: calendar.YearSchedule, **ERRORS},
    summary="某年法定节假日与调休上班日",
)
def year(request: HttpRequest, year: int) -> Any:
    return calendar.year_schedule(year=year)
