"""Public portal views: parse the request, call a selector, render. No login, no writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from sanxiang.catalog.models import ItemCategory
from sanxiang.core.errors import NotFound, ValidationFailed
from sanxiang.disclosure import exports
from sanxiang.disclosure import selectors as s
from sanxiang.disclosure.flowchart import TITLES, Flowchart, flowchart_for, penalty_flowchart

View = Callable[..., HttpResponse]


def _public(view: View) -> View:
    """GET/HEAD only; NotFound → 404, a bad parameter → a Chinese 400 page."""

    @require_safe
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
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


def _page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    return TemplateResponse(request, f"disclosure/{template}", context)


def _list_context(request: HttpRequest, agency_id: Any) -> tuple[s.AgencyPublic, dt.date]:
    agency = s.agency_public_get(agency_id=agency_id)
    return agency, s.parse_day(request.GET.get("date"))


@_public
def home(request: HttpRequest) -> HttpResponse:
    return _page(request, "home.html", groups=s.agencies_grouped())


@_public
def search(request: HttpRequest) -> HttpResponse:
    results = s.search_public(query=request.GET.get("q"))
    return _page(request, "search.html", results=results, max_length=s.QUERY_MAX_LENGTH)


def _chart_for(request: HttpRequest) -> Flowchart:
    """?kind=licence / inspection picks that lifecycle's chart; anything else the penalty one."""
    kind = request.GET.get("kind", "")
    return flowchart_for(kind) if kind in TITLES else penalty_flowchart()


@_public
def flowchart(request: HttpRequest) -> HttpResponse:
    return _page(request, "flowchart.html", chart=_chart_for(request), agency=None, kinds=TITLES)


@_public
def agency_detail(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency = s.agency_public_get(agency_id=agency_id)
    return _page(request, "agency.html", agency=agency, section="agency")


@_public
def agency_flowchart(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency = s.agency_public_get(agency_id=agency_id)
    chart = _chart_for(request)
    return _page(
        request, "flowchart.html", chart=chart, agency=agency, section="flowchart", kinds=TITLES
    )


@_public
def remedies(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency = s.agency_public_get(agency_id=agency_id)
    return _page(request, "remedies.html", agency=agency, section="remedies")


@_public
def officers(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency, on = _list_context(request, agency_id)
    data = s.officers_public(agency=agency, on=on)
    return _page(request, "officers.html", agency=agency, data=data, section="officers")


@_public
def items(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency, on = _list_context(request, agency_id)
    category = s.parse_category(request.GET.get("category"))
    data = s.items_public(agency=agency, on=on, category=category)
    return _page(
        request,
        "items.html",
        agency=agency,
        data=data,
        section="items",
        category=category,
        categories=ItemCategory.choices,
    )


@_public
def item_detail(
    request: HttpRequest, agency_id: Any, code: str, version: int | None = None
) -> HttpResponse:
    agency, on = _list_context(request, agency_id)
    item, history = s.item_public_get(agency=agency, code=code, on=on, version=version)
    return _page(
        request, "item_detail.html", agency=agency, item=item, history=history, section="items"
    )


@_public
def benchmarks(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency, on = _list_context(request, agency_id)
    data = s.benchmarks_public(agency=agency, on=on)
    return _page(request, "benchmarks.html", agency=agency, data=data, section="benchmarks")


@_public
def spot_checks(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency, on = _list_context(request, agency_id)
    data = s.spot_checks_public(agency=agency, on=on)
    return _page(request, "spot_checks.html", agency=agency, data=data, section="spot-checks")


@_public
def guides(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency, on = _list_context(request, agency_id)
    data = s.guides_public(agency=agency, on=on)
    return _page(request, "guides.html", agency=agency, data=data, section="guides")


@_public
def guide_detail(request: HttpRequest, agency_id: Any, code: str) -> HttpResponse:
    agency, on = _list_context(request, agency_id)
    guide = s.guide_public_get(agency=agency, code=code, on=on)
    return _page(request, "guide_detail.html", agency=agency, guide=guide, section="guides")


@_public
def recordings(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency, on = _list_context(request, agency_id)
    data = s.recordings_public(agency=agency, on=on)
    return _page(request, "recordings.html", agency=agency, data=data, section="recordings")


@_public
def major_decisions(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency, on = _list_context(request, agency_id)
    data = s.major_rules_public(agency=agency, on=on)
    return _page(
        request, "major_decisions.html", agency=agency, data=data, section="major-decisions"
    )


@_public
def hearing_thresholds(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency, on = _list_context(request, agency_id)
    data = s.hearing_thresholds_public(agency=agency, on=on)
    return _page(
        request, "hearing_thresholds.html", agency=agency, data=data, section="hearing-thresholds"
    )


@_public
def download(request: HttpRequest, agency_id: Any, kind: str, fmt: str) -> HttpResponse:
    """One public list as CSV (UTF-8 with BOM) or Excel."""
    if kind not in exports.TABLES or fmt not in exports.FORMATS:
        raise NotFound("没有该下载项")
    agency, on = _list_context(request, agency_id)
    title = exports.TITLES[kind]
    if fmt == "csv":
        body = exports.to_csv(exports.TABLES[kind](agency, on), agency, on)
        content_type = "text/csv; charset=utf-8"
    else:
        body = exports.to_xlsx(kind, agency, on)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    filename = f"{agency.name}-{title}-{on.isoformat()}.{fmt}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{kind}-{on.isoformat()}.{fmt}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
