"""行政检查 pages: the board, opening an inspection, plans, and the public list of published plans.

Views only parse and render; every change goes through `inspections.services` and a refusal is
shown on the form that caused it. Another agency's object is a 404. The 行政检查 actions
themselves are taken on the generic case page (cases.views), whose section this app adds.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View

from sanxiang.cases.forms import Choices, PayloadForm
from sanxiang.cases.permissions import officer_of
from sanxiang.catalog.selectors import catalog_rows_in_force
from sanxiang.core.errors import ApplicationError, NotFound
from sanxiang.inspections.models import InspectionPlan
from sanxiang.inspections.payloads import InspectionOpening, PlanData
from sanxiang.inspections.permissions import (
    can_approve_plan,
    can_draft_plan,
    can_open_inspection,
)
from sanxiang.inspections.selectors import (
    inspection_board,
    plan_get_for_user,
    plan_inspections,
    plans_published,
)
from sanxiang.inspections.services import (
    inspection_open,
    inspection_plan_approve,
    inspection_plan_create,
    inspection_plan_publish,
)
from sanxiang.organisations.models import Agency, Officer

OPEN_FORBIDDEN = "只有本机关负责人或执法人员可以开展行政检查"
PLAN_FORBIDDEN = "只有本机关执法人员或负责人可以编制检查计划"


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    context = {"title": "无权操作", "message": message}
    return TemplateResponse(request, "core/error.html", context, status=403)


def opening_choices(officer: Officer) -> Mapping[str, Choices]:
    """The agency's fields, its 检查 items in force, approved plans and active officers."""
    agency = officer.agency
    today = timezone.localdate()
    items = catalog_rows_in_force(agency, "item", today).filter(category="inspection")
    plans = InspectionPlan.objects.filter(agency=agency, approved_on__isnull=False)
    officers = (
        Officer.objects.filter(agency=agency, is_active=True)
        .select_related("unit")
        .order_by("unit__name", "name")
    )
    return {
        "field_code": [(f.code, f.name) for f in agency.fields.order_by("code")],
        "item_code": [(i.code, f"{i.code} {i.name}") for i in items],
        "plan_id": [(str(p.pk), str(p)) for p in plans.order_by("-year", "title")],
        "inspector_ids": [
            (str(o.pk), f"{o.name}（{o.unit.name}）" if o.unit else o.name) for o in officers
        ],
    }


class InspectionBoardView(LoginRequiredMixin, View):
    """行政检查一览: 待检查, 已检查, 责令改正中 (改正期限 临期/超期), 已作出结论, and plans."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        context = {
            "board": inspection_board(request.user, today),
            "today": today,
            "can_open": can_open_inspection(request.user),
            "can_plan": can_draft_plan(request.user),
        }
        return TemplateResponse(request, "inspections/board.html", context)


class InspectionOpenView(LoginRequiredMixin, View):
    def _form(self, request: HttpRequest, data: Any = None) -> PayloadForm:
        officer = officer_of(request.user)
        choices = opening_choices(officer) if officer else {}
        return PayloadForm(data, model=InspectionOpening, choices=choices)

    def _render(self, request: HttpRequest, form: PayloadForm, status: int = 200) -> HttpResponse:
        return TemplateResponse(request, "inspections/open.html", {"form": form}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can_open_inspection(request.user):
            return _forbidden(request, OPEN_FORBIDDEN)
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can_open_inspection(request.user):
            return _forbidden(request, OPEN_FORBIDDEN)
        form = self._form(request, request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            case = inspection_open(user=request.user, data=form.payload())
        except ApplicationError as exc:
            form.add_service_error(exc)
            return self._render(request, form, status=exc.status)
        messages.success(request, f"行政检查已开展，编号 {case.lead_number}")
        return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))


class PlanCreateView(LoginRequiredMixin, View):
    def _render(self, request: HttpRequest, form: PayloadForm, status: int = 200) -> HttpResponse:
        return TemplateResponse(request, "inspections/plan_new.html", {"form": form}, status=status)

    def _form(self, request: HttpRequest, data: Any = None) -> PayloadForm:
        officer = officer_of(request.user)
        choices: dict[str, Choices] = {}
        if officer is not None:
            items = catalog_rows_in_force(officer.agency, "item", timezone.localdate())
            choices["item_code"] = [
                (i.code, f"{i.code} {i.name}") for i in items.filter(category="inspection")
            ]
        return PayloadForm(data, model=PlanData, choices=choices)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can_draft_plan(request.user):
            return _forbidden(request, PLAN_FORBIDDEN)
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can_draft_plan(request.user):
            return _forbidden(request, PLAN_FORBIDDEN)
        form = self._form(request, request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            plan = inspection_plan_create(user=request.user, data=form.payload())
        except ApplicationError as exc:
            form.add_service_error(exc)
            return self._render(request, form, status=exc.status)
        messages.success(request, "检查计划已保存，待负责人批准")
        return HttpResponseRedirect(reverse("inspections:plan", args=[plan.pk]))


class PlanDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
        try:
            plan = plan_get_for_user(request.user, plan_id)
        except NotFound as exc:
            raise Http404 from exc
        officer = officer_of(request.user)
        own = officer is not None and officer.agency_id == plan.agency_id
        context = {
            "plan": plan,
            "inspections": plan_inspections(plan, request.user),
            "can_approve": own and can_approve_plan(request.user),
        }
        return TemplateResponse(request, "inspections/plan.html", context)


class PlanStepView(LoginRequiredMixin, View):
    """POST 批准 or 公开 of a plan."""

    http_method_names = ["post"]
    service: Any = None
    done = ""

    def post(self, request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
        try:
            type(self).service(user=request.user, plan_id=plan_id)
        except NotFound as exc:
            raise Http404 from exc
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, self.done)
        return HttpResponseRedirect(reverse("inspections:plan", args=[plan_id]))


class PlanApproveView(PlanStepView):
    service = staticmethod(inspection_plan_approve)
    done = "检查计划已批准"


class PlanPublishView(PlanStepView):
    service = staticmethod(inspection_plan_publish)
    done = "检查计划已公开"


class PublicPlansView(View):
    """事前公开: every agency's published 检查计划 (no login), optionally one agency's."""

    def get(self, request: HttpRequest) -> HttpResponse:
        raw = request.GET.get("agency", "")
        try:
            agency_id = uuid.UUID(raw) if raw else None
        except ValueError:
            agency_id = None
        context = {
            "plans": list(plans_published(agency_id)),
            "agencies": Agency.objects.filter(inspection_plans__published_on__isnull=False)
            .distinct()
            .order_by("name"),
            "agency_id": str(agency_id or ""),
        }
        return TemplateResponse(request, "inspections/plans_public.html", context)
