"""Back-office pages for agency master data. Reads go through selectors (scoped; 404 outside)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from sanxiang.core.errors import ApplicationError, Forbidden
from sanxiang.organisations.forms import (
    AgencyForm,
    CertificateForm,
    CertificateStatusForm,
    OfficerForm,
    UnitForm,
)
from sanxiang.organisations.masking import mask_phone
from sanxiang.organisations.models import Agency
from sanxiang.organisations.permissions import agencies_visible_to, can_manage_agency
from sanxiang.organisations.selectors import (
    agency_get_for_user,
    certificate_get_for_user,
    officer_get_for_user,
    officers_of_agency,
    units_tree,
)
from sanxiang.organisations.services import (
    agency_update,
    certificate_issue,
    certificate_set_status,
    officer_create,
    unit_create,
)

READ_ONLY = "您对该执法主体只有查看权限"


def _today() -> dt.date:
    return timezone.localdate()


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = agencies_visible_to(request.user).select_related("region", "supervising_agency")
    return TemplateResponse(request, "organisations/agency_list.html", {"agencies": agencies})


@login_required
def agency_detail(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, agency_id=agency_id)
    today = _today()
    officers = list(officers_of_agency(user=request.user, agency=agency))
    rows = []
    for officer in officers:
        certs = list(officer.certificates.all())
        valid = [c for c in certs if c.is_valid_on(today)]
        rows.append(
            {
                "officer": officer,
                "phone": mask_phone(officer.phone) if officer.phone else "",
                "certificates": certs,
                "has_valid": bool(valid),
            }
        )
    ctx = {
        "agency": agency,
        "units": units_tree(agency=agency),
        "rows": rows,
        "can_manage": can_manage_agency(request.user, agency),
        "today": today,
    }
    return TemplateResponse(request, "organisations/agency_detail.html", ctx)


@login_required
def officer_detail(request: HttpRequest, officer_id: Any) -> HttpResponse:
    officer = officer_get_for_user(user=request.user, officer_id=officer_id)
    ctx = {
        "officer": officer,
        "phone": mask_phone(officer.phone) if officer.phone else "",
        "certificates": officer.certificates.prefetch_related("fields"),
        "trainings": officer.trainings.all(),
        "today": _today(),
        "can_manage": can_manage_agency(request.user, officer.agency),
    }
    return TemplateResponse(request, "organisations/officer_detail.html", ctx)


# --- maintenance pages (agency head, disclosure officer, system administrator) -------------


def _form_page(request: HttpRequest, title: str, form: Any, back: str) -> HttpResponse:
    return TemplateResponse(
        request, "organisations/form.html", {"title": title, "form": form, "back": back}
    )


def _apply(form: Any, action: Any) -> bool:
    """Run a service; put its Chinese refusal on the form instead of failing the request."""
    try:
        action()
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return False
    return True


@login_required
def agency_edit(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, agency_id=agency_id)
    if not can_manage_agency(request.user, agency):
        raise Forbidden(READ_ONLY)
    form = AgencyForm(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    if request.method == "POST" and form.is_valid():
        if _apply(
            form, lambda: agency_update(actor=request.user, agency=agency, data=form.cleaned_data)
        ):
            messages.success(request, "主体信息已更新")
            return redirect("organisations:agency_detail", agency.pk)
    return _form_page(request, f"编辑主体信息：{agency.name}", form, agency.get_absolute_url())


@login_required
def unit_add(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, agency_id=agency_id)
    if not can_manage_agency(request.user, agency):
        raise Forbidden(READ_ONLY)
    form = UnitForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(form, lambda: unit_create(actor=request.user, agency=agency, **data)):
            messages.success(request, f"已添加内设机构 {data['name']}")
            return redirect("organisations:agency_detail", agency.pk)
    return _form_page(request, f"添加内设机构：{agency.name}", form, agency.get_absolute_url())


@login_required
def officer_add(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, agency_id=agency_id)
    if not can_manage_agency(request.user, agency):
        raise Forbidden(READ_ONLY)
    form = OfficerForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        if _apply(
            form, lambda: officer_create(actor=request.user, agency=agency, unit=unit, data=data)
        ):
            messages.success(request, f"已添加执法人员 {data['name']}")
            return redirect("organisations:agency_detail", agency.pk)
    return _form_page(request, f"添加执法人员：{agency.name}", form, agency.get_absolute_url())


@login_required
def certificate_add(request: HttpRequest, officer_id: Any) -> HttpResponse:
    officer = officer_get_for_user(user=request.user, officer_id=officer_id)
    if not can_manage_agency(request.user, officer.agency):
        raise Forbidden(READ_ONLY)
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["fields"] = data.pop("enforcement_fields")
        if _apply(form, lambda: certificate_issue(actor=request.user, officer=officer, **data)):
            messages.success(request, f"已登记执法证 {data['number']}")
            return redirect("organisations:officer_detail", officer.pk)
    back = reverse("organisations:officer_detail", args=[officer.pk])
    return _form_page(request, f"登记执法证：{officer.name}", form, back)


@login_required
def certificate_status(request: HttpRequest, certificate_id: Any) -> HttpResponse:
    cert = certificate_get_for_user(user=request.user, certificate_id=certificate_id)
    if not can_manage_agency(request.user, cert.officer.agency):
        raise Forbidden(READ_ONLY)
    form = CertificateStatusForm(request.POST or None, initial={"status": cert.status})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form, lambda: certificate_set_status(actor=request.user, certificate=cert, **data)
        ):
            messages.success(request, f"执法证 {cert.number} 状态已变更")
            return redirect("organisations:officer_detail", cert.officer_id)
    back = reverse("organisations:officer_detail", args=[cert.officer_id])
    return _form_page(request, f"变更执法证状态：{cert.number}", form, back)
