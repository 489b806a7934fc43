"""audit_record: the one call every service makes for a state change.

It writes the `core.AuditEvent` (who changed what, for people) and appends the same event to the
ledger (for anyone who checks), in the caller's transaction. So every service-layer write is both
audited and ledgered, or neither, because the change itself rolled back.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.db import models

from sanxiang.core.audit import audit_event_write
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.services import ledger_append

# Personal data never goes into a ledger entry (entries outlive corrections and are shared with
# auditors); the AuditEvent keeps only what the service passed.
LEDGER_EXCLUDED_KEYS = frozenset({"phone", "id_number", "password"})


def _public(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in LEDGER_EXCLUDED_KEYS}


def audit_record(
    *,
    actor: Any,
    event: str,
    target: models.Model,
    agency_id: uuid.UUID | None = None,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    reason: str = "",
    subject_sha256: str = "",
) -> AuditEvent:
    """Write the AuditEvent and its ledger entry. Must run inside the service's transaction.

    Raises:
        TransactionManagementError: outside an atomic block.
    """
    record = audit_event_write(
        actor=actor,
        event=event,
        target=target,
        agency_id=agency_id,
        old=old,
        new=new,
        reason=reason,
    )
    ledger_append(
        kind=event,
        actor=getattr(actor, "username", "") or "system",
        target=f"{record.target_type}:{record.target_id}",
        agency_id=agency_id,
        subject_sha256=subject_sha256,
        identity=f"audit:{record.pk}",
        data={
            "audit_event": record.pk,
            "agency": str(agency_id) if agency_id else None,
            "old": _public(record.old),
            "new": _public(record.new),
            "reason": reason,
        },
    )
    return record
