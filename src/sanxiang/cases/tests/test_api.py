"""The case API for mobile clients: Bearer tokens, the workbench list, lead registration, the case
with its timeline and options, actions with their payloads, 笔录, and the error shape."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from sanxiang.accounts.services import api_token_create
from sanxiang.cases.models import Case
from sanxiang.cases.payloads import PAYLOADS
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY, act, lead_data, make_world, register
from sanxiang.cases.tests.test_views import ensure_calendar_years

A = CaseAction
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    today = timezone.localdate()
    ensure_calendar_years(today.year, today.year + 1)
    return make_world()


class Api:
    """A client that speaks to /api/v1/cases/ with one user's token."""

    def __init__(self, client, user):
        self.client = client
        _, secret = api_token_create(user=user, name="手机执法终端")
        self.headers = {"Authorization": f"Bearer {secret}"}

    def get(self, path):
        return self.client.get(f"/api/v1/cases/{path}", headers=self.headers)

    def post(self, path, body):
        raw = body if isinstance(body, str | bytes) else json.dumps(body, default=str)
        return self.client.post(
            f"/api/v1/cases/{path}", raw, content_type="application/json", headers=self.headers
        )


def test_list_requires_a_token(client, world):
    response = client.get("/api/v1/cases/")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_list_returns_my_cases_with_clocks_and_masked_party(client, world):
    case = register(world)
    register(make_world("他局"))
    rows = Api(client, world.officer).get("").json()
    assert [r["id"] for r in rows] == [str(case.pk)]
    row = rows[0]
    assert row["status"] == "lead"
    assert row["status_label"] == "案源登记"
    assert row["party_identifier_masked"] == "911***********001X"
    [clock] = row["clocks"]
    assert clock["kind"] == "filing_check"
    assert clock["level"] == "overdue"
    assert clock["days_left"] < 0
    assert clock["days_overdue"] == -clock["days_left"]


def test_register_lead_returns_the_new_case(client, world):
    data = lead_data(world, discovered_on=timezone.localdate(), act_date=TODAY)
    response = Api(client, world.officer).post("", data)
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["case"]["id"])
    assert body["case"]["lead_number"] == case.lead_number
    assert [o["role"] for o in body["case"]["officers"]] == ["lead", "assist"]
    assert body["timeline"][0]["label"] == "案源登记"
    assert {o["action"] for o in body["options"]} == {"submit_filing", "apply_summary"}


def test_register_lead_validation_error_is_chinese_with_field_detail(client, world):
    data = lead_data(world)
    del data["party_name"]
    response = Api(client, world.officer).post("", data)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_failed"
    assert body["message"] == "“当事人”填写不正确：必填"
    assert body["detail"]["errors"][0]["field"] == "party_name"
    assert not Case.objects.exists()


def test_body_that_is_not_a_json_object_is_refused(client, world):
    response = Api(client, world.officer).post("", "[1, 2]")
    assert response.status_code == 400
    assert response.json() == {"code": "invalid_json", "message": "请求体应为 JSON 对象"}


def test_case_detail_has_timeline_and_refusals_with_articles(client, world):
    case = register(world, act_date=TODAY.replace(year=2023))
    body = Api(client, world.officer).get(str(case.pk)).json()
    assert body["case"]["status"] == "lead"
    assert body["timeline"][0]["content"][0] == {
        "key": "title",
        "label": "案由",
        "value": case.title,
    }
    submit = next(o for o in body["options"] if o["action"] == "submit_filing")
    assert submit["permitted"] is True
    assert submit["allowed"] is False
    assert submit["refusals"][0]["citation"] == "《行政处罚法》第三十六条"


