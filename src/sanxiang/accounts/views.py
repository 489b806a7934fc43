from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.views import View
from django.views.generic import TemplateView

from sanxiang.accounts.forms import LoginForm, TokenCreateForm
from sanxiang.accounts.models import ApiToken
from sanxiang.accounts.services import api_token_create, api_token_revoke
from sanxiang.core.errors import ApplicationError
from sanxiang.organisations.models import RoleAssignment
from sanxiang.organisations.permissions import (
    agencies_maintained_by,
    agencies_visible_to,
    can_assign_roles,
    can_manage_users,
    can_read_audit_log,
)

LOCKED_OUT = "登录失败次数过多，账号已被锁定 30 分钟。如需提前解锁，请联系安全管理员。"


# Apps above accounts with a login page of their own (the applicant portal) register a page for
# their lockouts from their ready(); each returns None for a request that is not theirs.
LOCKOUT_PAGES: list[Callable[[HttpRequest], HttpResponse | None]] = []


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes calls this instead of its English page."""
    for page in LOCKOUT_PAGES:
        response = page(request)
        if response is not None:
            return response
    form = LoginForm(request)
    return render(
        request, "accounts/login.html", {"form": form, "locked_message": LOCKED_OUT}, status=429
    )


class SanxiangLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class SanxiangLogoutView(LogoutView):
    pass


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user: Any = self.request.user
        ctx["assignments"] = RoleAssignment.objects.filter(user=user).select_related("agency")
        ctx["visible_agencies"] = agencies_visible_to(user)
        ctx["maintained_agencies"] = agencies_maintained_by(user)
        ctx["is_system_admin"] = can_manage_users(user)
        ctx["is_security_admin"] = can_assign_roles(user)
        ctx["is_audit_admin"] = can_read_audit_log(user)
        return ctx


class ProfileView(LoginRequiredMixin, View):
    template_name = "accounts/profile.html"

    def _render(
        self, request: HttpRequest, form: TokenCreateForm, secret: str = ""
    ) -> HttpResponse:
        tokens = ApiToken.objects.filter(user=cast(Any, request.user))
        ctx = {"form": form, "tokens": tokens, "new_secret": secret}
        return TemplateResponse(request, self.template_name, ctx)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, TokenCreateForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenCreateForm(request.POST)
        if not form.is_valid():
            return self._render(request, form)
        try:
            _, secret = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                valid_days=form.cleaned_data["valid_days"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self._render(request, form)
        return self._render(request, TokenCreateForm(), secret=secret)


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, token_id: Any) -> HttpResponse:
        api_token_revoke(user=request.user, token_id=token_id)
        messages.success(request, "令牌已撤销")
        return redirect("accounts:profile")
