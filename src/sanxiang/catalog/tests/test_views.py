import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanxiang.catalog.models import EnforcementItem
from sanxiang.catalog.tests.factories import item_sheet_rows, law_sheet_rows, workbook_bytes
from sanxiang.catalog.views import IMPORT_FORBIDDEN
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import (
    AgencyFactory,
    SupervisoryAgencyFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervised():
    bureau = SupervisoryAgencyFactory()
    agency = AgencyFactory(supervising_agency=bureau)
    return bureau, agency


def upload(data, name="清单.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def post_import(client, agency, data, on="2026-01-01"):
    return client.post(
        reverse("catalog:import", args=[agency.pk]),
        {"workbook": upload(data), "effective_from": on},
    )


def test_pages_require_login(client, supervised):
    _, agency = supervised
    for name in ("catalog:agency", "catalog:import", "catalog:export"):
        response = client.get(reverse(name, args=[agency.pk]))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_head_imports_and_sees_counts_then_lists(client, supervised):
    _, agency = supervised
    client.force_login(user_with_role(Role.AGENCY_HEAD, agency))
    data = workbook_bytes({"法律法规库": law_sheet_rows(), "执法事项清单": item_sheet_rows(3)})
    response = post_import(client, agency, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "导入成功" in body
    assert "<td>执法事项清单</td><td>3</td><td>0</td><td>0</td><td>0</td>" in body
    page = client.get(reverse("catalog:agency", args=[agency.pk])).content.decode()
    assert "SX-00002" in page
    assert 'id="import-link"' in page


def test_import_problems_are_shown_and_nothing_saved(client, supervised):
    _, agency = supervised
    client.force_login(user_with_role(Role.AGENCY_HEAD, agency))
    data = workbook_bytes(
        {"法律法规库": law_sheet_rows(), "执法事项清单": item_sheet_rows(5, bad_row=4)}
    )
    response = post_import(client, agency, data)
    body = response.content.decode()
    assert response.status_code == 422
    assert "未导入任何内容" in body
    assert (
        "<td>执法事项清单</td><td>4</td><td>事项类别</td><td>“行政许口” 不是有效的事项类别" in body
    )
    assert EnforcementItem.objects.count() == 0


def test_malformed_upload_message(client, supervised):
    _, agency = supervised
    client.force_login(user_with_role(Role.AGENCY_HEAD, agency))
    response = post_import(client, agency, b"not a workbook at all")
    assert "文件不是 Excel 工作簿（.xlsx）" in response.content.decode()


def test_officer_of_other_agency_gets_404(client, supervised):
    _, agency = supervised
    client.force_login(user_with_role(Role.AGENCY_HEAD, AgencyFactory()))
    for name in ("catalog:agency", "catalog:import", "catalog:export"):
        assert client.get(reverse(name, args=[agency.pk])).status_code == 404
    assert (
        post_import(
            client, agency, workbook_bytes({"执法事项清单": item_sheet_rows(1)})
        ).status_code
        == 404
    )


def test_supervisor_views_and_exports_but_cannot_import(client, supervised):
    bureau, agency = supervised
    client.force_login(user_with_role(Role.SUPERVISOR, bureau))
    page = client.get(reverse("catalog:agency", args=[agency.pk]))
    assert page.status_code == 200
    assert 'id="import-link"' not in page.content.decode()
    assert client.get(reverse("catalog:import", args=[agency.pk])).status_code == 403
    response = post_import(
        client,
        agency,
        workbook_bytes({"法律法规库": law_sheet_rows(), "执法事项清单": item_sheet_rows(1)}),
    )
    assert response.status_code == 403
    assert IMPORT_FORBIDDEN in response.content.decode()
    assert EnforcementItem.objects.count() == 0
    export = client.get(reverse("catalog:export", args=[agency.pk]))
    assert export.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(export.content), read_only=True)
    assert "执法事项清单" in wb.sheetnames


def test_agency_page_query_count_is_bounded(client, supervised, django_assert_max_num_queries):
    _, agency = supervised
    user = user_with_role(Role.AGENCY_HEAD, agency)
    client.force_login(user)
    post_import(
        client,
        agency,
        workbook_bytes({"法律法规库": law_sheet_rows(), "执法事项清单": item_sheet_rows(40)}),
    )
    with django_assert_max_num_queries(30):
        assert client.get(reverse("catalog:agency", args=[agency.pk])).status_code == 200


def test_index_lists_visible_agencies_only(client, supervised):
    _, agency = supervised
    other = AgencyFactory()
    client.force_login(user_with_role(Role.AGENCY_HEAD, agency))
    body = client.get(reverse("catalog:index")).content.decode()
    assert agency.name in body
    assert other.name not in body
    assert dt.date  # keep import used
