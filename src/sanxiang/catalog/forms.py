from __future__ import annotations

from django import forms
from django.utils import timezone


class CatalogImportForm(forms.Form):
    workbook = forms.FileField(
        label="Excel 工作簿（.xlsx）",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": "请选择要导入的 .xlsx 文件"},
    )
    effective_from = forms.DateField(
        label="生效日期",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写生效日期", "invalid": "生效日期格式不正确"},
    )
