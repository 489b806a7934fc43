from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from sanxiang.disclosure.models import Disclosure, DisclosureCategory, DisclosureStatus
from sanxiang.disclosure.tests.portal.rows import agency, public_decision, take_down
from sanxiang.organisations.models import Agency

S = DisclosureStatus
FOOD_TEXT = (
    "陵川县市场监督管理局\n行政处罚决定书\n陵市监罚〔2026〕12号\n"
    "当事人：陵川县某某商贸有限公司\n"
    "违法事实：2026年2月3日，执法人员检查发现当事人销售过期食品“某某牌牛奶”12箱，"
    "过期食品货值金额1200元。\n"
    "依据：《中华人民共和国食品安全法》第三十四条、第一百二十四条\n"
    "处罚决定：没收过期食品；罚款人民币伍万元整。"
)
TREE_TEXT = (
    "长治市园林局\n行政处罚决定书\n长园罚〔2026〕3号\n当事人：王某\n"
    "违法事实：当事人未经批准擅自砍伐城市树木两株（国槐）。\n"
    "依据：《城市绿化条例》第二十六条\n处罚决定：罚款人民币叁仟元整。"
)
LABEL_TEXT = (
    "陵川县市场监督管理局\n行政处罚决定书\n陵市监罚〔2026〕15号\n当事人：陵川县某某超市\n"
    "违法事实：当事人销售的预包装食品标签不符合规定。\n"
    "依据：《中华人民共和国食品安全法》第六十七条\n处罚决定：警告。"
)


@dataclass
class Portal:
    market: Agency
    garden: Agency
    food: Disclosure  # 过期食品 in the record and three times in the text
    tree: Disclosure
    label: Disclosure  # 食品 once, no 过期
    hidden: dict[str, Disclosure]  # each mentions 过期食品 and must never show


@pytest.fixture
def portal(db) -> Portal:
    market = agency("陵川县市场监督管理局", "140524", "陵川县")
    garden = agency("长治市园林局", "140400", "长治市")
    food = public_decision(
        market,
        text=FOOD_TEXT,
        party="陵川县某某商贸有限公司",
        kind="销售过期食品",
        number="陵市监罚〔2026〕12号",
        decided_on=dt.date(2026, 3, 2),
    )
    tree = public_decision(
        garden,
        text=TREE_TEXT,
        party="王某",
        kind="擅自砍伐城市树木",
        number="长园罚〔2026〕3号",
        decided_on=dt.date(2026, 1, 20),
    )
    label = public_decision(
        market,
        text=LABEL_TEXT,
        party="陵川县某某超市",
        kind="食品标签不符合规定",
        number="陵市监罚〔2026〕15号",
        decided_on=dt.date(2026, 3, 5),
        category=DisclosureCategory.NO_PENALTY,
    )
    secret = "当事人销售过期食品（不应公开的决定）"
    hidden = {
        "draft": public_decision(market, text=secret, status=S.DRAFT),
        "reviewed": public_decision(market, text=secret, status=S.REVIEWED),
        "withheld": public_decision(market, text=secret, status=S.WITHHELD),
        "withdrawn": take_down(
            public_decision(market, text=secret), S.WITHDRAWN, dt.date(2026, 3, 9)
        ),
        "expired": take_down(public_decision(market, text=secret), S.EXPIRED, dt.date(2026, 3, 9)),
    }
    return Portal(market, garden, food, tree, label, hidden)
