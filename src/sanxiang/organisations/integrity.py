"""`sanxiang verify`: every master-data row was created through a service (has its audit event)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models

from sanxiang.ledger.integrity import Discrepancy, Progress, no_progress, rows_without_audit
from sanxiang.organisations.models import (
    Agency,
    Certificate,
    Officer,
    RoleAssignment,
    TrainingRecord,
    Unit,
)

AUDITED_MODELS: tuple[type[models.Model], ...] = (
    Agency,
    Unit,
    Officer,
    Certificate,
    TrainingRecord,
    RoleAssignment,
)


def check_rows_audited(progress: Progress = no_progress) -> Iterator[Discrepancy]:
    return rows_without_audit(AUDITED_MODELS, progress)
