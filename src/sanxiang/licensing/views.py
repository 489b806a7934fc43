"""行政许可 pages: the agency's queue, the counter application, a licence with its 变更/延续/撤销/注销
forms, and the public register (许可法 §40).

Views only parse and render; every change goes through `licensing.services`. A refusal is shown on
the form that caused it with the input kept. Another agency's object is a 404. Dates are the
server's: views never pass `today`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View

from sanxiang.cases.forms import PayloadForm
from sanxiang.catalog.selectors import catalog_rows_in_force
from sanxiang.core.errors import ApplicationError, NotFound
from sanxiang.licensing import payloads as p
from sanxiang.licensing.common import mask_person_name
from sanxiang.licensing.models import Licence, LicenceStatus
from sanxiang.licensing.permissions import can_apply_at_counter, is_agency_head
from sanxiang.licensing.selectors import (
    licence_cases_visible_to,
    licence_get_for_user,
    licences_for_renewal_reminder,
    licences_visible_to,
    public_licences,
    renewal_deadline,
    running_licence_clocks,
    unassigned_online_applications,
)
from sanxiang.licensing.services import (
    licence_apply,
    licence_cancel,
    licence_change_apply,
    licence_renewal_apply,
    licence_revoke,
)

PAGE_SIZE = 50


class LicensingHomeView(LoginRequiredMixin, View):
    """行政许可工作台: online applications to assign, running clocks (临期/超期), renewals due."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        user = request.user
        context = {
            "today": today,
            "to_assign": unassigned_online_applications(user)[:PAGE_SIZE],
            "clocks": running_licence_clocks(user, today)[:PAGE_SIZE],
            "cases": licence_cases_visible_to(user)
            .select_related("licence_application")
            .order_by("-created_at")[:PAGE_SIZE],
            "licences": licences_visible_to(user).order_by("-issued_on")[:PAGE_SIZE],
            "reminders": [
                (licence, renewal_deadline(licence))
                for licence in licences_for_renewal_reminder(user, today)
            ],
            "can_apply": can_apply_at_counter(user),
        }
        return TemplateResponse(request, "licensing/home.html", context)


def _items(user: Any) -> list[tuple[str, str]]:
    from sanxiang.cases.permissions import officer_of

    officer = officer_of(user)
    if officer is None:
        return []
    items = catalog_rows_in_force(officer.agency, "item", timezone.localdate())
    return [(i.code, f"{i.code} {i.name}") for i in items.filter(category="licence")]


class LicenceApplyView(LoginRequiredMixin, View):
    """窗口受理: the officer registers an application handed in at the counter."""

    def _form(self, request: HttpRequest, data: Any = None) -> PayloadForm:
        return PayloadForm(
            data,
            model=p.CounterApplication,
            prefix="apply",
            choices={"item_code": _items(request.user)},
            initial_values={"submitted_on": timezone.localdate()},
        )

    def _render(self, request: HttpRequest, form: PayloadForm, status: int = 200) -> HttpResponse:
        return TemplateResponse(request, "licensing/new.html", {"form": form}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request, request.POST)
        if not form.is_valid():
            return self._render(request, form, 400)
        try:
            case = licence_apply(user=request.user, data=form.payload())
        except ApplicationError as exc:
            form.add_service_error(exc)
            return self._render(request, form, exc.status)
        messages.success(request, "申请已登记，请在五个工作日内受理或一次性告知补正")
        return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))


Service = Callable[..., Any]
# op → (payload model, service, title, done, for the agency head only)
OPERATIONS: dict[str, tuple[type[Any], Service, str, str, bool]] = {
    "change": (p.ChangePayload, licence_change_apply, "受理变更申请", "已登记变更申请", False),
    "renewal": (p.ChangePayload, licence_renewal_apply, "受理延续申请", "已登记延续申请", False),
    "revoke": (p.RevokePayload, licence_revoke, "撤销行政许可", "行政许可已撤销", True),
    "cancel": (p.CancelPayload, licence_cancel, "注销行政许可", "行政许可已注销", True),
}


