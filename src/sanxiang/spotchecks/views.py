"""Staff pages of 双随机一公开 (/spot-checks/): 名录库, inspector pool, 回避, tasks, alerts.

Views parse and render only; every change is a `spotchecks.services` call. A refusal is shown on
the page with the submitted input kept (status 400); another agency's object is a 404.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sanxiang.catalog.models import SpotCheckItem
from sanxiang.core.errors import ApplicationError, NotFound
from sanxiang.organisations.models import Agency, Role
from sanxiang.organisations.permissions import agency_ids_with_role
from sanxiang.spotchecks import services
from sanxiang.spotchecks.models import (
    AlertConfig,
    Assignment,
    CreditGrade,
    Draw,
    EntityStatus,
    RiskGrade,
    TaskStatus,
)
from sanxiang.spotchecks.permissions import alerts_visible_to, staff_agency_ids, tasks_visible_to
from sanxiang.spotchecks.selectors import (
    certified_without_officer_role,
    entities_filtered,
    entity_get_for_maintenance,
    inspectors_visible_to,
    own_officers,
    relations_visible_to,
    results_clock,
    task_get_for_user,
)
from sanxiang.spotchecks.services.alerts import DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS

ENTITY_FIELDS = (
    "name", "uscc", "party_kind", "industry", "region_code", "region_name", "address",
    "legal_representative", "risk_grade", "credit_grade", "status",
)  # fmt: skip
PAGE_SIZE = 200


def _form(request: HttpRequest, names: tuple[str, ...]) -> dict[str, str]:
    return {n: request.POST.get(n, "").strip() for n in names if request.POST.get(n, "").strip()}


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], error: ApplicationError | None
) -> HttpResponse:
    if error is not None:
        context["error"] = error.message
        context["error_code"] = error.code
    return render(request, template, context, status=400 if error else 200)


def _try(action: Callable[[], Any]) -> tuple[Any, ApplicationError | None]:
    try:
        return action(), None
    except ApplicationError as exc:
        return None, exc


@login_required
def home(request: HttpRequest) -> HttpResponse:
    tasks = tasks_visible_to(request.user).select_related("agency")[:PAGE_SIZE]
    today = timezone.localdate()
    rows = [(t, results_clock(t, today)) for t in tasks]
    return render(request, "spotchecks/home.html", {"rows": rows})


def _entities_context(request: HttpRequest, form: dict[str, str] | None = None) -> dict[str, Any]:
    rows = entities_filtered(request.user, request.GET)
    return {
        "entities": rows[:PAGE_SIZE],
        "total": rows.count(),
        "filters": request.GET,
        "form": form or {},
        "risk_grades": RiskGrade.choices,
        "credit_grades": CreditGrade.choices,
        "statuses": EntityStatus.choices,
        "own_agencies": staff_agency_ids(request.user),
    }


@login_required
def entities(request: HttpRequest) -> HttpResponse:
    error = None
    form: dict[str, str] = {}
    if request.method == "POST":
        form = _form(request, ENTITY_FIELDS)
        _, error = _try(lambda: services.entity_create(user=request.user, data=form))
        if error is None:
            messages.success(request, f"已添加检查对象“{form.get('name')}”")
            return HttpResponseRedirect(reverse("spotchecks:entities"))
    return _page(request, "spotchecks/entities.html", _entities_context(request, form), error)


@login_required
def entity_edit(request: HttpRequest, entity_id: Any) -> HttpResponse:
    """Edit one 检查对象 of the user's own 名录库 (the same fields as adding it, plus 状态)."""
    try:
        entity = entity_get_for_maintenance(user=request.user, entity_id=entity_id)
    except NotFound as exc:
        raise Http404 from exc
    error = None
    form = {name: str(getattr(entity, name)) for name in ENTITY_FIELDS}
    if request.method == "POST":
        form = _form(request, ENTITY_FIELDS)
        _, error = _try(
            lambda: services.entity_update(user=request.user, entity_id=entity.pk, data=form)
        )
        if error is None:
            messages.success(request, f"已保存检查对象“{form.get('name')}”")
            return HttpResponseRedirect(reverse("spotchecks:entities"))
    context = {
        "entity": entity,
        "form": form,
        "risk_grades": RiskGrade.choices,
        "credit_grades": CreditGrade.choices,
        "statuses": EntityStatus.choices,
    }
    return _page(request, "spotchecks/entity_edit.html", context, error)


