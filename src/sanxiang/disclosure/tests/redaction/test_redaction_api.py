"""POST /api/v1/disclosure/redaction-preview: login and a staff role, stable error codes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sanxiang.accounts.services import api_token_create
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role

pytestmark = pytest.mark.django_db
URL = "/api/v1/disclosure/redaction-preview"
TEXT = "当事人张三，联系电话13812345678。证人李四（男）证实。长园罚〔2026〕12号，罚款3000元。"
BODY = {
    "text": TEXT,
    "party": {"type": "person", "name": "张三"},
    "known_entities": [{"kind": "person_name", "value": "李四"}],
}


def post(client: Any, body: Any, user: Any = None) -> Any:
    headers = {}
    if user is not None:
        _, secret = api_token_create(user=user, name="公示终端")
        headers["Authorization"] = f"Bearer {secret}"
    raw = body if isinstance(body, str | bytes) else json.dumps(body, ensure_ascii=False)
    return client.post(URL, raw, content_type="application/json", headers=headers)


@pytest.fixture
def officer():
    return user_with_role(Role.DISCLOSURE_OFFICER, AgencyFactory())


def test_preview_returns_redacted_text_and_spans(client, officer):
    response = post(client, BODY, officer)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["redacted_text"] == (
        "当事人张某，联系电话138****5678。证人李某（男）证实。长园罚〔2026〕12号，罚款3000元。"
    )
    first = data["spans"][0]
    assert first == {"start": 3, "end": 5, "kind": "person_name", "replacement": "张某"}
    assert [s["kind"] for s in data["spans"]] == ["person_name", "phone", "person_name"]


def test_preview_with_a_session_login(client, officer):
    client.force_login(officer)
    response = client.post(URL, json.dumps(BODY), content_type="application/json")
    assert response.status_code == 200
    assert "张三" not in response.json()["redacted_text"]


def test_preview_refused_anonymously(client):
    response = post(client, BODY)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.AUDIT_ADMIN])
def test_preview_forbidden_without_an_agency_staff_role(client, role):
    response = post(client, BODY, user_with_role(role, AgencyFactory()))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


@pytest.mark.parametrize("role", [Role.OFFICER, Role.REVIEWER, Role.AGENCY_HEAD])
def test_preview_open_to_every_agency_staff_role(client, role):
    assert post(client, BODY, user_with_role(role, AgencyFactory())).status_code == 200


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("not json", "invalid_json"),
        ("[1, 2]", "invalid_json"),
        ({"party": {"type": "person", "name": "张三"}}, "validation_failed"),
        ({**BODY, "party": {"type": "robot", "name": "张三"}}, "validation_failed"),
        ({**BODY, "known_entities": [{"kind": "dna", "value": "ACGT"}]}, "validation_failed"),
        ({**BODY, "known_entities": [{"kind": "phone", "value": "1"}]}, "validation_failed"),
        ({**BODY, "text": 42}, "validation_failed"),
        ({**BODY, "extra": True}, "validation_failed"),
    ],
)
def test_malformed_bodies_get_stable_codes(client, officer, body, code):
    response = post(client, body, officer)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["message"]


def test_huge_text_is_413_not_500(client, officer):
    response = post(client, {**BODY, "text": "张" * 200_001}, officer)
    assert response.status_code == 413
    assert response.json()["code"] == "redaction_text_too_large"


def test_text_at_the_limit_is_accepted(client, officer):
    text = ("证人王五（男）联系电话13812345678。" * 10_000)[:200_000]
    response = post(client, {**BODY, "text": text}, officer)
    assert response.status_code == 200
    assert "13812345678" not in response.json()["redacted_text"]


def test_body_over_djangos_upload_limit_is_413(client, officer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post(client, {**BODY, "text": "张" * 2000}, officer)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_openapi_documents_the_preview_body(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["properties"]) == {"text", "party", "known_entities"}
