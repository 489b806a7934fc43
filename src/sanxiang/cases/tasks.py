"""Background tasks of the case app, run by the django-tasks worker (`sanxiang worker`).

django.tasks has no scheduler: something periodic must enqueue `raise_deadline_alerts` (the
worker's ticker, or cron running `sanxiang raise_deadline_alerts --enqueue`). Running it more
often than daily is harmless: each alert level is raised once per clock.
"""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from sanxiang.cases.alerts import deadline_alerts_raise
from sanxiang.cases.models import AlertLevel


@task()
def raise_deadline_alerts() -> dict[str, int]:
    """Raise today's 临期/超期 alerts (the server's date); returns how many of each."""
    alerts = deadline_alerts_raise(today=timezone.localdate())
    return {
        "due_soon": sum(1 for a in alerts if a.level == AlertLevel.DUE_SOON),
        "overdue": sum(1 for a in alerts if a.level == AlertLevel.OVERDUE),
    }
