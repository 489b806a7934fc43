"""sanxiang token create --user NAME [--name LABEL] [--days N]: prints the token as the last word."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanxiang.accounts.services import api_token_create
from sanxiang.core.errors import ApplicationError


class Command(BaseCommand):
    help = "创建个人 API 令牌 (create a personal API token)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="创建令牌")
        create.add_argument("--user", required=True, help="用户名")
        create.add_argument("--name", default="命令行创建", help="令牌名称")
        create.add_argument("--days", type=int, default=365, help="有效天数（0 为长期）")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"用户 {options['user']} 不存在")
        try:
            token, secret = api_token_create(
                user=user, name=options["name"], valid_days=options["days"] or None
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        expiry = token.expires_at.date().isoformat() if token.expires_at else "长期"
        self.stdout.write(f"已为 {user.get_username()} 创建令牌（有效期至 {expiry}）: {secret}")
