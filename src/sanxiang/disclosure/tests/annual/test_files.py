"""年报 files: the workbook read back with openpyxl, the PDF read with pdftotext and pdfimages."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sanxiang.disclosure.annual.charts import annual_charts
from sanxiang.disclosure.annual.excel import annual_workbook
from sanxiang.disclosure.annual.figures import AgencyRef, Records, ReviewFigures, compute
from sanxiang.disclosure.annual.pdf import annual_pdf

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def decision(agency, outcome, penalties, fine, month, procedure="general", confiscation=None):
    return {
        "agency_id": agency,
        "outcome": outcome,
        "procedure": procedure,
        "penalties": penalties,
        "fine": Decimal(fine) if fine else None,
        "confiscation": Decimal(confiscation) if confiscation else None,
        "decided_on": dt.date(2026, month, 15),
    }


@pytest.fixture(scope="module")
def figures():
    """Two agencies in two regions: 4 处罚 (罚款 3000 + 8000 + 100 + 2500, 没收 1200), one 不予处罚,
    one 扣押 and one 查封, two 公示 records (one on time), one 法制审核 agreed."""
    due = dt.date(2026, 3, 20)
    return compute(
        Records(
            year=2026,
            agency_id="a",
            agency_name="陵川县市场监督管理局",
            today=dt.date(2027, 1, 12),
            scope=[
                AgencyRef("a", "陵川县市场监督管理局", "140524", "陵川县"),
                AgencyRef("b", "高平市市场监督管理局", "140581", "高平市"),
            ],
            decisions=[
                decision("a", "penalise", ["warning", "fine"], "3000", 3),
                decision(
                    "a", "penalise", ["fine", "confiscate_gains"], "8000", 3, confiscation="1200"
                ),
                decision("a", "penalise", ["fine"], "100", 5, procedure="summary"),
                decision("b", "penalise", ["fine"], "2500", 11),
                decision("b", "no_penalty_first", [], None, 11),
            ],
            measures=[{"agency_id": "a", "kind": "seizure"}, {"agency_id": "b", "kind": "sealing"}],
            disclosures=[
                {
                    "agency_id": "a",
                    "status": "published",
                    "published_on": due,
                    "due_on": due,
                    "withdrawn_on": None,
                    "withdraw_due_on": None,
                },
                {
                    "agency_id": "b",
                    "status": "draft",
                    "published_on": None,
                    "due_on": due,
                    "withdrawn_on": None,
                    "withdraw_due_on": None,
                },
            ],
            reviews={
                "a": ReviewFigures(submissions=1, opinions=1, first_submitted=1, first_agreed=1)
            },
        )
    )


def test_workbook_has_a_sheet_per_table_with_chinese_headers_totals_and_numbers(figures):
    book = load_workbook(io.BytesIO(annual_workbook(figures)))
    assert book.sheetnames == [
        "行政处罚（按执法主体）",
        "行政处罚（按行政区划）",
        "处罚种类",
        "行政强制措施",
        "行政执法决定公示",
        "重大执法决定法制审核",
        "月度决定数",
        "其他执法行为",
    ]
    sheet = book["行政处罚（按执法主体）"]
    assert (
        sheet["A1"].value == "陵川县市场监督管理局2026年度行政执法统计年报：行政处罚（按执法主体）"
    )
    headers = [c.value for c in sheet[2]]
    assert headers[:4] == ["执法主体", "决定总数", "给予处罚", "不予处罚"]
    assert headers[-2:] == ["罚款金额（元）", "没收金额（元）"]
    assert [c.value for c in sheet[3]][:3] == ["陵川县市场监督管理局", 3, 3]
    total = [c.value for c in sheet[5]]
    assert total[0] == "合计"
    assert total[1] == 5
    assert isinstance(total[1], int)
    assert total[7] == 13600
    assert not isinstance(total[7], str)
    assert sheet.cell(row=5, column=8).number_format == "#,##0.00"
    assert float(sheet.cell(row=3, column=9).value) == 1200.0

    regions = book["行政处罚（按行政区划）"]
    assert [c.value for c in regions[3]][:4] == ["140524", "陵川县", 1, 3]
    assert [c.value for c in regions[4]][:4] == ["140581", "高平市", 1, 2]
    assert [c.value for c in regions[5]][1:4] == ["合计", 2, 5]

    kinds = book["处罚种类"]
    fine_row = next(r for r in kinds.iter_rows(min_row=3, values_only=True) if r[0] == "罚款")
    assert fine_row == ("罚款", 3, 1, 4)

    disclosure = book["行政执法决定公示"]
    row_a = list(disclosure[3])
    assert row_a[5].value == 1.0
    assert row_a[5].number_format == "0.0%"
    assert disclosure.cell(row=4, column=6).value is None  # nothing published: no rate

    monthly = book["月度决定数"]
    assert [monthly.cell(row=r, column=2).value for r in range(3, 15)] == [
        0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 2, 0,
    ]  # fmt: skip
    assert [c.value for c in monthly[15]] == ["合计", 5]

    other = book["其他执法行为"]
    assert [c.value for c in other[3]] == ["行政许可", 0, "尚未接入本平台"]
    assert [c.value for c in other[5]] == ["行政征收", 0, "尚未接入本平台"]


def test_charts_are_png_images(figures):
    charts = annual_charts(figures)
    assert [caption for caption, _ in charts] == [
        "图1  行政处罚决定按处罚种类统计",
        "图2  各月行政处罚类决定数",
    ]
    assert all(png.startswith(PNG_MAGIC) and len(png) > 5000 for _, png in charts)


def test_pdf_has_the_title_key_figures_and_the_charts_as_images(figures, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(annual_pdf(figures, version=2))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert "《陵川县市场监督管理局2026年度行政执法统计年报》" in flat
    assert "第2版" in flat
    assert "共作出行政处罚类决定5件，其中给予行政处罚4件、不予行政处罚1件" in flat
    assert "罚款金额合计13,600.00元" in flat
    assert "没收违法所得和非法财物金额合计1,200.00元" in flat
    assert "实施行政强制措施（含先行登记保存）2件" in flat
    assert "行政许可、行政检查、行政征收尚未接入本平台" in flat
    assert "高平市市场监督管理局" in flat
    images = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in images.splitlines()[2:]]
    assert len([r for r in rows if r[2] == "image"]) >= 2
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "CJK-SC" in fonts  # the Simplified Chinese faces, embedded
