"""`sanxiang verify`: every spotchecks row was written through a service (has its audit event)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models

from sanxiang.core.models import AuditEvent
from sanxiang.ledger.integrity import Discrepancy, Progress
from sanxiang.spotchecks.models import (
    AlertConfig,
    Assignment,
    Draw,
    InspectorEntry,
    MarketEntity,
    MultiInspectionAlert,
    Relation,
    SpotCheckTask,
    TaskParticipant,
)

AUDITED_MODELS: tuple[type[models.Model], ...] = (
    MarketEntity,
    InspectorEntry,
    Relation,
    SpotCheckTask,
    TaskParticipant,
    Draw,
    Assignment,
    AlertConfig,
    MultiInspectionAlert,
)


def _noop(_: int) -> None:
    return None


def check_rows_audited(progress: Progress = _noop) -> Iterator[Discrepancy]:
    for model in AUDITED_MODELS:
        label = model._meta.label_lower
        audited = set(
            AuditEvent.objects.filter(target_type=label).values_list("target_id", flat=True)
        )
        for pk in model._default_manager.values_list("pk", flat=True).iterator(chunk_size=5000):
            if str(pk) not in audited:
                yield Discrepancy(
                    "row_not_audited",
                    f"{model._meta.verbose_name} {pk} 没有经过业务服务写入的记录（绕过了审计和日志）",
                )
            progress(1)
