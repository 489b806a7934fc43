"""sanxiang push_outbox [--enqueue]: deliver due outbound pushes to the 公示平台 targets."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sanxiang.outbound.tasks import push_outbox

DONE = "推送完成：尝试 {claimed} 条（{details}）"
ENQUEUED = "已提交后台任务 {id}，由 sanxiang worker 执行"
OUTCOME_LABELS = {
    "delivered": "送达",
    "duplicate": "对方已有",
    "retry": "待重试",
    "rejected": "被拒收",
    "gave_up": "重试耗尽",
}


class Command(BaseCommand):
    help = "向已配置的公示平台推送到期的公示消息（失败按退避策略重试）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="提交给后台任务进程执行")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = push_outbox.enqueue()
            self.stdout.write(ENQUEUED.format(id=result.id))
            return
        counts = push_outbox.call()
        details = "，".join(
            f"{label} {counts[key]}" for key, label in OUTCOME_LABELS.items() if counts.get(key)
        )
        self.stdout.write(DONE.format(claimed=counts["claimed"], details=details or "无"))
