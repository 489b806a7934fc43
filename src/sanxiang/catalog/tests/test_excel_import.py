import datetime as dt
import io
import os
import zipfile

import pytest
from django.db import IntegrityError

from sanxiang.catalog.excel import import_workbook, reader, write_workbook
from sanxiang.catalog.excel import officers as officer_sheet
from sanxiang.catalog.excel.importer import NO_SHEETS, SHEET_ORDER
from sanxiang.catalog.models import EnforcementItem, Law, LawArticle, SpotCheckItem
from sanxiang.catalog.tests.factories import (
    FORESTRY_LAW,
    headers,
    item_sheet_rows,
    law_sheet_rows,
    law_with_articles,
    workbook_bytes,
)
from sanxiang.core.errors import Forbidden
from sanxiang.organisations.models import Certificate, Officer, Role
from sanxiang.organisations.tests.factories import (
    AgencyFactory,
    FieldFactory,
    SupervisoryAgencyFactory,
    UnitFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 1, 1)
SPOT_ROWS = [
    [
        "抽查事项编码",
        "抽查事项",
        "抽查对象",
        "抽查内容",
        "抽查依据",
        "抽查方式",
        "抽查比例",
        "抽查频次",
    ],
    ["CC-1", "林木采伐检查", "采伐单位", "采伐许可执行", "森林法", "现场检查", "5%", "每年一次"],
]


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def head(agency):
    return user_with_role(Role.AGENCY_HEAD, agency)


def run(head, agency, data, **kwargs):
    return import_workbook(actor=head, agency=agency, source=data, effective_from=ON, **kwargs)


def test_one_bad_row_among_ten_thousand_imports_nothing(head, agency):
    data = workbook_bytes(
        {
            "法律法规库": law_sheet_rows(),
            "执法事项清单": item_sheet_rows(10_000, bad_row=9874),
            "随机抽查事项清单": SPOT_ROWS,
        }
    )
    seen = []
    report = run(head, agency, data, progress=lambda done, total: seen.append((done, total)))
    assert report.lines() == [
        "执法事项清单 第 9,874 行 “事项类别”：“行政许口” 不是有效的事项类别（可选：行政许可、行政处罚、行政强制、"
        "行政征收、行政收费、行政检查、行政确认、行政给付、行政奖励、行政裁决、其他）"
    ]
    assert (
        EnforcementItem.objects.count(),
        Law.objects.count(),
        SpotCheckItem.objects.count(),
    ) == (0, 0, 0)
    assert seen
    assert seen[-1][0] == 10_002


def test_valid_workbook_imports_every_sheet_and_reimport_changes_nothing(head, agency):
    data = workbook_bytes(
        {
            "法律法规库": law_sheet_rows(),
            "执法事项清单": item_sheet_rows(50),
            "随机抽查事项清单": SPOT_ROWS,
        }
    )
    report = run(head, agency, data)
    assert report.ok, report.lines()
    assert report.sheets["执法事项清单"] == {
        "added": 50,
        "changed": 0,
        "removed": 0,
        "unchanged": 0,
    }
    assert report.sheets["法律法规库"]["added"] == 1
    assert EnforcementItem.objects.get(code="SX-00007").legal_basis.get().number == "第七十六条"
    again = import_workbook(
        actor=head, agency=agency, source=data, effective_from=dt.date(2026, 2, 1)
    )
    assert again.sheets["执法事项清单"] == {"added": 0, "changed": 0, "removed": 0, "unchanged": 50}
    assert again.sheets["法律法规库"] == {"added": 0, "changed": 0, "removed": 0, "unchanged": 1}
    assert EnforcementItem.objects.count() == 50


def test_problems_in_several_sheets_are_all_reported(head, agency):
    spot = [SPOT_ROWS[0], SPOT_ROWS[1], SPOT_ROWS[1]]
    items = item_sheet_rows(3)
    items[2][4] = "《不存在法》第一条"
    data = workbook_bytes(
        {"法律法规库": law_sheet_rows(), "执法事项清单": items, "随机抽查事项清单": spot}
    )
    lines = run(head, agency, data).lines()
    assert lines == [
        "执法事项清单 第 3 行 “法律依据”：法律法规库中没有《不存在法》",
        "随机抽查事项清单 第 3 行 “抽查事项编码”：编码“CC-1”重复：同一清单中每个编码只能出现一次",
    ]
    assert Law.objects.count() == 0


