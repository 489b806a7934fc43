"""Walks shared by tests of several apps: a published 裁量基准 and a case taken to 案件审核 or to a
penalty decision (警告 + 罚款 3000) with every step recorded through the services."""

from __future__ import annotations

import datetime as dt

from sanxiang.cases.models import Case
from sanxiang.cases.services import case_discretion_apply
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY, act, add_record, register
from sanxiang.catalog.services import catalog_replace

A = CaseAction
EFFECTIVE = dt.date(2026, 1, 1)
ITEM = "SP-CF-01"
GAINS = "违法所得"


def tier(kind, conditions, low=None, high=None, other="", **multiple):
    return {
        "kind": kind,
        "conditions": conditions,
        "fine_min": low,
        "fine_max": high,
        "other_penalties": other,
        **multiple,
    }


def benchmarks(item: str = ITEM) -> list[dict[str, object]]:
    common = {
        "item_code": item,
        "violated_provision": "第三十四条",
        "penalty_basis": "第一百二十四条",
    }
    return [
        {
            "code": "JZ-1",
            "violation": "销售超过保质期的食品",
            **common,
            "tiers": [
                tier("exempt", "初次违法且危害后果轻微并及时改正"),
                tier("lenient", "货值较小，及时下架", 500, 2000, "警告"),
                tier("standard", "一般情形", 2000, 10000, "警告"),
                tier("severe", "拒不改正", 10000, 30000, "警告；没收非法财物"),
            ],
        },
        {
            "code": "JZ-2",
            "violation": "以次充好",
            **common,
            "tiers": [
                tier("lenient", "初次", multiple_min=1, multiple_max=2, multiple_base=GAINS),
                tier("standard", "一般", multiple_min=2, multiple_max=3, multiple_base=GAINS),
                tier("severe", "多次", multiple_min=3, multiple_max=5, multiple_base=GAINS),
            ],
        },
    ]


def publish(world, kind, rows, on=EFFECTIVE):
    catalog_replace(
        actor=world.agency_head, agency=world.agency, kind=kind, rows=rows, effective_from=on
    )


def apply(world, case, today=TODAY, user=None, **overrides) -> Case:
    payload = {
        "benchmark_code": "JZ-1",
        "tier": "lenient",
        "circumstances": "货值 300 元，当场下架",
        "reason": "违法情节轻微，适用从轻阶次",
        **overrides,
    }
    return case_discretion_apply(
        user=user or world.officer, case_id=case.pk, payload=payload, today=today
    )


def checked(world, **lead) -> Case:
    """A case at 案件审核, ready for the 告知."""
    case = register(world, **lead)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action)
    add_record(world, case)
    for action in (A.CONCLUDE_INVESTIGATION, A.SUBMIT_CHECK):
        case = act(world, case, action)
    return case


def decided(world, **lead) -> Case:
    """A case that ended in a penalty (警告 + 罚款 3000)."""
    case = act(world, checked(world, **lead), A.ISSUE_NOTICE)
    for action in (A.RECEIVE_STATEMENT, A.SUBMIT_FOR_DECISION, A.DECIDE):
        case = act(world, case, action)
    return case
