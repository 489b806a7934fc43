"""sanxiang demo load | status: the demo agencies, officers, accounts and 清单 (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanxiang.core.errors import ApplicationError
from sanxiang.demo.selectors import demo_accounts, demo_status
from sanxiang.demo.services import demo_load


class Command(BaseCommand):
    help = "演示数据：load 加载（重复运行不会重复创建），status 查看 (demo data: load, status)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="加载演示数据（已加载则不做任何修改）")
        status = sub.add_parser("status", help="查看演示数据是否已加载及演示账号")
        status.add_argument(
            "--quiet", action="store_true", help="只用退出码表示：0 已加载，1 未加载"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "load":
                self._load()
            else:
                self._status(quiet=options["quiet"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    def _load(self) -> None:
        result = demo_load()
        if result.loaded:
            self.stdout.write(self.style.SUCCESS("演示数据已加载 (demo data loaded)"))
        else:
            self.stdout.write("演示数据此前已加载，未作任何修改 (already loaded, nothing changed)")
        self._print_accounts()

    def _status(self, *, quiet: bool) -> None:
        loaded, counts = demo_status()
        if quiet:
            if not loaded:
                raise SystemExit(1)
            return
        self.stdout.write(
            "演示数据：已加载 (loaded)" if loaded else "演示数据：未加载 (not loaded)"
        )
        for label, count in counts.items():
            self.stdout.write(f"  {label}：{count}")
        if loaded:
            self._print_accounts()

    def _print_accounts(self) -> None:
        accounts = demo_accounts()
        if not accounts:
            return
        self.stdout.write(f"演示账号（密码均为 {accounts[0].password}）：")
        for a in accounts:
            self.stdout.write(f"  {a.username:<14} {a.role_label:<12} {a.full_name:<4} {a.agency}")
