"""The 年报 as a PDF: an HTML page (Django template) turned into PDF by WeasyPrint, with the
charts embedded as PNG. Nothing is fetched: only data: URLs are served to WeasyPrint, so a
report renders the same offline and cannot be made to reach out (LIBRARIES.md §7)."""

from __future__ import annotations

import base64
from decimal import Decimal

from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher

from sanxiang.disclosure.annual.charts import annual_charts
from sanxiang.disclosure.annual.figures import AnnualFigures
from sanxiang.disclosure.annual.tables import Cell, Rate, annual_tables

TEMPLATE = "disclosure/annual/report_pdf.html"


def _fetcher() -> URLFetcher:
    """Only data: URLs; anything else stops the rendering instead of being fetched."""
    return URLFetcher(allowed_protocols=["data"], fail_on_errors=True)


def display(cell: Cell) -> str:
    if isinstance(cell, Decimal):
        return f"{cell:,.2f}"
    if isinstance(cell, Rate):
        return str(cell)
    return str(cell)


def summary_sentences(f: AnnualFigures) -> list[str]:
    """The 总体情况 paragraph: the headline figures in words."""
    p, c, d = f.total.penalty, f.total.coercion, f.total.disclosure
    scope = "本机关" if len(f.agencies) == 1 else f"本机关及所监督的{len(f.agencies) - 1}个执法主体"
    return [
        f"{f.year}年，{scope}共作出行政处罚类决定{p.decisions}件，其中给予行政处罚{p.penalised}件、"
        f"不予行政处罚{p.no_penalty}件、移送司法机关{p.transferred}件；适用简易程序{p.summary}件、"
        f"普通程序{p.general}件。",
        f"罚款金额合计{display(p.fines)}元，没收违法所得和非法财物金额合计{display(p.confiscations)}元。",
        f"实施行政强制措施（含先行登记保存）{c.total}件。",
        f"行政执法决定公示记录{d.records}条，已公开{d.published}条，其中按时公开{d.on_time}条；"
        f"依法不予公开{d.withheld}条，撤回{d.withdrawn}条。",
        "行政许可、行政检查、行政征收尚未接入本平台，本年报以 0 列示。",
    ]


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def annual_pdf(figures: AnnualFigures, *, version: int) -> bytes:
    """The PDF's bytes. Raises weasyprint's FatalURLFetchingError if the page names a URL."""
    context = {
        "f": figures,
        "version": version,
        "summary": summary_sentences(figures),
        "tables": [
            {
                "title": t.title,
                "headers": t.headers,
                "rows": [[display(c) for c in row] for row in t.rows],
                "total": [display(c) for c in t.total] if t.total is not None else None,
                "note": t.note,
            }
            for t in annual_tables(figures)
        ],
        "charts": [(caption, _data_url(png)) for caption, png in annual_charts(figures)],
    }
    html = render_to_string(TEMPLATE, context)
    document = HTML(string=html, base_url=None, url_fetcher=_fetcher())
    pdf: bytes = document.write_pdf()
    return pdf
