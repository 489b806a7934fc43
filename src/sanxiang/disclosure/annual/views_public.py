"""The portal's 年报 page: every published report with its Excel and PDF and their SHA-256s, which
the ledger's 核验 page finds. No login; only published versions (anything else is a 404)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from sanxiang.core.errors import NotFound
from sanxiang.disclosure.annual.files import report_file_response
from sanxiang.disclosure.annual.selectors import published_annual_report, published_annual_reports


@require_safe
def annual_reports(request: HttpRequest) -> HttpResponse:
    reports = list(published_annual_reports())
    years = sorted({r.year for r in reports}, reverse=True)
    context = {"by_year": [(y, [r for r in reports if r.year == y]) for y in years]}
    return TemplateResponse(request, "disclosure/annual/public_list.html", context)


@require_safe
def annual_report_file(request: HttpRequest, report_id: Any, fmt: str) -> HttpResponse:
    try:
        report = published_annual_report(report_id=report_id)
    except NotFound as exc:
        raise Http404 from exc
    return report_file_response(report, fmt, public=True)
