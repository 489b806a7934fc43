"""sanxiang licences_expire [--enqueue]: valid licences past their validity become 有效期届满."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sanxiang.licensing.tasks import licences_expire

DONE = "已将 {expired} 件有效期届满的许可证件标记为“有效期届满”"
ENQUEUED = "已提交后台任务 {id}，由 sanxiang worker 执行"


class Command(BaseCommand):
    help = "扫描有效期已届满的行政许可证件并标记为有效期届满（每日运行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="提交给后台任务进程执行，而不是在本进程中执行"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = licences_expire.enqueue()
            self.stdout.write(ENQUEUED.format(id=result.id))
            return
        self.stdout.write(DONE.format(**licences_expire.call()))
