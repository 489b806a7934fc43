"""sanxiang spotcheck_alerts [--enqueue]: today's 多头检查 alerts (N agencies in 30 days)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sanxiang.spotchecks.tasks import scan_multi_inspection_alerts


class Command(BaseCommand):
    help = "扫描近期行政检查，对同一对象被多个机关检查超过阈值的生成多头检查预警"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="提交给后台任务进程执行")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = scan_multi_inspection_alerts.enqueue()
            self.stdout.write(f"已提交后台任务 {result.id}，由 sanxiang worker 执行")
            return
        count = scan_multi_inspection_alerts.call()
        self.stdout.write(f"已生成多头检查预警 {count} 条")
