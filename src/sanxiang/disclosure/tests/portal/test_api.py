"""/api/v1/public/decisions: list, search, filters, detail; no login; errors in one shape."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.disclosure.models import DisclosureStatus
from sanxiang.disclosure.tests.portal.rows import SOURCE_SECRET, correct, take_down

S = DisclosureStatus
BASE = "/api/v1/public/decisions"


def test_list_searches_with_filters_and_pages(client, portal):
    body = client.get(BASE, {"q": "食品", "region": "140500"}).json()
    assert body["query"] == "食品"
    assert (body["total"], body["page"], body["pages"], body["page_size"]) == (2, 1, 1, 20)
    first = body["results"][0]
    assert first["decision_number"] == "陵市监罚〔2026〕12号"
    assert first["party"] == "陵川县某某商贸有限公司"
    assert first["url"].endswith(f"/decisions/{portal.food.pk}/")
    assert "<mark>食品</mark>" in first["snippet"]
    assert first["content_sha256"] == portal.food.versions.get().content_sha256


def test_list_filters_by_date_range_with_from_and_to(client, portal):
    body = client.get(BASE, {"from": "2026-01-01", "to": "2026-01-31"}).json()
    assert [r["decision_number"] for r in body["results"]] == ["长园罚〔2026〕3号"]


def test_list_never_returns_hidden_decisions(client, portal):
    body = client.get(BASE, {"q": "过期食品"}).json()
    assert [r["id"] for r in body["results"]] == [str(portal.food.pk)]
    assert client.get(BASE).json()["total"] == 3


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"category": "x"}, "invalid_category"),
        ({"from": "yesterday"}, "invalid_date"),
        ({"page": "-1"}, "invalid_page"),
        ({"agency": "1"}, "invalid_agency"),
    ],
)
def test_list_answers_400_with_code_when_parameter_is_bad(client, portal, params, code):
    response = client.get(BASE, params)
    assert response.status_code == 400
    assert response.json()["code"] == code


@pytest.mark.parametrize("query", ['"', "NEAR(食品 树木)", "食品 OR 树木", "*", "x" * 10_000])
def test_list_never_fails_when_query_is_hostile(client, portal, query):
    response = client.get(BASE, {"q": query})
    assert response.status_code == 200
    assert response.json()["total"] == 0


def test_detail_returns_current_version_and_history(client, portal):
    correct(portal.tree, text="更正后的文本。", reason="笔误", on=dt.date(2026, 3, 20))
    body = client.get(f"{BASE}/{portal.tree.pk}").json()
    assert body["status"] == "corrected"
    assert body["withdrawn"] is False
    assert body["version"] == 2
    assert body["text"] == "更正后的文本。"
    assert body["record"]["违法行为类型"] == "擅自砍伐城市树木"
    assert [(v["version"], v["correction_reason"]) for v in body["history"]] == [
        (2, "笔误"),
        (1, ""),
    ]
    assert SOURCE_SECRET not in str(body)


def test_detail_of_withdrawn_decision_is_its_notice_only(client, portal):
    take_down(portal.food, S.WITHDRAWN, dt.date(2026, 3, 12), reason="决定被撤销")
    body = client.get(f"{BASE}/{portal.food.pk}").json()
    assert body["withdrawn"] is True
    assert body["withdraw_reason"] == "决定被撤销"
    assert body["withdrawn_on"] == "2026-03-12"
    assert (body["text"], body["record"], body["history"]) == ("", {}, [])


@pytest.mark.parametrize("state", ["draft", "reviewed", "withheld", "expired"])
def test_detail_is_404_when_not_on_portal(client, portal, state):
    response = client.get(f"{BASE}/{portal.hidden[state].pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_detail_is_404_when_id_is_malformed(client, db):
    assert client.get(f"{BASE}/not-a-uuid").status_code == 404


def test_openapi_documents_the_decision_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/public/decisions" in paths
    assert "/api/v1/public/decisions/{disclosure_id}" in paths
    names = {p["name"] for p in paths["/api/v1/public/decisions"]["get"]["parameters"]}
    assert {"q", "agency", "category", "region", "from", "to", "page"} <= names
