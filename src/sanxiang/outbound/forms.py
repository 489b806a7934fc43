"""The 系统管理员's target form: parses input only; outbound.services validates and writes."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from sanxiang.organisations.models import Agency, Region
from sanxiang.outbound.mapping import DEFAULT_MAPPING
from sanxiang.outbound.models import PushTarget

MAPPING_NOT_JSON = '字段映射应为 JSON 对象，如 {"目标字段": "双公示字段"}'


class TargetForm(forms.Form):
    name = forms.CharField(label="平台名称", max_length=100)
    endpoint = forms.CharField(label="接收地址（URL）", max_length=500)
    enabled = forms.BooleanField(label="启用", required=False, initial=True)
    region = forms.ModelChoiceField(
        label="接收该行政区划（含下级）的全部主体",
        queryset=Region.objects.all(),
        required=False,
    )
    agencies = forms.ModelMultipleChoiceField(
        label="另行指定的执法主体", queryset=Agency.objects.all(), required=False
    )
    field_mapping = forms.CharField(
        label="字段映射（目标字段 → 双公示字段，JSON；留空即按双公示字段名推送）",
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
    )
    key_name = forms.SlugField(label="签名密钥名称", max_length=50, initial="default")
    connect_timeout = forms.FloatField(label="连接超时（秒）", initial=5)
    read_timeout = forms.FloatField(label="响应超时（秒）", initial=30)
    max_attempts = forms.IntegerField(label="最多尝试次数", initial=12)

    def clean_field_mapping(self) -> dict[str, Any]:
        text = self.cleaned_data["field_mapping"].strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(MAPPING_NOT_JSON) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(MAPPING_NOT_JSON)
        return value

    def payload(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        region = data.pop("region")
        data["region_code"] = region.code if region else None
        data["agency_ids"] = [a.pk for a in data.pop("agencies")]
        return data

    @classmethod
    def initial_for(cls, target: PushTarget | None) -> dict[str, Any]:
        if target is None:
            return {"field_mapping": json.dumps(DEFAULT_MAPPING, ensure_ascii=False, indent=1)}
        return {
            "name": target.name,
            "endpoint": target.endpoint,
            "enabled": target.enabled,
            "region": target.region_id,
            "agencies": list(target.agencies.all()),
            "field_mapping": json.dumps(target.field_mapping, ensure_ascii=False, indent=1),
            "key_name": target.key_name,
            "connect_timeout": target.connect_timeout,
            "read_timeout": target.read_timeout,
            "max_attempts": target.max_attempts,
        }
