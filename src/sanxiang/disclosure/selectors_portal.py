"""The public decision portal (事后公开): search, detail, feed and bulk data.

Everything here reads the published projection only — DisclosureSearch, Disclosure,
DisclosureVersion (never `source_text` or `spans`), Agency and Region — and never a case table;
what the views and the API show is exactly what these functions return.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from django.db import connection
from django.db.models import Q, QuerySet

from sanxiang.core.errors import NotFound, ValidationFailed
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.disclosure import search
from sanxiang.disclosure.models import (
    PUBLIC_STATUSES,
    Disclosure,
    DisclosureCategory,
    DisclosureSearch,
    DisclosureStatus,
    DisclosureVersion,
)
from sanxiang.disclosure.selectors import normalise_query, parse_day
from sanxiang.organisations.models import Agency, Region

PAGE_SIZE = 20
MAX_PAGE = 500  # deeper pages are for the bulk download, not for OFFSET scans
FEED_SIZE = 50
# The unredacted original and the redaction spans over it never leave the server.
PRIVATE_VERSION_FIELDS = ("source_text", "source_record", "spans")

BAD_AGENCY = "执法主体参数不正确"
BAD_CATEGORY = "公示类别不正确"
BAD_REGION = "行政区划代码不正确，应为 2、4 或 6 位数字"
BAD_RANGE = "起始日期不能晚于截止日期"
BAD_PAGE = f"页码应为 1 至 {MAX_PAGE} 之间的整数"
NOT_PUBLIC = "该行政执法决定不存在或不在公示期内"
REGION_CODE = re.compile(r"\d{2}(?:\d{2}){0,2}")


@dataclass(frozen=True)
class DecisionQuery:
    text: str = ""
    truncated: bool = False
    agency_id: uuid.UUID | None = None
    category: str = ""
    region: str = ""  # a GB/T 2260 code; the province or city takes in its counties
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page: int = 1


def parse_decision_query(params: Mapping[str, str | None]) -> DecisionQuery:
    """The portal's query parameters (q, agency, category, region, from, to, page).

    Raises: ValidationFailed (codes invalid_agency, invalid_category, invalid_region,
    invalid_date, invalid_date_range, invalid_page) with the Chinese reason.
    """
    text, truncated = normalise_query(params.get("q"))
    agency_id = None
    if raw_agency := (params.get("agency") or "").strip():
        try:
            agency_id = uuid.UUID(raw_agency)
        except ValueError as exc:
            raise ValidationFailed(BAD_AGENCY, code="invalid_agency") from exc
    category = (params.get("category") or "").strip()
    if category and category not in DisclosureCategory.values:
        raise ValidationFailed(BAD_CATEGORY, code="invalid_category")
    region = (params.get("region") or "").strip()
    if region and not REGION_CODE.fullmatch(region):
        raise ValidationFailed(BAD_REGION, code="invalid_region")
    date_from = _day_or_none(params.get("from"))
    date_to = _day_or_none(params.get("to"))
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed(BAD_RANGE, code="invalid_date_range")
    raw_page = (params.get("page") or "1").strip()
    if not raw_page.isdigit() or not 1 <= int(raw_page) <= MAX_PAGE:
        raise ValidationFailed(BAD_PAGE, code="invalid_page")
    return DecisionQuery(
        text, truncated, agency_id, category, region, date_from, date_to, int(raw_page)
    )


def _day_or_none(value: str | None) -> dt.date | None:
    return parse_day(value) if value and value.strip() else None


def region_prefix(code: str) -> str:
    """140500 (长治市) → 1405, so a city or province filter takes in its counties."""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


# -- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionSummary:
    id: uuid.UUID
    agency_id: uuid.UUID
    agency_name: str
    region_code: str
    region_name: str
    category: str
    category_label: str
    decision_number: str
    decided_on: dt.date
    published_on: dt.date  # of the current version
    version: int
    party: str  # 行政相对人名称 (already redacted: 张某 for a natural person)
    title: str  # 违法行为类型 or the decision's first line
    snippet: str  # HTML: escaped text, the query's words in <mark>
    content_sha256: str


@dataclass(frozen=True)
class DecisionPage:
    query: DecisionQuery
    total: int
    results: list[DecisionSummary]
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


def decisions_search(query: DecisionQuery) -> DecisionPage:
    """Public decisions matching `query`, PAGE_SIZE per page with the total: newest first
    without text; with text, every word must match (or, when that finds nothing, every word or
    all of its parts), the newest RANK_CAP matches ranked by relevance (ties: most recently
    indexed first)."""
    filtered = _filtered(query)
    offset = (query.page - 1) * PAGE_SIZE
    parsed = search.parse_query(query.text) if query.text else None
    if query.text and parsed is None:  # only punctuation or operators: nothing to look for
        return DecisionPage(query, 0, [])
    if parsed is None:
        total = filtered.count()
        ids = list(filtered.values_list("id", flat=True)[offset : offset + PAGE_SIZE])
        terms: list[str] = []
    else:
        narrowed = filtered if _has_filters(query) else None
        total, ids = _ranked_ids(narrowed, search.match_expression(parsed), offset)
        if total == 0 and parsed.has_parts:
            lenient = search.match_expression(parsed, lenient=True)
            total, ids = _ranked_ids(narrowed, lenient, offset)
        terms = parsed.terms
    return DecisionPage(query, total, _summaries(ids, terms))


def _has_filters(query: DecisionQuery) -> bool:
    return any((query.agency_id, query.category, query.region, query.date_from, query.date_to))


def _filtered(query: DecisionQuery) -> QuerySet[DisclosureSearch]:
    rows = DisclosureSearch.objects.all()
    if query.agency_id:
        rows = rows.filter(agency_id=query.agency_id)
    if query.category:
        rows = rows.filter(category=query.category)
    if query.region:
        rows = rows.filter(region_code__startswith=region_prefix(query.region))
    if query.date_from:
        rows = rows.filter(decided_on__gte=query.date_from)
    if query.date_to:
        rows = rows.filter(decided_on__lte=query.date_to)
    return rows


# Ranking reads every candidate's statistics, the one cost that grows with the number of
# matches; a visitor can page through MAX_PAGE pages at most, so only the newest that many
# matches are ranked (all of them when fewer match). Counting stays exact and cheap.
RANK_CAP = MAX_PAGE * PAGE_SIZE
# Per vendor: the matching ids (%s: the match expression), and the capped candidates with their
# score — lower is better on both (FTS5's bm25 is negative; ts_rank is negated). The record's
# words weigh more than the text's: a party or a 文号 named there is the best match.
MATCHES = {
    "sqlite": "SELECT rowid AS id FROM disclosure_search_fts "
    "WHERE disclosure_search_fts MATCH %s{restrict}",
    "postgresql": "SELECT id FROM disclosure_search "
    "WHERE document @@ to_tsquery('simple', %s){restrict}",
}
CANDIDATES = {
    "sqlite": "SELECT rowid AS id, bm25(disclosure_search_fts, 4.0, 1.0) AS score "
    "FROM disclosure_search_fts WHERE disclosure_search_fts MATCH %s{restrict} "
    "ORDER BY rowid DESC LIMIT {cap}",
    # ts_rank only on the capped ids: PostgreSQL would compute it before sorting otherwise.
    "postgresql": "SELECT s.id, -ts_rank(s.document, to_tsquery('simple', %s)) AS score "
    "FROM (SELECT id FROM disclosure_search WHERE document @@ to_tsquery('simple', %s)"
    "{restrict} ORDER BY id DESC LIMIT {cap}) c JOIN disclosure_search s ON s.id = c.id",
}
RESTRICT = {"sqlite": " AND rowid IN ({rows})", "postgresql": " AND id IN ({rows})"}


def _ranked_ids(
    filtered: QuerySet[DisclosureSearch] | None, expression: str, offset: int
) -> tuple[int, list[int]]:
    """(total, ids of the page) for a match expression, within `filtered` when given."""
    vendor = connection.vendor
    restrict, rows_params = "", []
    if filtered is not None:
        rows_sql, params = filtered.order_by().values("id").query.sql_with_params()
        restrict, rows_params = RESTRICT[vendor].format(rows=rows_sql), list(params)
    matches = MATCHES[vendor].format(restrict=restrict)
    candidates = CANDIDATES[vendor].format(restrict=restrict, cap=RANK_CAP)
    expressions = [expression] * CANDIDATES[vendor].count("%s")  # before the restriction's
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({matches}) m", [expression, *rows_params])  # noqa: S608
        total = int(cursor.fetchone()[0])
        cursor.execute(
            f"SELECT id FROM ({candidates}) r ORDER BY score, id DESC LIMIT %s OFFSET %s",  # noqa: S608
            [*expressions, *rows_params, PAGE_SIZE, offset],
        )
        ids = [int(row[0]) for row in cursor.fetchall()]
    return total, ids


def _public_rows() -> QuerySet[DisclosureSearch]:
    """Index rows with what a summary shows (callers drop any row `_on_portal` refuses)."""
    return DisclosureSearch.objects.select_related("disclosure", "version", "agency__region").defer(
        "record_tokens",
        "text_tokens",
        *(f"version__{name}" for name in PRIVATE_VERSION_FIELDS),
    )


def _on_portal(row: DisclosureSearch) -> bool:
    """The disclosure's own status, checked again: a stale index row never shows. (In Python:
    as a join condition it leads SQLite to scan every disclosure by status.)"""
    return row.disclosure.status in PUBLIC_STATUSES


def _summaries(ids: list[int], terms: list[str]) -> list[DecisionSummary]:
    rows = {row.id: row for row in _public_rows().filter(id__in=ids) if _on_portal(row)}
    return [_summary(rows[i], terms) for i in ids if i in rows]


def _summary(row: DisclosureSearch, terms: list[str]) -> DecisionSummary:
    disclosure, version = row.disclosure, row.version
    record = version.record or {}
    lines = [line for line in version.text.splitlines() if line.strip()]
    return DecisionSummary(
        id=disclosure.pk,
        agency_id=row.agency_id,
        agency_name=row.agency.name,
        region_code=row.region_code,
        region_name=row.agency.region.name,
        category=disclosure.category,
        category_label=disclosure.get_category_display(),
        decision_number=disclosure.decision_number,
        decided_on=disclosure.decided_on,
        published_on=row.published_on,
        version=version.version,
        party=str(record.get("行政相对人名称") or record.get("执法对象", "")),
        # 违法行为类型 of a penalty, 项目名称 of a licence, 检查事项 of an inspection.
        title=str(
            record.get("违法行为类型")
            or record.get("项目名称")
            or record.get("检查事项")
            or (lines[1] if len(lines) > 1 else "")
        ),
        snippet=str(search.highlight(version.text, terms)),
        content_sha256=version.content_sha256,
    )


def decisions_newest(limit: int = FEED_SIZE) -> list[DecisionSummary]:
    """The latest publications and corrections, newest first (the Atom feed)."""
    rows = _public_rows().order_by("-published_on", "-id")[:limit]
    return [_summary(row, []) for row in rows if _on_portal(row)]


# -- detail --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionPublic:
    version: int
    published_on: dt.date | None
    correction_reason: str
    content_sha256: str


@dataclass(frozen=True)
class DecisionDetail:
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
    # The current version; empty when withdrawn (only the withdrawal notice stays public).
    version: int | None
    record: dict[str, str]
    text: str
    content_sha256: str
    history: list[VersionPublic] = field(default_factory=list)
    withdrawn_on: dt.date | None = None
    withdraw_ground: str = ""
    withdraw_reason: str = ""

    @property
    def withdrawn(self) -> bool:
        return self.status == DisclosureStatus.WITHDRAWN


def decision_public_get(*, disclosure_id: object) -> DecisionDetail:
    """A public decision with its correction history, or a withdrawn one's notice.

    Raises: NotFound for a malformed id and for anything not on the portal (draft, reviewed,
    withheld, expired): the same 404 whether it exists or not.
    """
    pk = uuid_or_not_found(disclosure_id, message=NOT_PUBLIC)
    visible = Q(status__in=PUBLIC_STATUSES) | Q(status=DisclosureStatus.WITHDRAWN)
    disclosure = Disclosure.objects.filter(visible, pk=pk).select_related("agency__region").first()
    if disclosure is None:
        raise NotFound(NOT_PUBLIC)
    base = DecisionDetail(
        id=disclosure.pk,
        agency_id=disclosure.agency_id,
        agency_name=disclosure.agency.name,
        region_name=disclosure.agency.region.name,
        category=disclosure.category,
        category_label=disclosure.get_category_display(),
        status=disclosure.status,
        status_label=disclosure.get_status_display(),
        decision_number=disclosure.decision_number,
        decided_on=disclosure.decided_on,
        published_on=disclosure.published_on,
        display_until=disclosure.display_until,
        version=None,
        record={},
        text="",
        content_sha256="",
    )
    if disclosure.status == DisclosureStatus.WITHDRAWN:
        return replace(
            base,
            withdrawn_on=disclosure.withdrawn_on,
            withdraw_ground=disclosure.get_withdraw_ground_display(),
            withdraw_reason=disclosure.withdraw_reason,
        )
    versions = list(_published_versions(disclosure))
    if not versions:
        raise NotFound(NOT_PUBLIC)
    current = versions[0]
    return replace(
        base,
        version=current.version,
        record={str(k): str(v) for k, v in (current.record or {}).items()},
        text=current.text,
        content_sha256=current.content_sha256,
        history=[
            VersionPublic(v.version, v.published_on, v.correction_reason, v.content_sha256)
            for v in versions
        ],
    )


def _published_versions(disclosure: Disclosure) -> QuerySet[DisclosureVersion]:
    return (
        disclosure.versions.filter(published_on__isnull=False)
        .defer(*PRIVATE_VERSION_FIELDS)
        .order_by("-version")
    )


# -- bulk data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionExport:
    summary: DecisionSummary
    record: dict[str, str]
    text: str


def decisions_all(chunk_size: int = 1000) -> Iterator[DecisionExport]:
    """Every public decision, newest decision first, fetched `chunk_size` rows at a time."""
    rows = _public_rows().order_by("-decided_on", "-id")
    for row in rows.iterator(chunk_size=chunk_size):
        if not _on_portal(row):
            continue
        record = {str(k): str(v) for k, v in (row.version.record or {}).items()}
        yield DecisionExport(_summary(row, []), record, row.version.text)


# -- the search form's choices -------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


def filter_choices() -> dict[str, list[Choice]]:
    """Agencies (执法主体, not 司法局) and the regions they sit in, with their parents."""
    agencies = list(
        Agency.objects.filter(is_active=True, is_supervisory=False)
        .only("id", "name", "region_id")
        .order_by("name")
    )
    codes: set[str] = set()
    for agency in agencies:
        code = agency.region_id
        codes.update({code, code[:4] + "00", code[:2] + "0000"})
    regions = Region.objects.filter(code__in=codes).order_by("code")
    return {
        "agencies": [Choice(str(a.pk), a.name) for a in agencies],
        "categories": [Choice(v, str(label)) for v, label in DisclosureCategory.choices],
        "regions": [Choice(r.code, r.name) for r in regions],
    }
