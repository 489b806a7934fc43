"""sanxiang worker: the django-tasks-db worker (`db_worker`) plus the ledger's checkpoint ticker.

One process does both, so a deployment runs the same processes as before and N workers need no
extra scheduler (ADR 0007). Every db_worker option works unchanged.
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from sanxiang.ledger.tasks import CheckpointTicker, checkpoint_interval


class Command(DbWorkerCommand):
    help = "后台任务进程，并定时签发防篡改日志检查点 (task worker with periodic ledger checkpoints)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--checkpoint-interval",
            type=float,
            default=None,
            help="检查点签发间隔（秒），0 为不签发；默认 SANXIANG_CHECKPOINT_INTERVAL",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options.pop("checkpoint_interval")
        interval = checkpoint_interval() if interval is None else interval
        # With --reload the parent only watches files; the ticker belongs in the child that
        # runs tasks. A --batch run drains the queue and exits, so it needs no ticker.
        reloading = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        ticker = None
        if interval > 0 and not options.get("batch") and not reloading:
            ticker = CheckpointTicker(interval)
            ticker.start()
            self.stdout.write(f"检查点：日志有增长时每 {interval:g} 秒签发一次")
        try:
            super().handle(*args, **options)
        finally:
            if ticker is not None:
                ticker.stop(timeout=30)
