"""`sanxiang verify`: every licensing row was written through a service (has its audit event).

Each service audits the row it creates with the row as target (申请 received, 补正 requested,
§45 period started, licence issued), so a row without such an event bypassed the audit and the
ledger.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models

from sanxiang.core.models import AuditEvent
from sanxiang.ledger.integrity import Discrepancy, Progress
from sanxiang.licensing.models import CorrectionRequest, ExcludedPeriod, Licence, LicenceApplication

AUDITED_MODELS: tuple[type[models.Model], ...] = (
    LicenceApplication,
    CorrectionRequest,
    ExcludedPeriod,
    Licence,
)


def _noop(_: int) -> None:
    return None


def check_licensing_rows_audited(progress: Progress = _noop) -> Iterator[Discrepancy]:
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