def test_headers_dates_and_numbers_are_tolerated(head, agency):
    law_with_articles()
    unit = UnitFactory(agency=agency, name="执法一股")
    FieldFactory()
    rows = [
        [
            " 事项编码 ",
            "事项名称",
            "事项类别",
            "执法类别",
            "法律依据",
            "承办机构",
            "办理时限(天)",
            "时限计算",
        ],
        [
            "A-1",
            "甲",
            "行政处罚",
            "林业",
            f"《{FORESTRY_LAW}》第七十六条第一款",
            "执法一股",
            "２０",
            "自然日",
        ],
    ]
    major = [
        ["编码", "审核事项", "罚款数额达到（元）", "经过听证"],
        ["ZD-1", "较大数额罚款", "10,000", "是"],
    ]
    report = run(
        head, agency, workbook_bytes({"执法事项清单": rows, "重大执法决定法制审核目录清单": major})
    )
    assert report.ok, report.lines()
    item = EnforcementItem.objects.get()
    assert (
        item.time_limit_days,
        item.time_limit_day_count,
        item.responsible_unit,
        item.field.code,
    ) == (20, "calendar", unit, "forestry")


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2026, 1, 1),  # noqa: DTZ001 - openpyxl yields naive datetimes
        "2026-01-01",
        "2026/1/1",
        "2026年1月1日",
    ],
)
def test_date_formats(value):
    from sanxiang.catalog.services.cleaning import parse_date

    assert parse_date(value) == dt.date(2026, 1, 1)


def _docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (os.urandom(4096), reader.FILE_NOT_XLSX),
        (workbook_bytes({"执法事项清单": item_sheet_rows(100)})[:3000], reader.FILE_CORRUPT),
        (_docx_bytes(), reader.FILE_WORD),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(2000), reader.FILE_XLS),
        (b"", reader.FILE_EMPTY),
        (workbook_bytes({"Sheet1": [["a", "b"]]}), NO_SHEETS.format(names="、".join(SHEET_ORDER))),
        (
            workbook_bytes({"执法事项清单": [headers("item")]}),
            NO_SHEETS.format(names="、".join(SHEET_ORDER)),
        ),
    ],
    ids=["random", "truncated", "docx", "xls", "empty-file", "no-known-sheet", "no-rows"],
)
def test_malformed_files_are_refused_with_a_message(head, agency, data, message):
    report = run(head, agency, data)
    assert report.lines() == [message]
    assert EnforcementItem.objects.count() == 0


def test_missing_required_column(head, agency):
    rows = [["事项编码", "事项名称", "法律依据"], ["A", "甲", "x"]]
    assert run(head, agency, workbook_bytes({"执法事项清单": rows})).lines() == [
        "执法事项清单 第 1 行 “事项类别”：缺少必填列“事项类别”"
    ]


def test_duplicate_codes_in_sheet(head, agency):
    law_with_articles()
    rows = item_sheet_rows(3)
    rows[3][0] = rows[1][0]
    lines = run(head, agency, workbook_bytes({"执法事项清单": rows})).lines()
    assert lines == [
        "执法事项清单 第 4 行 “事项编码”：编码“SX-00000”重复：同一清单中每个编码只能出现一次"
    ]


def test_too_many_rows(head, agency, monkeypatch):
    assert reader.MAX_ROWS == 50_000
    monkeypatch.setattr(reader, "MAX_ROWS", 20)
    lines = run(head, agency, workbook_bytes({"执法事项清单": item_sheet_rows(21)})).lines()
    assert lines == ["执法事项清单：" + reader.TOO_MANY_ROWS.format(limit=20)]


def test_file_larger_than_limit(head, agency, settings):
    settings.SANXIANG_MAX_UPLOAD_BYTES = 1024 * 1024
    data = b"PK" + b"\0" * (1024 * 1024)
    assert run(head, agency, data).lines() == [reader.FILE_TOO_LARGE.format(limit=1, size="1.0")]


