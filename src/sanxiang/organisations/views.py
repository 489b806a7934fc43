"""Back-office pages for agency master data. Reads go through selectors (scoped; 404 outside)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from sanxiang.organisations.masking import mask_phone
from sanxiang.organisations.permissions import agencies_visible_to, can_manage_agency
from sanxiang.organisations.selectors import (
    agency_get_for_user,
    officer_get_for_user,
    officers_of_agency,
    units_tree,
)


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
    }
    return TemplateResponse(request, "organisations/officer_detail.html", ctx)
