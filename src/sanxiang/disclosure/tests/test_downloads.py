"""CSV (UTF-8 with BOM) and Excel downloads of every public list."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sanxiang.disclosure.exports import TABLES
from sanxiang.disclosure.tests.factories import (
    PENALTIES,
    PRIVATE_PHONE,
    PRIVATE_QUALIFICATION,
    PRIVATE_STAFF_NUMBER,
    ItemFactory,
    changzhi_garden_bureau,
    officer_with_certificate,
)
from sanxiang.organisations.models import CertificateStatus

pytestmark = pytest.mark.django_db

SECRETS = (PRIVATE_PHONE, PRIVATE_QUALIFICATION, PRIVATE_STAFF_NUMBER)


@pytest.fixture
def agency():
    return changzhi_garden_bureau()


def download(client, agency, kind: str, fmt: str, **params):
    url = reverse("disclosure:download", args=[agency.pk, kind, fmt])
    return client.get(url, params)


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_text(body: bytes) -> str:
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return "\n".join(
        "\t".join("" if c is None else str(c) for c in row)
        for row in sheet.iter_rows(values_only=True)
    )


@pytest.mark.parametrize("kind", sorted(TABLES))
def test_every_list_downloads_as_csv_and_excel_without_personal_data(client, agency, kind):
    response = download(client, agency, kind, "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response.content)
    assert "长治市园林局" in rows[0][0]
    assert len(rows) >= 3  # title, header, at least one row
    text = response.content.decode("utf-8-sig")
    excel = download(client, agency, kind, "xlsx")
    assert excel.status_code == 200
    workbook_text = xlsx_text(excel.content)
    data_cells = [c for r in rows[2:] for c in r if len(c) > 3 and not c[:4].isdigit()]
    assert any(c in workbook_text for c in data_cells), (data_cells, workbook_text)
    for secret in SECRETS:
        assert secret not in text
        assert secret not in workbook_text


def test_items_csv_lists_items_with_basis(client, agency):
    rows = csv_rows(download(client, agency, "items", "csv").content)
    assert rows[1][:2] == ["事项编码", "事项名称"]
    names = [r[1] for r in rows[2:]]
    assert all(name in names for name in PENALTIES)
    assert any("《城市绿化条例》第二十七条" in r[4] for r in rows[2:])


def test_officers_csv_has_only_public_columns(client, agency):
    rows = csv_rows(download(client, agency, "officers", "csv").content)
    assert rows[1] == ["姓名", "所属单位", "所属机构", "职务", "执法证号", "执法类别"]
    assert rows[2] == ["王建国", "长治市园林局", "执法监察科", "科长", "14040019001", "园林绿化"]


def test_excel_officer_sheet_has_only_public_columns(client, agency):
    officer_with_certificate(
        agency, "暂扣人员", number="SUSPENDED-7", status=CertificateStatus.SUSPENDED
    )
    text = xlsx_text(download(client, agency, "officers", "xlsx").content)
    assert text.splitlines()[0].split("\t") == ["姓名", "所属机构", "职务", "执法证号", "执法类别"]
    assert "王建国" in text
    assert "暂扣人员" not in text
    assert "暂扣人员" not in download(client, agency, "officers", "csv").content.decode()


def test_csv_neutralises_formulas(client, agency):
    ItemFactory(agency=agency, name='=HYPERLINK("http://x")')
    text = download(client, agency, "items", "csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_download_honours_date_and_rejects_bad_input(client, agency):
    old = csv_rows(download(client, agency, "items", "csv", date="2019-01-01").content)
    assert len(old) == 2
    assert download(client, agency, "items", "csv", date="2019-02-30").status_code == 400
    assert download(client, agency, "nothing", "csv").status_code == 404
    assert download(client, agency, "items", "pdf").status_code == 404