def test_database_failure_at_the_end_rolls_back_everything(head, agency, monkeypatch):
    def boom(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(officer_sheet, "apply_officers", boom)
    officers = [[c.header for c in officer_sheet.COLUMNS], ["张三"]]
    data = workbook_bytes(
        {
            "法律法规库": law_sheet_rows(),
            "执法事项清单": item_sheet_rows(5),
            "执法人员清单": officers,
        }
    )
    report = run(head, agency, data)
    assert not report.ok
    assert "已全部撤销" in report.lines()[0]
    assert report.sheets == {}
    assert (EnforcementItem.objects.count(), Law.objects.count(), LawArticle.objects.count()) == (
        0,
        0,
        0,
    )


def test_dry_run_saves_nothing(head, agency):
    data = workbook_bytes({"法律法规库": law_sheet_rows(), "执法事项清单": item_sheet_rows(5)})
    report = run(head, agency, data, dry_run=True)
    assert report.ok
    assert report.sheets["执法事项清单"]["added"] == 5
    assert EnforcementItem.objects.count() == 0


def test_supervisor_may_not_import(agency):
    supervisor = user_with_role(Role.SUPERVISOR, SupervisoryAgencyFactory())
    with pytest.raises(Forbidden):
        run(supervisor, agency, workbook_bytes({"执法事项清单": item_sheet_rows(1)}))


# --- 执法人员清单 -----------------------------------------------------------------------------

OFFICER_HEADERS = [c.header for c in officer_sheet.COLUMNS]


def officer_row(name="李四", number="14052400001", **kw):
    row = {
        "姓名": name,
        "所属机构": "",
        "职务": "科员",
        "工号": "",
        "执法证号": number,
        "发证机关": "山西省人民政府",
        "执法类别": "林业",
        "有效期起": "2024-01-01",
        "有效期止": "2029-12-31",
        "证件状态": "有效",
        "法律职业资格证书编号": "",
    }
    row.update(kw)
    return [row[h] for h in OFFICER_HEADERS]


def test_officer_sheet_creates_and_then_matches(head, agency):
    FieldFactory()
    rows = [
        OFFICER_HEADERS,
        officer_row(),
        officer_row("王五", "14052400002", 工号="007", 法律职业资格证书编号="A2019"),
    ]
    report = run(head, agency, workbook_bytes({"执法人员清单": rows}))
    assert report.ok, report.lines()
    assert report.sheets["执法人员清单"]["added"] == 2
    wang = Officer.objects.get(name="王五")
    assert wang.has_legal_qualification
    assert wang.certificates.get().fields.get().name == "林业"
    rows[2] = officer_row(
        "王五",
        "14052400002",
        工号="007",
        职务="队长",
        法律职业资格证书编号="A2019",
        证件状态="暂扣",
    )
    again = run(head, agency, workbook_bytes({"执法人员清单": rows}))
    assert again.sheets["执法人员清单"] == {"added": 0, "changed": 1, "removed": 0, "unchanged": 1}
    wang.refresh_from_db()
    assert wang.title == "队长"
    assert wang.certificates.get().status == "suspended"


def test_officer_sheet_problems(head, agency):
    FieldFactory()
    rows = [
        OFFICER_HEADERS,
        officer_row("甲", "N1", 有效期起="2029-12-31", 有效期止="2024-01-01"),
        officer_row("乙", "N2"),
        officer_row("丙", "N2"),
        officer_row("丁", "N3", 执法类别="林业、航天"),
    ]
    lines = run(head, agency, workbook_bytes({"执法人员清单": rows})).lines()
    assert lines == [
        "执法人员清单 第 2 行 “有效期止”：执法证有效期止不得早于有效期起",
        "执法人员清单 第 4 行 “执法证号”：执法证号 N2 重复（与第 3 行相同）",
        "执法人员清单 第 5 行 “执法类别”：“航天” 不是有效的执法类别（可选：林业）",
    ]
    assert Officer.objects.filter(certificates__isnull=False).count() == 0
    assert Certificate.objects.count() == 0


def test_export_then_import_reports_no_changes(head, agency):
    FieldFactory()
    UnitFactory(agency=agency, name="执法一股")
    law_sheet = law_sheet_rows(numbers=("第七十六条", "第七十七条"))
    bench = [
        [
            c.header
            for c in __import__("sanxiang.catalog.services", fromlist=["KINDS"])
            .KINDS["benchmark"]
            .columns
        ],
        [
            "JZ-1",
            "SX-00001",
            "盗伐",
            "第五十六条",
            "第七十六条",
            None,
            "从轻处罚",
            "较小",
            None,
            None,
            "1",
            "2",
            "价值",
            None,
        ],
        [
            "JZ-1",
            "SX-00001",
            "盗伐",
            "第五十六条",
            "第七十六条",
            None,
            "从重处罚",
            "较大",
            "1000",
            "5000.5",
            None,
            None,
            None,
            "没收",
        ],
    ]
    major = [
        headers("major_decision"),
        [
            "ZD-1",
            "大额罚款",
            "",
            "法人或其他组织",
            "100000",
            "",
            "责令停产停业、吊销许可证",
            "是",
            "",
            "依据",
        ],
    ]
    recording = [headers("recording"), ["YX-1", "现场检查", "", "全过程音像记录", "", ""]]
    hearing = [
        headers("hearing_threshold"),
        ["TZ-1", "自然人", "10000", "10000", "", "处罚法第六十三条", ""],
        ["TZ-2", "法人或其他组织", "100000", "", "SX-00001", "处罚法第六十三条", "说明"],
    ]
    guide = [
        headers("service_guide"),
        [
            "ZN-1",
            "XK-1",
            "林木采伐许可",
            "森林法",
            "窗口",
            "",
            "条件",
            "",
            "材料",
            "流程",
            "20个工作日",
            "不收费",
            "监督",
            "",
            "复议",
            "工作日",
            "某路1号",
            "0356-1234567",
        ],
    ]
    officers = [
        OFFICER_HEADERS,
        officer_row(所属机构="执法一股", 工号="01"),
        officer_row(
            "无证人员", "", 发证机关="", 执法类别="", 有效期起="", 有效期止="", 证件状态=""
        ),
    ]
    items = item_sheet_rows(5)
    items[1][5] = "执法一股"
    source = {
        "法律法规库": law_sheet,
        "执法事项清单": items,
        "裁量基准": bench,
        "随机抽查事项清单": SPOT_ROWS,
        "音像记录事项清单": recording,
        "重大执法决定法制审核目录清单": major,
        "听证较大数额标准": hearing,
        "服务指南": guide,
        "执法人员清单": officers,
    }
    first = run(head, agency, workbook_bytes(source))
    assert first.ok, first.lines()
    out = io.BytesIO()
    write_workbook(agency=agency, kinds=None, on=ON, stream=out)
    again = import_workbook(
        actor=head, agency=agency, source=out.getvalue(), effective_from=dt.date(2026, 5, 1)
    )
    assert again.ok, again.lines()
    assert set(again.sheets) == set(source)
    for sheet, counts in again.sheets.items():
        assert counts["added"] == counts["changed"] == counts["removed"] == 0, sheet
        assert counts["unchanged"] > 0, sheet


def test_export_writes_formula_like_text_as_text_not_formula(head, agency):
    from openpyxl import load_workbook

    from sanxiang.catalog.services import catalog_replace

    hostile = '=HYPERLINK("http://example.invalid","点我")'
    row = {
        "code": "CC-9",
        "name": hostile,
        "target": "采伐单位",
        "content": "内容",
        "basis": "依据",
        "method": "现场检查",
        "ratio": "5%",
        "frequency": "每年",
    }
    catalog_replace(actor=head, agency=agency, kind="spot_check", rows=[row], effective_from=ON)
    out = io.BytesIO()
    write_workbook(agency=agency, kinds=["spot_check"], on=ON, stream=out, public=True)
    ws = load_workbook(io.BytesIO(out.getvalue()))["随机抽查事项清单"]
    cells = [c for r in ws.iter_rows(min_row=2) for c in r if c.value == hostile]
    assert len(cells) == 1
    assert cells[0].data_type == "s"
