"""/api/v1/inspections/: open, list, detail, plans; the 行政检查 actions through the case API."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from sanxiang.accounts.services import api_token_create
from sanxiang.cases.tests.factories import make_world
from sanxiang.inspections.tests.factories import action_payload, opening_data
from sanxiang.inspections.tests.test_plans import PLAN

pytestmark = pytest.mark.django_db
BASE = "/api/v1/"


@pytest.fixture
def world():
    return make_world()


class Api:
    def __init__(self, client, user):
        self.client = client
        _, secret = api_token_create(user=user, name="手机执法终端")
        self.headers = {"Authorization": f"Bearer {secret}"}

    def get(self, path):
        return self.client.get(f"{BASE}{path}", headers=self.headers)

    def send(self, method, path, body=None):
        raw = json.dumps(body or {}, default=str)
        return getattr(self.client, method)(
            f"{BASE}{path}", raw, content_type="application/json", headers=self.headers
        )

    def post(self, path, body=None):
        return self.send("post", path, body)


def test_open_list_detail_and_record_through_the_api(world, client):
    head = Api(client, world.unit_head)
    today = timezone.localdate()
    response = head.post("inspections/", opening_data(world, planned_on=today))
    assert response.status_code == 201, response.content
    opened = response.json()
    assert opened["status"] == "inspection_planned"
    assert opened["lead_number"].startswith("JC")
    listed = head.get("inspections/?status=inspection_planned").json()
    assert [i["case_id"] for i in listed] == [opened["case_id"]]
    officer = Api(client, world.officer)
    step = officer.post(
        f"cases/{opened['case_id']}/actions/inspection_record",
        action_payload("inspection_record", today),
    )
    assert step.status_code == 200, step.content
    detail = officer.get(f"inspections/{opened['case_id']}").json()
    assert detail["status"] == "inspection_checked"
    assert detail["inspected_on"] == today.isoformat()


def test_one_officer_refused_with_code_and_citation(world, client):
    head = Api(client, world.unit_head)
    body = opening_data(world, inspector_ids=[world.officer.officer.pk])
    response = head.post("inspections/", body)
    assert response.status_code == 409
    assert response.json()["code"] == "inspectors_too_few"
    assert "第四十二条" in response.json()["citation"]


def test_another_agency_gets_404(world, client):
    opened = Api(client, world.unit_head).post("inspections/", opening_data(world)).json()
    other = make_world("他局")
    stranger = Api(client, other.agency_head)
    assert stranger.get(f"inspections/{opened['case_id']}").status_code == 404
    assert stranger.get("inspections/").json() == []


def test_plan_crud_through_the_api(world, client):
    officer = Api(client, world.officer)
    created = officer.post("inspections/plans", PLAN)
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    changed = officer.send("put", f"inspections/plans/{plan_id}", {**PLAN, "method": "重点检查"})
    assert changed.json()["method"] == "重点检查"
    assert officer.post(f"inspections/plans/{plan_id}/approve").status_code == 403
    head = Api(client, world.agency_head)
    assert head.post(f"inspections/plans/{plan_id}/approve").json()["approved_on"]
    published = head.post(f"inspections/plans/{plan_id}/publish").json()
    assert published["published_on"] == timezone.localdate().isoformat()
    assert [p["id"] for p in officer.get("inspections/plans").json()] == [plan_id]
    other = Api(client, make_world("他局").agency_head)
    assert other.get(f"inspections/plans/{plan_id}").status_code == 404


def test_every_route_requires_a_token(world, client):
    assert client.get(f"{BASE}inspections/").status_code == 401
    assert client.get(f"{BASE}inspections/plans").status_code == 401
