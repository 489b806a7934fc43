"""Applicant portal pages: register, login/logout, 我的办件, 电子送达确认书, 关联处罚案件.

Views parse and render; the services decide. A staff login never uses these pages (403), and an
applicant login never reaches staff pages (applicants.middleware).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.shortcuts import render as django_render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from sanxiang.accounts.forms import TokenCreateForm
from sanxiang.accounts.models import ApiToken
from sanxiang.accounts.services import api_token_create, api_token_revoke
from sanxiang.applicants.consent_text import CONSENT_TEXT, CONSENT_VERSION
from sanxiang.applicants.forms import (
    ApplicantLoginForm,
    ClaimForm,
    ConsentForm,
    RegisterForm,
    WithdrawConsentForm,
)
from sanxiang.applicants.middleware import SESSION_FLAG
from sanxiang.applicants.models import ApplicantProfile
from sanxiang.applicants.permissions import is_applicant, is_staff_account
from sanxiang.applicants.selectors import applicant_matters, consents_of
from sanxiang.applicants.services.accounts import (
    applicant_register,
    consent_in_force,
    consent_sign,
    consent_withdraw,
)
from sanxiang.applicants.services.party import party_link_claim
from sanxiang.core.errors import ApplicationError, NotFound

STAFF_REFUSED = "工作人员账号不能使用申请人服务。请退出后使用申请人账号登录。"
NOT_FOUND = "您访问的内容不存在，或不在您的查看范围内。"
LOCKED_OUT = "登录失败次数过多，账号已被锁定 30 分钟，请稍后再试。"
View = Callable[..., HttpResponseBase]


def applicant_required(view: View) -> View:
    """Anonymous → the applicant login; a staff login → 403; an applicant → the view."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse('applicants:login')}?next={request.path}")
        if not is_applicant(user):
            ctx = {"title": "无权访问", "message": STAFF_REFUSED}
            return TemplateResponse(request, "applicants/refused.html", ctx, status=403)
        try:
            return view(request, *args, **kwargs)
        except ApplicationError as exc:
            return refusal_page(request, exc)

    return wrapped


def refusal_page(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    """A service refusal on a portal page, in the portal's chrome (core's error middleware would
    show the staff one); a NotFound says the same whether missing or someone else's."""
    title = {404: "页面不存在", 403: "无权操作"}.get(exc.status, "操作未完成")
    message = NOT_FOUND if isinstance(exc, NotFound) else exc.message
    ctx = {"title": title, "message": message, "applicant_nav": True}
    return TemplateResponse(request, "applicants/refused.html", ctx, status=exc.status)


def render(
    request: HttpRequest, template: str, ctx: dict[str, Any], status: int = 200
) -> HttpResponse:
    ctx.setdefault("applicant_nav", is_applicant(request.user))
    return TemplateResponse(request, f"applicants/{template}", ctx, status=status)


def register_page(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        profile = {
            k: data[k]
            for k in ("kind", "name", "identifier", "representative", "phone", "address", "email")
        }
        try:
            user = applicant_register(
                username=data["username"], password=data["password"], profile=profile
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[SESSION_FLAG] = True
            messages.success(request, "注册成功。签署电子送达确认书后，即可在网上接收文书。")
            return redirect("applicants:consent")
    return render(request, "register.html", {"form": form})


def lockout_page(request: HttpRequest) -> HttpResponse | None:
    """The portal's own page when django-axes locks out an applicant login (registered in
    accounts.views.LOCKOUT_PAGES); None for any other login, which keeps the staff page."""
    if request.path != reverse("applicants:login"):
        return None
    ctx = {
        "form": ApplicantLoginForm(request),
        "locked_message": LOCKED_OUT,
        "next": request.POST.get("next", ""),
        "applicant_nav": False,
    }
    # Rendered here: axes returns this from its middleware, where nothing renders it later.
    return django_render(request, "applicants/login.html", ctx, status=429)


class ApplicantLoginView(LoginView):
    template_name = "applicants/login.html"
    authentication_form = ApplicantLoginForm
    redirect_authenticated_user = False

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if is_staff_account(user) or not is_applicant(user):
            form.add_error(None, ApplicantLoginForm.error_messages["staff"])
            return self.form_invalid(form)
        response = super().form_valid(form)
        self.request.session[SESSION_FLAG] = True
        return response

    def get_default_redirect_url(self) -> str:
        return reverse("applicants:home")


@require_POST
def logout_page(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect("applicants:login")


@applicant_required
def home_page(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    ctx = {
        "profile": ApplicantProfile.objects.get(user=user),
        "matters": applicant_matters(user=user),
        "consent": consent_in_force(user),
    }
    return render(request, "home.html", ctx)


@applicant_required
def consent_page(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    sign_form = ConsentForm(request.POST if request.POST.get("op") == "sign" else None)
    withdraw_form = WithdrawConsentForm(
        request.POST if request.POST.get("op") == "withdraw" else None
    )
    if request.method == "POST":
        try:
            if request.POST.get("op") == "sign" and sign_form.is_valid():
                consent_sign(user=user, email=sign_form.cleaned_data["email"])
                messages.success(request, "已签署电子送达确认书")
                return redirect("applicants:consent")
            if request.POST.get("op") == "withdraw" and withdraw_form.is_valid():
                consent_withdraw(user=user, reason=withdraw_form.cleaned_data["reason"])
                messages.success(request, "已撤回电子送达确认书，此后的文书不再电子送达")
                return redirect("applicants:consent")
        except ApplicationError as exc:
            sign_form.add_error(None, exc.message)
    ctx = {
        "text": CONSENT_TEXT,
        "version": CONSENT_VERSION,
        "consent": consent_in_force(user),
        "history": consents_of(user),
        "sign_form": sign_form,
        "withdraw_form": withdraw_form,
    }
    return render(request, "consent.html", ctx)


@applicant_required
def claim_page(request: HttpRequest) -> HttpResponse:
    form = ClaimForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            link = party_link_claim(
                user=request.user,
                case_number=form.cleaned_data["case_number"],
                code=form.cleaned_data["code"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(request, "已关联案件，可查看文书并在网上陈述申辩")
            return redirect("applicants:matter", case_id=link.case_id)
    return render(request, "claim.html", {"form": form}, status=status)


@applicant_required
def token_page(request: HttpRequest) -> HttpResponse:
    """移动端令牌: a personal bearer token for the /api/v1/applicant/ API, shown once."""
    user: Any = request.user
    form = TokenCreateForm(request.POST or None)
    secret = ""
    if request.method == "POST" and request.POST.get("revoke"):
        api_token_revoke(user=user, token_id=request.POST["revoke"])
        messages.success(request, "令牌已撤销")
        return redirect("applicants:token")
    if request.method == "POST" and form.is_valid():
        try:
            _, secret = api_token_create(
                user=user,
                name=form.cleaned_data["name"],
                valid_days=form.cleaned_data["valid_days"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            form = TokenCreateForm()
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    return render(request, "token.html", {"form": form, "secret": secret, "tokens": tokens})
