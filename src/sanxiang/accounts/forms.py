from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

NOT_A_STAFF_ACCOUNT = "该账号是申请人/当事人账号，请从“申请人服务”登录。"
# Apps above accounts whose logins must not use the staff login (the applicants app registers
# "has an applicant profile" from its ready(); accounts never imports it).
NON_STAFF_CHECKS: list[Callable[[Any], bool]] = []


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败 5 次将锁定账号 30 分钟。",
        "inactive": "该账号已停用。",
        "not_staff": NOT_A_STAFF_ACCOUNT,
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if any(check(user) for check in NON_STAFF_CHECKS):
            raise forms.ValidationError(self.error_messages["not_staff"], code="not_staff")


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="令牌名称", max_length=100, help_text="例如：移动执法终端、数据对接"
    )
    valid_days = forms.TypedChoiceField(
        label="有效期",
        coerce=int,
        choices=[(30, "30 天"), (90, "90 天"), (365, "1 年")],
        initial=365,
    )
