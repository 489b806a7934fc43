"""Demo 双随机 draw for 长治市园林局, created through the services (the lead wires it into demo_load).

One task with its 名录库, inputs published, entropy recorded and picks drawn. The entropy is a
declared lottery draw with fixed demo numbers; the times are set relative to the load so that the
declared source is, as the rule requires, unknown when the inputs are published.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sanxiang.cases.models import Case, OfficerRole
from sanxiang.cases.services import av_absence_approve, case_transition
from sanxiang.cases.states import CaseAction
from sanxiang.catalog.models import SpotCheckItem
from sanxiang.organisations.codes import uscc_check_character
from sanxiang.organisations.models import Agency
from sanxiang.spotchecks.models import Draw
from sanxiang.spotchecks.services import (
    draw_assignments_open,
    draw_entropy_record,
    draw_inputs_publish,
    draw_run,
    entity_create,
    inspector_pool_refresh,
    task_approve,
    task_create,
    task_results_publish,
)

AGENCY = "长治市园林局"
ENTITIES = [
    ("长治市绿源园林工程有限公司", "潞州区英雄中路1号", "high"),
    ("长治市太行绿化养护有限公司", "潞州区太行东街18号", "medium"),
    ("长治市漳泽苗木种植专业合作社", "潞州区漳泽路66号", "low"),
    ("长治市城建市政工程有限公司", "潞州区府后西街9号", "medium"),
    ("长治市上党景观设计有限公司", "潞州区紫金西街120号", "low"),
    ("长治市八一广场物业管理有限公司", "潞州区八一广场东侧", "low"),
]
ENTROPY_DESCRIPTION = "中国福利彩票双色球开奖号码（红球6个、蓝球1个，演示数据）"
ENTROPY_VALUES = [[4, 11, 17, 22, 28, 31, 9]]


def _uscc(n: int) -> str:
    body = f"91140400MA0YL{n:04d}"[:17]
    return body + uscc_check_character(body)


@transaction.atomic
def demo_draws_load() -> list[Draw]:
    """Create the demo task and its draw; does nothing when it exists already."""
    agency = Agency.objects.get(name=AGENCY)
    if Draw.objects.filter(task__agency=agency).exists():
        return list(Draw.objects.filter(task__agency=agency))
    users = get_user_model().objects
    officer, head = users.get(username="yl_officer"), users.get(username="yl_head")
    now = timezone.now()
    today = timezone.localdate(now)
    inspector_pool_refresh(user=head, today=today)
    for n, (name, address, risk) in enumerate(ENTITIES, start=1):
        entity_create(
            user=officer,
            data={
                "name": name, "uscc": _uscc(n), "industry": "园林绿化", "region_code": "140400",
                "region_name": "长治市", "address": address, "legal_representative": f"负责人{n}",
                "risk_grade": risk,
            },
        )  # fmt: skip
    item = SpotCheckItem.objects.filter(agency=agency, effective_to__isnull=True).first()
    if item is None:
        return []
    field = agency.fields.get()
    task = task_create(
        user=officer,
        data={
            "title": f"{today.year}年城市绿化管理双随机抽查",
            "field_code": field.code,
            "item_ids": [item.pk],
            "count": 3,
            "window_start": today,
            "window_end": today + dt.timedelta(days=60),
            "inspectors_per_object": 2,
        },  # fmt: skip
        today=today,
    )
    task_approve(user=head, task_id=task.pk, today=today)
    published = now - dt.timedelta(days=2)
    known = published + dt.timedelta(days=1)
    sources = [{"description": ENTROPY_DESCRIPTION, "known_after": known}]
    draw_inputs_publish(
        user=head, task_id=task.pk, data={"entropy_sources": sources}, now=published
    )
    entered = known + dt.timedelta(minutes=30)
    draw_entropy_record(user=head, task_id=task.pk, data={"values": ENTROPY_VALUES}, now=entered)
    draw = draw_run(user=head, task_id=task.pk, now=entered)
    _inspect_and_publish(head, task.pk, today)
    return [draw]


_NO_AV = {
    "activity": "现场检查",
    "reason": "执法记录仪电池故障，以现场检查笔录和照片记录，已报修（演示）",
}


def _inspect_and_publish(head: Any, task_id: Any, today: dt.date) -> None:
    """Open the drawn inspections, record each as passed, and publish the task's results — the
    whole 双随机 cycle, so the public page shows results and not only picks."""
    assignments = draw_assignments_open(
        user=head, task_id=task_id, data={"planned_on": today}, today=today
    )
    addresses = {a.case_id: a.entity.address for a in assignments}
    for case in Case.objects.filter(pk__in=list(addresses)):
        lead = case.assignments.get(role=OfficerRole.LEAD, active=True).officer.user
        av_absence_approve(user=head, case_id=case.pk, payload=_NO_AV, today=today)
        site = {
            "inspected_on": today,
            "place": f"{addresses[case.pk]}（演示地址）",
            "checked_items": ["绿化养护档案", "临时占用绿地情况", "古树名木保护措施"],
            "findings": "养护档案齐全，未发现擅自占用绿地或损害树木的情况",
            "certificate_shown": True,
            "party_present": "现场负责人（演示）",
            "signed_by_party": True,
        }
        for action, payload in (
            (CaseAction.INSPECTION_RECORD, site),
            (CaseAction.INSPECTION_PASS, {"conclusion": "未发现违法违规问题"}),
        ):
            case_transition(user=lead, case_id=case.pk, action=action, payload=payload, today=today)
    task_results_publish(user=head, task_id=task_id, today=today)
