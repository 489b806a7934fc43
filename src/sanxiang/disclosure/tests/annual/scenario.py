"""A small region whose 2026 records are built through the services, with the 年报 figures
worked out by hand in `EXPECTED` (see each case's comment).

司法局 (region 140524 陵川县) supervises 测试局 (陵川县) and 第二局 (140581 高平市); 第三局 is
supervised by no one and must never be counted. Every decision of 测试局 is dated in 2026 except
one in December 2025.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.services import measure_apply
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY, World, act, add_record, make_world, register
from sanxiang.cases.tests.walks import checked, decided
from sanxiang.disclosure.models import Disclosure
from sanxiang.disclosure.services import (
    disclosure_publish,
    disclosure_review,
    disclosure_withdraw,
)
from sanxiang.legal_review.tests.walks import pass_review
from sanxiang.organisations.models import Agency, Role
from sanxiang.organisations.tests.factories import (
    RegionFactory,
    SupervisoryAgencyFactory,
    user_with_role,
)

A = CaseAction
YEAR = 2026
# The day the report is generated: January of the next year, before the 31st.
GENERATED_ON = dt.date(2027, 1, 11)
MAY = dt.date(2026, 5, 13)  # a Wednesday
DECEMBER_2025 = dt.date(2025, 12, 10)  # a Wednesday
MINOR = {
    "party_kind": "person",
    "party_name": "李小明",
    "party_identifier": "140524201001010011",
    "party_birth_date": dt.date(2010, 1, 1),
}


@dataclass
class Scenario:
    bureau: Agency  # the 司法局
    world: World  # 测试局
    second: World  # 第二局, supervised, another region
    third: World  # 第三局, not supervised
    bureau_publisher: Any
    publisher: Any  # 测试局's 公示管理员


def publish(world: World, case: Case, on: dt.date) -> Disclosure:
    user = world.others["publisher"]
    disclosure = Disclosure.objects.get(case=case)
    disclosure_review(user=user, disclosure_id=disclosure.pk, today=on)
    return disclosure_publish(user=user, disclosure_id=disclosure.pk, today=on)


def summary_decided(world: World, on: dt.date, fine: str = "100") -> Case:
    case = register(
        world, on, discovered_on=on - dt.timedelta(days=1), act_date=on - dt.timedelta(days=3)
    )
    case = act(world, case, A.APPLY_SUMMARY, on, fine=Decimal(fine))
    return act(world, case, A.DECIDE_ON_SITE, on)


def reviewed_with_confiscation(world: World) -> Case:
    """警告 + 罚款 8000 + 没收违法所得 1200, through 法制审核 (one submission, 同意)."""
    content = {"penalties": ["warning", "fine", "confiscate_gains"], "confiscation": "1200"}
    case = act(world, checked(world), A.ISSUE_NOTICE, fine=Decimal("8000"), **content)
    case = act(world, case, A.RECEIVE_STATEMENT)
    case = pass_review(world, case)
    return act(world, case, A.DECIDE, fine=Decimal("8000"), **content)


def seized_then_transferred(world: World) -> Case:
    case = register(world)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action)
    add_record(world, case)
    measure_apply(
        user=world.unit_head,
        case_id=case.pk,
        payload={
            "kind": "seizure",
            "items": [{"name": "伪劣白酒", "quantity": "40", "unit": "瓶"}],
            "place": "当事人仓库",
            "reason": "涉嫌销售伪劣产品，依据《产品质量法》第十八条",
            "officer_ids": [world.officer.officer.pk, world.assistant.officer.pk],
            "certificate_shown": True,
            "party_present": True,
            "rights_explained": True,
            "statement": "无异议",
            "site_record": "出示证件，告知理由依据和权利，当场清点物品并制作清单",
            "signed_by_party": True,
            "handed_over": True,
        },
        today=TODAY,
    )
    return act(world, case, A.TRANSFER)


def _world(short_name: str, supervisor: Agency | None, region: tuple[str, str] | None) -> World:
    world = make_world(short_name)
    updates: dict[str, Any] = {"supervising_agency": supervisor, "name": f"{short_name}（测试）"}
    if region is not None:
        updates["region"] = RegionFactory(code=region[0], name=region[1])
    Agency.objects.filter(pk=world.agency.pk).update(**updates)
    world.agency.refresh_from_db()
    world.others["publisher"] = user_with_role(Role.DISCLOSURE_OFFICER, world.agency)
    return world


def build_scenario() -> Scenario:
    bureau = SupervisoryAgencyFactory(name="陵川县司法局")
    world = _world("测试局", bureau, None)
    second = _world("第二局", bureau, ("140581", "高平市"))
    third = _world("第三局", None, None)

    # 测试局, 2026:
    c1 = decided(world)  # 03-11 处罚 警告+罚款 3000, general; published 03-12 (due 03-20): on time
    publish(world, c1, dt.date(2026, 3, 12))
    reviewed_with_confiscation(world)  # 03-11 处罚 8000 + 没收 1200; never published: overdue
    act(world, checked(world, **MINOR), A.DECIDE_NO_PENALTY)  # 03-11 不予处罚, minor: withheld
    seized_then_transferred(world)  # 03-11 扣押 (强制) then 移送: no 公示
    c5 = summary_decided(world, MAY)  # 05-13 简易 罚款 100; published late, withdrawn on time
    publish(world, c5, dt.date(2026, 5, 29))
    disclosure_withdraw(
        user=world.others["publisher"],
        disclosure_id=Disclosure.objects.get(case=c5).pk,
        payload={"ground": "revoked", "changed_on": "2026-06-01", "reason": "原决定已被依法撤销"},
        today=dt.date(2026, 6, 2),
    )
    summary_decided(world, DECEMBER_2025, fine="50")  # 2025: not in the 2026 report

    # 第二局, 2026: one 处罚 警告+罚款 3000 in March.
    decided(second)
    # 第三局 (not supervised): one 处罚, never in the 司法局's report.
    decided(third)
    return Scenario(
        bureau=bureau,
        world=world,
        second=second,
        third=third,
        bureau_publisher=user_with_role(Role.DISCLOSURE_OFFICER, bureau),
        publisher=world.others["publisher"],
    )
