"""The agency's 公示设置 page (/disclosures/policy/): read by the disclosure readers, changed by
the 公示管理员 or the 机关负责人 through `disclosure_policy_update`.

A refusal is shown on the page with the submitted values kept (status 400); an agency whose
disclosures the user neither handles nor reads is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from sanxiang.core.errors import ApplicationError, NotFound
from sanxiang.disclosure.permissions import policy_agency_ids
from sanxiang.disclosure.services_policy import (
    MAX_MONTHS,
    MIN_MONTHS,
    POLICY_FIELDS,
    PolicyData,
    disclosure_policy_update,
    policy_get_for_user,
    policy_values,
)
from sanxiang.organisations.models import Agency

CHECKBOXES = tuple(
    name for name, info in PolicyData.model_fields.items() if info.annotation is bool
)


def _posted(request: HttpRequest) -> dict[str, Any]:
    """Every field: an unticked checkbox is not posted, so it reads as False."""
    data: dict[str, Any] = {name: request.POST.get(name, "").strip() for name in POLICY_FIELDS}
    data |= {name: name in request.POST for name in CHECKBOXES}
    return data


def _agency_id(request: HttpRequest) -> Any:
    chosen = request.POST.get("agency") or request.GET.get("agency")
    if chosen:
        return chosen
    handled = policy_agency_ids(request.user, for_change=True)
    readable = policy_agency_ids(request.user, for_change=False)
    first = Agency.objects.filter(pk__in=handled or readable).order_by("name").first()
    if first is None:
        raise Http404
    return first.pk


@login_required
def disclosure_policy(request: HttpRequest) -> HttpResponse:
    agency_id = _agency_id(request)
    try:
        policy, can_change = policy_get_for_user(user=request.user, agency_id=agency_id)
    except NotFound as exc:
        raise Http404 from exc
    form = policy_values(policy)
    error: ApplicationError | None = None
    if request.method == "POST":
        form = _posted(request)
        try:
            disclosure_policy_update(user=request.user, agency_id=policy.agency_id, data=form)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, "公示设置已保存")
            url = reverse("disclosure_staff:policy") + f"?agency={policy.agency_id}"
            return HttpResponseRedirect(url)
    context = {
        "agency": policy.agency,
        "agencies": Agency.objects.filter(
            pk__in=policy_agency_ids(request.user, for_change=False)
        ).order_by("name"),
        "form": form,
        "can_change": can_change,
        "saved": not policy._state.adding,
        "min_months": MIN_MONTHS,
        "max_months": MAX_MONTHS,
        "error": error.message if error else "",
        "error_code": error.code if error else "",
    }
    return TemplateResponse(
        request, "disclosure/staff/policy.html", context, status=400 if error else 200
    )
