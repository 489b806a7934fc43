"""The year's figures of a 行政执法统计年报, computed from plain records (no database here).

`records.collect` reads the rows; `compute` turns them into `AnnualFigures`, per agency, per
region (行政区划) and in total. The figures are pydantic models so a report stores them as JSON
and the Excel, PDF and pages render exactly what was stored.

Definitions (a year is 1 January to 31 December inclusive):
- 处罚 decisions: cases whose decision (处罚, 不予处罚 or 移送司法机关) is dated in the year, by
  outcome and procedure; by penalty kind, a case counts once under each kind it imposed
  (警告 + 罚款 is one 警告 and one 罚款); fines and confiscations summed over 给予处罚 decisions.
- 强制: coercive measures started in the year, by kind (先行登记保存 is the evidence measure of
  处罚法 §56, shown in its own column).
- 公示: 事后公开 records of decisions dated in the year: withheld (不予公开), published, published
  on or before the due date (7/20 working days), still unpublished past it on the day of
  computation, withdrawn, withdrawn within §48's three working days.
- 法制审核: from `legal_review.stats` (submissions made and opinions given in the year; first-time
  pass: first submissions of the year with an opinion, and of those the ones agreed).
- 许可, 检查, 征收: not yet handled on this platform; shown as 0 with that note, never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from sanxiang.cases.models import MeasureKind, Outcome, PenaltyKind, Procedure

NOT_CONNECTED = "尚未接入本平台"
NO_PENALTY_OUTCOMES = frozenset(
    {Outcome.NO_PENALTY_MINOR, Outcome.NO_PENALTY_FIRST, Outcome.NO_PENALTY_UNFOUNDED}
)
PUBLISHABLE_PENDING = frozenset({"draft", "reviewed"})


class PenaltyFigures(BaseModel):
    penalised: int = 0
    no_penalty: int = 0
    transferred: int = 0
    summary: int = 0
    general: int = 0
    by_kind: dict[str, int] = Field(default_factory=lambda: {k.value: 0 for k in PenaltyKind})
    fines: Decimal = Decimal("0.00")
    confiscations: Decimal = Decimal("0.00")

    @property
    def decisions(self) -> int:
        return self.penalised + self.no_penalty + self.transferred


class CoercionFigures(BaseModel):
    by_kind: dict[str, int] = Field(default_factory=lambda: {k.value: 0 for k in MeasureKind})

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


class DisclosureFigures(BaseModel):
    records: int = 0
    withheld: int = 0
    published: int = 0
    on_time: int = 0
    overdue_unpublished: int = 0
    withdrawn: int = 0
    withdrawn_on_time: int = 0


class ReviewFigures(BaseModel):
    submissions: int = 0
    opinions: int = 0
    first_submitted: int = 0
    first_agreed: int = 0


class UnitFigures(BaseModel):
    """One row of the tables: an agency, a region, or the total."""

    key: str
    name: str
    agencies: int = 0
    penalty: PenaltyFigures = Field(default_factory=PenaltyFigures)
    coercion: CoercionFigures = Field(default_factory=CoercionFigures)
    disclosure: DisclosureFigures = Field(default_factory=DisclosureFigures)
    review: ReviewFigures = Field(default_factory=ReviewFigures)


class NotConnected(BaseModel):
    label: str
    count: int = 0
    note: str = NOT_CONNECTED


class AnnualFigures(BaseModel):
    year: int
    agency_id: str
    agency_name: str
    computed_on: dt.date
    agencies: list[UnitFigures]
    regions: list[UnitFigures]
    total: UnitFigures
    monthly: list[int] = Field(min_length=12, max_length=12)
    not_connected: list[NotConnected]

    @property
    def title(self) -> str:
        return f"{self.agency_name}{self.year}年度行政执法统计年报"


@dataclass(frozen=True)
class AgencyRef:
    id: str
    name: str
    region_code: str
    region_name: str


@dataclass
class Records:
    """The rows of one year, as `records.collect` reads them (dicts keyed by field name)."""

    year: int
    agency_id: str
    agency_name: str
    today: dt.date
    scope: list[AgencyRef]
    decisions: list[Mapping[str, Any]] = field(default_factory=list)
    measures: list[Mapping[str, Any]] = field(default_factory=list)
    disclosures: list[Mapping[str, Any]] = field(default_factory=list)
    reviews: dict[str, ReviewFigures] = field(default_factory=dict)


def _add_decision(unit: UnitFigures, row: Mapping[str, Any]) -> None:
    p = unit.penalty
    outcome = row["outcome"]
    if outcome == Outcome.PENALISE:
        p.penalised += 1
        for kind in set(row["penalties"] or []):
            p.by_kind[kind] = p.by_kind.get(kind, 0) + 1
        p.fines += row["fine"] or Decimal(0)
        p.confiscations += row["confiscation"] or Decimal(0)
    elif outcome in NO_PENALTY_OUTCOMES:
        p.no_penalty += 1
    elif outcome == Outcome.TRANSFER:
        p.transferred += 1
    else:
        return
    if row["procedure"] == Procedure.SUMMARY:
        p.summary += 1
    else:
        p.general += 1


def _add_disclosure(unit: UnitFigures, row: Mapping[str, Any], today: dt.date) -> None:
    d = unit.disclosure
    d.records += 1
    if row["status"] == "withheld":
        d.withheld += 1
        return
    if row["published_on"] is not None:
        d.published += 1
        d.on_time += row["published_on"] <= row["due_on"]
    elif row["status"] in PUBLISHABLE_PENDING and row["due_on"] < today:
        d.overdue_unpublished += 1
    if row["withdrawn_on"] is not None:
        d.withdrawn += 1
        due = row["withdraw_due_on"]
        d.withdrawn_on_time += due is not None and row["withdrawn_on"] <= due


def _add_review(unit: UnitFigures, review: ReviewFigures) -> None:
    r = unit.review
    r.submissions += review.submissions
    r.opinions += review.opinions
    r.first_submitted += review.first_submitted
    r.first_agreed += review.first_agreed


def _units_of(
    row: Mapping[str, Any],
    agencies: Mapping[str, UnitFigures],
    regions: Mapping[str, UnitFigures],
    region_of: Mapping[str, str],
    total: UnitFigures,
) -> Iterable[UnitFigures]:
    agency_id = str(row["agency_id"])
    return (agencies[agency_id], regions[region_of[agency_id]], total)


def _scope_units(scope: list[AgencyRef]) -> tuple[dict[str, UnitFigures], dict[str, UnitFigures]]:
    """Empty rows for each agency of the scope and each region they sit in."""
    agencies = {a.id: UnitFigures(key=a.id, name=a.name, agencies=1) for a in scope}
    regions: dict[str, UnitFigures] = {}
    for a in scope:
        region = regions.setdefault(
            a.region_code, UnitFigures(key=a.region_code, name=a.region_name)
        )
        region.agencies += 1
    return agencies, regions


def compute(records: Records) -> AnnualFigures:
    """The figures of `records`: per agency (in scope order), per region (by code) and total."""
    agencies, regions = _scope_units(records.scope)
    total = UnitFigures(key="total", name="合计", agencies=len(records.scope))
    region_of = {a.id: a.region_code for a in records.scope}
    monthly = [0] * 12

    def units(row: Mapping[str, Any]) -> Iterable[UnitFigures]:
        return _units_of(row, agencies, regions, region_of, total)

    for row in records.decisions:
        for unit in units(row):
            _add_decision(unit, row)
        monthly[row["decided_on"].month - 1] += 1
    for row in records.measures:
        for unit in units(row):
            unit.coercion.by_kind[row["kind"]] = unit.coercion.by_kind.get(row["kind"], 0) + 1
    for row in records.disclosures:
        for unit in units(row):
            _add_disclosure(unit, row, records.today)
    for agency_id, review in records.reviews.items():
        for unit in units({"agency_id": agency_id}):
            _add_review(unit, review)
    return AnnualFigures(
        year=records.year,
        agency_id=records.agency_id,
        agency_name=records.agency_name,
        computed_on=records.today,
        agencies=list(agencies.values()),
        regions=[regions[code] for code in sorted(regions)],
        total=total,
        monthly=monthly,
        not_connected=[NotConnected(label=label) for label in ("行政许可", "行政检查", "行政征收")],
    )
