"""法制审核 statistics and the agency's 法制审核办法 pages.

Views only parse and render: the figures come from `stats` (scoped to the user), the policy is
read with `selectors.policy_of` and changed only through `services_policy.review_policy_set`; a
refusal is shown on the form with the user's input kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View

from sanxiang.catalog.models import ItemCategory
from sanxiang.core.errors import ApplicationError
from sanxiang.legal_review.checklist import MATERIALS
from sanxiang.legal_review.selectors import policy_of
from sanxiang.legal_review.services_policy import can_set_policy, review_policy_set
from sanxiang.legal_review.stats import (
    PERIOD_REVERSED,
    Period,
    agencies_for_stats,
    review_stats,
    supervised_agencies,
    supervision_table,
)
from sanxiang.organisations.models import Agency, Role
from sanxiang.organisations.permissions import agency_ids_with_role

DATE_INVALID = "日期“{raw}”格式不正确，应为 YYYY-MM-DD，已按默认期间统计"
POLICY_SAVED = "法制审核办法已保存，此后的送审按新设置计算期限和送审材料"


# -- statistics --------------------------------------------------------------------------------


def _date(raw: str | None, default: dt.date, problems: list[str]) -> dt.date:
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        problems.append(DATE_INVALID.format(raw=raw[:20]))
        return default


def period_from(query: QueryDict, today: dt.date) -> tuple[Period, list[str]]:
    """The period asked for (default: this year up to today) and what was wrong with it."""
    problems: list[str] = []
    start = _date(query.get("start"), dt.date(today.year, 1, 1), problems)
    end = _date(query.get("end"), today, problems)
    if start > end:
        problems.append(PERIOD_REVERSED)
        start, end = dt.date(today.year, 1, 1), today
    return Period(start, end), problems


class ReviewStatisticsView(LoginRequiredMixin, View):
    """法制审核统计: the user's own agency, and for the 司法局 every agency it supervises."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        period, problems = period_from(request.GET, today)
        supervised = set(supervised_agencies(request.user).values_list("pk", flat=True))
        own = [a for a in agencies_for_stats(request.user) if a.pk not in supervised]
        context = {
            "period": period,
            "problems": problems,
            "today": today,
            "own": list(review_stats(own, period, today).values()),
            "table": supervision_table(request.user, period, today) if supervised else [],
            "is_supervisor": bool(supervised),
        }
        return TemplateResponse(request, "legal_review/statistics.html", context)


# -- 法制审核办法 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryRow:
    """One 事项 category of the policy form: custom list or the default (every material)."""

    value: str
    label: str
    custom: bool
    chosen: frozenset[str]


def policy_agencies(user: Any) -> list[Agency]:
    """Agencies whose 法制审核办法 the user may set (机关负责人, the agency's 系统管理员)."""
    ids = agency_ids_with_role(user, Role.AGENCY_HEAD, Role.SYSTEM_ADMIN)
    agencies = Agency.objects.filter(pk__in=ids, is_supervisory=False).order_by("name")
    return [a for a in agencies if can_set_policy(user, a.pk)]


def _category_rows(required: dict[str, list[str]]) -> list[CategoryRow]:
    return [
        CategoryRow(
            c.value, str(c.label), c.value in required, frozenset(required.get(c.value, []))
        )
        for c in ItemCategory
    ]


def _payload(post: QueryDict) -> dict[str, Any]:
    """The form as the service's payload; numbers left as typed for the service to judge."""
    required = {
        c.value: post.getlist(f"materials_{c.value}")
        for c in ItemCategory
        if post.get(f"custom_{c.value}")
    }
    return {
        "time_limit_days": post.get("time_limit_days", "").strip(),
        "extension_days": post.get("extension_days", "").strip(),
        "required_materials": required,
    }


class ReviewPolicyView(LoginRequiredMixin, View):
    """法制审核办法: the time limit, the extension and the 送审材料 per 事项 category."""

    def _agency(self, request: HttpRequest) -> tuple[Agency, list[Agency]]:
        agencies = policy_agencies(request.user)
        if not agencies:
            raise Http404
        wanted = request.POST.get("agency") or request.GET.get("agency")
        chosen = next((a for a in agencies if str(a.pk) == wanted), agencies[0])
        return chosen, agencies

    def _render(
        self, request: HttpRequest, agency: Agency, agencies: list[Agency], **form: Any
    ) -> HttpResponse:
        policy = policy_of(agency)
        context = {
            "agency": agency,
            "agencies": agencies,
            "policy": policy,
            "is_default": policy._state.adding,
            "materials": MATERIALS,
            "time_limit_days": form.get("time_limit_days", policy.time_limit_days),
            "extension_days": form.get("extension_days", policy.extension_days),
            "categories": _category_rows(
                form.get("required_materials", policy.required_materials or {})
            ),
            "error": form.get("error", ""),
        }
        return TemplateResponse(
            request, "legal_review/policy.html", context, status=form.get("status", 200)
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        agency, agencies = self._agency(request)
        return self._render(request, agency, agencies)

    def post(self, request: HttpRequest) -> HttpResponse:
        agency, agencies = self._agency(request)
        payload = _payload(request.POST)
        try:
            review_policy_set(user=request.user, agency_id=agency.pk, payload=payload)
        except ApplicationError as exc:
            return self._render(
                request, agency, agencies, **payload, error=exc.message, status=exc.status
            )
        messages.success(request, POLICY_SAVED)
        return HttpResponseRedirect(f"{reverse('legal_review:policy')}?agency={agency.pk}")
