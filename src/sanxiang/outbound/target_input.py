"""The 系统管理员's description of a push target, as services accept it."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sanxiang.core.errors import ValidationFailed
from sanxiang.outbound.mapping import SOURCE_FIELDS
from sanxiang.outbound.signing import KEY_NAME

ENDPOINT_INVALID = "接收地址应为 http:// 或 https:// 开头的完整网址"
MAPPING_UNKNOWN = "字段映射引用了不存在的双公示字段：{names}"
MAPPING_EMPTY_NAME = "字段映射中目标字段名不能为空"
KEY_NAME_INVALID = "签名密钥名称只能使用小写字母、数字、下划线和连字符"


class TargetInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(title="平台名称", min_length=1, max_length=100)
    endpoint: str = Field(title="接收地址", min_length=1, max_length=500)
    enabled: bool = Field(True, title="启用")
    region_code: str | None = Field(None, title="接收行政区划", max_length=6)
    agency_ids: list[uuid.UUID] = Field(default_factory=list, title="执法主体", max_length=500)
    field_mapping: dict[str, str] = Field(default_factory=dict, title="字段映射", max_length=200)
    key_name: str = Field("default", title="签名密钥", max_length=50)
    connect_timeout: float = Field(5, title="连接超时（秒）", gt=0, le=60)
    read_timeout: float = Field(30, title="响应超时（秒）", gt=0, le=300)
    max_attempts: int = Field(12, title="最多尝试次数", ge=1, le=50)

    @field_validator("region_code")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        return value or None


def check_target_input(data: TargetInput) -> None:
    """What pydantic's types cannot say, refused with the offending names in the message.

    Raises: ValidationFailed (outbound_endpoint_invalid, outbound_mapping_invalid,
        outbound_key_name_invalid).
    """
    parts = urlsplit(data.endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.fragment:
        raise ValidationFailed(ENDPOINT_INVALID, code="outbound_endpoint_invalid")
    if any(not name.strip() or len(name) > 100 for name in data.field_mapping):
        raise ValidationFailed(MAPPING_EMPTY_NAME, code="outbound_mapping_invalid")
    unknown = sorted({src for src in data.field_mapping.values() if src not in SOURCE_FIELDS})
    if unknown:
        raise ValidationFailed(
            MAPPING_UNKNOWN.format(names="、".join(unknown)), code="outbound_mapping_invalid"
        )
    if not KEY_NAME.match(data.key_name):
        raise ValidationFailed(KEY_NAME_INVALID, code="outbound_key_name_invalid")
