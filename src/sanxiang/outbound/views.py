"""Back-office pages of the outbound push: the disclosure officer's delivery log (and retry),
the 系统管理员's targets, and the public key receivers verify signatures with."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST, require_safe

from sanxiang.core.errors import ApplicationError, Forbidden
from sanxiang.outbound import selectors
from sanxiang.outbound.forms import TargetForm
from sanxiang.outbound.models import MessageStatus, PushTarget
from sanxiang.outbound.permissions import can_read_delivery_log, can_retry_message
from sanxiang.outbound.services import message_retry, target_create, target_update
from sanxiang.outbound.signing import existing_push_key, load_push_key

NO_LOG = "只有公示管理员或机关负责人可以查看本机关的推送记录"
RETRYABLE = (MessageStatus.FAILED, MessageStatus.DEAD)


@login_required
@require_safe
def delivery_log(request: HttpRequest) -> HttpResponse:
    if not can_read_delivery_log(request.user):
        raise Forbidden(NO_LOG, code="outbound_not_permitted")
    status = request.GET.get("status") or None
    context = {
        "rows": selectors.delivery_log(user=request.user, status=status),
        "counts": selectors.status_counts(user=request.user),
        "statuses": MessageStatus.choices,
        "status": status,
        "page_size": selectors.LOG_PAGE_SIZE,
    }
    return TemplateResponse(request, "outbound/log.html", context)


@login_required
@require_safe
def message_detail(request: HttpRequest, message_id: Any) -> HttpResponse:
    message = selectors.message_get_for_user(user=request.user, message_id=message_id)
    context = {
        "message": message,
        "attempts": message.log.all(),
        "record": message.payload.get("record", {}),
        "can_retry": message.status in RETRYABLE and can_retry_message(request.user, message),
    }
    return TemplateResponse(request, "outbound/message.html", context)


@login_required
@require_POST
def message_retry_view(request: HttpRequest, message_id: Any) -> HttpResponse:
    message = message_retry(
        user=request.user, message_id=message_id, reason=request.POST.get("reason", "")
    )
    messages.success(request, "已重新加入推送队列")
    return redirect("outbound:message", message.pk)


@login_required
@require_safe
def target_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.targets_for_admin(user=request.user)
    return TemplateResponse(request, "outbound/targets.html", {"rows": rows})


def _target_form(request: HttpRequest, target: PushTarget | None) -> HttpResponse:
    form = TargetForm(request.POST or None, initial=TargetForm.initial_for(target))
    if request.method == "POST" and form.is_valid():
        try:
            if target is None:
                target = target_create(user=request.user, payload=form.payload())
            else:
                target = target_update(
                    user=request.user, target_id=target.pk, payload=form.payload()
                )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"推送目标平台“{target.name}”已保存")
            return redirect("outbound:targets")
    title = "新增推送目标平台" if target is None else f"编辑推送目标平台：{target.name}"
    context = {"form": form, "title": title, "target": target}
    return TemplateResponse(request, "outbound/target_form.html", context)


@login_required
def target_add(request: HttpRequest) -> HttpResponse:
    selectors.targets_for_admin(user=request.user)  # Forbidden for anyone but the 系统管理员
    return _target_form(request, None)


@login_required
def target_edit(request: HttpRequest, target_id: Any) -> HttpResponse:
    target = selectors.target_get_for_admin(user=request.user, target_id=target_id)
    return _target_form(request, target)


@require_safe
def public_key(request: HttpRequest, key_name: str) -> HttpResponse:
    """Public: the PEM public key of a push key a target uses (created on first use)."""
    if not PushTarget.objects.filter(key_name=key_name).exists():
        key = existing_push_key(key_name)
    else:
        key = load_push_key(key_name)
    if key is None:
        raise Http404("没有该签名密钥")
    response = HttpResponse(key.public_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = f'inline; filename="{key_name}.pem"'
    response["X-Sanxiang-Key-Id"] = key.key_id
    return response
