"""处罚法 §63: the 较大数额 that carries the right to a hearing comes from the agency's catalog
(听证较大数额标准), per party kind and item, in the version in force; never from code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sanxiang.cases.models import Case, Deadline, DeadlineKind
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY, act, add_record, make_world, register
from sanxiang.cases.thresholds import hearing_grounds, hearing_right, hearing_threshold_for
from sanxiang.catalog.services import catalog_replace
from sanxiang.catalog.tests.factories import item_row, law_with_articles

A = CaseAction
pytestmark = pytest.mark.django_db

BASIS = "《市场监督管理行政处罚听证办法》第五条"
EFFECTIVE = dt.date(2026, 1, 1)


@pytest.fixture
def world():
    return make_world()


def thresholds(world, rows, on=EFFECTIVE):
    full = [{"basis": BASIS, **row} for row in rows]
    catalog_replace(
        actor=world.agency_head,
        agency=world.agency,
        kind="hearing_threshold",
        rows=full,
        effective_from=on,
    )


MARKET = [
    {"code": "TZ-01", "party_kind": "person", "fine_threshold": 10000},
    {
        "code": "TZ-02",
        "party_kind": "organisation",
        "fine_threshold": 100000,
        "confiscation_threshold": 100000,
    },
]


def notified(world, today=TODAY, lead=None, **notice) -> Case:
    case = register(world, today, **(lead or {}))
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action, today)
    add_record(world, case, today)
    for action in (A.CONCLUDE_INVESTIGATION, A.SUBMIT_CHECK):
        case = act(world, case, action, today)
    return act(world, case, A.ISSUE_NOTICE, today, **notice)


def test_article_63_hearing_offered_when_fine_reaches_the_catalog_threshold(world):
    thresholds(world, MARKET)
    case = notified(world, fine=Decimal("100000"))  # 以上 includes the amount itself
    assert case.hearing_offered
    step = case.steps.get(action="issue_notice")
    assert step.content["hearing_offered"] is True
    assert Deadline.objects.filter(case=case, kind=DeadlineKind.HEARING_REQUEST).exists()


def test_article_63_hearing_not_offered_below_the_catalog_threshold(world):
    thresholds(world, MARKET)
    case = notified(world, fine=Decimal("99999.99"))
    assert not case.hearing_offered
    assert not Deadline.objects.filter(case=case, kind=DeadlineKind.HEARING_REQUEST).exists()


def test_article_63_threshold_depends_on_the_party_kind(world):
    thresholds(world, MARKET)
    person = {"party_kind": "person", "party_name": "张某", "party_identifier": ""}
    assert notified(world, lead=person, fine=Decimal("10000")).hearing_offered
    assert not notified(world, fine=Decimal("10000")).hearing_offered  # an organisation


def test_article_63_confiscation_reaching_its_threshold_offers_a_hearing(world):
    thresholds(world, MARKET)
    kinds = ["warning", "confiscate_property"]
    case = notified(world, penalties=kinds, fine=None, confiscation=Decimal("100000"))
    assert case.hearing_offered
    case = notified(world, penalties=kinds, fine=None, confiscation=Decimal("90000"))
    assert not case.hearing_offered


def test_article_63_amounts_grant_no_hearing_when_the_agency_lists_no_threshold(world):
    # The 较大数额 is the province's or sector's to set: without a row only the kinds of §63 ③④
    # carry the right (the catalog page shows the agency has published none).
    case = notified(world, fine=Decimal("1000000"))
    assert not case.hearing_offered


def test_article_63_the_threshold_in_force_on_the_day_applies(world):
    thresholds(world, MARKET)
    later = dt.date(2026, 3, 12)
    lowered = [{**MARKET[0]}, {**MARKET[1], "fine_threshold": 50000}]
    thresholds(world, lowered, on=later)
    assert not notified(world, TODAY, fine=Decimal("60000")).hearing_offered
    assert notified(world, later, fine=Decimal("60000")).hearing_offered


def test_article_63_an_items_own_threshold_wins_over_the_agency_wide_one(world):
    law_with_articles()
    catalog_replace(
        actor=world.agency_head,
        agency=world.agency,
        kind="item",
        rows=[item_row("SP-CF-01")],
        effective_from=EFFECTIVE,
    )
    item_row_threshold = {
        "code": "TZ-03",
        "party_kind": "organisation",
        "item_code": "SP-CF-01",
        "fine_threshold": 200000,
    }
    thresholds(world, [*MARKET, item_row_threshold])
    case = register(world, item_code="SP-CF-01")
    row = hearing_threshold_for(case=case, amount_field="fine_threshold", on=TODAY)
    assert row is not None
    assert row.code == "TZ-03"
    # The confiscation amount is only set agency-wide, so that row still counts for it.
    other = hearing_threshold_for(case=case, amount_field="confiscation_threshold", on=TODAY)
    assert other is not None
    assert other.code == "TZ-02"
    on = {"case": case, "penalties": ["fine"], "confiscation": None, "on": TODAY}
    assert not hearing_right(fine=Decimal("150000"), **on)
    assert hearing_right(fine=Decimal("200000"), **on)
    plain = register(world)  # no item: the agency-wide row
    assert hearing_right(
        case=plain, penalties=["fine"], fine=Decimal("150000"), confiscation=None, on=TODAY
    )


def test_article_63_grounds_name_the_kind_the_amount_and_the_basis(world):
    thresholds(world, MARKET)
    case = register(world)
    grounds = hearing_grounds(
        case=case,
        penalties=["fine", "revoke_licence"],
        fine=Decimal("120000"),
        confiscation=None,
        on=TODAY,
    )
    assert [g.text for g in grounds] == [
        "拟给予吊销许可证件",
        f"拟罚款120000元，达到法人或其他组织罚款100000元的听证标准（{BASIS}）",
    ]
    assert grounds[1].threshold is not None
    assert grounds[1].threshold.code == "TZ-02"
