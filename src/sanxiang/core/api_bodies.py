"""Request bodies the JSON API reads by hand (payload models with Chinese titles, validated by
the services): the JSON object itself, and its self-contained OpenAPI description."""

from __future__ import annotations

import copy
import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from pydantic import BaseModel

from sanxiang.core.errors import ApplicationError, ValidationFailed

BODY_NOT_JSON = "请求体应为 JSON 对象"
BODY_TOO_LARGE = "请求体过大（超过了接口的大小上限）"


class PayloadTooLarge(ApplicationError):
    code = "payload_too_large"
    status = 413


def json_object_body(request: HttpRequest) -> dict[str, Any]:
    """Raises: ValidationFailed (not a JSON object), PayloadTooLarge (over Django's limit)."""
    try:
        raw = request.body
    except RequestDataTooBig as exc:
        raise PayloadTooLarge(BODY_TOO_LARGE) from exc
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailed(BODY_NOT_JSON, code="invalid_json") from exc
    if not isinstance(data, dict):
        raise ValidationFailed(BODY_NOT_JSON, code="invalid_json")
    return data


def _inline(schema: Any, defs: dict[str, Any]) -> Any:
    """Replace `#/$defs/X` references by their definitions, keeping the referring field's own
    keys (its Chinese `title`, `description`, `default`) over the definition's."""
    if isinstance(schema, dict):
        ref = schema.get("$ref", "")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = copy.deepcopy(defs[ref.removeprefix("#/$defs/")])
            own = {k: v for k, v in schema.items() if k != "$ref"}
            return _inline({**target, **own}, defs)
        return {k: _inline(v, defs) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_inline(v, defs) for v in schema]
    return schema


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI requestBody for a pydantic body model, self-contained (payload models are not
    recursive)."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})
    content = {"application/json": {"schema": _inline(schema, defs)}}
    return {"requestBody": {"required": True, "content": content}}
