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
            )
        return self.get_response(request)
