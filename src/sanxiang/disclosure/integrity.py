"""`sanxiang verify`: every 公示设置 row was written through `disclosure_policy_update`.

The policy decides what gets published (e.g. 不予许可 decisions), so a row that appeared without
its audit event — and so without the old and new values in the ledger — is a discrepancy.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models

from sanxiang.disclosure.models import DisclosurePolicy
from sanxiang.ledger.integrity import Discrepancy, Progress, no_progress, rows_without_audit

AUDITED_MODELS: tuple[type[models.Model], ...] = (DisclosurePolicy,)


def check_policies_audited(progress: Progress = no_progress) -> Iterator[Discrepancy]:
    return rows_without_audit(AUDITED_MODELS, progress)
