"""Writes of the outbound push: queue a public change, retry a refused message by hand, and the
系统管理员's target configuration. Each is one transaction with its audit event and ledger entry;
delivery itself (the worker's writes) lives in `outbound.delivery`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from sanxiang.cases.services.validation import parse
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.disclosure.listeners import PublicChange
from sanxiang.disclosure.models import Disclosure, DisclosureVersion
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.models import Agency, Region
from sanxiang.outbound.mapping import (
    body_bytes,
    envelope,
    idempotency_key,
    mapped_record,
    mapping_of,
    source_record,
)
from sanxiang.outbound.models import MessageStatus, OutboxMessage, PushEvent, PushTarget
from sanxiang.outbound.permissions import can_manage_targets, can_retry_message
from sanxiang.outbound.target_input import TargetInput, check_target_input

logger = logging.getLogger(__name__)


class OutboundEvent(StrEnum):
    QUEUED = "outbound.message.queued"
    DELIVERED = "outbound.message.delivered"
    FAILED = "outbound.message.failed"
    DEAD = "outbound.message.dead"
    RETRIED = "outbound.message.retried"
    TARGET_CREATED = "outbound.target.created"
    TARGET_UPDATED = "outbound.target.updated"


# disclosure.services_common.DisclosureEvent values (PublicChange.event) → what is pushed.
EVENT_OF = {
    "disclosure.disclosure.published": PushEvent.PUBLISH,
    "disclosure.disclosure.corrected": PushEvent.CORRECT,
    "disclosure.disclosure.withdrawn": PushEvent.WITHDRAW,
    "disclosure.disclosure.expired": PushEvent.EXPIRE,
}
NOT_ADMIN = "只有系统管理员可以配置推送目标平台"
NOT_HANDLER = "只有本机关的公示管理员或机关负责人可以重新推送"
NOT_RETRYABLE = "推送消息当前状态为“{status}”，只有被拒收或重试耗尽的消息可以重新推送"
NAME_TAKEN = "已有名为“{name}”的推送目标平台"
REGION_UNKNOWN = "行政区划代码“{code}”不存在"
AGENCY_UNKNOWN = "所选执法主体不存在"


# -- the listener's write, inside the publication's transaction ----------------------------


def targets_for_agency(agency: Agency) -> list[PushTarget]:
    """Enabled targets receiving `agency`: listed by name, or its region or an ancestor region."""
    codes: list[str] = []
    code: str | None = agency.region_id
    while code is not None and code not in codes:  # a few levels: province, city, county
        codes.append(code)
        code = Region.objects.filter(pk=code).values_list("parent_id", flat=True).first()
    query = PushTarget.objects.filter(enabled=True).filter(
        Q(region_id__in=codes) | Q(agencies=agency)
    )
    return list(query.distinct().order_by("name"))


def last_public_version(disclosure: Disclosure) -> DisclosureVersion | None:
    return disclosure.versions.filter(published_on__isnull=False).order_by("-version").first()


def outbox_enqueue_for_change(change: PublicChange) -> list[OutboxMessage]:
    """One message per enabled target receiving the agency. Runs in the caller's transaction, so
    a rolled-back publication leaves no message; the same change queued twice is queued once.

    Raises: TransactionManagementError outside a transaction (from audit_record).
    """
    event = EVENT_OF.get(change.event)
    disclosure = change.disclosure
    version = change.version or last_public_version(disclosure)
    if event is None or version is None:
        return []
    created = []
    for target in targets_for_agency(disclosure.agency):
        key = idempotency_key(target.pk, disclosure.pk, version.version, event)
        if OutboxMessage.objects.filter(idempotency_key=key).exists():
            continue
        created.append(_queue(change, target, event, version, key))
    if created:
        transaction.on_commit(request_delivery)
    return created


def _queue(
    change: PublicChange, target: PushTarget, event: str, version: DisclosureVersion, key: str
) -> OutboxMessage:
    disclosure = change.disclosure
    previous = OutboxMessage.objects.filter(target=target, disclosure=disclosure)
    sequence = (previous.aggregate(m=Max("sequence"))["m"] or 0) + 1
    record = mapped_record(mapping_of(target.field_mapping), source_record(disclosure, version))
    payload = envelope(
        key=key,
        event=event,
        sequence=sequence,
        disclosure=disclosure,
        version=version,
        record=record,
        origin=settings.SANXIANG_PUBLIC_BASE_URL,
    )
    body = body_bytes(payload)
    sha = hashlib.sha256(body).hexdigest()
    message = OutboxMessage.objects.create(
        target=target,
        disclosure=disclosure,
        agency_id=disclosure.agency_id,
        event=event,
        version=version.version,
        sequence=sequence,
        idempotency_key=key,
        payload=payload,
        body=body.decode(),
        body_sha256=sha,
        next_attempt_at=timezone.now(),
        created_by=change.user if getattr(change.user, "pk", None) else None,
    )
    audit_record(
        actor=change.user,
        event=OutboundEvent.QUEUED.value,
        target=message,
        agency_id=disclosure.agency_id,
        new={
            "target": target.name,
            "disclosure": str(disclosure.pk),
            "event": event,
            "version": version.version,
            "idempotency_key": key,
            "body_sha256": sha,
        },
        subject_sha256=sha,
    )
    return message


def request_delivery() -> None:
    """Ask the worker to push now (after commit). If the queue is unreachable, the periodic
    `push_outbox --enqueue` picks the message up: it is already safely in the outbox."""
    from sanxiang.outbound.tasks import push_outbox

    try:
        push_outbox.enqueue()
    except Exception:
        logger.exception("推送任务提交失败，等待定时推送 (push task enqueue failed)")


# -- the disclosure officer's retry ----------------------------------------------------------


@transaction.atomic
def message_retry(*, user: Any, message_id: Any, reason: str = "") -> OutboxMessage:
    """Put a refused (failed) or exhausted (dead) message back in the queue with a fresh
    attempt budget; its key and body do not change, so the receiver still sees one message.

    Raises: NotFound (missing, or another agency's); Forbidden; RuleViolation (not refused).
    """
    from sanxiang.outbound.selectors import message_get_for_user

    message = message_get_for_user(user=user, message_id=message_id, lock=True)
    if not can_retry_message(user, message):
        raise Forbidden(NOT_HANDLER, code="outbound_not_permitted")
    if message.status not in (MessageStatus.FAILED, MessageStatus.DEAD):
        raise RuleViolation(
            NOT_RETRYABLE.format(status=message.get_status_display()),
            code="outbound_not_retryable",
        )
    old = {"status": message.status, "attempts": message.attempts}
    message.status = MessageStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.lease_token = None
    message.updated_by = user
    message.save()
    audit_record(
        actor=user,
        event=OutboundEvent.RETRIED.value,
        target=message,
        agency_id=message.agency_id,
        old=old,
        new={"status": message.status, "idempotency_key": message.idempotency_key},
        reason=reason.strip()[:2000],
        subject_sha256=message.body_sha256,
    )
    transaction.on_commit(request_delivery)
    return message


# -- the 系统管理员's targets -----------------------------------------------------------------


def _require_admin(user: Any) -> None:
    if not can_manage_targets(user):
        raise Forbidden(NOT_ADMIN, code="outbound_not_permitted")


def _snapshot(target: PushTarget) -> dict[str, Any]:
    return {
        "name": target.name,
        "endpoint": target.endpoint,
        "enabled": target.enabled,
        "region": target.region_id,
        "agencies": sorted(str(pk) for pk in target.agencies.values_list("pk", flat=True)),
        "field_mapping": target.field_mapping,
        "key_name": target.key_name,
        "connect_timeout": f"{target.connect_timeout:g}",  # the ledger takes no floats
        "read_timeout": f"{target.read_timeout:g}",
        "max_attempts": target.max_attempts,
    }


def _apply(target: PushTarget, data: TargetInput, user: Any) -> PushTarget:
    check_target_input(data)
    taken = PushTarget.objects.filter(name=data.name).exclude(pk=target.pk).exists()
    if taken:
        raise ValidationFailed(NAME_TAKEN.format(name=data.name), code="outbound_name_taken")
    region = None
    if data.region_code:
        region = Region.objects.filter(code=data.region_code).first()
        if region is None:
            raise ValidationFailed(
                REGION_UNKNOWN.format(code=data.region_code), code="outbound_region_unknown"
            )
    agencies = list(Agency.objects.filter(pk__in=data.agency_ids))
    if len(agencies) != len(set(data.agency_ids)):
        raise ValidationFailed(AGENCY_UNKNOWN, code="outbound_agency_unknown")
    for name, value in data.model_dump(exclude={"region_code", "agency_ids"}).items():
        setattr(target, name, value)
    target.region = region
    target.updated_by = user
    target.full_clean(exclude=["agencies"])
    target.save()
    target.agencies.set(agencies)
    return target


@transaction.atomic
def target_create(*, user: Any, payload: Mapping[str, Any] | TargetInput) -> PushTarget:
    """Raises: Forbidden (not the 系统管理员); ValidationFailed."""
    _require_admin(user)
    data = parse(TargetInput, payload)
    target = _apply(PushTarget(created_by=user), data, user)
    audit_record(
        actor=user,
        event=OutboundEvent.TARGET_CREATED.value,
        target=target,
        new=_snapshot(target),
    )
    return target


@transaction.atomic
def target_update(
    *, user: Any, target_id: Any, payload: Mapping[str, Any] | TargetInput
) -> PushTarget:
    """Change a target (enable, disable, re-map). Queued messages keep the body they were
    signed with; the new mapping applies to changes published from now on.

    Raises: Forbidden; NotFound; ValidationFailed."""
    _require_admin(user)
    data = parse(TargetInput, payload)
    target = _target_locked(target_id)
    old = _snapshot(target)
    target = _apply(target, data, user)
    new = _snapshot(target)
    changed = {k for k in new if new[k] != old[k]}
    audit_record(
        actor=user,
        event=OutboundEvent.TARGET_UPDATED.value,
        target=target,
        old={k: old[k] for k in sorted(changed)},
        new={k: new[k] for k in sorted(changed)},
    )
    return target


def _target_locked(target_id: Any) -> PushTarget:
    pk = uuid_or_not_found(target_id)
    target = PushTarget.objects.select_for_update().filter(pk=pk).first()
    if target is None:
        raise NotFound()
    return target
