"""The 法制审核 JSON API (/api/v1/legal-review/): Bearer tokens, the whole review and dispute walk,
external advisers, stable error codes with Chinese messages, 404 for another agency, 413/400 for
oversized or malformed bodies, and the OpenAPI schema."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from sanxiang.accounts.services import api_token_create
from sanxiang.cases.models import Case
from sanxiang.cases.states import CaseStatus
from sanxiang.cases.tests.factories import make_world
from sanxiang.cases.tests.test_views import ensure_calendar_years
from sanxiang.cases.tests.walks import publish
from sanxiang.legal_review.models import ReviewDispute, ReviewOpinion, ReviewSubmission
from sanxiang.legal_review.tests.walks import MAJOR_FINE_RULES, opinion_payload, routed_to_review

S = CaseStatus
pytestmark = pytest.mark.django_db
BASE = "/api/v1/legal-review/"


@pytest.fixture
def world():
    today = timezone.localdate()
    ensure_calendar_years(today.year, today.year + 1)
    world = make_world()
    publish(world, "major_decision", MAJOR_FINE_RULES)
    return world


@pytest.fixture
def case(world):
    return routed_to_review(world, today=timezone.localdate())


class Api:
    """One user's Bearer token against /api/v1/legal-review/."""

    def __init__(self, client, user):
        self.client = client
        _, secret = api_token_create(user=user, name="手机执法终端")
        self.headers = {"Authorization": f"Bearer {secret}"}

    def get(self, path):
        return self.client.get(f"{BASE}{path}", headers=self.headers)

    def post(self, path, body=None):
        raw = body if isinstance(body, str | bytes) else json.dumps(body or {}, default=str)
        return self.client.post(
            f"{BASE}{path}", raw, content_type="application/json", headers=self.headers
        )


def submitted(client, world, case):
    response = Api(client, world.officer).post(f"cases/{case.pk}/submissions")
    assert response.status_code == 201, response.content
    return response.json()


