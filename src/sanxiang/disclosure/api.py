"""Public JSON API under /api/v1/public/: the same projections as the portal, no login.

Bad parameters answer {"code": ..., "message": <Chinese>} (see sanxiang.config.api): a malformed
or unknown agency id is a 404 `not_found`, a bad `date` a 400 `invalid_date`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sanxiang.disclosure import selectors as s

router = Router(tags=["事前公开"], auth=None)


class ErrorOut(Schema):
    code: str
    message: str


class AgencySummaryOut(Schema):
    id: uuid.UUID
    name: str
    region_code: str
    region_name: str
    subject_type: str
    is_supervisory: bool


class AgencyOut(Schema):
    id: uuid.UUID
    name: str
    uscc: str = Field(description="统一社会信用代码")
    subject_type: str
    subject_type_label: str
    entrusting_agency: AgencySummaryOut | None
    region_code: str
    region_name: str
    legal_basis: str
    responsibilities: str
    address: str
    phone: str = Field(description="机关对外办公电话（非个人信息）")
    website: str
    supervision_channels: str
    remedy_channels: str
    supervising_agency: AgencySummaryOut | None
    is_supervisory: bool
    fields: list[str]


class OfficerOut(Schema):
    name: str
    agency_name: str
    unit_name: str
    title: str
    certificate_numbers: list[str]
    fields: list[str]


class LegalBasisOut(Schema):
    law: str
    article: str
    text: str


class ItemOut(Schema):
    code: str
    version: int
    name: str
    category: str
    category_label: str
    field: str
    legal_basis_text: str
    legal_basis: list[LegalBasisOut]
    responsible_unit: str
    time_limit: str
    remarks: str
    effective_from: dt.date
    effective_to: dt.date | None


class TierOut(Schema):
    kind: str
    kind_label: str
    conditions: str
    fine: str
    fine_min: Decimal | None
    fine_max: Decimal | None
    multiple_min: Decimal | None
    multiple_max: Decimal | None
    multiple_base: str
    other_penalties: str


class BenchmarkOut(Schema):
    code: str
    version: int
    item_code: str
    violation: str
    violated_provision: str
    penalty_basis: str
    issuer: str
    effective_from: dt.date
    tiers: list[TierOut]


class SpotCheckOut(Schema):
    code: str
    version: int
    name: str
    item_code: str
    check_type: str
    target: str
    content: str
    basis: str
    method: str
    ratio: str
    frequency: str
    effective_from: dt.date


class RecordingOut(Schema):
    code: str
    version: int
    activity: str
    item_code: str
    level: str
    level_label: str
    basis: str
    note: str
    effective_from: dt.date


class MajorRuleOut(Schema):
    code: str
    version: int
    name: str
    item_code: str
    party_kind: str
    party_kind_label: str
    fine_threshold: Decimal | None
    confiscation_threshold: Decimal | None
    penalty_kinds: str
    after_hearing: bool
    other_condition: str
    basis: str
    effective_from: dt.date


class GuideOut(Schema):
    code: str
    version: int
    item_code: str
    name: str
    basis: str
    accepting_body: str
    approving_body: str
    conditions: str
    preferential_policies: str
    materials: str
    procedure: str
    time_limit: str
    fees: str
    supervision: str
    accountability: str
    remedy: str
    office_hours: str
    office_address: str
    office_phone: str
    effective_from: dt.date


class ListMeta(Schema):
    on: dt.date = Field(description="按此日期有效的内容")
    updated_on: dt.date | None = Field(description="更新于")


class OfficerList(ListMeta):
    results: list[OfficerOut]


class ItemList(ListMeta):
    results: list[ItemOut]


class BenchmarkList(ListMeta):
    results: list[BenchmarkOut]


class SpotCheckList(ListMeta):
    results: list[SpotCheckOut]


class RecordingList(ListMeta):
    results: list[RecordingOut]


class MajorRuleList(ListMeta):
    results: list[MajorRuleOut]


class GuideList(ListMeta):
    results: list[GuideOut]


class DateQuery(Schema):
    date: str | None = Field(None, description="YYYY-MM-DD；默认今天", max_length=40)


class ItemQuery(DateQuery):
    category: str | None = Field(None, description="事项类别，如 penalty、licence", max_length=40)


class SearchHitOut(Schema):
    kind: str
    kind_label: str
    agency_id: uuid.UUID
    agency_name: str
    title: str
    code: str
    detail: str


class SearchOut(Schema):
    query: str
    truncated: bool
    hits: list[SearchHitOut]


ERRORS: dict[int, Any] = {400: ErrorOut, 404: ErrorOut}


def _agency(agency_id: str) -> s.AgencyPublic:
    return s.agency_public_get(agency_id=agency_id)


@router.get("/agencies", response=list[AgencySummaryOut], summary="执法主体列表")
def agencies(request: HttpRequest) -> Any:
    return s.agencies_public()


@router.get("/agencies/{agency_id}", response={200: AgencyOut, **ERRORS}, summary="执法主体信息")
def agency(request: HttpRequest, agency_id: str) -> Any:
    return _agency(agency_id)


@router.get(
    "/agencies/{agency_id}/officers",
    response={200: OfficerList, **ERRORS},
    summary="执法人员清单（持有效执法证）",
)
def officers(request: HttpRequest, agency_id: str, q: Query[DateQuery]) -> Any:
    return s.officers_public(agency=_agency(agency_id), on=s.parse_day(q.date))


@router.get(
    "/agencies/{agency_id}/items", response={200: ItemList, **ERRORS}, summary="执法事项清单"
)
def items(request: HttpRequest, agency_id: str, q: Query[ItemQuery]) -> Any:
    agency = _agency(agency_id)
    on = s.parse_day(q.date)
    return s.items_public(agency=agency, on=on, category=s.parse_category(q.category))


@router.get(
    "/agencies/{agency_id}/items/{code}/versions",
    response={200: list[ItemOut], **ERRORS},
    summary="执法事项版本历史",
)
def item_versions(request: HttpRequest, agency_id: str, code: str) -> Any:
    return s.item_versions(agency=_agency(agency_id), code=code)


@router.get(
    "/agencies/{agency_id}/benchmarks",
    response={200: BenchmarkList, **ERRORS},
    summary="行政处罚裁量基准",
)
def benchmarks(request: HttpRequest, agency_id: str, q: Query[DateQuery]) -> Any:
    return s.benchmarks_public(agency=_agency(agency_id), on=s.parse_day(q.date))


@router.get(
    "/agencies/{agency_id}/spot-checks",
    response={200: SpotCheckList, **ERRORS},
    summary="随机抽查事项清单",
)
def spot_checks(request: HttpRequest, agency_id: str, q: Query[DateQuery]) -> Any:
    return s.spot_checks_public(agency=_agency(agency_id), on=s.parse_day(q.date))


@router.get("/agencies/{agency_id}/guides", response={200: GuideList, **ERRORS}, summary="服务指南")
def guides(request: HttpRequest, agency_id: str, q: Query[DateQuery]) -> Any:
    return s.guides_public(agency=_agency(agency_id), on=s.parse_day(q.date))


@router.get(
    "/agencies/{agency_id}/recording-requirements",
    response={200: RecordingList, **ERRORS},
    summary="音像记录事项清单",
)
def recording_requirements(request: HttpRequest, agency_id: str, q: Query[DateQuery]) -> Any:
    return s.recordings_public(agency=_agency(agency_id), on=s.parse_day(q.date))


@router.get(
    "/agencies/{agency_id}/major-decision-rules",
    response={200: MajorRuleList, **ERRORS},
    summary="重大执法决定法制审核目录清单",
)
def major_decision_rules(request: HttpRequest, agency_id: str, q: Query[DateQuery]) -> Any:
    return s.major_rules_public(agency=_agency(agency_id), on=s.parse_day(q.date))


@router.get("/search", response=SearchOut, summary="跨主体搜索")
def search(request: HttpRequest, q: str = "") -> Any:
    # The selector cuts the query to QUERY_MAX_LENGTH; no 422 for a long query.
    return s.search_public(query=q)
