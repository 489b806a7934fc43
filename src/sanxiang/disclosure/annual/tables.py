"""The tables of a 年报, shared by the Excel workbook, the PDF and the staff preview.

A cell is a str, an int, a Decimal (元) or a `Rate` (a share shown as a percentage, or “—” when
there is nothing to divide by), so each renderer keeps numbers as numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sanxiang.cases.models import MeasureKind, PenaltyKind
from sanxiang.disclosure.annual.figures import AnnualFigures, UnitFigures


@dataclass(frozen=True)
class Rate:
    part: int
    whole: int

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.whole else None

    def __str__(self) -> str:
        value = self.value
        return "—" if value is None else f"{value:.1%}"


Cell = str | int | Decimal | Rate


@dataclass(frozen=True)
class Table:
    key: str
    title: str  # also the sheet name (≤ 31 characters)
    headers: list[str]
    rows: list[list[Cell]]
    total: list[Cell] | None = None
    note: str = ""


MEASURE_ORDER = (MeasureKind.SEALING, MeasureKind.SEIZURE, MeasureKind.PRESERVATION)
PENALTY_HEADERS = [
    "决定总数",
    "给予处罚",
    "不予处罚",
    "移送司法机关",
    "简易程序",
    "普通程序",
    "罚款金额（元）",
    "没收金额（元）",
]


def _penalty(u: UnitFigures) -> list[Cell]:
    p = u.penalty
    return [
        p.decisions,
        p.penalised,
        p.no_penalty,
        p.transferred,
        p.summary,
        p.general,
        p.fines,
        p.confiscations,
    ]


def _coercion(u: UnitFigures) -> list[Cell]:
    return [*(u.coercion.by_kind.get(k.value, 0) for k in MEASURE_ORDER), u.coercion.total]


def _disclosure(u: UnitFigures) -> list[Cell]:
    d = u.disclosure
    return [
        d.records,
        d.withheld,
        d.published,
        d.on_time,
        Rate(d.on_time, d.published),
        d.overdue_unpublished,
        d.withdrawn,
        d.withdrawn_on_time,
    ]


def _review(u: UnitFigures) -> list[Cell]:
    r = u.review
    return [
        r.submissions,
        r.opinions,
        r.first_submitted,
        r.first_agreed,
        Rate(r.first_agreed, r.first_submitted),
    ]


def _per_agency(
    f: AnnualFigures, key: str, title: str, headers: Sequence[str], row: Callable[..., list[Cell]]
) -> Table:
    return Table(
        key=key,
        title=title,
        headers=["执法主体", *headers],
        rows=[[u.name, *row(u)] for u in f.agencies],
        total=["合计", *row(f.total)],
    )


def _kinds(f: AnnualFigures) -> Table:
    names = [u.name for u in f.agencies]
    rows: list[list[Cell]] = []
    for k in PenaltyKind:
        row: list[Cell] = [str(k.label)]
        row += [u.penalty.by_kind.get(k.value, 0) for u in [*f.agencies, f.total]]
        rows.append(row)
    total: list[Cell] = ["合计（种类次数）"]
    total += [sum(u.penalty.by_kind.values()) for u in [*f.agencies, f.total]]
    note = "一个决定并处多种处罚的，每种处罚各计一次。"
    return Table("kinds", "处罚种类", ["处罚种类", *names, "合计"], rows, total, note)


def _regions(f: AnnualFigures) -> Table:
    return Table(
        key="regions",
        title="行政处罚（按行政区划）",
        headers=["行政区划代码", "行政区划", "执法主体数", *PENALTY_HEADERS],
        rows=[[u.key, u.name, u.agencies, *_penalty(u)] for u in f.regions],
        total=["", "合计", f.total.agencies, *_penalty(f.total)],
    )


def _monthly(f: AnnualFigures) -> Table:
    rows: list[list[Cell]] = [[f"{m}月", n] for m, n in enumerate(f.monthly, start=1)]
    return Table("monthly", "月度决定数", ["月份", "决定数"], rows, ["合计", sum(f.monthly)])


def _other(f: AnnualFigures) -> Table:
    rows: list[list[Cell]] = [[n.label, n.count, n.note] for n in f.not_connected]
    note = "上述执法行为尚未通过本平台办理，数量以 0 列示，待接入后据实统计。"
    return Table("other", "其他执法行为", ["类别", "数量", "说明"], rows, None, note)


def annual_tables(f: AnnualFigures) -> list[Table]:
    return [
        _per_agency(f, "penalties", "行政处罚（按执法主体）", PENALTY_HEADERS, _penalty),
        _regions(f),
        _kinds(f),
        _per_agency(
            f,
            "coercion",
            "行政强制措施",
            [*(str(k.label) for k in MEASURE_ORDER), "合计"],
            _coercion,
        ),
        _per_agency(
            f,
            "disclosure",
            "行政执法决定公示",
            [
                "决定公示记录",
                "不予公开",
                "已公开",
                "按时公开",
                "按时公开率",
                "超期未公开",
                "已撤回",
                "按时撤回",
            ],
            _disclosure,
        ),
        _per_agency(
            f,
            "review",
            "重大执法决定法制审核",
            ["送审件次", "审核意见", "首次送审已审核", "首次送审通过", "首次通过率"],
            _review,
        ),
        _monthly(f),
        _other(f),
    ]
