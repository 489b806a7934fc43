"""sanxiang raise_deadline_alerts [--enqueue]: today's 临期/超期 alerts on every running clock."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sanxiang.cases.tasks import raise_deadline_alerts

RAISED = "已生成期限预警：临期 {due_soon} 条，超期 {overdue} 条"
ENQUEUED = "已提交后台任务 {id}，由 sanxiang worker 执行"


class Command(BaseCommand):
    help = "扫描进行中的办案期限，生成临期、超期预警（每个期限每级只生成一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="提交给后台任务进程执行，而不是在本进程中执行",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = raise_deadline_alerts.enqueue()
            self.stdout.write(ENQUEUED.format(id=result.id))
            return
        counts = raise_deadline_alerts.call()
        self.stdout.write(RAISED.format(**counts))
