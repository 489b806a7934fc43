"""The AuditEvent writer. Services call `sanxiang.ledger.audit.audit_record`, which uses this and
also appends the event to the ledger; nothing else should call it directly."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from django.db import models, transaction

from sanxiang.core.models import AuditEvent

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def audit_event_write(
    *,
    actor: Any,
    event: str,
    target: models.Model,
    agency_id: uuid.UUID | None = None,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Write one AuditEvent. Must run inside the service's transaction.

    Raises:
        TransactionManagementError: when called outside an atomic block, so that a change and its
            trail can never be committed apart.
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "audit records must be written inside a transaction"
        )
    actor_obj = actor if getattr(actor, "pk", None) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        event=event,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        agency_id=agency_id,
        old=_jsonable(old or {}),
        new=_jsonable(new or {}),
        reason=reason,
        request_id=current_request_id.get(),
    )
