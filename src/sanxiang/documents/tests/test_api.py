"""The 执法文书 API (/api/v1/documents/): Bearer tokens, listing and generating, metadata and the
signed PDF, on-site 笔录 with signatures, the {"code","message"} errors and the OpenAPI schemas."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from typing import Any

import pytest
from django.utils import timezone

from sanxiang.accounts.services import api_token_create
from sanxiang.cases.models import CaseStep
from sanxiang.cases.tests.factories import make_world
from sanxiang.cases.tests.test_views import ensure_calendar_years
from sanxiang.documents.models import Document, HandSignature
from sanxiang.documents.services_onsite import BAD_IMAGE, TOO_BIG
from sanxiang.documents.signing import validate_signed_pdf
from sanxiang.documents.tests.test_views import investigating, signature_png

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    today = timezone.localdate()
    ensure_calendar_years(today.year, today.year + 1)
    return make_world()


class Api:
    """A client that speaks to /api/v1/documents/ with one user's token."""

    def __init__(self, client: Any, user: Any) -> None:
        self.client = client
        _, secret = api_token_create(user=user, name="手机执法终端")
        self.headers = {"Authorization": f"Bearer {secret}"}

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1/documents/{path}", headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        raw = body if isinstance(body, str | bytes) else json.dumps(body, default=str)
        return self.client.post(
            f"/api/v1/documents/{path}", raw, content_type="application/json", headers=self.headers
        )


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def onsite_body(world: Any, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "interview",
        "occurred_on": timezone.localdate().isoformat(),
        "place": "当事人经营场所办公室",
        "persons": "张某（店长）",
        "certificate_shown": True,
        "text": "问：你店是否销售过期食品？答：是的，共12件。",
        "signatures": [
            {"role": "party", "name": "张某", "png_base64": b64(signature_png(1))},
            {
                "role": "officer",
                "name": world.officer.officer.name,
                "png_base64": b64(signature_png(2)),
            },
            {
                "role": "officer",
                "name": world.assistant.officer.name,
                "png_base64": b64(signature_png(3)),
            },
        ],
    }
    body.update(overrides)
    return body


def test_documents_api_requires_a_token_when_called_without_one(client, world):
    case = investigating(world)
    response = client.get(f"/api/v1/documents/cases/{case.pk}/documents")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_generate_returns_the_document_and_lists_it_when_posted(client, world):
    case = investigating(world)
    api = Api(client, world.officer)
    response = api.post(f"cases/{case.pk}/documents", {"kind": "filing_approval"})
    assert response.status_code == 201, response.content
    out = response.json()
    doc = Document.objects.get(pk=out["id"])
    assert out["kind"] == "filing_approval"
    assert out["kind_label"] == "立案审批表"
    assert out["version"] == 1
    assert out["pages"] == doc.pages >= 1
    assert out["pdf_sha256"] == doc.pdf.sha256
    assert out["generated_by"] == world.officer.officer.name
    assert out["pdf_url"] == f"/api/v1/documents/{doc.pk}/pdf"
    assert out["verify_url"].endswith(f"/verify/documents/{doc.pk}/")
    again = api.post(f"cases/{case.pk}/documents", {"kind": "filing_approval"}).json()
    assert again["version"] == 2
    listed = api.get(f"cases/{case.pk}/documents").json()
    assert [d["id"] for d in listed] == [out["id"], again["id"]]
    assert api.get(str(doc.pk)).json() == out


def test_pdf_download_is_the_signed_pdf_with_a_chinese_filename_when_requested(client, world):
    case = investigating(world)
    api = Api(client, world.officer)
    out = api.post(f"cases/{case.pk}/documents", {"kind": "filing_approval"}).json()
    response = api.get(f"{out['id']}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''%E7%AB%8B")
    assert hashlib.sha256(response.content).hexdigest() == out["pdf_sha256"]
    assert validate_signed_pdf(response.content).ok


def test_generate_names_the_missing_field_when_the_case_lacks_it(client, world):
    case = investigating(world)
    response = Api(client, world.officer).post(
        f"cases/{case.pk}/documents", {"kind": "penalty_decision"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "document_field_missing"
    assert body["message"].startswith("无法生成《行政处罚决定书》：缺少必填项")
    assert body["detail"]["label"] in body["message"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"kind": "no_such_kind"}, "“文书种类”填写不正确"),
        ({"kind": "filing_approval", "colour": "red"}, "不是本操作可以提交的内容"),
        ({"kind": "interview_record", "step_id": "not-a-uuid"}, "标识格式不正确"),
        ({}, "“文书种类”填写不正确：必填"),
        ("[1, 2]", "请求体应为 JSON 对象"),
    ],
)
def test_generate_refuses_with_a_chinese_message_when_the_body_is_invalid(
    client, world, body, expected
):
    case = investigating(world)
    response = Api(client, world.officer).post(f"cases/{case.pk}/documents", body)
    assert response.status_code == 400
    out = response.json()
    assert expected in out["message"]
    assert set(out) >= {"code", "message"}
    assert not Document.objects.exists()


