"""The worker's side of the outbox: claim due messages, POST them, record what came back.

At least once, never doubled on the receiver's side: every attempt of a message sends the same
bytes, the same signature and the same Idempotency-Key, so a receiver that keeps the keys it has
seen drops a repeat (and may answer 409, which counts as delivered here).

Claiming is concurrency-safe: a short transaction takes due rows with
`SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL; on SQLite the IMMEDIATE transaction already holds
the write lock), stamps a lease token and pushes `next_attempt_at` past the longest the attempt
can take, and commits *before* the HTTP call, so no lock is held while waiting on the network
and a worker that dies mid-attempt only delays the message until its lease ends. The result is
applied in a second transaction, and only under the token of the latest claim.

One target's changes to one disclosure go out in order (`sequence`): a message waits while an
earlier one for the same target and disclosure is still pending, so a withdrawal never overtakes
its publication. A refused or exhausted earlier message does not block the later ones.
"""

from __future__ import annotations

import datetime as dt
import http.client
import random
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from sanxiang.ledger.audit import audit_record
from sanxiang.outbound.models import (
    AttemptOutcome,
    DeliveryAttempt,
    MessageStatus,
    OutboxMessage,
)
from sanxiang.outbound.services import OutboundEvent
from sanxiang.outbound.signing import SIGNATURE_HEADER, load_push_key, signature_header

EXCERPT_BYTES = 2048
ERROR_CHARS = 500
LEASE_MARGIN_SECONDS = 30.0
# Statuses that mean "try again later" although they are 4xx (RFC 9110 §15.5.9, RFC 6585 §4).
TRANSIENT_4XX = frozenset({408, 425, 429})
USER_AGENT = "sanxiang-outbound/1"


@dataclass(frozen=True)
class Claim:
    message_id: uuid.UUID
    token: uuid.UUID
    endpoint: str
    idempotency_key: str
    body: bytes
    signature: str
    connect_timeout: float
    read_timeout: float


@dataclass(frozen=True)
class Reply:
    status: int | None  # None: no HTTP answer (timeout, refused, dropped connection)
    text: str  # the start of the answer's body, or the error
    duration_ms: int


@dataclass
class DeliveryReport:
    claimed: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


def backoff_seconds(attempts: int) -> float:
    """Exponential backoff with equal jitter: in [c/2, c], c = min(cap, base·2^(attempts−1)).

    Half the delay is random so that workers retrying after one outage do not return together.
    """
    base = float(getattr(settings, "SANXIANG_OUTBOUND_BACKOFF_BASE", 30))
    cap = float(getattr(settings, "SANXIANG_OUTBOUND_BACKOFF_CAP", 6 * 3600))
    ceiling = min(cap, base * 2 ** max(attempts - 1, 0))
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 (jitter, not a secret)


def _due(now: dt.datetime) -> QuerySet[OutboxMessage]:
    earlier_pending = OutboxMessage.objects.filter(
        target=OuterRef("target"),
        disclosure=OuterRef("disclosure"),
        sequence__lt=OuterRef("sequence"),
        status=MessageStatus.PENDING,
    )
    return (
        OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("target")
        .filter(status=MessageStatus.PENDING, next_attempt_at__lte=now, target__enabled=True)
        .exclude(Exists(earlier_pending))
        .order_by("next_attempt_at", "sequence")
    )


@transaction.atomic
def claim_due(*, limit: int = 20) -> list[Claim]:
    """Take up to `limit` due messages for this worker (see the module docstring)."""
    now = timezone.now()
    claims = []
    for message in _due(now)[:limit]:
        target = message.target
        if not message.signature:  # signed once; every retry sends the same signature
            try:
                key = load_push_key(target.key_name)
            except (OSError, ValueError) as exc:  # unreadable key file: an operator must fix it
                message.last_error = f"签名密钥不可用：{exc}"[:ERROR_CHARS]
                message.next_attempt_at = now + dt.timedelta(seconds=backoff_seconds(1))
                message.save(update_fields=["last_error", "next_attempt_at", "updated_at"])
                continue
            message.signature = signature_header(key, message.body.encode())
            message.key_id = key.key_id
        lease = target.connect_timeout + target.read_timeout + LEASE_MARGIN_SECONDS
        message.lease_token = uuid.uuid4()
        message.attempts += 1
        message.next_attempt_at = now + dt.timedelta(seconds=lease)
        message.save(
            update_fields=[
                "signature",
                "key_id",
                "lease_token",
                "attempts",
                "next_attempt_at",
                "updated_at",
            ]
        )
        claims.append(
            Claim(
                message_id=message.pk,
                token=message.lease_token,
                endpoint=target.endpoint,
                idempotency_key=message.idempotency_key,
                body=message.body.encode(),
                signature=message.signature,
                connect_timeout=target.connect_timeout,
                read_timeout=target.read_timeout,
            )
        )
    return claims