def assigned(client, world, case):
    out = submitted(client, world, case)
    response = Api(client, world.agency_head).post(
        f"submissions/{out['id']}/assign", {"reviewer_officer_id": world.reviewer.officer.pk}
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_every_route_requires_a_token(client, case):
    assert client.get(f"{BASE}cases/{case.pk}/submissions").status_code == 401
    response = client.post(f"{BASE}cases/{case.pk}/submissions", "{}", "application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert not ReviewSubmission.objects.exists()


def test_submit_assign_and_agree_through_the_api(client, world, case):
    out = submitted(client, world, case)
    assert out["version"] == 1
    assert out["status"] == "pending"
    assert out["draft"]["fine"] == "6000.00"
    assert len(out["draft_sha256"]) == 64
    assert {m["code"] for m in out["materials"]} >= {"investigation_report", "draft_decision"}

    candidates = Api(client, world.agency_head).get(f"cases/{case.pk}/reviewer-candidates").json()
    assert [(c["name"], c["eligible"]) for c in candidates] == [(world.reviewer.officer.name, True)]

    out = assigned_out = (
        Api(client, world.agency_head)
        .post(f"submissions/{out['id']}/assign", {"reviewer_officer_id": world.reviewer.officer.pk})
        .json()
    )
    assert assigned_out["reviewer_name"] == world.reviewer.officer.name
    response = Api(client, world.reviewer).post(
        f"submissions/{out['id']}/opinions", opinion_payload()
    )
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["status"] == "opined"
    [opinion] = out["opinions"]
    assert opinion["conclusion_label"] == "同意"
    assert [f["label"] for f in opinion["findings"]][0] == "主体合法与执法人员资格"
    case.refresh_from_db()
    assert case.status == S.PENDING_DECISION
    listed = Api(client, world.officer).get(f"cases/{case.pk}/submissions").json()
    assert [s["id"] for s in listed] == [out["id"]]
    assert Api(client, world.officer).get(f"submissions/{out['id']}").json()["version"] == 1


def test_contest_and_settle_a_disagreement_through_the_api(client, world, case):
    out = assigned(client, world, case)
    body = opinion_payload("disagree", comment="罚款过高")
    out = Api(client, world.reviewer).post(f"submissions/{out['id']}/opinions", body).json()
    opinion_id = out["opinions"][0]["id"]
    response = Api(client, world.officer).post(
        f"opinions/{opinion_id}/dispute", {"grounds": "再次违法，罚款适当", "forum": "collective"}
    )
    assert response.status_code == 201, response.content
    dispute = response.json()["opinions"][0]["dispute"]
    assert dispute["forum_label"] == "提交集体讨论决定"
    assert dispute["outcome"] == ""

    participants = [world.agency_head, world.unit_head, world.reviewer]
    resolution = {
        "outcome": "adopt_proposal",
        "final_position": "采纳承办机构意见",
        "participants": [str(u.officer.pk) for u in participants],
        "minutes": "机关负责人主持集体讨论，多数意见采纳承办机构意见",
    }
    response = Api(client, world.agency_head).post(f"disputes/{dispute['id']}/resolve", resolution)
    assert response.status_code == 200, response.content
    settled = response.json()["opinions"][0]["dispute"]
    assert settled["outcome_label"] == "采纳承办机构意见"
    assert settled["resolved_by"] == world.agency_head.officer.name
    assert len(settled["participants"]) == 3
    case.refresh_from_db()
    assert case.status == S.PENDING_DECISION
    assert case.legal_review_passed


def test_invite_an_adviser_and_record_the_opinion_through_the_api(client, world, case):
    out = assigned(client, world, case)
    adviser = {"adviser_name": "王律师", "adviser_role": "public_lawyer"}
    response = Api(client, world.reviewer).post(
        f"submissions/{out['id']}/external-opinions", adviser
    )
    assert response.status_code == 201, response.content
    [external] = response.json()["external_opinions"]
    assert external["adviser_role_label"] == "公职律师"
    assert external["given_on"] is None
    opinion = {
        "conclusion": "modify",
        "opinion": "建议补充裁量说明",
        "given_on": timezone.localdate().isoformat(),
    }
    response = Api(client, world.reviewer).post(
        f"external-opinions/{external['id']}/record", opinion
    )
    assert response.status_code == 200, response.content
    [external] = response.json()["external_opinions"]
    assert external["recorded_by"] == world.reviewer.officer.name
    again = Api(client, world.reviewer).post(f"external-opinions/{external['id']}/record", opinion)
    assert again.status_code == 409
    assert again.json()["code"] == "external_opinion_already_recorded"


def test_refusals_keep_their_stable_code_and_chinese_message(client, world, case):
    out = assigned(client, world, case)
    response = Api(client, world.officer).post(
        f"submissions/{out['id']}/opinions", opinion_payload()
    )
    assert response.status_code == 403
    assert response.json()["code"] == "review_not_assigned_reviewer"
    assert response.json()["message"] == "只有分配的法制审核人员可以出具本次审核意见"

    failed = opinion_payload(facts="事实认定有误")
    response = Api(client, world.reviewer).post(f"submissions/{out['id']}/opinions", failed)
    assert response.status_code == 400
    assert response.json()["code"] == "review_agree_with_failures"

    response = Api(client, world.agency_head).post(
        f"submissions/{out['id']}/assign", {"reviewer_officer_id": world.officer.officer.pk}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "reviewer_unknown"

    response = Api(client, world.officer).post(f"cases/{case.pk}/submissions")
    assert response.status_code == 409
    assert response.json()["code"] == "review_already_submitted"
    assert not ReviewOpinion.objects.exists()


def test_a_handler_cannot_pass_review_through_the_cases_api(client, world, case):
    assigned(client, world, case)
    response = Api(client, world.officer).client.post(
        f"/api/v1/cases/{case.pk}/actions/pass_legal_review",
        json.dumps({"opinion": "同意"}),
        content_type="application/json",
        headers=Api(client, world.officer).headers,
    )
    assert response.status_code == 403
    assert response.json()["code"] == "action_not_permitted"
    case.refresh_from_db()
    assert case.status == S.LEGAL_REVIEW


def test_another_agencys_objects_are_not_found(client, world, case):
    out = assigned(client, world, case)
    opinion = (
        Api(client, world.reviewer)
        .post(f"submissions/{out['id']}/opinions", opinion_payload("modify", comment="请修改"))
        .json()["opinions"][0]
    )
    dispute = (
        Api(client, world.officer)
        .post(f"opinions/{opinion['id']}/dispute", {"grounds": "理由", "forum": "head"})
        .json()["opinions"][0]["dispute"]
    )
    elsewhere = make_world("另一局")
    for user in (elsewhere.officer, elsewhere.agency_head, elsewhere.reviewer):
        api = Api(client, user)
        for response in (
            api.get(f"cases/{case.pk}/submissions"),
            api.get(f"cases/{case.pk}/reviewer-candidates"),
            api.get(f"submissions/{out['id']}"),
            api.post(f"cases/{case.pk}/submissions"),
            api.post(f"submissions/{out['id']}/opinions", opinion_payload()),
            api.post(f"opinions/{opinion['id']}/dispute", {"grounds": "x", "forum": "head"}),
            api.post(
                f"disputes/{dispute['id']}/resolve",
                {"outcome": "adopt_proposal", "final_position": "采纳"},
            ),
            api.post(f"submissions/{out['id']}/external-opinions", {"adviser_name": "x"}),
        ):
            assert response.status_code == 404, response.content
            assert response.json()["code"] == "not_found"
    assert ReviewDispute.objects.get().is_open
    assert Case.objects.get(pk=case.pk).status == S.LEGAL_REVIEW


def test_malformed_and_oversized_bodies(client, world, case, settings):
    out = submitted(client, world, case)
    api = Api(client, world.agency_head)
    for raw in ("{not json", "[1, 2]", b"\xff\xfe"):
        response = api.post(f"submissions/{out['id']}/assign", raw)
        assert response.status_code == 400
        assert response.json() == {"code": "invalid_json", "message": "请求体应为 JSON 对象"}
    response = api.post(f"submissions/{out['id']}/assign", {"reviewer_officer_id": "x", "y": 1})
    assert response.status_code == 400
    assert response.json()["code"] == "validation_failed"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = {"reviewer_officer_id": str(world.reviewer.officer.pk), "pad": "字" * 2000}
    response = api.post(f"submissions/{out['id']}/assign", body)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert ReviewSubmission.objects.get().reviewer_id is None


def test_openapi_documents_the_routes_and_their_bodies(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    prefix = "/api/v1/legal-review"
    expected = {
        f"{prefix}/cases/{{case_id}}/submissions": {"get", "post"},
        f"{prefix}/cases/{{case_id}}/reviewer-candidates": {"get"},
        f"{prefix}/submissions/{{submission_id}}": {"get"},
        f"{prefix}/submissions/{{submission_id}}/assign": {"post"},
        f"{prefix}/submissions/{{submission_id}}/opinions": {"post"},
        f"{prefix}/opinions/{{opinion_id}}/dispute": {"post"},
        f"{prefix}/disputes/{{dispute_id}}/resolve": {"post"},
        f"{prefix}/submissions/{{submission_id}}/external-opinions": {"post"},
        f"{prefix}/external-opinions/{{external_id}}/record": {"post"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) >= methods, path
        for method in methods:
            assert paths[path][method]["security"], path
    opinion = paths[f"{prefix}/submissions/{{submission_id}}/opinions"]["post"]
    schema = opinion["requestBody"]["content"]["application/json"]["schema"]
    assert schema["properties"]["conclusion"]["title"] == "审核结论"
    assert set(schema["properties"]["conclusion"]["enum"]) == {
        "agree",
        "modify",
        "disagree",
        "return",
    }
    assert schema["properties"]["findings"]["items"]["properties"]["result"]["enum"] == [
        "pass",
        "fail",
        "na",
    ]
    assert {"201", "403", "404", "409", "413"} <= set(opinion["responses"])
    resolve = paths[f"{prefix}/disputes/{{dispute_id}}/resolve"]["post"]
    props = resolve["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert props["participants"]["title"] == "参加人员（集体讨论）"
    assert set(props["outcome"]["enum"]) == {"uphold_review", "adopt_proposal"}
