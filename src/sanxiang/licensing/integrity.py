"""`sanxiang verify`: every licensing row was written through a service (has its audit event).

Each service audits the row it creates with the row as target (申请 received, 补正 requested,
§45 period started, licence issued), so a row without such an event bypassed the audit and the
ledger.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models

from sanxiang.ledger.integrity import Discrepancy, Progress, no_progress, rows_without_audit
from sanxiang.licensing.models import CorrectionRequest, ExcludedPeriod, Licence, LicenceApplication

AUDITED_MODELS: tuple[type[models.Model], ...] = (
    LicenceApplication,
    CorrectionRequest,
    ExcludedPeriod,
    Licence,
)


def check_licensing_rows_audited(progress: Progress = no_progress) -> Iterator[Discrepancy]:
    return rows_without_audit(AUDITED_MODELS, progress)
