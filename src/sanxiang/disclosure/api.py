"""Public JSON API under /api/v1/public/: the same projections as the portal, no login.

Bad parameters answer {"code": ..., "message": <Chinese>} (see sanxiang.config.api): a malformed
or unknown agency id is a 404 `not_found`, a bad `date` a 400 `invalid_date`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sanxiang.disclosure import selectors as s
from sanxiang.disclosure.api_decisions import router as decisions_router

router = Router(tags=["事前公开"], auth=None)
router.add_router("/decisions", decisions_router)  # 事后公开: /api/v1/public/decisions


class ErrorOut(Schema):
    code: str
    message: str


class AgencyOut(Schema):
    id: uuid.UUID
    name: str
    uscc: str = Field(description="统一社会信用代码")
    subject_type: str
    subject_type_label: str
    entrusting_agency: s.AgencySummary | None
    region_code: str
    region_name: str
    legal_basis: str
    responsibilities: str
    address: str
    phone: str = Field(description="机关对外办公电话（非个人信息）")
    website: str
    supervision_channels: str
    remedy_channels: str
    supervising_agency: s.AgencySummary | None
    is_supervisory: bool
    fields: list[str]


class ListMeta(Schema):
    on: dt.date = Field(description="按此日期有效的内容")
    updated_on: dt.date | None = Field(description="更新于")


class OfficerList(ListMeta):
    results: list[s.OfficerPublic]


class ItemList(ListMeta):
    results: list[s.ItemPublic]


class BenchmarkList(ListMeta):
    results: list[s.BenchmarkPublic]


class SpotCheckList(ListMeta):
    results: list[s.SpotCheckPublic]


class RecordingList(ListMeta):
    results: list[s.RecordingPublic]


class MajorRuleList(ListMeta):
    results: list[s.MajorRulePublic]


class HearingThresholdList(ListMeta):
    results: list[s.HearingThresholdPublic]


class GuideList(ListMeta):
    results: list[s.GuidePublic]


class DateQuery(Schema):
    date: str | None = Field(None, description="YYYY-MM-DD；默认今天", max_length=40)


class ItemQuery(DateQuery):
    category: str | None = Field(None, description="事项类别，如 penalty、licence", max_length=40)


class SearchOut(Schema):
    query: str
    truncated: bool
    hits: list[s.SearchHit]


ERRORS: dict[int, Any] = {400: ErrorOut, 404: ErrorOut}


def _agency(agency_id: str) -> s.AgencyPublic:
    return s.agency_public_get(agency_id=agency_id)


@router.get("/agencies", response=list[s.AgencySummary], summary="执法主体列表")
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
    response={200: list[s.ItemPublic], **ERRORS},
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


@router.get(
    "/agencies/{agency_id}/hearing-thresholds",
    response={200: HearingThresholdList, **ERRORS},
    summary="听证较大数额标准",
)
def hearing_thresholds(request: HttpRequest, agency_id: str, q: Query[DateQuery]) -> Any:
    return s.hearing_thresholds_public(agency=_agency(agency_id), on=s.parse_day(q.date))


@router.get("/search", response=SearchOut, summary="跨主体搜索")
def search(request: HttpRequest, q: str = "") -> Any:
    # The selector cuts the query to QUERY_MAX_LENGTH; no 422 for a long query.
    return s.search_public(query=q)
