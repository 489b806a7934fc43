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


def action_payload(action: str, today: dt.date = TODAY, **overrides: Any) -> dict[str, Any]:
    """A realistic submission for each 行政检查 action."""
    base: dict[str, dict[str, Any]] = {
        "inspection_record": {
            "inspected_on": today,
            "place": "陵川县崇文街8号经营场所",
            "checked_items": ["食品经营许可证", "从业人员健康证明", "进货查验记录"],
            "findings": "货架上有3件超过保质期的预包装食品",
            "certificate_shown": True,
            "party_present": "李某（店长）",
            "signed_by_party": True,
        },
        "inspection_pass": {"conclusion": "未发现违法违规问题"},
        "inspection_not_found": {"reason": "经营场所已关闭，查无下落"},
        "inspection_order_correction": {
            "items": "立即下架过期食品，建立进货查验记录",
            "basis": "《中华人民共和国食品安全法》第五十三条",
            "days": 15,
        },
        "inspection_recheck": {
            "rechecked_on": today,
            "certificate_shown": True,
            "findings": "过期食品已下架销毁，进货查验记录已建立",
            "corrected": True,
        },
        "inspection_transfer": {
            "title": "销售超过保质期的食品案",
            "facts": "当事人在经营场所货架上销售超过保质期的预包装食品3件",
            "act_date": today,
            "act_continuing": True,
        },
        "close": {"summary": "检查结论已作出，结案"},
        "archive": {"archive_number": "JC-2026-001"},
    }
    data = dict(base[str(action)])
    data.update(overrides)
    return data


def inspect(
    world: World, case: Case, action: str, today: dt.date = TODAY, user: Any = None, **kw: Any
) -> Case:
    from sanxiang.cases.services import case_transition

    return case_transition(
        user=user or world.officer,
        case_id=case.pk,
        action=action,
        payload=action_payload(action, today, **kw),
        today=today,
    )


def checked(world: World, today: dt.date = TODAY, **kw: Any) -> Case:
    """An inspection recorded on site (待检查 → 已现场检查)."""
    case = open_inspection(world, today)
    return inspect(world, case, "inspection_record", today, **kw)
