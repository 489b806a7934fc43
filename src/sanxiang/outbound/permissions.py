"""Who sees and acts on pushes: the 公示管理员 (and the agency head) of the agency whose
decisions they carry; the 系统管理员 configures the targets (三员分立: configuration is theirs)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sanxiang.disclosure.permissions import HANDLERS
from sanxiang.organisations.models import Role
from sanxiang.organisations.permissions import agency_ids_with_role, has_role
from sanxiang.outbound.models import OutboxMessage


def messages_visible_to(user: Any) -> QuerySet[OutboxMessage]:
    """Own agency's messages only; another agency's message does not exist for this user."""
    own = agency_ids_with_role(user, *HANDLERS)
    if not own:
        return OutboxMessage.objects.none()
    return OutboxMessage.objects.filter(agency_id__in=own)


def can_read_delivery_log(user: Any) -> bool:
    return bool(agency_ids_with_role(user, *HANDLERS))


def can_retry_message(user: Any, message: OutboxMessage) -> bool:
    return message.agency_id in agency_ids_with_role(user, *HANDLERS)


def can_manage_targets(user: Any) -> bool:
    return has_role(user, Role.SYSTEM_ADMIN)
