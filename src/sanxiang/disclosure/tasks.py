"""Background tasks of 事后公开, run by the django-tasks worker (`sanxiang worker`)."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from sanxiang.disclosure.services import disclosures_expire


@task()
def expire_disclosures() -> dict[str, int]:
    """Take decisions whose display period has ended off the portal (kept in the archive)."""
    return {"expired": len(disclosures_expire(today=timezone.localdate()))}
