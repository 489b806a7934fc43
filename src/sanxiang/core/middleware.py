"""Request id for the audit trail, and a hard cap on request bodies."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse

from sanxiang.core.audit import current_request_id

UPLOAD_TOO_LARGE = "上传内容过大：单个请求不得超过 {limit} MB，未保存任何内容。"


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = request.headers.get("X-Request-Id", "")[:64] or uuid.uuid4().hex
        token = current_request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-Id"] = rid
        return response


class UploadLimitMiddleware:
    """Refuse oversized bodies from the Content-Length header, before anything is read or saved.

    The tus endpoint (issue 3) streams large evidence files and is exempted by prefix.
    """

    exempt_prefixes = ("/api/v1/uploads/",)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.SANXIANG_MAX_UPLOAD_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit and not request.path.startswith(self.exempt_prefixes):
            message = UPLOAD_TOO_LARGE.format(limit=limit // (1024 * 1024))
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "payload_too_large", "message": message}, status=413)
            return TemplateResponse(
                request, "core/error.html", {"title": "上传失败", "message": message}, status=413
            ).render()
        return self.get_response(request)


class ApplicationErrorMiddleware:
    """Turn a service refusal raised in an HTML view into a Chinese error page with its status.

    NotFound becomes the same 404 whether the object is missing or belongs to another agency.
    The JSON API maps the same errors in config/api.py.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from sanxiang.core.errors import ApplicationError, NotFound

        if not isinstance(exception, ApplicationError):
            return None
        title = {404: "页面不存在", 403: "无权操作"}.get(exception.status, "操作未完成")
        if isinstance(exception, NotFound):
            message = "您访问的内容不存在，或不在您的查看范围内。"
        else:
            message = exception.message
        response = TemplateResponse(
            request,
            "core/error.html",
            {"title": title, "message": message},
            status=exception.status,
        )
        return response.render()
