"""`sanxiang verify`: every 检查计划 and 行政检查 row was written through a service (has its
audit event, hence its ledger entry)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models

from sanxiang.inspections.models import Inspection, InspectionPlan
from sanxiang.ledger.integrity import Discrepancy, Progress, no_progress, rows_without_audit

AUDITED_MODELS: tuple[type[models.Model], ...] = (InspectionPlan, Inspection)


def check_inspections_audited(progress: Progress = no_progress) -> Iterator[Discrepancy]:
    return rows_without_audit(AUDITED_MODELS, progress)
