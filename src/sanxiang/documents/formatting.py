"""How dates look in 文书: 2026年3月11日 (GB/T 9704 uses Arabic numerals for 成文日期)."""

from __future__ import annotations

import datetime as dt


def cn_date(day: dt.date | None) -> str:
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"
