"""听证较大数额标准 as a catalog kind: versioned rows, Excel sheet, list page, verify coverage."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from sanxiang.catalog.excel import SHEET_ORDER, import_workbook, write_workbook
from sanxiang.catalog.integrity import check_catalog_digests
from sanxiang.catalog.models import HearingThreshold
from sanxiang.catalog.selectors import catalog_row_history, catalog_rows_in_force
from sanxiang.catalog.services import catalog_replace
from sanxiang.catalog.services.registry import HEARING_THRESHOLD_EMPTY
from sanxiang.catalog.tests.factories import headers, workbook_bytes
from sanxiang.core.errors import ValidationFailed
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role

pytestmark = pytest.mark.django_db

D1 = dt.date(2026, 1, 1)
D2 = dt.date(2026, 4, 1)
SHEET = "听证较大数额标准"


def rows(person: int = 10000, organisation: int = 100000) -> list[dict[str, object]]:
    basis = "《中华人民共和国行政处罚法》第六十三条"
    return [
        {"code": "TZ-01", "party_kind": "person", "fine_threshold": person, "basis": basis},
        {
            "code": "TZ-02",
            "party_kind": "organisation",
            "fine_threshold": organisation,
            "confiscation_threshold": organisation,
            "basis": basis,
        },
    ]


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def head(agency):
    return user_with_role(Role.AGENCY_HEAD, agency)


def test_a_changed_threshold_is_a_new_version_and_the_old_one_stays_in_force_before(agency, head):
    catalog_replace(
        actor=head, agency=agency, kind="hearing_threshold", rows=rows(), effective_from=D1
    )
    report = catalog_replace(
        actor=head,
        agency=agency,
        kind="hearing_threshold",
        rows=rows(person=5000),
        effective_from=D2,
    )
    assert report.changed == ["TZ-01"]
    assert report.unchanged == ["TZ-02"]
    history = list(catalog_row_history(agency, "hearing_threshold", "TZ-01"))
    assert [(r.version, r.fine_threshold) for r in history] == [
        (1, Decimal("10000.00")),
        (2, Decimal("5000.00")),
    ]
    before = catalog_rows_in_force(agency, "hearing_threshold", D2 - dt.timedelta(days=1))
    assert before.get(code="TZ-01").fine_threshold == Decimal("10000")
    assert catalog_rows_in_force(agency, "hearing_threshold", D2).get(code="TZ-01").version == 2


def test_row_without_any_amount_is_refused_with_its_reason(agency, head):
    bad = {"code": "TZ-09", "party_kind": "person", "basis": "依据"}
    with pytest.raises(ValidationFailed) as exc:
        catalog_replace(
            actor=head, agency=agency, kind="hearing_threshold", rows=[bad], effective_from=D1
        )
    assert HEARING_THRESHOLD_EMPTY in exc.value.message
    assert not HearingThreshold.objects.exists()


def test_database_refuses_a_row_without_any_amount_written_behind_the_service(agency):
    with pytest.raises(IntegrityError), transaction.atomic():
        HearingThreshold.objects.create(
            agency=agency, code="X", effective_from=D1, party_kind="person", basis="依据"
        )


def test_sheet_imports_and_exports_with_chinese_headers(agency, head):
    assert SHEET in SHEET_ORDER
    sheet = [
        headers("hearing_threshold"),
        ["TZ-01", "自然人", "1,000", "", "", "湖南省规定", ""],
        ["TZ-02", "法人或其他组织", "20000", "20000", "", "湖南省规定", "含没收"],
    ]
    report = import_workbook(
        actor=head, agency=agency, source=workbook_bytes({SHEET: sheet}), effective_from=D1
    )
    assert report.ok, report.lines()
    assert report.sheets[SHEET]["added"] == 2
    row = HearingThreshold.objects.get(agency=agency, code="TZ-01")
    assert (row.party_kind, row.fine_threshold, row.confiscation_threshold) == (
        "person",
        Decimal("1000"),
        None,
    )
    out = io.BytesIO()
    write_workbook(agency=agency, kinds=["hearing_threshold"], on=D1, stream=out)
    ws = openpyxl.load_workbook(io.BytesIO(out.getvalue()))[SHEET]
    values = [[c.value for c in r] for r in ws.iter_rows()]
    assert values[0] == headers("hearing_threshold")
    assert values[2][:4] == ["TZ-02", "法人或其他组织", 20000, 20000]


def test_sheet_row_without_amount_is_reported_on_its_excel_row(agency, head):
    sheet = [headers("hearing_threshold"), ["TZ-01", "自然人", "", "", "", "依据", ""]]
    report = import_workbook(
        actor=head, agency=agency, source=workbook_bytes({SHEET: sheet}), effective_from=D1
    )
    assert not report.ok
    assert report.lines() == [f"{SHEET} 第 2 行 “罚款数额达到（元）”：{HEARING_THRESHOLD_EMPTY}"]


def test_catalog_page_lists_the_thresholds(client, agency, head):
    catalog_replace(
        actor=head, agency=agency, kind="hearing_threshold", rows=rows(), effective_from=D1
    )
    client.force_login(head)
    page = client.get(reverse("catalog:agency", args=[agency.pk])).content.decode()
    assert SHEET in page
    assert "TZ-02" in page


def test_verify_notices_a_threshold_lowered_behind_the_service(agency, head):
    catalog_replace(
        actor=head, agency=agency, kind="hearing_threshold", rows=rows(), effective_from=D1
    )
    assert list(check_catalog_digests()) == []
    HearingThreshold.objects.filter(code="TZ-01").update(fine_threshold=Decimal("50000"))
    found = list(check_catalog_digests())
    assert [d.code for d in found] == ["catalog_altered"]
    assert SHEET in found[0].message
