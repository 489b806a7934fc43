"""Catalog test data: laws with articles, catalog rows through the service, workbooks in memory."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import factory
from openpyxl import Workbook

from sanxiang.catalog.excel.laws import COLUMNS as LAW_COLUMNS
from sanxiang.catalog.models import Law, LawArticle, LawLevel
from sanxiang.catalog.services import KINDS

FORESTRY_LAW = "中华人民共和国森林法"
GREENING_RULE = "城市绿化条例"
NUMERALS = "一二三四五六七八九十"


class LawFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Law

    name = factory.Sequence(lambda n: f"测试条例{n}")
    version_label = "2020年修订"
    level = LawLevel.LAW
    issuer = "全国人民代表大会常务委员会"
    effective_from = dt.date(2020, 7, 1)


class LawArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LawArticle

    law = factory.SubFactory(LawFactory)
    number = "第一条"
    text = "为了测试，制定本条例。"


def law_with_articles(
    name: str = FORESTRY_LAW, numbers: Iterable[str] = ("第七十六条", "第七十七条"), **kwargs: Any
) -> Law:
    law = LawFactory(name=name, **kwargs)
    for i, number in enumerate(numbers):
        LawArticleFactory(law=law, number=number, position=i, text=f"{name}{number}条文")
    return law


def item_row(code: str = "XK-001", **overrides: Any) -> dict[str, Any]:
    row = {
        "code": code,
        "name": f"事项{code}",
        "category": "行政处罚",
        "legal_basis_text": f"《{FORESTRY_LAW}》第七十六条",
        "time_limit_days": 20,
    }
    row.update(overrides)
    return row


def benchmark_row(code: str = "JZ-001", **overrides: Any) -> dict[str, Any]:
    row = {
        "code": code,
        "item_code": "CF-001",
        "violation": "盗伐林木",
        "violated_provision": "《森林法》第五十六条",
        "penalty_basis": "《森林法》第七十六条",
        "tiers": [
            {
                "kind": "从轻处罚",
                "conditions": "数量较小",
                "multiple_min": "1",
                "multiple_max": "2",
            },
            {"kind": "一般处罚", "conditions": "一般情形", "fine_min": "1000", "fine_max": "5000"},
        ],
    }
    row.update(overrides)
    return row


def workbook_bytes(sheets: Mapping[str, Sequence[Sequence[Any]]]) -> bytes:
    """A workbook with one sheet per entry: first row the headers, then data rows."""
    wb = Workbook(write_only=True)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def headers(kind: str) -> list[str]:
    return [c.header for c in KINDS[kind].columns]


def law_sheet_rows(
    name: str = FORESTRY_LAW, numbers: Sequence[str] = ("第七十六条",)
) -> list[list[Any]]:
    rows: list[list[Any]] = [[c.header for c in LAW_COLUMNS]]
    for number in numbers:
        rows.append(
            [
                name,
                "2019年修订",
                "法律",
                "全国人大常委会",
                "2019-12-28",
                "2020/7/1",
                number,
                f"{number}条文",
            ]
        )
    return rows


def item_sheet_rows(count: int, *, bad_row: int | None = None) -> list[list[Any]]:
    """`count` enforcement items citing the forestry law; `bad_row` (Excel row) gets a bad category."""
    rows: list[list[Any]] = [headers("item")]
    for i in range(count):
        category = "行政许口" if bad_row == i + 2 else ("行政处罚" if i % 2 else "行政许可")
        rows.append(
            [
                f"SX-{i:05d}",
                f"测试事项{i}",
                category,
                None,
                f"《{FORESTRY_LAW}》第七十六条",
                None,
                str(i % 30 + 1),
                "工作日",
                None,
                None,
            ]
        )
    return rows
