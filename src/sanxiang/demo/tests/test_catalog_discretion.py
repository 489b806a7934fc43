"""Demo catalog rows the case workflow reads: 听证较大数额标准 and usable 裁量基准 for penalties."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanxiang.catalog.models import (
    DiscretionBenchmark,
    EnforcementItem,
    HearingThreshold,
    ItemCategory,
    TierKind,
)
from sanxiang.demo.selectors import demo_counts
from sanxiang.demo.services import demo_load
from sanxiang.organisations.models import Agency

pytestmark = pytest.mark.django_db

SEED_AGENCIES = ("陵川县林业局", "长治市园林局", "新田县发展和改革局", "陵川县司法局")


def thresholds(name: str) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    rows = HearingThreshold.objects.filter(agency__name=name, effective_to__isnull=True)
    return {r.party_kind: (r.fine_threshold, r.confiscation_threshold) for r in rows}


def test_every_seed_agency_publishes_hearing_thresholds_per_party_kind() -> None:
    demo_load(cases=False)
    for name in SEED_AGENCIES:
        assert set(thresholds(name)) == {"person", "organisation"}, name
    assert thresholds("长治市园林局") == {
        "person": (Decimal("10000"), Decimal("10000")),
        "organisation": (Decimal("100000"), Decimal("100000")),
    }
    # 湖南 sets lower amounts than the 市场监管 sector figure the 山西 agencies use.
    assert thresholds("新田县发展和改革局")["person"] == (Decimal("1000"), Decimal("1000"))
    assert thresholds("新田县发展和改革局")["organisation"][0] == Decimal("20000")
    assert demo_counts()["听证标准"] == 2 * len(
        Agency.objects.filter(name__in=[*SEED_AGENCIES, "朔州市朔城区科学技术局"])
    )


def test_every_demo_penalty_has_a_benchmark_whose_tiers_state_a_fine() -> None:
    demo_load(cases=False)
    penalties = EnforcementItem.objects.filter(
        category=ItemCategory.PENALTY, effective_to__isnull=True
    ).select_related("agency")
    assert penalties.count() == 8  # 5 园林 + 2 林业 + 1 发改
    for item in penalties:
        benchmark = DiscretionBenchmark.objects.get(
            agency=item.agency, item_code=item.code, effective_to__isnull=True
        )
        tiers = list(benchmark.tiers.all())
        assert len(tiers) >= 3, item.code
        fined = [t for t in tiers if t.fine_max is not None or t.multiple_max is not None]
        assert fined, item.code
    # The 首违不罚 path has a tier to apply in the cases the demo agency handles.
    assert DiscretionBenchmark.objects.filter(
        agency__name="长治市园林局", tiers__kind=TierKind.EXEMPT
    ).exists()
