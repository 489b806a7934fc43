"""/api/v1/licensing/ and the licence actions on the shared case routes (Bearer tokens)."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from sanxiang.accounts.services import api_token_create
from sanxiang.cases.tests.test_views import ensure_calendar_years
from sanxiang.licensing.tests.factories import ITEM, counter_data, licence_world

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, client, user):
        self.client = client
        _, secret = api_token_create(user=user, name="窗口终端")
        self.headers = {"Authorization": f"Bearer {secret}"}

    def get(self, path):
        return self.client.get(f"/api/v1/{path}", headers=self.headers)

    def post(self, path, body):
        return self.client.post(
            f"/api/v1/{path}",
            json.dumps(body, default=str),
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def world():
    today = timezone.localdate()
    ensure_calendar_years(today.year, today.year + 1)
    return licence_world()


def test_counter_application_to_licence_through_the_api(client, world):
    today = timezone.localdate()
    officer, head = Api(client, world.officer), Api(client, world.agency_head)
    created = officer.post("licensing/applications", counter_data(submitted_on=today))
    assert created.status_code == 201, created.content
    case_id = created.json()["application"]["case"]
    assert created.json()["clocks"][0]["label"]
    accept = officer.post(f"cases/{case_id}/actions/licence_accept", {"opinion": "受理"})
    assert accept.status_code == 200, accept.content
    panel = officer.post(
        f"cases/{case_id}/panels/licence-examination",
        {"outcome": "grant", "content": "准予占用", "licence_name": "许可证", "reasons": "符合"},
    )
    assert panel.status_code == 200, panel.content
    officer.post(f"cases/{case_id}/actions/licence_submit_decision", {})
    grant = {
        "content": "准予占用",
        "licence_name": "许可证",
        "valid_from": today,
        "reasons": "符合",
    }
    refused = officer.post(f"cases/{case_id}/actions/licence_grant", grant)
    assert refused.status_code == 403
    assert refused.json()["code"] == "action_not_permitted"
    assert head.post(f"cases/{case_id}/actions/licence_grant", grant).status_code == 200
    detail = officer.get(f"licensing/applications/{case_id}").json()
    assert detail["application"]["status"] == "licence_granted"
    licence_id = detail["licences"][0]["id"]
    assert officer.get(f"licensing/licences/{licence_id}").json()["status"] == "valid"
    too_late = officer.post(
        f"licensing/licences/{licence_id}/renewal", {"request": "延续", "submitted_on": today}
    )
    assert too_late.status_code == 409
    assert too_late.json()["code"] == "licence_renewal_not_needed"


def test_other_agency_gets_404(client, world):
    other = licence_world("林业局")
    today = timezone.localdate()
    created = Api(client, world.officer).post(
        "licensing/applications", counter_data(submitted_on=today)
    )
    case_id = created.json()["application"]["case"]
    stranger = Api(client, other.agency_head)
    response = stranger.get(f"licensing/applications/{case_id}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert stranger.get("licensing/applications").json() == []


def test_unknown_item_is_a_stable_error(client, world):
    response = Api(client, world.officer).post(
        "licensing/applications", counter_data(item_code=ITEM + "X")
    )
    assert response.status_code == 400
    assert response.json()["code"] == "item_unknown"
