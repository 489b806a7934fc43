"""The 公示管理员's pages: what is due, the side-by-side redaction review, and each lifecycle step.

Views only parse and render; reads go through `permissions`/`selectors_lifecycle` (another
agency's disclosure is a 404), changes through `disclosure.services`, whose refusals are shown in
Chinese on the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from sanxiang.core.errors import ApplicationError
from sanxiang.disclosure.models import (
    Disclosure,
    DisclosureStatus,
    DisclosureVersion,
    WithdrawGround,
    WithholdGround,
)
from sanxiang.disclosure.permissions import (
    can_handle,
    disclosures_visible_to,
    policy_agency_ids,
)
from sanxiang.disclosure.selectors_lifecycle import disclosures_due, timeliness_by_agency
from sanxiang.disclosure.services import (
    disclosure_correct,
    disclosure_publish,
    disclosure_redaction_update,
    disclosure_review,
    disclosure_withdraw,
    disclosure_withhold,
)
from sanxiang.disclosure.services_review import spans_hiding

S = DisclosureStatus
DONE = {
    "review": "已审核，可以发布",
    "publish": "已发布到公示平台",
    "redaction": "已更新脱敏处理",
    "correct": "已发布更正版本",
    "withdraw": "已撤回",
    "withhold": "已决定不予公开",
}
MANUAL_REPLACEMENT = "＊＊"


def _disclosure(request: HttpRequest, disclosure_id: Any) -> Disclosure:
    found = (
        disclosures_visible_to(request.user)
        .select_related("agency", "case")
        .filter(pk=disclosure_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
def disclosure_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = disclosures_visible_to(request.user).select_related("agency")
    status = request.GET.get("status", "")
    if status in S.values:
        rows = rows.filter(status=status)
    year_start = dt.date(today.year, 1, 1)
    context = {
        "rows": rows.order_by("-decided_on")[:200],
        "status": status,
        "statuses": S.choices,
        "due": disclosures_due(user=request.user, today=today),
        "timeliness": timeliness_by_agency(
            user=request.user, start=year_start, end=today, today=today
        ),
        "today": today,
        "policy_link": bool(policy_agency_ids(request.user, for_change=False)),
    }
    return TemplateResponse(request, "disclosure/staff/list.html", context)


def marked_source(version: DisclosureVersion) -> SafeString:
    """The source text with each span as a numbered <mark>, everything else escaped."""
    text, at = version.source_text, 0
    out: list[str] = []
    for index, span in enumerate(sorted(version.spans, key=lambda s: int(s["start"]))):
        start, end = int(span["start"]), int(span["end"])
        out.append(escape(text[at:start]))
        out.append(
            f'<mark class="span span-{escape(span["kind"])}" id="span-{index}" '
            f'title="{escape(span["kind"])} → {escape(span["replacement"])}">'
            f"{escape(text[start:end])}<sup>{index + 1}</sup></mark>"
        )
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece above is escaped


@login_required
def disclosure_detail(request: HttpRequest, disclosure_id: Any) -> HttpResponse:
    disclosure = _disclosure(request, disclosure_id)
    versions = list(disclosure.versions.select_related("reviewed_by").order_by("-version"))
    current = versions[0]
    context = {
        "d": disclosure,
        "current": current,
        "versions": versions,
        "marked": marked_source(current),
        "spans": [
            {**s, "index": i + 1, "original": current.source_text[s["start"] : s["end"]]}
            for i, s in enumerate(sorted(current.spans, key=lambda s: int(s["start"])))
        ],
        "can_handle": can_handle(request.user, disclosure),
        "editable": disclosure.status in (S.DRAFT, S.REVIEWED),
        "public": disclosure.status in (S.PUBLISHED, S.CORRECTED),
        "withhold_grounds": WithholdGround.choices,
        "withdraw_grounds": WithdrawGround.choices,
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "disclosure/staff/detail.html", context)


def _redaction_payload(request: HttpRequest, current: DisclosureVersion) -> dict[str, Any]:
    keep = set(request.POST.getlist("keep"))
    ordered = sorted(current.spans, key=lambda s: int(s["start"]))
    spans = [s for i, s in enumerate(ordered) if str(i + 1) in keep]
    needle = request.POST.get("hide", "").strip()[:500]
    return {"spans": spans_hiding(current.source_text, spans, needle, MANUAL_REPLACEMENT)}


@login_required
@require_POST
def disclosure_step(request: HttpRequest, disclosure_id: Any, step: str) -> HttpResponse:
    disclosure = _disclosure(request, disclosure_id)
    user, pk, post = request.user, disclosure.pk, request.POST
    try:
        if step == "review":
            disclosure_review(user=user, disclosure_id=pk)
        elif step == "publish":
            disclosure_publish(user=user, disclosure_id=pk)
        elif step == "redaction":
            current = disclosure.versions.order_by("-version").first()
            if current is None:
                raise Http404
            disclosure_redaction_update(
                user=user, disclosure_id=pk, payload=_redaction_payload(request, current)
            )
        elif step == "correct":
            payload = {"reason": post.get("reason", ""), "text": post.get("text", "")}
            disclosure_correct(user=user, disclosure_id=pk, payload=payload)
        elif step == "withdraw":
            payload = {
                "ground": post.get("ground", ""),
                "changed_on": post.get("changed_on", ""),
                "reason": post.get("reason", ""),
            }
            disclosure_withdraw(user=user, disclosure_id=pk, payload=payload)
        elif step == "withhold":
            payload = {"ground": post.get("ground", ""), "reason": post.get("reason", "")}
            disclosure_withhold(user=user, disclosure_id=pk, payload=payload)
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, DONE[step])
    return HttpResponseRedirect(reverse("disclosure_staff:detail", args=[pk]))
