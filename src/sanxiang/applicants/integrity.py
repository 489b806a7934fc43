"""`sanxiang verify`: every applicants row was written through a service (has its audit event)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models

from sanxiang.applicants.models import (
    ApplicantProfile,
    ApplicantUpload,
    ElectronicServiceConsent,
    PartyCode,
    PartyLink,
    PartyStatement,
)
from sanxiang.ledger.integrity import Discrepancy, Progress, no_progress, rows_without_audit

AUDITED_MODELS: tuple[type[models.Model], ...] = (
    ApplicantProfile,
    ElectronicServiceConsent,
    ApplicantUpload,
    PartyCode,
    PartyLink,
    PartyStatement,
)


def check_rows_audited(progress: Progress = no_progress) -> Iterator[Discrepancy]:
    return rows_without_audit(AUDITED_MODELS, progress)
