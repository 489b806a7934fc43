"""The demo draw: created through the services, and its public JSON re-verifies alone."""

from __future__ import annotations

import json

import pytest

from sanxiang.demo.services import demo_load
from sanxiang.spotchecks.demo import demo_draws_load
from sanxiang.spotchecks.draw import verify_record

pytestmark = pytest.mark.django_db


def test_every_demo_draw_reverifies_from_its_public_json(client):
    demo_load(cases=False)
    draws = demo_draws_load()
    assert draws
    for draw in draws:
        record = json.loads(client.get(f"/api/v1/public/draws/{draw.pk}").content)
        assert len(record["picks"]) == 3
        assert verify_record(record).ok
        task = draw.task
        task.refresh_from_db()
        assert task.status == "results_published"  # the whole cycle: inspected and published
        cases = [a.case_id for a in task.assignments.all()]
        assert len(cases) == 3
        assert all(cases)
        public = client.get(f"/random-checks/{draw.pk}/").content.decode()
        assert "未发现问题" in public or "合格" in public
    assert demo_draws_load() == draws  # idempotent