@login_required
@require_POST
def entities_import(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        error: ApplicationError | None = ApplicationError("请选择要导入的文件", code="file_missing")
    else:
        counts, error = _try(
            lambda: services.entities_import(
                user=request.user, filename=upload.name or "", content=upload.read()
            )
        )
        if error is None:
            messages.success(
                request, f"导入完成：新增 {counts['created']} 个，更新 {counts['updated']} 个"
            )
            return HttpResponseRedirect(reverse("spotchecks:entities"))
    context = _entities_context(request)
    if error is not None and error.extra.get("rows"):
        context["import_rows"] = error.extra["rows"]
    return _page(request, "spotchecks/entities.html", context, error)


@login_required
def inspectors(request: HttpRequest) -> HttpResponse:
    error = None
    if request.method == "POST":
        counts, error = _try(lambda: services.inspector_pool_refresh(user=request.user))
        if error is None:
            messages.success(
                request,
                f"名录库已按有效执法证更新：在库 {counts['active']} 人，变动 {counts['changed']} 人",
            )
            return HttpResponseRedirect(reverse("spotchecks:inspectors"))
    context = {
        "entries": inspectors_visible_to(request.user),
        "not_drawable": certified_without_officer_role(request.user, timezone.localdate()),
    }
    return _page(request, "spotchecks/inspectors.html", context, error)


@login_required
def relations(request: HttpRequest) -> HttpResponse:
    error = None
    form: dict[str, str] = {}
    if request.method == "POST":
        form = _form(request, ("officer_id", "entity_id", "reason"))
        _, error = _try(lambda: services.relation_declare(user=request.user, data=form))
        if error is None:
            messages.success(request, "回避关系已登记")
            return HttpResponseRedirect(reverse("spotchecks:relations"))
    context = {
        "relations": relations_visible_to(request.user),
        "officers": own_officers(request.user),
        "entities": entities_filtered(request.user, {}).filter(
            agency_id__in=staff_agency_ids(request.user)
        )[:1000],
        "form": form,
    }
    return _page(request, "spotchecks/relations.html", context, error)


def _task_form(request: HttpRequest) -> dict[str, Any]:
    data: dict[str, Any] = _form(
        request,
        ("title", "field_code", "filter_industry", "filter_region_code", "filter_risk_grade",
         "count", "ratio_percent", "window_start", "window_end", "inspectors_per_object"),
    )  # fmt: skip
    data["item_ids"] = request.POST.getlist("item_ids")
    partners = []
    for agency_id, n in zip(
        request.POST.getlist("partner_agency"), request.POST.getlist("partner_count"), strict=False
    ):
        if agency_id:
            partners.append({"agency_id": agency_id, "inspectors_per_object": n or "1"})
    data["partners"] = partners
    return data


@login_required
def task_new(request: HttpRequest) -> HttpResponse:
    own = staff_agency_ids(request.user)
    if not own:
        raise Http404
    error = None
    form: dict[str, Any] = {"inspectors_per_object": "2", "item_ids": [], "partners": []}
    if request.method == "POST":
        form = _task_form(request)
        task, error = _try(lambda: services.task_create(user=request.user, data=form))
        if error is None:
            return HttpResponseRedirect(reverse("spotchecks:task", args=[task.pk]))
    agencies = Agency.objects.filter(pk__in=own)
    context = {
        "form": form,
        "items": SpotCheckItem.objects.filter(agency__in=agencies, effective_to__isnull=True),
        "fields": [f for a in agencies for f in a.fields.all()],
        "partners": Agency.objects.filter(is_active=True, is_supervisory=False).exclude(pk__in=own),
        "risk_grades": RiskGrade.choices,
    }
    return _page(request, "spotchecks/task_new.html", context, error)


def _task_context(request: HttpRequest, task_id: Any) -> dict[str, Any]:
    try:
        task = task_get_for_user(user=request.user, task_id=task_id)
    except NotFound as exc:
        raise Http404 from exc
    draw = Draw.objects.filter(task=task).first()
    labels = draw.labels if draw else {}
    assignments = [
        (a, [labels.get(o, o) for o in a.inspector_ids])
        for a in Assignment.objects.filter(task=task).select_related("entity", "agency")
    ]
    return {
        "task": task,
        "draw": draw,
        "assignments": assignments,
        "participants": task.participants.select_related("agency"),
        "items": task.items.all(),
        "clock": results_clock(task, timezone.localdate()),
        "statuses": TaskStatus,
        "form": {},
    }


@login_required
def task_detail(request: HttpRequest, task_id: Any) -> HttpResponse:
    return render(request, "spotchecks/task.html", _task_context(request, task_id))


def _parse_values(text: str) -> list[list[int]]:
    """One line per entropy source; numbers separated by spaces, commas or 、."""
    out = []
    for line in text.splitlines():
        numbers = [n for n in re.split(r"[\s,，、]+", line.strip()) if n]
        if numbers:
            out.append([int(n) if n.isdigit() else -1 for n in numbers])
    return out


def _entropy_sources(request: HttpRequest) -> list[dict[str, Any]]:
    sources = []
    for description, known in zip(
        request.POST.getlist("description"), request.POST.getlist("known_after"), strict=False
    ):
        if description.strip() or known.strip():
            moment: Any = known
            try:
                moment = timezone.make_aware(dt.datetime.fromisoformat(known))
            except ValueError:
                pass
            sources.append({"description": description.strip(), "known_after": moment})
    return sources


@login_required
@require_POST
def task_action(request: HttpRequest, task_id: Any, action: str) -> HttpResponse:
    user = request.user
    calls: dict[str, Callable[[], Any]] = {
        "approve": lambda: services.task_approve(user=user, task_id=task_id),
        "publish-inputs": lambda: services.draw_inputs_publish(
            user=user, task_id=task_id, data={"entropy_sources": _entropy_sources(request)}
        ),
        "entropy": lambda: services.draw_entropy_record(
            user=user,
            task_id=task_id,
            data={"values": _parse_values(request.POST.get("values", ""))},
        ),
        "run": lambda: services.draw_run(user=user, task_id=task_id),
        "open": lambda: services.draw_assignments_open(
            user=user, task_id=task_id, data={"planned_on": request.POST.get("planned_on", "")}
        ),
        "publish-results": lambda: services.task_results_publish(user=user, task_id=task_id),
    }
    if action not in calls:
        raise Http404
    context = _task_context(request, task_id)  # 404 before any service call
    _, error = _try(calls[action])
    if error is None:
        messages.success(request, "已完成")
        return HttpResponseRedirect(reverse("spotchecks:task", args=[task_id]))
    context = _task_context(request, task_id)
    context["form"] = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    context["failed_action"] = action
    return _page(request, "spotchecks/task.html", context, error)


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    supervised = agency_ids_with_role(request.user, Role.SUPERVISOR)
    supervisor = Agency.objects.filter(pk__in=supervised).first()
    error = None
    form: dict[str, str] = {}
    if request.method == "POST":
        form = _form(request, ("threshold", "window_days"))
        target = request.POST.get("supervisor", str(supervisor.pk if supervisor else ""))
        _, error = _try(
            lambda: services.alert_config_set(user=request.user, supervisor_id=target, data=form)
        )
        if error is None:
            messages.success(request, "预警设置已保存")
            return HttpResponseRedirect(reverse("spotchecks:alerts"))
    config = AlertConfig.objects.filter(supervisor=supervisor).first() if supervisor else None
    context = {
        "alerts": alerts_visible_to(request.user),
        "supervisor": supervisor,
        "threshold": form.get("threshold") or (config.threshold if config else DEFAULT_THRESHOLD),
        "window_days": form.get("window_days")
        or (config.window_days if config else DEFAULT_WINDOW_DAYS),
    }
    return _page(request, "spotchecks/alerts.html", context, error)
