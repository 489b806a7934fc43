"""Turn submitted data into a payload model, or a Chinese ValidationFailed naming the field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from sanxiang.core.errors import ValidationFailed

INVALID = "“{field}”填写不正确：{problem}"
PROBLEMS = {
    "missing": "必填",
    "string_too_short": "不能为空",
    "string_too_long": "内容过长",
    "extra_forbidden": "不是本操作可以提交的内容",
    "greater_than_equal": "不能为负数",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "decimal_parsing": "应为金额数字",
    "decimal_max_places": "最多两位小数",
    "decimal_max_digits": "金额过大",
    "enum": "不是可选的值",
    "bool_parsing": "应为是或否",
    "uuid_parsing": "标识格式不正确",
    "too_long": "数量过多",
    "too_short": "至少选择一项",
}


def parse[M: BaseModel](model: type[M], data: Mapping[str, Any] | BaseModel) -> M:
    """Raises: ValidationFailed with the first problem in Chinese and all of them in `detail`."""
    if isinstance(data, model):
        return data
    raw = data.model_dump() if isinstance(data, BaseModel) else dict(data)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        info = model.model_fields.get(name)
        label = (info.title if info and info.title else name) or "提交内容"
        problem = PROBLEMS.get(first["type"], "格式不正确")
        raise ValidationFailed(
            INVALID.format(field=label, problem=problem),
            extra={
                "errors": [
                    {"field": ".".join(map(str, e["loc"])), "type": e["type"]} for e in errors
                ]
            },
        ) from exc
