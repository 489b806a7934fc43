"""The officers' case workbench: 我的案件, 登记案源, the case page with its actions and panels.

Views only parse and render. Every change goes through `cases.services` (the one write path);
a refusal comes back as an ApplicationError and is shown on the form that caused it, with the
officer's input kept. Dates are the server's: views never pass `today`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View

from sanxiang.cases.forms import PayloadForm
from sanxiang.cases.models import Case
from sanxiang.cases.payloads import PAYLOADS, LeadRegistration
from sanxiang.cases.permissions import can_register_lead, officer_of
from sanxiang.cases.selectors import (
    case_clocks,
    case_get_for_user,
    case_officers,
    case_timeline,
    cases_for_workbench,
)
from sanxiang.cases.services import case_transition, lead_register
from sanxiang.cases.states import CaseAction
from sanxiang.cases.views_context import (
    action_choices,
    action_panels,
    case_sections,
    lead_choices,
    option_rows,
    panel_form,
    panel_target_kwargs,
)
from sanxiang.cases.views_panels import panel_get
from sanxiang.core.errors import ApplicationError, NotFound

REGISTER_FORBIDDEN = "只有本机关在岗的执法人员可以登记案源。"


def _case(request: HttpRequest, case_id: Any) -> Case:
    try:
        return case_get_for_user(user=request.user, case_id=case_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    context = {"title": "无权操作", "message": message}
    return TemplateResponse(request, "core/error.html", context, status=403)


def _detail_url(case_id: Any) -> str:
    return reverse("cases:detail", args=[case_id])


class CaseListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        include_finished = request.GET.get("all") == "1"
        context = {
            "rows": cases_for_workbench(request.user, include_finished=include_finished),
            "include_finished": include_finished,
            "can_register": can_register_lead(request.user),
            "today": timezone.localdate(),
        }
        return TemplateResponse(request, "cases/list.html", context)


class LeadRegisterView(LoginRequiredMixin, View):
    def _form(self, request: HttpRequest, data: Any = None) -> PayloadForm:
        officer = officer_of(request.user)
        choices = lead_choices(officer) if officer else {}
        return PayloadForm(data, model=LeadRegistration, choices=choices)

    def _render(self, request: HttpRequest, form: PayloadForm, status: int = 200) -> HttpResponse:
        return TemplateResponse(request, "cases/register.html", {"form": form}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can_register_lead(request.user):
            return _forbidden(request, REGISTER_FORBIDDEN)
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can_register_lead(request.user):
            return _forbidden(request, REGISTER_FORBIDDEN)
        form = self._form(request, request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            case = lead_register(user=request.user, data=form.payload())
        except ApplicationError as exc:
            form.add_service_error(exc)
            return self._render(request, form, status=exc.status)
        messages.success(request, f"案源已登记，编号 {case.lead_number}")
        return HttpResponseRedirect(_detail_url(case.pk))


def render_case(
    request: HttpRequest,
    case: Case,
    *,
    bound_action: str = "",
    bound_panel: str = "",
    form: PayloadForm | None = None,
    sections_bound: Mapping[str, Mapping[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page; `form` replaces the blank form of `bound_action` / `bound_panel`, and
    `sections_bound[key]` is passed to the registered section `key` (views_context.CaseSection)."""
    user = request.user
    allowed, refused = option_rows(user, case, bound_action=bound_action, bound_form=form)
    context = {
        "case": case,
        "clocks": case_clocks(case),
        "officers": case_officers(case),
        "timeline": case_timeline(case),
        "allowed": allowed,
        "refused": refused,
        "panels": action_panels(user, case, bound_panel=bound_panel, bound_form=form),
        "is_officer": officer_of(user) is not None,
        "sections": case_sections(request, case, sections_bound),
    }
    return TemplateResponse(request, "cases/detail.html", context, status=status)


class CaseDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, case_id: Any) -> HttpResponse:
        return render_case(request, _case(request, case_id))


class CaseActionView(LoginRequiredMixin, View):
    """POST one action of the case's state machine (case_transition)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, case_id: Any, action: str) -> HttpResponse:
        case = _case(request, case_id)
        if action not in PAYLOADS:
            raise Http404()
        form = PayloadForm(
            request.POST,
            model=PAYLOADS[action],
            prefix=action,
            choices=action_choices(case, action),
        )
        if not form.is_valid():
            return render_case(request, case, bound_action=action, form=form, status=400)
        try:
            case_transition(
                user=request.user, case_id=case.pk, action=action, payload=form.payload()
            )
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except ApplicationError as exc:
            form.add_service_error(exc)
            return render_case(request, case, bound_action=action, form=form, status=exc.status)
        messages.success(request, f"已办理：{CaseAction(action).label}")
        return HttpResponseRedirect(_detail_url(case.pk))


class CasePanelView(LoginRequiredMixin, View):
    """POST a panel's form to its service (笔录, 批准未进行音像记录, and the panels added later)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, case_id: Any, key: str) -> HttpResponse:
        case = _case(request, case_id)
        panel = panel_get(key)
        if panel is None:
            raise Http404()
        form = panel_form(panel, case, request.POST)
        if not form.is_valid():
            return render_case(request, case, bound_panel=key, form=form, status=400)
        try:
            panel.submit(
                user=request.user,
                case_id=case.pk,
                payload=form.payload(),
                **panel_target_kwargs(panel, form),
            )
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except ApplicationError as exc:
            form.add_service_error(exc)
            return render_case(request, case, bound_panel=key, form=form, status=exc.status)
        messages.success(request, panel.done)
        return HttpResponseRedirect(_detail_url(case.pk))
