from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from sanxiang.organisations.selectors import agency_get_for_user


@login_required
def agency_detail(request: HttpRequest, agency_id: Any) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, agency_id=agency_id)
    return TemplateResponse(request, "core/error.html", {"title": agency.name, "message": ""})
