"""Forms of the 法定节假日安排 page. They only parse; the rules are in calendar_services.

A notice is typed the way it is printed, one festival per line:

    春节 2027-02-06 至 2027-02-14        (放假: a single date or an inclusive range)
    春节 2027-02-15                      (上班: one date per line)
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms

from sanxiang.accounts.calendar_services import DayInput
from sanxiang.core.models import DayKind

DATE_PATTERN = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
# Words and marks between two dates of a range; removed to leave the festival name.
RANGE_MARKS = re.compile(r"[至到~～—–]|--?")
LONGEST_BREAK = 31

LINE_ERROR = "第{line}行：{problem}"
NO_DATE = "未找到日期（格式 2027-01-01）"
BAD_DATE = "日期 {text} 不存在"
TOO_MANY_DATES = "每行最多两个日期（起止）"
REVERSED = "结束日期早于开始日期"
TOO_LONG = "一段假期不超过{days}天"
ONE_DATE_ONLY = "调休上班日每行一个日期"
NO_NAME = "缺少节日名称，例如 春节"

# A native date picker on phones; the browser submits ISO dates either way.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

LINES_HELP = "每行一个节日：名称 + 日期或起止日期，例如 “春节 2027-02-06 至 2027-02-14”"
MAKEUP_HELP = "每行一天：名称 + 日期，例如 “春节 2027-02-15”"


def _parse_date(text: str, line: int) -> dt.date:
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return dt.date(year, month, day)
    except ValueError as exc:
        raise forms.ValidationError(
            LINE_ERROR.format(line=line, problem=BAD_DATE.format(text=text))
        ) from exc


def _parse_line(text: str, line: int, *, ranges: bool) -> tuple[str, list[dt.date]]:
    found = DATE_PATTERN.findall(text)
    problem = ""
    if not found:
        problem = NO_DATE
    elif len(found) > (2 if ranges else 1):
        problem = TOO_MANY_DATES if ranges else ONE_DATE_ONLY
    name = RANGE_MARKS.sub(" ", DATE_PATTERN.sub(" ", text)).strip()
    if not problem and not name:
        problem = NO_NAME
    if problem:
        raise forms.ValidationError(LINE_ERROR.format(line=line, problem=problem))
    first, last = _parse_date(found[0], line), _parse_date(found[-1], line)
    if last < first:
        raise forms.ValidationError(LINE_ERROR.format(line=line, problem=REVERSED))
    if (last - first).days >= LONGEST_BREAK:
        raise forms.ValidationError(
            LINE_ERROR.format(line=line, problem=TOO_LONG.format(days=LONGEST_BREAK))
        )
    return name, [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def parse_days(text: str, *, kind: str) -> list[DayInput]:
    """The days typed in a textarea; holidays may be ranges, make-up workdays are single dates.

    Raises: forms.ValidationError naming the first bad line.
    """
    days: list[DayInput] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        name, dates = _parse_line(raw, number, ranges=kind == DayKind.HOLIDAY)
        days.extend(DayInput(date=d, kind=kind, name=name) for d in dates)
    return days


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=1999, max_value=2200)
    source = forms.CharField(
        label="通知标题",
        max_length=300,
        help_text="例如 国务院办公厅关于2027年部分节假日安排的通知",
    )
    notice = forms.CharField(
        label="文号", max_length=200, required=False, help_text="例如 国办发明电〔2026〕×号"
    )
    published_on = forms.DateField(label="发布日期", required=False, widget=DATE_WIDGET)
    holidays = forms.CharField(
        label="放假日期", widget=forms.Textarea(attrs={"rows": 8}), help_text=LINES_HELP
    )
    makeup_workdays = forms.CharField(
        label="调休上班日期",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=MAKEUP_HELP,
    )
    reason = forms.CharField(label="备注", max_length=500, required=False)

    def clean_holidays(self) -> list[DayInput]:
        return parse_days(self.cleaned_data["holidays"], kind=DayKind.HOLIDAY)

    def clean_makeup_workdays(self) -> list[DayInput]:
        return parse_days(self.cleaned_data["makeup_workdays"], kind=DayKind.MAKEUP_WORKDAY)


class CalendarYearChangeForm(forms.Form):
    source = forms.CharField(label="通知标题", max_length=300)
    notice = forms.CharField(label="文号", max_length=200, required=False)
    published_on = forms.DateField(label="发布日期", required=False, widget=DATE_WIDGET)
    reason = forms.CharField(label="修改原因", max_length=500)


class CalendarDayForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE_WIDGET)
    kind = forms.ChoiceField(label="类型", choices=DayKind.choices)
    name = forms.CharField(label="节日", max_length=100)
    reason = forms.CharField(label="原因", max_length=500)


class CalendarDayChangeForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=DayKind.choices)
    name = forms.CharField(label="节日", max_length=100)
    reason = forms.CharField(label="修改原因", max_length=500)


class CalendarDayRemoveForm(forms.Form):
    reason = forms.CharField(label="删除原因", max_length=500)
