import re

import pytest

from sanxiang.catalog.models import EnforcementItem
from sanxiang.catalog.tests.factories import item_sheet_rows, law_sheet_rows, workbook_bytes
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role


@pytest.mark.browser
def test_import_export_reimport_in_browser(live_server, page, transactional_db, tmp_path):
    agency = AgencyFactory()
    user = user_with_role(Role.AGENCY_HEAD, agency, username="head1")
    first = tmp_path / "清单.xlsx"
    first.write_bytes(
        workbook_bytes({"法律法规库": law_sheet_rows(), "执法事项清单": item_sheet_rows(12)})
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "Sanxiang-Test-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/accounts/home/"))

    page.goto(f"{live_server.url}/manage/catalog/{agency.pk}/")
    page.click("#import-link")
    page.set_input_files("#id_workbook", str(first))
    page.fill("#id_effective_from", "2026-01-01")
    page.get_by_role("button", name="导入").click()
    result = page.locator("#import-result")
    assert "导入成功" in result.inner_text()
    assert result.locator("tr", has_text="执法事项清单").inner_text().split() == [
        "执法事项清单",
        "12",
        "0",
        "0",
        "0",
    ]
    assert EnforcementItem.objects.filter(agency=agency).count() == 12

    with page.expect_download() as info:
        page.get_by_role("link", name="导出当前清单").click()
    exported = tmp_path / "exported.xlsx"
    info.value.save_as(exported)

    page.set_input_files("#id_workbook", str(exported))
    page.fill("#id_effective_from", "2026-02-01")
    page.get_by_role("button", name="导入").click()
    row = page.locator("#import-result tr", has_text="执法事项清单")
    assert row.inner_text().split() == ["执法事项清单", "0", "0", "0", "12"]
    assert EnforcementItem.objects.filter(agency=agency).count() == 12
