"""Background delivery of the outbox, run by the django-tasks worker (`sanxiang worker`).

Enqueued after every commit that queued a message (outbound.services.request_delivery) and
periodically by `sanxiang push_outbox --enqueue` (scripts/run.sh), which picks up retries whose
backoff has run out. Any number of these may run at once: claiming skips locked rows.
"""

from __future__ import annotations

from django.tasks import task

from sanxiang.outbound.delivery import outbox_drain


@task()
def push_outbox() -> dict[str, int]:
    """Deliver what is due; returns how many messages were attempted and each outcome's count."""
    report = outbox_drain()
    return {"claimed": report.claimed, **report.outcomes}
