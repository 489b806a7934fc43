"""Staff API of 事后公开: POST /api/v1/disclosure/redaction-preview (Bearer token or session).

Errors keep the API's shape {"code", "message", "detail"?}: 401 `unauthenticated`, 403
`forbidden` (no staff role), 400 `invalid_json` / `validation_failed`, 413
`redaction_text_too_large` (text over 200 000 characters) or `payload_too_large` (body over
Django's upload limit).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.security import django_auth

from sanxiang.accounts.api_auth import BearerTokenAuth
from sanxiang.core.api_bodies import body_schema, json_object_body
from sanxiang.disclosure.redaction.preview import RedactionPreviewIn, redaction_preview

router = Router(tags=["事后公开"], auth=[BearerTokenAuth(), django_auth])


class ErrorOut(Schema):
    code: str
    message: str
    detail: dict[str, Any] | None = None


class SpanOut(Schema):
    start: int = Field(description="起始位置（原文字符下标，含）")
    end: int = Field(description="结束位置（原文字符下标，不含）")
    kind: str = Field(description="信息类别，如 person_name、id_number、phone")
    replacement: str = Field(description="替换后的文字")


class RedactionPreviewOut(Schema):
    redacted_text: str
    spans: list[SpanOut]


@router.post(
    "/redaction-preview",
    response={200: RedactionPreviewOut, 400: ErrorOut, 403: ErrorOut, 413: ErrorOut},
    summary="脱敏预览：替换当事人、证人、举报人等的个人信息",
    openapi_extra=body_schema(RedactionPreviewIn),
)
def redaction_preview_view(request: HttpRequest) -> Any:
    result = redaction_preview(user=request.user, data=json_object_body(request))
    return {"redacted_text": result.redacted_text, "spans": result.spans}
