"""/api/v1/spot-checks/: 名录库, a task's steps, refusals in the API's error shape, 404s."""

from __future__ import annotations

import pytest

from sanxiang.inspections.tests.test_api import Api
from sanxiang.spotchecks.tests.factories import make_spot_world, task_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw():
    return make_spot_world()


def test_task_created_approved_and_refused_in_error_shape(client, sw):
    officer = Api(client, sw.lead.officer)
    created = officer.post(
        "spot-checks/entities", {"name": "陵川县某某商店", "uscc": "91140524MA0000001Y"}
    )
    assert created.status_code == 400
    assert created.json()["code"] == "uscc_invalid"
    response = officer.post("spot-checks/tasks", task_data(sw))
    assert response.status_code == 201
    task_id = response.json()["id"]
    refused = officer.post(f"spot-checks/tasks/{task_id}/approve")
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_head"
    head = Api(client, sw.lead.agency_head)
    assert head.post(f"spot-checks/tasks/{task_id}/approve").json()["status"] == "approved"
    early = head.post(f"spot-checks/tasks/{task_id}/run")
    assert early.status_code == 409
    assert early.json()["code"] == "inputs_not_published"
    other = Api(client, sw.partner.agency_head)
    assert other.get(f"spot-checks/tasks/{task_id}").status_code == 404
    assert other.post(f"spot-checks/tasks/{task_id}/run").status_code == 404
    assert [t["id"] for t in head.get("spot-checks/tasks").json()] == [task_id]
