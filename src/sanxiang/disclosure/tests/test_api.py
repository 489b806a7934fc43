"""The public JSON API: shapes, dates, history, search, errors, no personal data."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sanxiang.catalog.models import EnforcementItem
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

BASE = "/api/v1/public"
LISTS = [
    "officers",
    "items",
    "benchmarks",
    "spot-checks",
    "guides",
    "recording-requirements",
    "major-decision-rules",
    "hearing-thresholds",
]


@pytest.fixture
def agency():
    return changzhi_garden_bureau()


def test_agencies_list_and_detail(client, agency):
    rows = client.get(f"{BASE}/agencies").json()
    names = {r["name"] for r in rows}
    assert {"长治市园林局", "长治市司法局"} <= names
    detail = client.get(f"{BASE}/agencies/{agency.pk}").json()
    assert detail["uscc"] == agency.uscc
    assert detail["supervising_agency"]["name"] == "长治市司法局"
    assert detail["subject_type_label"] == "法定行政机关"


@pytest.mark.parametrize("path", LISTS)
def test_every_list_endpoint_answers_without_personal_data(client, agency, path):
    response = client.get(f"{BASE}/agencies/{agency.pk}/{path}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"on", "updated_on", "results"}
    assert body["results"]
    raw = json.dumps(body, ensure_ascii=False)
    for secret in (PRIVATE_PHONE, PRIVATE_QUALIFICATION, PRIVATE_STAFF_NUMBER):
        assert secret not in raw


def test_officers_are_certified_only(client, agency):
    officer_with_certificate(
        agency, "暂扣人员", number="SUSPENDED-9", status=CertificateStatus.SUSPENDED
    )
    officer_with_certificate(agency, "过期人员", number="EXPIRED-9", valid_to=dt.date(2025, 1, 1))
    results = client.get(f"{BASE}/agencies/{agency.pk}/officers").json()["results"]
    assert [r["name"] for r in results] == ["王建国"]
    assert set(results[0]) == {
        "name",
        "agency_name",
        "unit_name",
        "title",
        "certificate_numbers",
        "fields",
    }


def test_items_date_category_and_versions(client, agency):
    old = EnforcementItem.objects.get(agency=agency, code="CF-0002")
    old.effective_to = dt.date(2024, 3, 1)
    old.save()
    ItemFactory(
        agency=agency, code="CF-0002", version=2, name="损坏城市绿化的处罚（新）",
        effective_from=dt.date(2024, 3, 1),
    )  # fmt: skip
    url = f"{BASE}/agencies/{agency.pk}/items"
    penalties = client.get(url, {"category": "penalty"}).json()["results"]
    assert len(penalties) == 5
    assert "损坏城市绿化的处罚（新）" in [r["name"] for r in penalties]
    then = client.get(url, {"category": "penalty", "date": "2022-01-01"}).json()
    assert sorted(r["name"] for r in then["results"]) == sorted(PENALTIES)
    assert then["on"] == "2022-01-01"
    versions = client.get(f"{url}/CF-0002/versions").json()
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[1]["effective_to"] == "2024-03-01"


def test_benchmark_tiers(client, agency):
    results = client.get(f"{BASE}/agencies/{agency.pk}/benchmarks").json()["results"]
    tiers = results[0]["tiers"]
    assert [t["kind"] for t in tiers] == ["lenient", "severe"]
    assert tiers[0]["fine"] == "罚款 500 元至 2000 元"


def test_search(client, agency):
    hits = client.get(f"{BASE}/search", {"q": "修剪"}).json()["hits"]
    assert [h["title"] for h in hits] == ["擅自修剪、移植树木的处罚"]
    huge = client.get(f"{BASE}/search", {"q": "x" * 10_000}).json()
    assert huge["truncated"] is True
    assert len(huge["query"]) == 100
    assert client.get(f"{BASE}/search").json()["hits"] == []
    assert client.get(f"{BASE}/search", {"q": PRIVATE_PHONE}).json()["hits"] == []


def test_errors_have_stable_shape(client, agency):
    for url in (
        f"{BASE}/agencies/not-a-uuid",
        f"{BASE}/agencies/00000000-0000-0000-0000-000000000000/items",
        f"{BASE}/agencies/{agency.pk}/items/NOPE/versions",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"
    bad_date = client.get(f"{BASE}/agencies/{agency.pk}/items", {"date": "2024-02-30"})
    assert bad_date.status_code == 400
    assert bad_date.json() == {
        "code": "invalid_date",
        "message": "日期格式不正确，请使用 YYYY-MM-DD 格式，例如 2024-01-31",
    }
    bad_category = client.get(f"{BASE}/agencies/{agency.pk}/items", {"category": "x"})
    assert bad_category.status_code == 400
    assert bad_category.json()["code"] == "invalid_category"
    huge_date = client.get(f"{BASE}/agencies/{agency.pk}/items", {"date": "9" * 10_000})
    assert huge_date.status_code in (400, 422)
    assert set(huge_date.json()) >= {"code", "message"}
