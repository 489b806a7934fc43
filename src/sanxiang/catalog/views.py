"""Catalog pages: current lists per agency, Excel import (maintainers only) and export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View

from sanxiang.catalog.excel import SHEET_ORDER, import_workbook, write_workbook
from sanxiang.catalog.excel.writer import _display
from sanxiang.catalog.forms import CatalogImportForm
from sanxiang.catalog.selectors import catalog_rows_in_force
from sanxiang.catalog.services.registry import KINDS
from sanxiang.core.errors import Forbidden, NotFound
from sanxiang.organisations.models import Agency
from sanxiang.organisations.permissions import agencies_visible_to, can_manage_agency
from sanxiang.organisations.selectors import agency_get_for_user

IMPORT_FORBIDDEN = "您可以查看该执法主体的清单，但没有导入权限（执法监督为只读）。"
TABLE_LIMIT = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _agency(request: HttpRequest, agency_id: Any) -> Agency:
    try:
        return agency_get_for_user(user=request.user, agency_id=agency_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    context = {"title": "无权操作", "message": message}
    return TemplateResponse(request, "core/error.html", context, status=403)


def _tables(agency: Agency, on: dt.date) -> list[dict[str, Any]]:
    tables = []
    for kind in KINDS.values():
        qs = catalog_rows_in_force(agency, kind.key, on)
        rows = []
        for obj in qs[:TABLE_LIMIT]:
            cells = [_display(c, obj) for c in kind.row_columns]
            if kind.tier_model is not None:
                cells.append(
                    "；".join(f"{t.get_kind_display()}：{t.conditions}" for t in obj.tiers.all())
                )
            rows.append(["" if c is None else c for c in cells] + [obj.version])
        headers = [c.header for c in kind.row_columns]
        if kind.tier_model is not None:
            headers.append("裁量阶次")
        tables.append(
            {
                "kind": kind,
                "headers": [*headers, "版本"],
                "rows": rows,
                "count": qs.count(),
                "limit": TABLE_LIMIT,
            }
        )
    return tables


class CatalogIndexView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        agencies = agencies_visible_to(request.user).filter(is_supervisory=False).order_by("name")
        return TemplateResponse(request, "catalog/index.html", {"agencies": agencies})


class CatalogAgencyView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, agency_id: Any) -> HttpResponse:
        agency = _agency(request, agency_id)
        on = timezone.localdate()
        context = {
            "agency": agency,
            "on": on,
            "tables": _tables(agency, on),
            "can_import": can_manage_agency(request.user, agency),
        }
        return TemplateResponse(request, "catalog/agency.html", context)


class CatalogImportView(LoginRequiredMixin, View):
    def _context(self, agency: Agency, form: CatalogImportForm, **extra: Any) -> dict[str, Any]:
        return {"agency": agency, "form": form, "sheet_names": SHEET_ORDER, **extra}

    def get(self, request: HttpRequest, agency_id: Any) -> HttpResponse:
        agency = _agency(request, agency_id)
        if not can_manage_agency(request.user, agency):
            return _forbidden(request, IMPORT_FORBIDDEN)
        return TemplateResponse(
            request, "catalog/import.html", self._context(agency, CatalogImportForm())
        )

    def post(self, request: HttpRequest, agency_id: Any) -> HttpResponse:
        agency = _agency(request, agency_id)
        if not can_manage_agency(request.user, agency):
            return _forbidden(request, IMPORT_FORBIDDEN)
        form = CatalogImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return TemplateResponse(
                request, "catalog/import.html", self._context(agency, form), status=400
            )
        try:
            report = import_workbook(
                actor=request.user,
                agency=agency,
                source=form.cleaned_data["workbook"],
                effective_from=form.cleaned_data["effective_from"],
            )
        except Forbidden as exc:
            return _forbidden(request, exc.message)
        context = self._context(agency, CatalogImportForm(), report=report)
        return TemplateResponse(
            request, "catalog/import.html", context, status=200 if report.ok else 422
        )


class CatalogExportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, agency_id: Any) -> HttpResponse:
        agency = _agency(request, agency_id)
        on = timezone.localdate()
        response = HttpResponse(content_type=XLSX)
        filename = f"{agency.name}-清单-{on:%Y%m%d}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        write_workbook(agency=agency, kinds=None, on=on, stream=response, public=False)
        return response
