"""Periodic checkpoints, signed by the worker process (ADR 0007).

django.tasks has no scheduler, so `sanxiang worker` runs a CheckpointTicker thread beside the
task loop. Every SANXIANG_CHECKPOINT_INTERVAL seconds it signs the tree head if the log grew and
the latest checkpoint is at least that old. The test is made under the ledger head's lock, the
same lock `checkpoint_publish` and every append take, so any number of workers (and the public
on-demand path) sign at most one checkpoint per interval, each consistent with the one before:
two processes can never both see "due" for the same head.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone

from sanxiang.ledger.models import Checkpoint, LedgerHead
from sanxiang.ledger.services import checkpoint_publish

logger = logging.getLogger(__name__)


def checkpoint_interval() -> float:
    """Seconds between periodic checkpoints; 0 turns the ticker off."""
    return float(getattr(settings, "SANXIANG_CHECKPOINT_INTERVAL", 60))


@transaction.atomic
def checkpoint_publish_if_due(*, interval: dt.timedelta) -> Checkpoint | None:
    """Sign the head when the log grew and the latest checkpoint is at least `interval` old.

    Returns the new checkpoint, or None when none was due.
    Raises: RuntimeError (from checkpoint_publish) when the head is inconsistent with the last
        checkpoint; nothing is signed then.
    """
    # FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction already holds the write lock.
    head = LedgerHead.objects.select_for_update().filter(pk=1).first()
    if head is None or head.size == 0:
        return None
    latest = Checkpoint.objects.order_by("-size").first()
    if latest is not None:
        if latest.size >= head.size or timezone.now() - latest.created_at < interval:
            return None
    return checkpoint_publish()  # joins this transaction and its lock


class CheckpointTicker(threading.Thread):
    """A daemon thread that calls checkpoint_publish_if_due every `interval` seconds until stopped.

    A tick that fails (a busy SQLite file, a lost connection, a refused inconsistent head) is
    logged and the next tick tries again: the ticker must outlive any single failure.
    """

    def __init__(self, interval: float) -> None:
        super().__init__(name="ledger-checkpoints", daemon=True)
        self.interval = interval
        self._stop_event = threading.Event()

    def tick(self) -> Checkpoint | None:
        try:
            checkpoint = checkpoint_publish_if_due(interval=dt.timedelta(seconds=self.interval))
        except Exception:
            logger.exception("定时签发检查点失败，下一周期重试 (periodic checkpoint failed)")
            return None
        if checkpoint is not None:
            logger.info("已签发检查点 %s (checkpoint signed)", checkpoint.size)
        return checkpoint

    def run(self) -> None:
        try:
            while not self._stop_event.is_set():
                close_old_connections()  # as Django does around a request: drop dead connections
                self.tick()
                self._stop_event.wait(self.interval)
        finally:
            connections.close_all()  # this thread's own connections

    def stop(self, timeout: float | None = None) -> None:
        """Ask the thread to stop after the tick in progress, and wait for it."""
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout)