def post(claim: Claim) -> Reply:
    """One POST with separate connect and read timeouts; redirects are not followed (a signed
    body is for the configured endpoint only). Never raises for network trouble."""
    parts = urlsplit(claim.endpoint)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Idempotency-Key": claim.idempotency_key,
        SIGNATURE_HEADER: claim.signature,
        "User-Agent": USER_AGENT,
    }
    started = time.monotonic()
    connection = connection_class(parts.hostname or "", parts.port, timeout=claim.connect_timeout)
    try:
        connection.connect()
        if connection.sock is not None:
            connection.sock.settimeout(claim.read_timeout)
        connection.request("POST", path, body=claim.body, headers=headers)
        response = connection.getresponse()
        text = response.read(EXCERPT_BYTES).decode("utf-8", "replace")
        return Reply(response.status, text, _since(started))
    except (OSError, http.client.HTTPException) as exc:
        return Reply(None, f"{type(exc).__name__}: {exc}"[:ERROR_CHARS], _since(started))
    finally:
        connection.close()


def _since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def classify(reply: Reply) -> AttemptOutcome:
    """2xx delivered; 409 the receiver already has it; 5xx, 408/425/429 and no answer retry;
    any other status (another 4xx, an unexpected redirect) is a refusal retrying cannot fix."""
    status = reply.status
    if status is None or status >= 500 or status in TRANSIENT_4XX:
        return AttemptOutcome.RETRY
    if 200 <= status < 300:
        return AttemptOutcome.DELIVERED
    if status == 409:
        return AttemptOutcome.DUPLICATE
    return AttemptOutcome.REJECTED


def _error_text(reply: Reply) -> str:
    if reply.status is None:
        return reply.text
    if 200 <= reply.status < 300 or reply.status == 409:
        return ""
    return f"HTTP {reply.status}: {reply.text}"[:ERROR_CHARS]


@transaction.atomic
def record_reply(claim: Claim, reply: Reply) -> AttemptOutcome:
    """Log the attempt and move the message on. A late reply (the lease ran out and another
    worker claimed the message) is only logged, unless it is a delivery, which always counts."""
    now = timezone.now()
    message = (
        OutboxMessage.objects.select_for_update().select_related("target").get(pk=claim.message_id)
    )
    outcome = classify(reply)
    current = message.status == MessageStatus.PENDING and message.lease_token == claim.token
    delivered = outcome in (AttemptOutcome.DELIVERED, AttemptOutcome.DUPLICATE)
    if outcome == AttemptOutcome.RETRY and message.attempts >= message.target.max_attempts:
        outcome = AttemptOutcome.GAVE_UP
    DeliveryAttempt.objects.create(
        message=message,
        number=message.log.count() + 1,
        at=now,
        http_status=reply.status,
        duration_ms=reply.duration_ms,
        outcome=outcome,
        error=_error_text(reply),
    )
    if message.status == MessageStatus.DELIVERED or not (current or delivered):
        return outcome
    message.last_status = reply.status
    message.last_error = _error_text(reply)
    message.lease_token = None
    if delivered:
        _finish(message, MessageStatus.DELIVERED, OutboundEvent.DELIVERED, now)
    elif outcome == AttemptOutcome.REJECTED:
        _finish(message, MessageStatus.FAILED, OutboundEvent.FAILED, now)
    elif outcome == AttemptOutcome.GAVE_UP:
        _finish(message, MessageStatus.DEAD, OutboundEvent.DEAD, now)
    else:
        message.next_attempt_at = now + dt.timedelta(seconds=backoff_seconds(message.attempts))
        message.save()
    return outcome


def _finish(message: OutboxMessage, status: str, event: OutboundEvent, now: dt.datetime) -> None:
    message.status = status
    if status == MessageStatus.DELIVERED:
        message.delivered_at = now
    message.save()
    audit_record(
        actor=None,
        event=event.value,
        target=message,
        agency_id=message.agency_id,
        new={
            "status": status,
            "target": message.target.name,
            "idempotency_key": message.idempotency_key,
            "attempts": message.attempts,
            "http_status": message.last_status,
            "error": message.last_error,
        },
        subject_sha256=message.body_sha256,
    )


def outbox_deliver(*, limit: int = 20) -> DeliveryReport:
    """One round: claim up to `limit` due messages and attempt each once."""
    report = DeliveryReport()
    claims = claim_due(limit=limit)
    report.claimed = len(claims)
    for claim in claims:
        outcome = record_reply(claim, post(claim))
        report.outcomes[outcome] = report.outcomes.get(outcome, 0) + 1
    return report


def outbox_drain(*, budget_seconds: float = 60.0, limit: int = 20) -> DeliveryReport:
    """Rounds until nothing is due or the time budget is spent (the worker has other tasks)."""
    total = DeliveryReport()
    deadline = time.monotonic() + budget_seconds
    while time.monotonic() < deadline:
        report = outbox_deliver(limit=limit)
        if report.claimed == 0:
            break
        total.claimed += report.claimed
        for outcome, count in report.outcomes.items():
            total.outcomes[outcome] = total.outcomes.get(outcome, 0) + count
    return total
