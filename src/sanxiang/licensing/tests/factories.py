"""A licensing agency (the cases test world with a 行政许可 item and its 服务指南) and helpers
that walk a licence case through the services with realistic payloads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from sanxiang.cases.models import Case
from sanxiang.cases.services import case_party_transition, case_transition
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY, World, make_world
from sanxiang.cases.tests.walks import publish
from sanxiang.catalog.models import Law
from sanxiang.catalog.tests.factories import law_with_articles
from sanxiang.licensing.services import (
    Applicant,
    licence_apply,
    licence_apply_online,
    licence_examination_record,
)

A = CaseAction
ITEM = "XK-YL-01"
ITEM_NAME = "临时占用城市绿化用地审批"
GUIDE_MATERIALS = "1. 申请书\n2. 占用绿地平面图\n3. 营业执照复印件\n4. 绿地恢复方案"
EFFECTIVE = dt.date(2025, 1, 1)
GREENING_LAW = "城市绿化条例"


def licence_world(short_name: str = "园林局", on: dt.date = EFFECTIVE) -> World:
    world = make_world(short_name)
    if not Law.objects.filter(name=GREENING_LAW).exists():
        law_with_articles(name=GREENING_LAW, numbers=("第十九条",))
    publish(
        world,
        "item",
        [
            {
                "code": ITEM,
                "name": ITEM_NAME,
                "category": "行政许可",
                "legal_basis_text": f"《{GREENING_LAW}》第十九条",
                "time_limit_days": 20,
            }
        ],
        on=on,
    )
    publish(
        world,
        "service_guide",
        [
            {
                "code": "ZN-01",
                "item_code": ITEM,
                "name": ITEM_NAME,
                "basis": "《城市绿化条例》第十九条",
                "accepting_body": "政务服务中心园林局窗口",
                "conditions": "因建设需要临时占用城市绿化用地",
                "materials": GUIDE_MATERIALS,
                "procedure": "申请、受理、审查、决定、送达",
                "time_limit": "20个工作日",
                "supervision": "12345",
                "remedy": "行政复议或行政诉讼",
                "office_hours": "工作日 9:00-17:00",
                "office_address": "崇文街1号",
                "office_phone": "0356-0000000",
            }
        ],
        on=on,
    )
    return world


def counter_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "item_code": ITEM,
        "request": "因管线施工临时占用崇文街绿地120平方米，期限30日",
        "submitted_on": TODAY,
        "applicant_kind": "organisation",
        "applicant_name": "某某建设工程有限公司",
        "applicant_identifier": "91140524MA0000002X",
        "applicant_address": "陵川县崇文街2号",
        "applicant_phone": "13800000000",
        "materials": [{"name": "申请书"}, {"name": "占用绿地平面图"}],
    }
    data.update(overrides)
    return data


def apply_at_counter(world: World, today: dt.date = TODAY, **overrides: Any) -> Case:
    data = counter_data(submitted_on=overrides.pop("submitted_on", today), **overrides)
    return licence_apply(user=world.officer, data=data, today=today)


def applicant_user(username: str = "applicant-a") -> Any:
    return get_user_model().objects.create_user(username=username, password="x-Secret-12345")


APPLICANT = Applicant(
    kind="person",
    name="张三",
    identifier="140524199001010011",
    address="陵川县崇文街3号",
    phone="13900000000",
)


def apply_online(
    world: World, user: Any, today: dt.date = TODAY, materials: list[dict[str, Any]] | None = None
) -> Case:
    return licence_apply_online(
        user=user,
        agency_id=world.agency.pk,
        applicant=APPLICANT,
        data={
            "item_code": ITEM,
            "request": "临时占用绿地搭建施工围挡",
            "materials": materials or [],
        },
        today=today,
    )


def payload_for(action: str, today: dt.date = TODAY, **overrides: Any) -> dict[str, Any]:
    base: dict[str, dict[str, Any]] = {
        A.LICENCE_ACCEPT: {"opinion": "材料齐全，符合法定形式，予以受理"},
        A.LICENCE_REQUEST_CORRECTION: {
            "items": [
                {"name": "营业执照复印件", "reason": "未提交"},
                {"name": "绿地恢复方案", "reason": "未提交"},
            ]
        },
        A.LICENCE_SUBMIT_CORRECTION: {
            "materials": [{"name": "营业执照复印件"}, {"name": "绿地恢复方案"}],
            "received_on": today,
        },
        A.LICENCE_REFUSE: {"reason": "申请事项不属于本机关职权范围"},
        A.LICENCE_WITHDRAW: {"reason": "工程取消"},
        A.LICENCE_SUBMIT_DECISION: {"opinion": "建议准予许可"},
        A.SUBMIT_LEGAL_REVIEW: {"opinion": ""},
        A.LICENCE_GRANT: {
            "content": "准予临时占用崇文街绿地120平方米",
            "licence_name": "临时占用城市绿地许可证",
            "valid_from": today,
            "valid_to": today + dt.timedelta(days=30),
            "reasons": "申请符合《城市绿化条例》第十九条规定的条件",
        },
        A.LICENCE_DENY: {"reasons": "占用绿地面积超过规定上限"},
        A.LICENCE_DELIVER: {"method": "direct", "delivered_on": today, "recipient": "某某公司"},
        A.CLOSE: {"summary": "已发证送达，结案"},
        A.LICENCE_HOLD_HEARING: {},
        A.LICENCE_CONCLUDE_HEARING: {},
    }
    data = dict(base[action])
    data.update(overrides)
    return data


ACTOR = {A.LICENCE_GRANT: "agency_head", A.LICENCE_DENY: "agency_head"}


def lact(
    world: World, case: Case, action: str, today: dt.date = TODAY, user: Any = None, **kw: Any
) -> Case:
    actor = user or getattr(world, ACTOR.get(action, "officer"))
    return case_transition(
        user=actor,
        case_id=case.pk,
        action=action,
        payload=payload_for(action, today, **kw),
        today=today,
    )


def party_act(user: Any, case: Case, action: str, today: dt.date = TODAY, **kw: Any) -> Case:
    return case_party_transition(
        user=user,
        case_id=case.pk,
        action=action,
        payload=payload_for(action, today, **kw),
        today=today,
    )


def examine(world: World, case: Case, today: dt.date = TODAY, **overrides: Any) -> Case:
    grant = payload_for(A.LICENCE_GRANT, today)
    data = {
        "outcome": "grant",
        "content": grant["content"],
        "licence_name": grant["licence_name"],
        "valid_from": grant["valid_from"],
        "valid_to": grant["valid_to"],
        "reasons": grant["reasons"],
        "site_check": "现场核查：绿地现状与平面图一致",
        **overrides,
    }
    return licence_examination_record(user=world.officer, case_id=case.pk, data=data, today=today)


def accepted(world: World, today: dt.date = TODAY, **overrides: Any) -> Case:
    case = apply_at_counter(world, today, **overrides)
    return lact(world, case, A.LICENCE_ACCEPT, today)


def to_decision(world: World, today: dt.date = TODAY) -> Case:
    case = accepted(world, today)
    examine(world, case, today)
    return lact(world, case, A.LICENCE_SUBMIT_DECISION, today)
