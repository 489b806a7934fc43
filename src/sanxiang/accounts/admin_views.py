"""三员分立 back office: 系统管理员 manages accounts, 安全管理员 grants roles and unlocks accounts,
审计管理员 reads the audit trail. Each page checks its own role; no page serves two of them."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from sanxiang.core.errors import ApplicationError, Forbidden, NotFound
from sanxiang.core.models import AuditEvent
from sanxiang.organisations.models import Agency, Role, RoleAssignment
from sanxiang.organisations.permissions import (
    can_assign_roles,
    can_manage_users,
    can_read_audit_log,
)
from sanxiang.organisations.services import role_assign, role_revoke, user_create

NOT_YOUR_DOMAIN = "三员分立：此页面仅限{role}使用"


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=150)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=10)


class RoleGrantForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    agency = forms.ModelChoiceField(label="执法主体", queryset=Agency.objects.all())


def _require(allowed: bool, role: str) -> None:
    if not allowed:
        raise Forbidden(NOT_YOUR_DOMAIN.format(role=role))


@login_required
def users_page(request: HttpRequest) -> HttpResponse:
    _require(can_manage_users(request.user), "系统管理员")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_create(
                actor=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"账号 {form.cleaned_data['username']} 已创建，请由安全管理员授权角色"
            )
            return redirect("accounts:admin_users")
    users = get_user_model().objects.order_by("username")
    return TemplateResponse(request, "accounts/admin_users.html", {"form": form, "users": users})


@login_required
def roles_page(request: HttpRequest) -> HttpResponse:
    _require(can_assign_roles(request.user), "安全管理员")
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
        if user is None:
            form.add_error("username", "用户不存在")
        else:
            try:
                role_assign(
                    actor=request.user,
                    user=user,
                    role=form.cleaned_data["role"],
                    agency=form.cleaned_data["agency"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "已授权")
                return redirect("accounts:admin_roles")
    assignments = RoleAssignment.objects.select_related("user", "agency")
    return TemplateResponse(
        request, "accounts/admin_roles.html", {"form": form, "assignments": assignments}
    )


@login_required
def role_revoke_page(request: HttpRequest, assignment_id: Any) -> HttpResponse:
    _require(can_assign_roles(request.user), "安全管理员")
    assignment = RoleAssignment.objects.filter(pk=assignment_id).first()
    if assignment is None:
        raise NotFound()
    if request.method == "POST":
        role_revoke(
            actor=request.user, assignment=assignment, reason=request.POST.get("reason", "")
        )
        messages.success(request, "已撤销授权")
    return redirect("accounts:admin_roles")


@login_required
def unlock_page(request: HttpRequest) -> HttpResponse:
    """安全管理员 lifts a login lockout early."""
    _require(can_assign_roles(request.user), "安全管理员")
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        count = axes_reset(username=username)
        messages.success(request, f"已解除 {username} 的登录锁定（{count} 条记录）")
    return redirect("accounts:admin_roles")


@login_required
def audit_page(request: HttpRequest) -> HttpResponse:
    _require(can_read_audit_log(request.user), "审计管理员")
    events = AuditEvent.objects.select_related("actor").order_by("-id")
    event = request.GET.get("event", "")[:100]
    if event:
        events = events.filter(event__startswith=event)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "accounts/admin_audit.html", {"page": page, "event": event})
