import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from sanxiang.catalog.models import EnforcementItem
from sanxiang.catalog.tests.factories import item_sheet_rows, law_sheet_rows, workbook_bytes
from sanxiang.organisations.tests.factories import AgencyFactory, CertificateFactory, OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory(name="陵川县林业局")


def test_import_prints_counts(agency, tmp_path):
    path = tmp_path / "清单.xlsx"
    path.write_bytes(
        workbook_bytes({"法律法规库": law_sheet_rows(), "执法事项清单": item_sheet_rows(7)})
    )
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import", str(path), agency=agency.uscc, effective_from="2026-01-01", stdout=out, stderr=err
    )
    assert out.getvalue().splitlines() == [
        "导入完成：",
        "法律法规库：新增 1，变更 0，停用 0，未变 0",
        "执法事项清单：新增 7，变更 0，停用 0，未变 0",
    ]
    assert EnforcementItem.objects.count() == 7


def test_import_dry_run_saves_nothing(agency, tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(
        workbook_bytes({"法律法规库": law_sheet_rows(), "执法事项清单": item_sheet_rows(2)})
    )
    out = io.StringIO()
    call_command(
        "import", str(path), "--dry-run", agency=agency.name, stdout=out, stderr=io.StringIO()
    )
    assert out.getvalue().startswith("试运行")
    assert EnforcementItem.objects.count() == 0


def test_import_problems_exit_non_zero(agency, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        workbook_bytes(
            {"法律法规库": law_sheet_rows(), "执法事项清单": item_sheet_rows(3, bad_row=3)}
        )
    )
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import", str(path), agency=agency.uscc, stdout=out, stderr=io.StringIO())
    assert exc.value.returncode == 2
    assert str(exc.value) == "发现 1 处问题，未导入任何内容。"
    assert out.getvalue().startswith(
        "执法事项清单 第 3 行 “事项类别”：“行政许口” 不是有效的事项类别"
    )
    assert EnforcementItem.objects.count() == 0


def test_unknown_agency(tmp_path):
    with pytest.raises(CommandError, match="找不到执法主体：没有这个局"):
        call_command("import", str(tmp_path / "x.xlsx"), agency="没有这个局")


def test_export_public_hides_personal_columns(agency, tmp_path):
    officer = OfficerFactory(
        agency=agency,
        name="赵六",
        staff_number="0099",
        phone="13800000000",
        has_legal_qualification=True,
        legal_qualification_number="A20190001",
    )
    CertificateFactory(officer=officer, number="14052499999")
    path = tmp_path / "public.xlsx"
    out = io.StringIO()
    call_command(
        "export",
        str(path),
        "--public",
        agency=agency.uscc,
        kinds=["officer", "执法事项清单"],
        on="2026-01-01",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert out.getvalue().startswith("已导出 陵川县林业局 的清单（2026-01-01 有效）")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["执法事项清单", "执法人员清单"]
    ws = wb["执法人员清单"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows == [
        ["姓名", "所属机构", "职务", "执法证号", "执法类别"],
        ["赵六", None, "科员", "14052499999", "林业"],
    ]
    flat = repr(rows)
    for secret in ("0099", "13800000000", "A20190001"):
        assert secret not in flat
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold


def test_export_full_then_import_no_changes(agency, tmp_path):
    source = tmp_path / "in.xlsx"
    source.write_bytes(
        workbook_bytes({"法律法规库": law_sheet_rows(), "执法事项清单": item_sheet_rows(4)})
    )
    call_command(
        "import",
        str(source),
        agency=agency.uscc,
        effective_from="2026-01-01",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    exported = tmp_path / "out.xlsx"
    call_command(
        "export",
        str(exported),
        agency=agency.uscc,
        on="2026-01-02",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    out = io.StringIO()
    call_command(
        "import",
        str(exported),
        agency=agency.uscc,
        effective_from="2026-02-01",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "执法事项清单：新增 0，变更 0，停用 0，未变 4" in out.getvalue()