def test_documents_api_is_404_when_the_case_is_another_agencys(client, world):
    case = investigating(world)
    doc_id = Api(client, world.officer).post(
        f"cases/{case.pk}/documents", {"kind": "filing_approval"}
    )
    doc_id = doc_id.json()["id"]
    other = Api(client, make_world("他局").officer)
    for response in (
        other.get(f"cases/{case.pk}/documents"),
        other.post(f"cases/{case.pk}/documents", {"kind": "filing_approval"}),
        other.get(doc_id),
        other.get(f"{doc_id}/pdf"),
        other.get(f"{doc_id}/docx"),
        other.post(f"cases/{case.pk}/onsite-records", onsite_body(world)),
    ):
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "对象不存在或无权访问"}
    assert Document.objects.count() == 1


def test_onsite_record_returns_the_step_and_its_signed_record_when_signed(client, world):
    case = investigating(world)
    response = Api(client, world.officer).post(
        f"cases/{case.pk}/onsite-records", onsite_body(world)
    )
    assert response.status_code == 201, response.content
    out = response.json()
    step = CaseStep.objects.get(pk=out["step_id"])
    assert step.case_id == case.pk
    assert out["step"]["label"] == "询问笔录"
    assert out["document"]["kind"] == "interview_record"
    assert out["document"]["step_id"] == str(step.pk)
    rows = HandSignature.objects.filter(step=step)
    assert sorted(r.role for r in rows) == ["officer", "officer", "party"]
    party = rows.get(role="party")
    assert party.blob.sha256 == hashlib.sha256(signature_png(1)).hexdigest()
    pdf = Api(client, world.officer).get(f"{out['document']['id']}/pdf").content
    assert validate_signed_pdf(pdf).ok


def test_onsite_record_refuses_an_image_that_is_not_a_png_when_submitted(client, world):
    case = investigating(world)
    body = onsite_body(world)
    body["signatures"][0]["png_base64"] = b64(b"\xff\xd8\xff\xe0 not a png at all")
    response = Api(client, world.officer).post(f"cases/{case.pk}/onsite-records", body)
    assert response.status_code == 400
    assert response.json() == {"code": "signature_invalid", "message": BAD_IMAGE}
    assert not CaseStep.objects.filter(case=case, action="record").exists()


def test_onsite_record_refuses_a_signature_over_512_kb_when_submitted(client, world):
    case = investigating(world)
    body = onsite_body(world)
    body["signatures"][0]["png_base64"] = b64(os.urandom(512 * 1024 + 100))
    response = Api(client, world.officer).post(f"cases/{case.pk}/onsite-records", body)
    assert response.status_code == 400
    assert response.json() == {"code": "signature_too_large", "message": TOO_BIG}
    assert not HandSignature.objects.exists()


def test_onsite_record_is_413_when_the_body_exceeds_the_request_limit(client, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    case = investigating(world)
    body = onsite_body(world)
    body["signatures"][0]["png_base64"] = b64(os.urandom(100 * 1024))
    response = Api(client, world.officer).post(f"cases/{case.pk}/onsite-records", body)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert not CaseStep.objects.filter(case=case, action="record").exists()


def test_onsite_record_needs_two_officers_when_only_one_signed(client, world):
    case = investigating(world)
    body = onsite_body(world)
    body["signatures"] = body["signatures"][:2]
    response = Api(client, world.officer).post(f"cases/{case.pk}/onsite-records", body)
    assert response.status_code == 409
    out = response.json()
    assert out["code"] == "officer_signatures_missing"
    assert out["citation"] == "《行政处罚法》第四十二条"


def test_openapi_documents_the_bodies_with_chinese_titles_when_fetched(client):
    document = client.get("/api/v1/openapi.json").json()
    paths = document["paths"]
    generate = paths["/api/v1/documents/cases/{case_id}/documents"]["post"]
    schema = generate["requestBody"]["content"]["application/json"]["schema"]
    assert schema["properties"]["kind"]["title"] == "文书种类"
    assert "filing_approval" in schema["properties"]["kind"]["enum"]
    onsite = paths["/api/v1/documents/cases/{case_id}/onsite-records"]["post"]
    props = onsite["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert props["place"]["title"] == "地点"
    assert props["signatures"]["title"] == "现场签名"
    assert props["signatures"]["items"]["properties"]["png_base64"]["title"].startswith("签名图像")
    assert "signed_by_party" not in props
    assert {"201", "404", "409", "413"} <= set(onsite["responses"])
    pdf = paths["/api/v1/documents/{document_id}/pdf"]["get"]
    assert "application/pdf" in pdf["responses"]["200"]["content"]
    out = document["components"]["schemas"]["DocumentOut"]["properties"]
    assert out["pdf_sha256"]["title"] == "签章PDF的SHA-256"
    onsite_kind = props["kind"]
    assert onsite_kind["title"] == "笔录类型"
    assert set(onsite_kind["enum"]) == {"interview", "site", "inspection", "sampling"}
