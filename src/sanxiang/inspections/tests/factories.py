"""Inspection helpers on top of the case world (cases.tests.factories.make_world)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.tests.factories import TODAY, World
from sanxiang.inspections.services import inspection_open


def opening_data(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "食品经营许可事项日常检查",
        "field_code": world.field.code,
        "source": "random",
        "source_detail": "2026年第一批双随机抽查",
        "spot_check_task_id": "task-1",
        "entity_id": "entity-1",
        "party_kind": "organisation",
        "party_name": "某某超市有限公司",
        "party_identifier": "91140524MA0000002X",
        "party_address": "陵川县崇文街8号",
        "party_representative": "李某",
        "planned_on": TODAY + dt.timedelta(days=1),
        "inspector_ids": [world.officer.officer.pk, world.assistant.officer.pk],
    }
    data.update(overrides)
    return data


def open_inspection(world: World, today: dt.date = TODAY, user: Any = None, **kw: Any) -> Case:
    return inspection_open(
        user=user or world.unit_head, data=opening_data(world, **kw), today=today
    )
