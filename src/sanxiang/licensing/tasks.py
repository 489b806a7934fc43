"""Background tasks of the licensing app, run by the django-tasks worker (`sanxiang worker`).

django.tasks has no scheduler: cron (or the worker's ticker) runs `sanxiang licences_expire
--enqueue` daily. Running it more often is harmless: a licence expires once.
"""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from sanxiang.licensing.services import licences_expire as licences_expire_service


@task()
def licences_expire() -> dict[str, int]:
    """Mark valid licences past valid_to EXPIRED (the server's date); returns how many."""
    return {"expired": licences_expire_service(today=timezone.localdate())}