def _licence(request: HttpRequest, licence_id: Any) -> Licence:
    try:
        return licence_get_for_user(user=request.user, licence_id=licence_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _forms(request: HttpRequest, licence: Licence) -> dict[str, PayloadForm]:
    head = is_agency_head(request.user, licence.agency_id)
    counter = can_apply_at_counter(request.user)
    if licence.status != LicenceStatus.VALID and not head:
        return {}
    today = timezone.localdate()
    forms = {}
    for op, (model, _, _, _, head_only) in OPERATIONS.items():
        if (head_only and head) or (not head_only and counter and licence.status == "valid"):
            initial = {"submitted_on": today} if "submitted_on" in model.model_fields else {}
            initial |= {"decided_on": today} if "decided_on" in model.model_fields else {}
            forms[op] = PayloadForm(model=model, prefix=op, initial_values=initial)
    return forms


def _render_licence(
    request: HttpRequest, licence: Licence, forms: dict[str, PayloadForm], status: int = 200
) -> HttpResponse:
    rows = [(op, OPERATIONS[op][2], form) for op, form in forms.items()]
    context = {"licence": licence, "forms": rows, "renewal_deadline": renewal_deadline(licence)}
    return TemplateResponse(request, "licensing/licence.html", context, status=status)


class LicenceDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, licence_id: Any) -> HttpResponse:
        licence = _licence(request, licence_id)
        return _render_licence(request, licence, _forms(request, licence))


class LicenceOperationView(LoginRequiredMixin, View):
    """POST one of the licence's forms (变更, 延续, 撤销, 注销) to its service."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, licence_id: Any, op: str) -> HttpResponse:
        if op not in OPERATIONS:
            raise Http404()
        licence = _licence(request, licence_id)
        model, service, _, done, _ = OPERATIONS[op]
        forms = _forms(request, licence)
        form = PayloadForm(request.POST, model=model, prefix=op)
        forms[op] = form
        if not form.is_valid():
            return _render_licence(request, licence, forms, 400)
        try:
            result = service(user=request.user, licence_id=licence.pk, data=form.payload())
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except ApplicationError as exc:
            form.add_service_error(exc)
            return _render_licence(request, licence, forms, exc.status)
        messages.success(request, done)
        if op in ("change", "renewal"):
            return HttpResponseRedirect(reverse("cases:detail", args=[result.pk]))
        return HttpResponseRedirect(reverse("licensing:licence", args=[licence.pk]))


# -- public ------------------------------------------------------------------------------------


def public_row(licence: Licence) -> dict[str, Any]:
    """What the public register shows: natural persons masked, no identifiers of anyone."""
    person = licence.case.party_kind == "person"
    return {
        "number": licence.number,
        "name": licence.name,
        "holder": mask_person_name(licence.holder_name) if person else licence.holder_name,
        "content": licence.content,
        "valid_from": licence.valid_from,
        "valid_to": licence.valid_to,
        "status": licence.get_status_display(),
        "agency": licence.agency.name,
        "issued_on": licence.issued_on,
    }


class PublicLicenceRegisterView(View):
    """许可法 §40: anyone may consult the 准予 decisions (licence register), no login."""

    def get(self, request: HttpRequest) -> HttpResponse:
        licences = public_licences().select_related("case")
        query = request.GET.get("q", "").strip()[:100]
        if query:  # a person's name is not searchable: the register masks it
            licences = licences.filter(
                Q(number__icontains=query)
                | Q(name__icontains=query)
                | Q(holder_name__icontains=query, case__party_kind="organisation")
            )
        page = Paginator(licences, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"rows": [public_row(x) for x in page], "page": page, "q": query}
        return TemplateResponse(request, "licensing/public_register.html", context)
