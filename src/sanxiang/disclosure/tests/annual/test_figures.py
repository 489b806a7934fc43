"""年报 figures: the region built through the services (scenario.py) against a hand count, and the
pure computation's definitions on records written by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sanxiang.disclosure.annual.figures import AgencyRef, Records, ReviewFigures, compute
from sanxiang.disclosure.annual.records import collect
from sanxiang.disclosure.tests.annual.scenario import GENERATED_ON, YEAR

ZERO = Decimal("0.00")


def kinds(figures_unit) -> dict[str, int]:
    return {k: n for k, n in figures_unit.penalty.by_kind.items() if n}


def test_region_report_of_the_bureau_matches_the_hand_count(scenario):
    """司法局's report: itself (no cases), 测试局 and 第二局; never 第三局 or a 2025 decision."""
    f = compute(collect(agency=scenario.bureau, year=YEAR, today=GENERATED_ON))
    assert [u.name for u in f.agencies] == ["陵川县司法局", "测试局（测试）", "第二局（测试）"]
    bureau, world, second = f.agencies

    assert bureau.penalty.decisions == 0
    assert bureau.coercion.total == 0

    # 测试局: c1 处罚 3000, c2 处罚 8000 + 没收 1200, c3 不予处罚, c4 移送, c5 简易 罚款 100.
    p = world.penalty
    assert (p.penalised, p.no_penalty, p.transferred) == (3, 1, 1)
    assert (p.summary, p.general) == (1, 4)
    assert kinds(world) == {"warning": 2, "fine": 3, "confiscate_gains": 1}
    assert (p.fines, p.confiscations) == (Decimal("11100.00"), Decimal("1200.00"))
    assert world.coercion.by_kind == {"preservation": 0, "sealing": 0, "seizure": 1}
    # 公示: c1 on time, c2 overdue, c3 withheld (minor), c5 late then withdrawn on time; c4 none;
    # the 扣押 decision drafts its own 行政强制 公示, never published: overdue by 2027-01-11.
    d = world.disclosure
    assert (d.records, d.withheld, d.published, d.on_time) == (5, 1, 2, 1)
    assert (d.overdue_unpublished, d.withdrawn, d.withdrawn_on_time) == (2, 1, 1)
    assert world.review.model_dump() == {
        "submissions": 1,
        "opinions": 1,
        "first_submitted": 1,
        "first_agreed": 1,
    }

    # 第二局: one 处罚 警告 + 罚款 3000, its draft unpublished past the due date.
    assert second.penalty.decisions == 1
    assert second.penalty.fines == Decimal("3000.00")
    assert second.disclosure.overdue_unpublished == 1

    # Regions: 陵川县 (司法局 + 测试局) and 高平市 (第二局), by code.
    assert [(r.key, r.name, r.agencies) for r in f.regions] == [
        ("140524", "陵川县", 2),
        ("140581", "高平市", 1),
    ]
    assert f.regions[0].penalty.decisions == 5
    assert f.regions[1].penalty.decisions == 1

    t = f.total
    assert t.agencies == 3
    assert t.penalty.decisions == 6
    assert (t.penalty.fines, t.penalty.confiscations) == (Decimal("14100.00"), Decimal("1200.00"))
    assert kinds(t) == {"warning": 3, "fine": 4, "confiscate_gains": 1}
    # Five decisions on 11 March, the summary one on 13 May; the December 2025 one is not here.
    assert f.monthly == [0, 0, 5, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    assert [(n.label, n.count, n.note) for n in f.not_connected] == [
        ("行政许可", 0, "尚未接入本平台"),
        ("行政检查", 0, "尚未接入本平台"),
        ("行政征收", 0, "尚未接入本平台"),
    ]

    # 测试局's own report has only its own row; 2025 holds only the December summary decision.
    own = compute(collect(agency=scenario.world.agency, year=YEAR, today=GENERATED_ON))
    assert [u.name for u in own.agencies] == ["测试局（测试）"]
    assert own.total.penalty.model_dump() == world.penalty.model_dump()
    earlier = compute(collect(agency=scenario.world.agency, year=2025, today=GENERATED_ON))
    assert earlier.total.penalty.decisions == 1
    assert earlier.total.penalty.fines == Decimal("50.00")
    assert earlier.monthly[11] == 1


def records(**rows) -> Records:
    return Records(
        year=2026,
        agency_id="a",
        agency_name="甲局",
        today=dt.date(2027, 1, 5),
        scope=[
            AgencyRef("a", "甲局", "140524", "陵川县"),
            AgencyRef("b", "乙局", "140524", "陵川县"),
        ],
        **rows,
    )


def decision(agency="a", outcome="penalise", penalties=("fine",), fine="0", **extra):
    return {
        "agency_id": agency,
        "outcome": outcome,
        "procedure": extra.get("procedure", "general"),
        "penalties": list(penalties),
        "fine": Decimal(fine) if fine is not None else None,
        "confiscation": extra.get("confiscation"),
        "decided_on": extra.get("decided_on", dt.date(2026, 7, 1)),
    }


def test_a_decision_counts_once_per_kind_and_amounts_only_when_penalised():
    f = compute(
        records(
            decisions=[
                decision(penalties=("fine", "fine", "warning"), fine="200.50"),
                decision(outcome="no_penalty_minor", penalties=(), fine="999"),
                decision(agency="b", outcome="transfer", penalties=(), fine=None),
            ]
        )
    )
    assert f.agencies[0].penalty.by_kind["fine"] == 1
    assert f.agencies[0].penalty.by_kind["warning"] == 1
    assert f.total.penalty.fines == Decimal("200.50")
    assert f.total.penalty.decisions == 3
    assert f.agencies[1].penalty.transferred == 1
    assert f.regions[0].agencies == 2
    assert f.monthly[6] == 3


def test_disclosure_clock_counts_on_the_due_date_as_on_time_and_pending_past_it_as_overdue():
    due = dt.date(2026, 7, 10)
    row = {"agency_id": "a", "withdrawn_on": None, "withdraw_due_on": None, "due_on": due}
    f = compute(
        records(
            disclosures=[
                {**row, "status": "published", "published_on": due},
                {**row, "status": "published", "published_on": due + dt.timedelta(days=1)},
                {**row, "status": "reviewed", "published_on": None},
                {**row, "status": "draft", "published_on": None, "due_on": dt.date(2027, 1, 6)},
                {**row, "status": "withheld", "published_on": None},
            ]
        )
    )
    d = f.total.disclosure
    assert (d.records, d.published, d.on_time) == (5, 2, 1)
    assert d.overdue_unpublished == 1  # the draft due 2027-01-06 is not late on 2027-01-05
    assert d.withheld == 1


def test_review_figures_add_up_per_region_and_in_total():
    f = compute(
        records(
            reviews={
                "a": ReviewFigures(submissions=3, opinions=2, first_submitted=2, first_agreed=1),
                "b": ReviewFigures(submissions=1, opinions=1, first_submitted=1, first_agreed=1),
            }
        )
    )
    assert f.total.review.model_dump() == {
        "submissions": 4,
        "opinions": 3,
        "first_submitted": 3,
        "first_agreed": 2,
    }
    assert f.regions[0].review == f.total.review
    assert f.total.penalty.fines == ZERO
