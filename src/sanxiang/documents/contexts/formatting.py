"""How values are written in 执法文书: dates, money (大写 and 小写), penalty kinds, fixed texts.

Everything returns plain strings so a document's fields stay JSON (they are stored on the
Document) and print the same in every template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sanxiang.cases.models import PenaltyKind

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")  # within a group of four digits, right to left
BIG_UNITS = ("", "万", "亿", "万亿")  # groups of four digits, right to left
FEN = Decimal("0.01")

# 行政复议法 (2023) §20 ①: 自知道或者应当知道该行政行为之日起六十日内; 行政诉讼法 §46 ①: 六个月内.
REMEDY_GENERIC = (
    "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。"
)
REMEDY_NAMED = (
    "如不服本决定，可以在收到本决定书之日起六十日内向{review_body}申请行政复议，"
    "或者在六个月内依法向{court}提起行政诉讼。"
)
# 处罚法 §73 ①: 复议/诉讼期间不停止执行.
NOT_SUSPENDED = "行政复议或者行政诉讼期间，本决定不停止执行，法律另有规定的除外。"
# 处罚法 §67 ②–③ (15 days, bank or 电子支付) and §72 ① (一) (3% a day, capped at the fine).
PAYMENT_DEFAULT = (
    "请自收到本决定书之日起十五日内，持本决定书到指定的银行或者通过电子支付系统缴纳罚款。"
    "到期不缴纳罚款的，本机关将每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额。"
)
PAYMENT_CHANNEL = (
    "请自收到本决定书之日起十五日内，{channel}缴纳罚款。"
    "到期不缴纳罚款的，本机关将每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额。"
)


def cn_date(day: dt.date | str | None) -> str:
    """2026年3月11日 (no leading zeros); "" for no date. Accepts ISO strings from step content."""
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def _integer_upper(n: int) -> str:
    """A whole number in capitals: 壹拾万零壹佰, 壹亿零壹万 (runs of zeros read as one 零)."""
    if n == 0:
        return "零"
    digits = str(n)
    length = len(digits)
    out, zero = "", False
    for i, ch in enumerate(digits):
        power = length - 1 - i
        d = int(ch)
        if d == 0:
            zero = True
        else:
            if zero:
                out += "零"
            zero = False
            out += DIGITS[d] + SMALL_UNITS[power % 4]
        if power % 4 == 0 and power > 0:
            group = digits[max(0, length - power - 4) : length - power]
            if group.strip("0"):
                out += BIG_UNITS[power // 4]
    return out


def money_upper(amount: Decimal | int | str) -> str:
    """大写金额 per 会计基础工作规范 §52: 伍仟元整, 壹仟零伍元整, 叁佰贰拾伍元零肆分, 伍角整.

    Raises: ValueError for a negative amount.
    """
    value = Decimal(str(amount)).quantize(FEN, rounding=ROUND_HALF_UP)
    if value < 0:
        raise ValueError("amount must not be negative")
    cents = int(value * 100)
    yuan, jiao, fen = cents // 100, (cents // 10) % 10, cents % 10
    if cents == 0:
        return "零元整"
    text = f"{_integer_upper(yuan)}元" if yuan else ""
    if jiao:
        text += f"{DIGITS[jiao]}角"
    elif fen and yuan:
        text += "零"
    if fen:
        text += f"{DIGITS[fen]}分"
    else:
        text += "整"
    return text


def money_figures(amount: Decimal | int | str) -> str:
    """¥5,000.00"""
    value = Decimal(str(amount)).quantize(FEN, rounding=ROUND_HALF_UP)
    return f"¥{value:,.2f}"


def money_text(amount: Decimal | int | str | None) -> str:
    """人民币伍仟元整（¥5,000.00）; "" for no amount."""
    if amount is None or amount == "":
        return ""
    return f"人民币{money_upper(amount)}（{money_figures(amount)}）"


def penalty_labels(kinds: Iterable[str]) -> list[str]:
    labels = []
    for kind in kinds:
        try:
            labels.append(str(PenaltyKind(kind).label))
        except ValueError:
            labels.append(str(kind))
    return labels


def penalty_text(kinds: Iterable[str], fine: Decimal | None, confiscation: Decimal | None) -> str:
    """给予警告，并处罚款人民币叁仟元整（¥3,000.00）: the penalties as one sentence part."""
    parts = []
    for kind in kinds:
        if kind == PenaltyKind.FINE and fine is not None:
            parts.append(f"罚款{money_text(fine)}")
        elif kind in (PenaltyKind.CONFISCATE_GAINS, PenaltyKind.CONFISCATE_PROPERTY) and (
            confiscation is not None
        ):
            parts.append(f"{penalty_labels([kind])[0]}{money_text(confiscation)}")
        else:
            parts.append(penalty_labels([kind])[0])
    return "；".join(parts)


def remedy_text(review_body: str = "", court: str = "") -> str:
    """The 复议 (60 days) / 诉讼 (6 months) sentence, naming the bodies when both are known."""
    if review_body and court:
        return REMEDY_NAMED.format(review_body=review_body, court=court)
    return REMEDY_GENERIC


def payment_text(channel: str = "") -> str:
    return PAYMENT_CHANNEL.format(channel=channel) if channel else PAYMENT_DEFAULT


def yes_no(value: Any) -> str:
    return "是" if value else "否"


def text(value: Any) -> str:
    """A field value as text: "" for None."""
    return "" if value is None else str(value)
