"""Forms only parse input; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms

from sanxiang.organisations.models import (
    Agency,
    CertificateStatus,
    EnforcementField,
    Unit,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class AgencyForm(forms.ModelForm[Agency]):
    class Meta:
        model = Agency
        fields = [
            "name",
            "short_name",
            "uscc",
            "subject_type",
            "legal_basis",
            "responsibilities",
            "address",
            "phone",
            "website",
            "supervision_channels",
            "remedy_channels",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ("legal_basis", "responsibilities", "supervision_channels", "remedy_channels")
        }

    def validate_unique(self) -> None:
        """Uniqueness is checked by the service, with the agency's own row excluded."""


class UnitForm(forms.Form):
    name = forms.CharField(label="机构名称", max_length=200)
    parent = forms.ModelChoiceField(label="上级机构", queryset=Unit.objects.none(), required=False)
    responsibilities = forms.CharField(
        label="职责", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    is_legal_review_unit = forms.BooleanField(label="法制审核机构", required=False)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.filter(agency=agency)  # type: ignore[attr-defined]


class OfficerForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    unit = forms.ModelChoiceField(label="所属机构", queryset=Unit.objects.none(), required=False)
    title = forms.CharField(label="职务", max_length=100, required=False)
    staff_number = forms.CharField(label="工号", max_length=32, required=False)
    phone = forms.RegexField(
        label="手机号码",
        regex=r"^1\d{10}$",
        required=False,
        error_messages={"invalid": "请输入11位手机号码"},
    )
    has_legal_qualification = forms.BooleanField(label="具有法律职业资格", required=False)
    legal_qualification_number = forms.CharField(
        label="法律职业资格证书编号", max_length=50, required=False
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(agency=agency)  # type: ignore[attr-defined]


class CertificateForm(forms.Form):
    number = forms.CharField(label="执法证号", max_length=50)
    issuing_body = forms.CharField(label="发证机关", max_length=200)
    enforcement_fields = forms.ModelMultipleChoiceField(
        label="执法类别",
        queryset=EnforcementField.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    valid_from = forms.DateField(label="有效期起", widget=DATE_WIDGET)
    valid_to = forms.DateField(label="有效期止", widget=DATE_WIDGET)


class CertificateStatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=CertificateStatus.choices)
    reason = forms.CharField(label="原因", max_length=300)
