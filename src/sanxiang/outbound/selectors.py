"""Reads of the outbound push that cross a permission boundary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from sanxiang.core.errors import Forbidden, NotFound
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.outbound.models import MessageStatus, OutboxMessage, PushTarget
from sanxiang.outbound.permissions import can_manage_targets, messages_visible_to
from sanxiang.outbound.services import NOT_ADMIN

LOG_PAGE_SIZE = 100


def message_get_for_user(*, user: Any, message_id: Any, lock: bool = False) -> OutboxMessage:
    """Raises: NotFound when missing or not the user's agency's (the same 404 for both)."""
    pk = uuid_or_not_found(message_id)
    query = messages_visible_to(user)
    if lock:
        query = query.select_for_update()
    found = query.select_related("target", "disclosure", "agency").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def delivery_log(*, user: Any, status: str | None = None) -> QuerySet[OutboxMessage]:
    """The user's agency's messages, newest first, optionally of one status."""
    query = messages_visible_to(user).select_related("target", "disclosure")
    if status in MessageStatus.values:
        query = query.filter(status=status)
    return query.order_by("-created_at")[:LOG_PAGE_SIZE]


def status_counts(*, user: Any) -> dict[str, int]:
    rows = messages_visible_to(user).values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(MessageStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


@dataclass(frozen=True)
class TargetRow:
    target: PushTarget
    counts: dict[str, int]


def targets_for_admin(*, user: Any) -> list[TargetRow]:
    """Every target with its message counts by status. Raises: Forbidden (not the 系统管理员)."""
    if not can_manage_targets(user):
        raise Forbidden(NOT_ADMIN, code="outbound_not_permitted")
    counts: dict[Any, dict[str, int]] = {}
    rows = OutboxMessage.objects.values("target_id", "status").annotate(n=Count("pk"))
    for row in rows:
        counts.setdefault(row["target_id"], {})[row["status"]] = row["n"]
    targets = PushTarget.objects.select_related("region").prefetch_related("agencies")
    return [TargetRow(t, counts.get(t.pk, {})) for t in targets]


def target_get_for_admin(*, user: Any, target_id: Any) -> PushTarget:
    """Raises: Forbidden; NotFound."""
    if not can_manage_targets(user):
        raise Forbidden(NOT_ADMIN, code="outbound_not_permitted")
    pk = uuid_or_not_found(target_id)
    target = PushTarget.objects.filter(pk=pk).first()
    if target is None:
        raise NotFound()
    return target
