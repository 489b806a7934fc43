"""The public decision portal (事后公开): search, detail, Atom feed, bulk CSV/JSON downloads.

Views parse the request and render what `selectors_portal` returns; no login, no writes, and no
case table is ever read (tests/portal/test_no_case_tables.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import quote

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from sanxiang.core.errors import NotFound, ValidationFailed
from sanxiang.disclosure import selectors_portal as p
from sanxiang.disclosure.selectors import QUERY_MAX_LENGTH

FEED_TITLE = "行政执法决定公示"
DOWNLOAD_NAME = "行政执法决定公示"
# The 双公示 fields (LEGAL_RULES.md §5.4) in the order of the 信用中国 schema; a record's other
# fields go into one "其他公示信息" column so every row has the same columns.
RECORD_COLUMNS = [
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "法定代表人",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）",
    "处罚决定日期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
]
HEADER = [
    "公示编号",
    "执法主体",
    "行政区划",
    "公示类别",
    "决定书文号",
    "决定日期",
    "发布（更正）日期",
    "版本",
    *RECORD_COLUMNS,
    "其他公示信息",
    "公开文本",
    "公开内容摘要（SHA-256）",
    "详情页",
]

View = Callable[..., HttpResponseBase]


def _public(view: View) -> View:
    """GET/HEAD only; NotFound → 404, a bad parameter → a Chinese 400 page."""

    @require_safe
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except ValidationFailed as exc:
            context = {"title": "查询参数不正确", "message": exc.message}
            return TemplateResponse(request, "core/error.html", context, status=400)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@_public
def decisions(request: HttpRequest) -> HttpResponse:
    query = p.parse_decision_query(request.GET)
    context = {
        "page": p.decisions_search(query),
        "choices": p.filter_choices(),
        "max_length": QUERY_MAX_LENGTH,
    }
    return TemplateResponse(request, "disclosure/decisions.html", context)


@_public
def decision_detail(request: HttpRequest, disclosure_id: Any) -> HttpResponse:
    detail = p.decision_public_get(disclosure_id=disclosure_id)
    return TemplateResponse(request, "disclosure/decision_detail.html", {"d": detail})


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@_public
def decisions_feed(request: HttpRequest) -> HttpResponse:
    """Atom 1.0 (RFC 4287): the newest publications and corrections."""
    feed = Atom1Feed(
        title=FEED_TITLE,
        link=request.build_absolute_uri(reverse("disclosure:decisions")),
        description="各行政执法主体公开的行政执法决定（已脱敏）",
        feed_url=request.build_absolute_uri(),
        language="zh-CN",
    )
    for item in p.decisions_newest():
        link = request.build_absolute_uri(reverse("disclosure:decision", args=[item.id]))
        title = " ".join(x for x in (item.decision_number, item.party, item.title) if x)
        feed.add_item(
            title=title or item.category_label,
            link=link,
            description=item.snippet,
            unique_id=f"urn:uuid:{item.id}",
            unique_id_is_permalink=False,
            pubdate=_moment(item.decided_on),
            updateddate=_moment(item.published_on),
            author_name=item.agency_name,
            categories=[item.category_label],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


@_public
def decisions_download(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """Every public decision as CSV (UTF-8 with BOM, for Excel) or JSON, streamed."""
    detail_url = request.build_absolute_uri(reverse("disclosure:decisions"))
    if fmt == "csv":
        body: Iterable[bytes] = _csv_chunks(p.decisions_all(), detail_url)
        content_type = "text/csv; charset=utf-8"
    elif fmt == "json":
        body = _json_chunks(p.decisions_all(), detail_url)
        content_type = "application/json; charset=utf-8"
    else:
        raise NotFound("没有该下载格式")
    response = StreamingHttpResponse(body, content_type=content_type)
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f"attachment; filename=\"decisions-{day}.{fmt}\"; filename*=UTF-8''"
        f"{quote(f'{DOWNLOAD_NAME}-{day}.{fmt}')}"
    )
    return response


class _Line:
    """csv.writer target that hands back each formatted line instead of writing it."""

    def write(self, value: str) -> str:
        return value


def _safe(cell: str) -> str:
    """A cell Excel would read as a formula gets an apostrophe (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def _csv_chunks(rows: Iterator[p.DecisionExport], base_url: str) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow(HEADER)).encode("utf-8")
    lines: list[str] = []
    for row in rows:
        s, record = row.summary, row.record
        other = "；".join(f"{k}：{v}" for k, v in record.items() if k not in RECORD_COLUMNS)
        cells = [
            str(s.id),
            s.agency_name,
            s.region_name,
            s.category_label,
            s.decision_number,
            s.decided_on.isoformat(),
            s.published_on.isoformat(),
            str(s.version),
            *(record.get(name, "") for name in RECORD_COLUMNS),
            other,
            row.text,
            s.content_sha256,
            f"{base_url}{s.id}/",
        ]
        lines.append(writer.writerow([_safe(c) for c in cells]))
        if len(lines) >= 200:
            yield "".join(lines).encode("utf-8")
            lines = []
    if lines:
        yield "".join(lines).encode("utf-8")


def _json_chunks(rows: Iterator[p.DecisionExport], base_url: str) -> Iterator[bytes]:
    generated = json.dumps(timezone.now().isoformat())
    yield f'{{"generated_at": {generated}, "decisions": ['.encode()
    separator = ""
    for row in rows:
        item = export_item(row, f"{base_url}{row.summary.id}/")
        yield (separator + json.dumps(item, ensure_ascii=False, cls=DjangoJSONEncoder)).encode()
        separator = ",\n"
    yield b"]}\n"


def export_item(row: p.DecisionExport, url: str) -> dict[str, Any]:
    s = row.summary
    return {
        "id": s.id,
        "agency_id": s.agency_id,
        "agency_name": s.agency_name,
        "region_code": s.region_code,
        "region_name": s.region_name,
        "category": s.category,
        "category_label": s.category_label,
        "decision_number": s.decision_number,
        "decided_on": s.decided_on,
        "published_on": s.published_on,
        "version": s.version,
        "record": row.record,
        "text": row.text,
        "content_sha256": s.content_sha256,
        "url": url,
    }
