"""Background task of the spotchecks app, run by the django-tasks worker (`sanxiang worker`).

Enqueued by cron or the worker's ticker (`sanxiang spotcheck_alerts --enqueue`); running it more
often than daily is harmless: an alert is raised once per entity and end date.
"""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from sanxiang.spotchecks.services import alerts_scan


@task()
def scan_multi_inspection_alerts() -> int:
    """Raise today's 多头检查 alerts for every entity inspected recently; returns how many."""
    return len(alerts_scan(today=timezone.localdate()))
