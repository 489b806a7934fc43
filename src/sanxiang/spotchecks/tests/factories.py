"""A 双随机 world: a lead agency (make_world) and a partner, both under one 司法局, with a
名录库, the inspector pool and a task walked through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from sanxiang.cases.tests.factories import TODAY, World, certify, make_world
from sanxiang.catalog.models import SpotCheckItem
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import (
    SupervisoryAgencyFactory,
    make_uscc,
    user_with_role,
)
from sanxiang.spotchecks.models import SpotCheckTask
from sanxiang.spotchecks.services import (
    draw_entropy_record,
    draw_inputs_publish,
    draw_run,
    entity_create,
    inspector_pool_refresh,
    task_approve,
    task_create,
)

# Inputs are published at NOW; the entropy is known an hour later and entered at LATER.
NOW = dt.datetime(2026, 3, 11, 9, 0, tzinfo=dt.UTC)
KNOWN = NOW + dt.timedelta(hours=12)
LATER = KNOWN + dt.timedelta(minutes=5)
ENTROPY_SOURCES = [
    {"description": "2026-03-11 21:15 中国福利彩票双色球第2026027期开奖号码", "known_after": KNOWN},
]
ENTROPY_VALUES = [[3, 9, 14, 21, 27, 30, 12]]


@dataclass
class SpotWorld:
    lead: World
    partner: World
    supervisor: Any
    item: SpotCheckItem


def spot_item(world: World) -> SpotCheckItem:
    return SpotCheckItem.objects.create(
        agency=world.agency, code=f"SC-{world.agency.pk.hex[:6]}", effective_from=dt.date(2025, 1, 1),
        name="食品经营者日常监督抽查", target="食品经营者", content="经营许可、进货查验",
        basis="《中华人民共和国食品安全法》第一百一十条", method="现场检查", ratio="5%",
        frequency="每年一次",
    )  # fmt: skip


def make_spot_world() -> SpotWorld:
    justice = SupervisoryAgencyFactory()
    supervisor = user_with_role(Role.SUPERVISOR, justice)
    lead = make_world("市场监管局")
    partner = make_world("卫健局")
    for world in (lead, partner):
        world.agency.supervising_agency = justice
        world.agency.save()
        extra = user_with_role(Role.OFFICER, world.agency)
        certify(extra, world.field)
        world.others["third"] = extra
        inspector_pool_refresh(user=world.agency_head, today=TODAY)
    return SpotWorld(lead=lead, partner=partner, supervisor=supervisor, item=spot_item(lead))


def add_entities(world: World, n: int, **data: Any) -> list[Any]:
    return [
        entity_create(
            user=world.officer,
            data={
                "name": f"陵川县第{i + 1}食品店有限公司",
                "uscc": make_uscc(),
                "industry": "餐饮",
                "region_code": "140524",
                "region_name": "陵川县",
                "address": f"崇文街{i + 1}号",
                "legal_representative": f"负责人{i + 1}",
                **data,
            },
        )
        for i in range(n)
    ]


def task_data(sw: SpotWorld, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "2026年第一批食品经营者双随机抽查",
        "field_code": sw.lead.field.code,
        "item_ids": [sw.item.pk],
        "count": 3,
        "window_start": TODAY + dt.timedelta(days=7),
        "window_end": TODAY + dt.timedelta(days=60),
        "inspectors_per_object": 2,
    }
    data.update(overrides)
    return data


def approved_task(sw: SpotWorld, **overrides: Any) -> SpotCheckTask:
    task = task_create(user=sw.lead.officer, data=task_data(sw, **overrides), today=TODAY)
    return task_approve(user=sw.lead.agency_head, task_id=task.pk, today=TODAY)


def drawn_task(sw: SpotWorld, **overrides: Any) -> SpotCheckTask:
    task = approved_task(sw, **overrides)
    head = sw.lead.agency_head
    draw_inputs_publish(
        user=head, task_id=task.pk, data={"entropy_sources": ENTROPY_SOURCES}, now=NOW
    )
    draw_entropy_record(user=head, task_id=task.pk, data={"values": ENTROPY_VALUES}, now=LATER)
    draw_run(user=head, task_id=task.pk, now=LATER)
    task.refresh_from_db()
    return task


def aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
