"""法定节假日安排: the 系统管理员's pages for the holiday schedule that every deadline runs on.

The list page shows the loaded years and takes a new notice; a year's page lists its days and
changes or removes one, each with a reason. The services check the role again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from sanxiang.accounts import calendar_services as svc
from sanxiang.accounts.calendar_forms import (
    CalendarDayChangeForm,
    CalendarDayForm,
    CalendarDayRemoveForm,
    CalendarYearChangeForm,
    CalendarYearForm,
)
from sanxiang.core.errors import ApplicationError, Forbidden, NotFound
from sanxiang.core.models import CalendarDay, CalendarYear, DayKind


def _require_admin(request: HttpRequest) -> None:
    if not svc.can_manage_calendar(request.user):
        raise Forbidden(svc.NOT_SYSTEM_ADMIN)


def _form_errors(form: Any) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = CalendarYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = svc.calendar_year_add(
                actor=request.user,
                year=data["year"],
                source=data["source"],
                notice=data["notice"],
                published_on=data["published_on"],
                days=[*data["holidays"], *data["makeup_workdays"]],
                reason=data["reason"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已载入{row.year}年法定节假日安排")
            return redirect("accounts:admin_calendar_year", year=row.year)
    years = CalendarYear.objects.annotate(
        holiday_count=Count("days", filter=Q(days__kind=DayKind.HOLIDAY)),
        makeup_count=Count("days", filter=Q(days__kind=DayKind.MAKEUP_WORKDAY)),
    ).order_by("-year")
    return TemplateResponse(request, "accounts/admin_calendar.html", {"form": form, "years": years})


def _year_or_404(year: int) -> CalendarYear:
    row = CalendarYear.objects.filter(year=year).first()
    if row is None:
        raise NotFound()
    return row


@login_required
def calendar_year_page(request: HttpRequest, year: int) -> HttpResponse:
    _require_admin(request)
    row = _year_or_404(year)
    action = request.POST.get("action") if request.method == "POST" else None
    day_form = CalendarDayForm(request.POST if action == "add_day" else None)
    year_form = CalendarYearChangeForm(
        request.POST if action == "change_year" else None,
        initial={"source": row.source, "notice": row.notice, "published_on": row.published_on},
    )
    try:
        if action == "add_day" and day_form.is_valid():
            data = day_form.cleaned_data
            day = svc.DayInput(date=data["date"], kind=data["kind"], name=data["name"])
            svc.calendar_day_add(
                actor=request.user, calendar_year=row, day=day, reason=data["reason"]
            )
            messages.success(request, f"已添加 {day.date}")
            return redirect("accounts:admin_calendar_year", year=year)
        if action == "change_year" and year_form.is_valid():
            svc.calendar_year_change(
                actor=request.user, calendar_year=row, **year_form.cleaned_data
            )
            messages.success(request, "已更新通知信息")
            return redirect("accounts:admin_calendar_year", year=year)
    except ApplicationError as exc:
        (day_form if action == "add_day" else year_form).add_error(None, exc.message)
    days = CalendarDay.objects.filter(calendar_year=row).order_by("date")
    context = {
        "calendar_year": row,
        "days": days,
        "day_form": day_form,
        "year_form": year_form,
        "kinds": DayKind.choices,
    }
    return TemplateResponse(request, "accounts/admin_calendar_year.html", context)


def _day_or_404(day_id: Any) -> CalendarDay:
    row = CalendarDay.objects.select_related("calendar_year").filter(pk=day_id).first()
    if row is None:
        raise NotFound()
    return row


@login_required
@require_POST
def calendar_day_change_page(request: HttpRequest, day_id: Any) -> HttpResponse:
    _require_admin(request)
    day = _day_or_404(day_id)
    form = CalendarDayChangeForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(_form_errors(form))
        svc.calendar_day_change(actor=request.user, calendar_day=day, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, f"{day.date} 未修改：{exc.message}")
    else:
        messages.success(request, f"已修改 {day.date}")
    return redirect("accounts:admin_calendar_year", year=day.calendar_year.year)


@login_required
@require_POST
def calendar_day_remove_page(request: HttpRequest, day_id: Any) -> HttpResponse:
    _require_admin(request)
    day = _day_or_404(day_id)
    form = CalendarDayRemoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(_form_errors(form))
        svc.calendar_day_remove(actor=request.user, calendar_day=day, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, f"{day.date} 未删除：{exc.message}")
    else:
        messages.success(request, f"已删除 {day.date}")
    return redirect("accounts:admin_calendar_year", year=day.calendar_year.year)
