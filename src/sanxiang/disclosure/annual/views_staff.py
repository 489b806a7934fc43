"""The 公示管理员's 年报 pages (login required): list and generate, preview, publish, download.

Views parse and render; reads go through `annual.selectors` (another agency's report is a 404),
changes through `annual.services`, whose refusals are shown in Chinese on the page.
"""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from sanxiang.core.errors import ApplicationError
from sanxiang.disclosure.annual.charts import annual_charts
from sanxiang.disclosure.annual.figures import AnnualFigures
from sanxiang.disclosure.annual.files import report_file_response
from sanxiang.disclosure.annual.selectors import (
    agencies_reporting_for,
    annual_report_alerts,
    annual_report_get_for_user,
    annual_reports_visible_to,
    can_handle_annual_report,
)
from sanxiang.disclosure.annual.services import annual_report_generate, annual_report_publish
from sanxiang.disclosure.annual.tables import annual_tables
from sanxiang.disclosure.models_annual import AnnualReport, AnnualReportStatus

GENERATED = "已生成{year}年度年报第{version}版，请核对后发布"
PUBLISHED = "年报已发布到公示平台"


@login_required
@require_safe
def annual_report_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    reports = annual_reports_visible_to(request.user).select_related("agency")
    context = {
        "reports": reports.order_by("-year", "agency__name", "-version")[:100],
        "agencies": agencies_reporting_for(request.user),
        "alerts": annual_report_alerts(user=request.user, today=today),
        "default_year": today.year - 1,
    }
    return TemplateResponse(request, "disclosure/annual/staff_list.html", context)


@login_required
@require_POST
def annual_report_generate_view(request: HttpRequest) -> HttpResponse:
    try:
        report = annual_report_generate(
            user=request.user,
            agency_id=request.POST.get("agency", ""),
            payload={"year": request.POST.get("year", "")},
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("disclosure_staff:annual_reports"))
    messages.success(request, GENERATED.format(year=report.year, version=report.version))
    return HttpResponseRedirect(reverse("disclosure_staff:annual_report", args=[report.pk]))


def _png_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _is_latest(report: AnnualReport) -> bool:
    newer = AnnualReport.objects.filter(
        agency_id=report.agency_id, year=report.year, version__gt=report.version
    )
    return not newer.exists()


@login_required
@require_safe
def annual_report_detail(request: HttpRequest, report_id: Any) -> HttpResponse:
    report = _get(request, report_id)
    figures = AnnualFigures.model_validate(report.figures)
    publishable = report.status == AnnualReportStatus.GENERATED and _is_latest(report)
    context = {
        "report": report,
        "f": figures,
        "tables": annual_tables(figures),
        "charts": [(caption, _png_url(png)) for caption, png in annual_charts(figures)],
        "can_publish": publishable and can_handle_annual_report(request.user, report),
    }
    return TemplateResponse(request, "disclosure/annual/staff_detail.html", context)


@login_required
@require_POST
def annual_report_publish_view(request: HttpRequest, report_id: Any) -> HttpResponse:
    report = _get(request, report_id)
    try:
        annual_report_publish(user=request.user, report_id=report.pk)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, PUBLISHED)
    return HttpResponseRedirect(reverse("disclosure_staff:annual_report", args=[report.pk]))


@login_required
@require_safe
def annual_report_file(request: HttpRequest, report_id: Any, fmt: str) -> HttpResponse:
    return report_file_response(_get(request, report_id), fmt)


def _get(request: HttpRequest, report_id: Any) -> AnnualReport:
    try:
        return annual_report_get_for_user(user=request.user, report_id=report_id)
    except ApplicationError as exc:
        raise Http404 from exc
