import datetime as dt
from decimal import Decimal

import pytest

from sanxiang.catalog.models import MajorDecisionRule
from sanxiang.catalog.selectors import major_decision_rule_matches, major_decision_rules_matching
from sanxiang.catalog.services import catalog_replace
from sanxiang.organisations.tests.factories import AgencyFactory

CASE = {
    "item_code": "CF-1",
    "party_kind": "organisation",
    "fine": Decimal("50000"),
    "confiscation": None,
    "penalty_kinds": ["罚款"],
    "after_hearing": False,
}


@pytest.mark.parametrize(
    ("rule", "case", "expected"),
    [
        ({}, {}, True),
        ({"fine_threshold": Decimal("50000")}, {}, True),
        ({"fine_threshold": Decimal("50000.01")}, {}, False),
        ({"fine_threshold": Decimal("1")}, {"fine": None}, False),
        ({"confiscation_threshold": Decimal("10000")}, {"confiscation": Decimal("20000")}, True),
        ({"confiscation_threshold": Decimal("10000")}, {}, False),
        ({"item_code": "CF-2"}, {}, False),
        ({"item_code": "CF-1"}, {}, True),
        ({"party_kind": "person"}, {}, False),
        ({"party_kind": "any"}, {}, True),
        ({"penalty_kinds": "责令停产停业、吊销许可证"}, {}, False),
        ({"penalty_kinds": "责令停产停业、吊销许可证"}, {"penalty_kinds": ["吊销许可证"]}, True),
        ({"after_hearing": True}, {}, False),
        ({"after_hearing": True}, {"after_hearing": True}, True),
        ({"fine_threshold": Decimal("10000"), "party_kind": "person"}, {}, False),  # all must hold
        # Words only (疑难复杂 …): the handler decides, the rule never fires by itself.
        ({"other_condition": "案情疑难复杂，由机关负责人确定"}, {}, False),
        ({"other_condition": "涉及重大公共利益", "fine_threshold": Decimal("1")}, {}, True),
    ],
)
def test_rule_matching(rule, case, expected):
    obj = MajorDecisionRule(name="r", code="R", **rule)
    assert major_decision_rule_matches(obj, **{**CASE, **case}) is expected


@pytest.mark.django_db
def test_rules_matching_uses_rules_in_force_of_the_agency():
    agency, other = AgencyFactory(), AgencyFactory()
    rows = [
        {
            "code": "ZD-1",
            "name": "大额罚款（组织）",
            "party_kind": "法人或其他组织",
            "fine_threshold": "100000",
        },
        {"code": "ZD-2", "name": "吊销许可证", "penalty_kinds": "吊销许可证"},
    ]
    catalog_replace(
        actor=None,
        agency=agency,
        kind="major_decision",
        rows=rows,
        effective_from=dt.date(2026, 1, 1),
    )
    catalog_replace(
        actor=None,
        agency=other,
        kind="major_decision",
        rows=[{"code": "X", "name": "全部"}],
        effective_from=dt.date(2026, 1, 1),
    )
    case = {
        "agency": agency,
        "item_code": "CF-1",
        "party_kind": "organisation",
        "fine": Decimal("200000"),
        "confiscation": None,
        "penalty_kinds": ["罚款"],
        "after_hearing": False,
    }
    assert [r.code for r in major_decision_rules_matching(on=dt.date(2026, 2, 1), **case)] == [
        "ZD-1"
    ]
    assert major_decision_rules_matching(on=dt.date(2025, 12, 31), **case) == []
    assert [
        r.code
        for r in major_decision_rules_matching(
            on=dt.date(2026, 2, 1), **{**case, "penalty_kinds": ["吊销许可证"], "fine": None}
        )
    ] == ["ZD-2"]
