from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sanxiang.accounts"
    label = "accounts"
    verbose_name = "账号与令牌"
