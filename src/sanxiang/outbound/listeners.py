"""Registered by OutboundConfig.ready: every public change of a disclosure queues its pushes in
the same transaction (disclosure.listeners calls this inside publish/correct/withdraw/expire)."""

from __future__ import annotations

from sanxiang.disclosure.listeners import PublicChange, on_public_change
from sanxiang.outbound.services import outbox_enqueue_for_change


@on_public_change
def queue_pushes(change: PublicChange) -> None:
    outbox_enqueue_for_change(change)
