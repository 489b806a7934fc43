"""`sanxiang verify`: every spotchecks row was written through a service (has its audit event)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models

from sanxiang.ledger.integrity import Discrepancy, Progress, no_progress, rows_without_audit
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


def check_rows_audited(progress: Progress = no_progress) -> Iterator[Discrepancy]:
    return rows_without_audit(AUDITED_MODELS, progress)
