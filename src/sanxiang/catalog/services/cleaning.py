"""Turn one cell (or one Python value) into a field value, or a Chinese problem.

Spreadsheets are messy: numbers arrive as text with thousands separators or full-width digits,
dates as Excel dates or as 2026-01-01, 2026/1/1, 2026年1月1日. Everything tolerant lives here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from sanxiang.catalog.services.registry import BOOL, CHOICE, DECIMAL, INT, Column

REQUIRED = "不能为空"
NOT_INTEGER = "“{raw}” 不是有效的整数"
NOT_NUMBER = "“{raw}” 不是有效的数字"
NEGATIVE = "不能为负数"
TOO_LARGE = "“{raw}” 数值过大"
NOT_DATE = "“{raw}” 不是有效的日期（例如 2026-01-01、2026/1/1 或 2026年1月1日）"
NOT_BOOL = "“{raw}” 应填写“是”或“否”"
NOT_CHOICE = "“{raw}” 不是有效的{label}（可选：{options}）"
TOO_LONG = "内容过长：不得超过 {limit} 个字符（现为 {length} 个）"

_TRUE = {"是", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"否", "n", "no", "false", "0", "", "×"}
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class CellProblem(ValueError):
    """A value that cannot be used; the message is Chinese and names what is wrong."""


def normalise_header(text: Any) -> str:
    """Header comparison ignores whitespace, a required-marker '*' and parenthesis width."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"[\s*＊]", "", s)


def text(value: Any) -> str:
    """A cell as trimmed text; whole floats lose their '.0' (Excel stores 12 as 12.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _numeric_text(value: Any) -> str:
    s = unicodedata.normalize("NFKC", text(value))
    return s.replace(",", "").replace(" ", "").removesuffix("元")


def parse_date(value: Any) -> dt.date | None:
    """Raises: CellProblem for anything that is not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value < 2958466:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    s = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    for pattern in _DATE_PATTERNS:
        if m := pattern.match(s):
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise CellProblem(NOT_DATE.format(raw=text(value)))


def parse_int(value: Any) -> int | None:
    s = _numeric_text(value)
    if not s:
        return None
    try:
        number = Decimal(s)
    except InvalidOperation:
        raise CellProblem(NOT_INTEGER.format(raw=text(value))) from None
    if number != number.to_integral_value():
        raise CellProblem(NOT_INTEGER.format(raw=text(value)))
    if number < 0:
        raise CellProblem(NEGATIVE)
    if number > 2_000_000_000:
        raise CellProblem(TOO_LARGE.format(raw=text(value)))
    return int(number)


def parse_decimal(value: Any, *, max_digits: int = 14, places: int = 2) -> Decimal | None:
    if isinstance(value, Decimal):
        number = value
    else:
        s = _numeric_text(value)
        if not s:
            return None
        try:
            number = Decimal(str(value) if isinstance(value, float) else s)
        except InvalidOperation:
            raise CellProblem(NOT_NUMBER.format(raw=text(value))) from None
    if not number.is_finite():
        raise CellProblem(NOT_NUMBER.format(raw=text(value)))
    if number < 0:
        raise CellProblem(NEGATIVE)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number >= Decimal(10) ** (max_digits - places):
        raise CellProblem(TOO_LARGE.format(raw=text(value)))
    return number


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    s = text(value).lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise CellProblem(NOT_BOOL.format(raw=text(value)))


def parse_choice(value: Any, column: Column) -> str:
    if column.choices is None:
        raise TypeError(f"column {column.field} is not a choice column")  # a registry bug
    s = text(value)
    by_label = {str(label): val for val, label in column.choices.choices}
    if s in by_label:
        return str(by_label[s])
    if s in column.choices.values:
        return s
    options = "、".join(by_label)
    raise CellProblem(NOT_CHOICE.format(raw=s, label=column.label, options=options))


def clean_value(column: Column, value: Any, *, max_length: int | None = None) -> Any:
    """One value for `column`; empty means the column default. FIELD/UNIT stay text here.

    Raises: CellProblem with a Chinese message.
    """
    empty = value is None or (isinstance(value, str) and not value.strip())
    if empty:
        if column.required:
            raise CellProblem(REQUIRED)
        if column.default is not None:
            return column.default
        return None if column.type in (INT, DECIMAL) else ""
    if column.type == INT:
        return parse_int(value)
    if column.type == DECIMAL:
        return parse_decimal(value)
    if column.type == BOOL:
        return parse_bool(value)
    if column.type == CHOICE:
        return parse_choice(value, column)
    s = text(value)
    if max_length is not None and len(s) > max_length:
        raise CellProblem(TOO_LONG.format(limit=max_length, length=len(s)))
    return s
