"""Forms of the applicant portal: they only parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from sanxiang.applicants.models import ApplicantKind

PHONE_ATTRS = {"autocomplete": "tel", "inputmode": "tel"}


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(label="申请人类型", choices=ApplicantKind.choices)
    name = forms.CharField(label="姓名/单位名称", max_length=200)
    identifier = forms.CharField(
        label="身份证号/统一社会信用代码",
        max_length=18,
        help_text="自然人填写18位公民身份号码；法人或其他组织填写统一社会信用代码",
    )
    representative = forms.CharField(label="法定代表人/负责人", max_length=100, required=False)
    phone = forms.CharField(
        label="联系电话", max_length=30, widget=forms.TextInput(attrs=PHONE_ATTRS)
    )
    address = forms.CharField(label="住所/地址", max_length=300, required=False)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)
    username = forms.CharField(label="用户名", max_length=30, help_text="4至30位字母、数字或下划线")
    password = forms.CharField(
        label="密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="确认密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致")
        return data


class ApplicantLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败 5 次将锁定账号 30 分钟。",
        "inactive": "该账号已停用。",
        "staff": "工作人员账号不能登录申请人服务，请从“工作人员登录”进入。",
    }


class ConsentForm(forms.Form):
    email = forms.CharField(label="同时通知的电子邮箱（可不填）", max_length=254, required=False)
    agree = forms.BooleanField(label="我已阅读并同意以上电子送达地址确认书")


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(label="撤回原因（可不填）", max_length=300, required=False)


class ClaimForm(forms.Form):
    case_number = forms.CharField(label="案号", max_length=64)
    code = forms.CharField(
        label="网上办理码", max_length=20, help_text="办案人员向您出具的8位办理码，如 ABCD-EF23"
    )


class ApplyForm(forms.Form):
    request = forms.CharField(
        label="申请事项及内容", widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    interested_parties = forms.CharField(
        label="利害关系人（如有）",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label="补正说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤回理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )
    confirm = forms.BooleanField(label="我确认撤回本申请")


class StatementForm(forms.Form):
    text = forms.CharField(
        label="陈述、申辩的内容", widget=forms.Textarea(attrs={"rows": 6}), max_length=50000
    )


class CorrectionReportForm(forms.Form):
    report = forms.CharField(
        label="整改完成情况", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
