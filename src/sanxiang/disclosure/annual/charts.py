"""Charts of a 年报 as PNG bytes (matplotlib, Agg, no pyplot state), for the PDF and the preview.

Chinese labels need a CJK font: Noto Sans CJK SC (Debian fonts-noto-cjk, installed by
scripts/install-system-deps.sh); `axes.unicode_minus` off because the CJK font lacks U+2212.
rcParams are process-global, so the settings apply under a lock for each drawing.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from sanxiang.cases.models import PenaltyKind
from sanxiang.disclosure.annual.figures import AnnualFigures

RC: dict[Any, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"],
    "axes.unicode_minus": False,
    "svg.fonttype": "none",
}
DPI = 150
BAR_COLOUR = "#2f6fab"
_lock = threading.Lock()


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, bbox_inches="tight")
    return out.getvalue()


def _bars(
    labels: Sequence[str],
    values: Sequence[int],
    *,
    title: str,
    horizontal: bool,
    size: tuple[float, float],
) -> bytes:
    with _lock, matplotlib.rc_context(RC):
        figure = Figure(figsize=size)
        axes = figure.subplots()
        if horizontal:
            bars = axes.barh(list(labels), list(values), color=BAR_COLOUR)
            axes.invert_yaxis()  # first label on top, as in the table
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            bars = axes.bar(list(labels), list(values), color=BAR_COLOUR)
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.bar_label(bars, padding=2, fontsize=8)
        axes.set_title(title)
        axes.spines[["top", "right"]].set_visible(False)
        return _png(figure)


def penalties_by_kind_chart(figures: AnnualFigures) -> bytes:
    """Horizontal bars: decisions per penalty kind (every kind of 处罚法 §9, zeros included)."""
    by_kind = figures.total.penalty.by_kind
    return _bars(
        [str(k.label) for k in PenaltyKind],
        [by_kind.get(k.value, 0) for k in PenaltyKind],
        title=f"{figures.year}年行政处罚决定（按处罚种类）",
        horizontal=True,
        size=(7.5, 4.2),
    )


def monthly_decisions_chart(figures: AnnualFigures) -> bytes:
    """Columns: decisions (处罚, 不予处罚, 移送) per month."""
    return _bars(
        [f"{m}月" for m in range(1, 13)],
        figures.monthly,
        title=f"{figures.year}年各月作出的行政处罚类决定",
        horizontal=False,
        size=(7.5, 3.4),
    )


def annual_charts(figures: AnnualFigures) -> list[tuple[str, bytes]]:
    """(caption, PNG) pairs in the order the PDF shows them."""
    return [
        ("图1  行政处罚决定按处罚种类统计", penalties_by_kind_chart(figures)),
        ("图2  各月行政处罚类决定数", monthly_decisions_chart(figures)),
    ]
