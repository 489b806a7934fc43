from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败 5 次将锁定账号 30 分钟。",
        "inactive": "该账号已停用。",
    }


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
