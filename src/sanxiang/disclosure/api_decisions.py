"""Public JSON of the decision portal: /api/v1/public/decisions (list, search, filters, detail).

The same selectors as the pages: only decisions on the portal, already redacted. Bad parameters
answer {"code", "message"} with 400 (see selectors_portal.parse_decision_query); an id that is
not on the portal is a 404 `not_found`; a withdrawn decision returns its withdrawal notice only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from sanxiang.disclosure import selectors_portal as p

router = Router(tags=["行政执法决定公示"], auth=None)


class ErrorOut(Schema):
    code: str
    message: str


class DecisionQueryIn(Schema):
    q: str | None = Field(None, description="全文检索词（jieba 分词，超出 100 字截断）")
    agency: str | None = Field(None, description="执法主体 id", max_length=64)
    category: str | None = Field(
        None, description="公示类别：penalty、no_penalty、licence、coercion", max_length=40
    )
    region: str | None = Field(None, description="行政区划代码（2、4 或 6 位）", max_length=12)
    date_from: str | None = Field(None, alias="from", description="决定日期起 YYYY-MM-DD")
    date_to: str | None = Field(None, alias="to", description="决定日期止 YYYY-MM-DD")
    page: str | None = Field(None, description=f"页码（1–{p.MAX_PAGE}）", max_length=12)


class DecisionOut(Schema):
    id: uuid.UUID
    url: str = Field(description="详情页")
    agency_id: uuid.UUID
    agency_name: str
    region_code: str
    region_name: str
    category: str
    category_label: str
    decision_number: str
    decided_on: dt.date
    published_on: dt.date = Field(description="现行版本的发布（更正）日期")
    version: int
    party: str = Field(description="行政相对人名称（已脱敏）")
    title: str
    snippet: str = Field(description="摘要（HTML，检索词以 <mark> 标出）")
    content_sha256: str = Field(
        description="现行版本公开内容的 SHA-256，可在 /api/v1/ledger/lookup 查询"
    )


class DecisionListOut(Schema):
    query: str
    truncated: bool
    total: int
    page: int
    pages: int
    page_size: int
    results: list[DecisionOut]


class VersionOut(Schema):
    version: int
    published_on: dt.date | None
    correction_reason: str
    content_sha256: str


class DecisionDetailOut(Schema):
    id: uuid.UUID
    agency_id: uuid.UUID
    agency_name: str
    region_name: str
    category: str
    category_label: str
    status: str
    status_label: str
    decision_number: str
    decided_on: dt.date
    published_on: dt.date | None
    display_until: dt.date | None
    withdrawn: bool
    version: int | None
    record: dict[str, str] = Field(description="双公示信息（已脱敏）；撤回后为空")
    text: str = Field(description="公开文本（已脱敏）；撤回后为空")
    content_sha256: str
    history: list[VersionOut] = Field(description="各版本（最新在前）及更正理由")
    withdrawn_on: dt.date | None
    withdraw_ground: str
    withdraw_reason: str


ERRORS: dict[int, Any] = {400: ErrorOut, 404: ErrorOut}


def _url(request: HttpRequest, item: p.DecisionSummary) -> str:
    return request.build_absolute_uri(reverse("disclosure:decision", args=[item.id]))


@router.get("", response={200: DecisionListOut, **ERRORS}, summary="行政执法决定检索与列表")
def decisions(request: HttpRequest, filters: Query[DecisionQueryIn]) -> Any:
    params = filters.model_dump(by_alias=True)
    found = p.decisions_search(p.parse_decision_query(params))
    return {
        "query": found.query.text,
        "truncated": found.query.truncated,
        "total": found.total,
        "page": found.query.page,
        "pages": found.pages,
        "page_size": found.page_size,
        "results": [{**vars(item), "url": _url(request, item)} for item in found.results],
    }


@router.get(
    "/{disclosure_id}", response={200: DecisionDetailOut, **ERRORS}, summary="行政执法决定详情"
)
def decision(request: HttpRequest, disclosure_id: str) -> Any:
    return p.decision_public_get(disclosure_id=disclosure_id)
