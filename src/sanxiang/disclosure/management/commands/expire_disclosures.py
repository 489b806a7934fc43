"""sanxiang expire_disclosures [--enqueue]: take decisions past their display period off the portal."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sanxiang.disclosure.tasks import expire_disclosures

DONE = "公示期满下网：{expired} 条"
ENQUEUED = "已提交后台任务 {id}，由 sanxiang worker 执行"


class Command(BaseCommand):
    help = "将公示期满的行政执法决定从公示平台下网（存档保留）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="提交给后台任务进程执行")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = expire_disclosures.enqueue()
            self.stdout.write(ENQUEUED.format(id=result.id))
            return
        self.stdout.write(DONE.format(**expire_disclosures.call()))