def test_other_agency_case_is_404_with_error_shape(client, world):
    case = register(world)
    api = Api(client, make_world("他局").officer)
    for response in (
        api.get(str(case.pk)),
        api.post(f"{case.pk}/actions/submit_filing", {"opinion": "x"}),
        api.post(f"{case.pk}/records", {}),
        api.get("not-a-uuid"),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_action_moves_the_case_and_returns_it(client, world):
    case = register(world)
    response = Api(client, world.officer).post(
        f"{case.pk}/actions/submit_filing", {"opinion": "建议立案"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["case"]["status"] == "pending_filing"
    assert body["timeline"][-1]["content"] == [
        {"key": "opinion", "label": "意见", "value": "建议立案"}
    ]


def test_approval_runs_on_the_server_date(client, world):
    case = act(world, register(world), A.SUBMIT_FILING)
    body = (
        Api(client, world.unit_head)
        .post(f"{case.pk}/actions/approve_filing", {"opinion": "同意立案"})
        .json()
    )
    assert body["case"]["filed_on"] == timezone.localdate().isoformat()
    assert [c["kind"] for c in body["case"]["clocks"]] == ["case_decision"]


def test_rule_violation_keeps_the_error_shape_with_citation(client, world):
    case = register(world)
    payload = {
        "penalties": ["fine"],
        "fine": "5000",
        "facts": "占道经营",
        "basis": "《某某条例》第十条",
        "certificate_shown": True,
        "place": "崇文街",
    }
    response = Api(client, world.officer).post(f"{case.pk}/actions/apply_summary", payload)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "summary_thresholds"
    assert body["citation"] == "《行政处罚法》第五十一条"
    assert body["message"].endswith("（《行政处罚法》第五十一条）")


def test_action_not_allowed_from_this_status_is_409(client, world):
    case = register(world)
    response = Api(client, world.officer).post(
        f"{case.pk}/actions/archive", {"archive_number": "1"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_action_by_the_wrong_role_is_403(client, world):
    case = act(world, register(world), A.SUBMIT_FILING)
    response = Api(client, world.officer).post(
        f"{case.pk}/actions/approve_filing", {"opinion": "同意"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "action_not_permitted"


def test_unknown_action_is_404_json(client, world):
    case = register(world)
    response = Api(client, world.officer).post(f"{case.pk}/actions/fly_away", {})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_record_is_added_during_investigation(client, world):
    case = act(world, act(world, register(world), A.SUBMIT_FILING), A.APPROVE_FILING)
    record = {
        "kind": "site",
        "occurred_on": TODAY.isoformat(),
        "place": "崇文街1号",
        "persons": "李某（店主）",
        "certificate_shown": True,
        "text": "现场检查发现货架上有过期食品12件。",
        "signed_by_party": True,
    }
    response = Api(client, world.officer).post(f"{case.pk}/records", record)
    assert response.status_code == 201, response.content
    entry = response.json()
    assert entry["label"] == "现场笔录"
    assert entry["action"] == "record"
    assert {"key": "kind", "label": "笔录类型", "value": "现场笔录"} in entry["content"]


def test_record_refused_outside_investigation(client, world):
    case = register(world)
    response = Api(client, world.officer).post(f"{case.pk}/records", {})
    assert response.status_code == 409
    assert response.json()["code"] == "not_investigating"


def test_openapi_documents_every_action_with_its_payload_schema(client):
    document = client.get("/api/v1/openapi.json").json()
    paths = document["paths"]
    for action, model in PAYLOADS.items():
        operation = paths[f"/api/v1/cases/{{case_id}}/actions/{action}"]["post"]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        assert set(schema["properties"]) == set(model.model_fields), action
        assert operation["security"], action
        assert {"403", "404", "409"} <= set(operation["responses"]), action
    notice = paths["/api/v1/cases/{case_id}/actions/issue_notice"]["post"]
    schema = notice["requestBody"]["content"]["application/json"]["schema"]
    assert schema["properties"]["facts"]["title"] == "违法事实"
    assert "fine" in schema["properties"]["penalties"]["items"]["enum"]
    assert "$ref" not in json.dumps(schema)
    register_body = paths["/api/v1/cases/"]["post"]["requestBody"]["content"]
    assert "party_name" in register_body["application/json"]["schema"]["required"]
    assert "/api/v1/cases/{case_id}/actions/{action}" not in paths


def test_detail_lists_the_panels_open_to_the_caller(client, world):
    case = act(world, act(world, register(world), A.SUBMIT_FILING), A.APPROVE_FILING)
    officer = {p["key"] for p in Api(client, world.officer).get(str(case.pk)).json()["panels"]}
    head = {p["key"] for p in Api(client, world.unit_head).get(str(case.pk)).json()["panels"]}
    assert "record" in officer
    assert "av-absence" not in officer
    assert "av-absence" in head
    assert "record" not in head


def test_targeted_panel_takes_the_object_id_in_the_body(client, world):
    from sanxiang.cases.models import Recusal, RecusalStatus

    case = act(world, act(world, register(world), A.SUBMIT_FILING), A.APPROVE_FILING)
    response = Api(client, world.officer).post(
        f"{case.pk}/panels/recusal",
        {"officer_id": str(world.assistant.officer.pk), "reason": "当事人申请回避"},
    )
    assert response.status_code == 200, response.content
    recusal = Recusal.objects.get(case=case)
    head = Api(client, world.unit_head)
    [panel] = [p for p in head.get(str(case.pk)).json()["panels"] if p["key"] == "recusal-decide"]
    assert panel["target"] == "recusal_id"
    assert panel["targets"][0][0] == str(recusal.pk)
    response = head.post(
        f"{case.pk}/panels/recusal-decide",
        {"recusal_id": str(recusal.pk), "granted": False, "reason": "理由不成立"},
    )
    assert response.status_code == 200, response.content
    recusal.refresh_from_db()
    assert recusal.status == RecusalStatus.REFUSED
    assert response.json()["timeline"][-1]["action"] == "recusal_decide"


def test_panel_refusal_keeps_the_error_shape(client, world):
    case = register(world)
    response = Api(client, world.officer).post(f"{case.pk}/panels/payment", {})
    assert response.status_code in (400, 403, 409)
    assert set(response.json()) >= {"code", "message"}
    unknown = Api(client, world.officer).post(f"{case.pk}/panels/nothing", {})
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "not_found"


def test_openapi_documents_the_panels_with_their_target(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    body = paths["/api/v1/cases/{case_id}/panels/recusal-decide"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert {"recusal_id", "granted", "reason"} <= set(schema["properties"])
    assert "recusal_id" in schema["required"]
    assert "/api/v1/cases/{case_id}/panels/payment" in paths
