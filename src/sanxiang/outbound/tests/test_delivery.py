"""Delivery against a real HTTP receiver that fails, times out and drops connections on purpose:
nothing lost, nothing doubled, mapping applied, signatures valid, withdrawals pushed in order."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse

from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry
from sanxiang.outbound.delivery import backoff_seconds, claim_due, outbox_deliver
from sanxiang.outbound.models import (
    AttemptOutcome,
    DeliveryAttempt,
    MessageStatus,
    OutboxMessage,
    PushEvent,
)
from sanxiang.outbound.services import OutboundEvent, message_retry
from sanxiang.outbound.tests.helpers import (
    deliver_until_quiet,
    publish,
    target,
    withdraw,
)

S = MessageStatus
MAPPING = {
    "XZXDRMC": "行政相对人名称",
    "CFWSH": "行政处罚决定书文号",
    "FKJE": "罚款金额（万元）",
    "GSJZQ": "公示截止期",
    "BZ": "备注",
}
# What the receiver does with the 1st, 2nd, … request for a message (then it accepts).
PLANS = [[], ["500"], ["slow"], ["drop"], ["500", "drop"], ["slow", "500", "drop"]]


def trust_key(client, receiver, key_name: str = "default") -> None:
    """The receiver downloads the public key from the public URL, as a real one would."""
    response = client.get(reverse("outbound:public_key", args=[key_name]))
    assert response.status_code == 200
    receiver.trust(response.content)


def test_every_message_delivered_exactly_once_through_failures_timeouts_and_drops(
    office, receiver, client
):
    plain = target(office, receiver.url("plain"))
    mapped = target(
        office,
        receiver.url("mapped"),
        name="全国行政执法综合管理监督信息系统",
        agency_ids=[],
        region_code=office.agency.region_id,  # the whole region, not the agency by name
        field_mapping=MAPPING,
    )
    trust_key(client, receiver)
    disclosures = [publish(office) for _ in PLANS]
    plan_of = {(str(d.pk), "publish"): plan for d, plan in zip(disclosures, PLANS, strict=True)}
    for disclosure, plan in ((disclosures[0], ["drop"]), (disclosures[4], ["slow"])):
        withdraw(office, disclosure)
        plan_of[(str(disclosure.pk), "withdraw")] = plan
    receiver.script = lambda body: plan_of[(body["disclosure"]["id"], body["event"])]
    receiver.slow_seconds = 1.0  # the client's read timeout is 0.4 s

    deliver_until_quiet()

    messages = list(OutboxMessage.objects.all())
    assert len(messages) == 2 * (len(PLANS) + 2)
    assert {m.status for m in messages} == {S.DELIVERED}
    # Nothing lost, nothing doubled: each message arrived and was kept exactly once.
    keys = {m.idempotency_key for m in messages}
    assert len(receiver.arrivals) == len(messages) == len(set(receiver.arrivals))
    assert {key for _, key in receiver.arrivals} == keys
    assert all(len(bodies) == 1 for bodies in receiver.kept.values())
    assert receiver.raw_requests > len(messages)  # the failures made the client retry
    assert receiver.raw_requests == DeliveryAttempt.objects.count()
    assert receiver.bad_signatures == []
    assert set(receiver.paths) == {"/api/receive?target=plain", "/api/receive?target=mapped"}
    # The receiver saw each publication before its withdrawal.
    order = [key for _, key in receiver.arrivals]
    for m in messages:
        if m.event == PushEvent.WITHDRAW:
            publication = OutboxMessage.objects.get(
                target=m.target, disclosure=m.disclosure, event=PushEvent.PUBLISH
            )
            assert order.index(publication.idempotency_key) < order.index(m.idempotency_key)
            assert (publication.sequence, m.sequence) == (1, 2)
    # The mapping: the mapped target got only its own field names.
    first = disclosures[1]
    body = receiver.kept[OutboxMessage.objects.get(target=mapped, disclosure=first).idempotency_key]
    assert body[0]["record"] == {
        "XZXDRMC": "某某商贸有限公司",
        "CFWSH": first.decision_number,
        "FKJE": "0.3",
        "GSJZQ": "2026-06-11",
        "BZ": "",
    }
    plain_body = receiver.kept[
        OutboxMessage.objects.get(target=plain, disclosure=first).idempotency_key
    ][0]
    assert plain_body["record"]["行政处罚决定书文号"] == first.decision_number
    assert plain_body["record"]["公示截止期"] == "2026-06-11"
    # Withdrawn decisions pushed a withdrawal with its public reason.
    withdrawals = [b[0] for b in receiver.kept.values() if b[0]["event"] == "withdraw"]
    assert len(withdrawals) == 4
    assert {w["withdrawal"]["reason"] for w in withdrawals} == {"行政处罚决定已被复议机关撤销"}
    # Every delivery is audited and ledgered with the body's digest.
    delivered = AuditEvent.objects.filter(event=OutboundEvent.DELIVERED.value)
    assert delivered.count() == len(messages)
    entries = LedgerEntry.objects.filter(kind=OutboundEvent.DELIVERED.value)
    assert {e.subject_sha256 for e in entries} == {m.body_sha256 for m in messages}


def test_timeout_and_drop_are_logged_as_retries_then_a_409_counts_as_delivered(
    office, receiver, client
):
    target(office, receiver.url())
    trust_key(client, receiver)
    disclosure = publish(office)
    receiver.script = lambda body: ["slow", "drop"]
    receiver.slow_seconds = 1.0

    deliver_until_quiet()

    message = OutboxMessage.objects.get(disclosure=disclosure)
    attempts = list(message.log.all())
    assert [a.outcome for a in attempts] == [
        AttemptOutcome.RETRY,
        AttemptOutcome.RETRY,
        AttemptOutcome.DUPLICATE,
    ]
    assert "TimeoutError" in attempts[0].error or "timed out" in attempts[0].error
    assert attempts[0].http_status is None
    assert attempts[0].duration_ms >= 350
    assert attempts[1].http_status is None
    assert attempts[1].error != ""
    assert attempts[2].http_status == 409
    assert message.status == S.DELIVERED
    assert message.delivered_at is not None
    assert len(receiver.kept[message.idempotency_key]) == 1


def test_refused_message_fails_with_the_reason_and_is_retried_by_hand(office, receiver, client):
    target(office, receiver.url())
    trust_key(client, receiver)
    disclosure = publish(office)
    receiver.script = lambda body: ["400"]

    deliver_until_quiet()

    message = OutboxMessage.objects.get(disclosure=disclosure)
    assert message.status == S.FAILED
    assert message.attempts == 1
    assert message.last_status == 400
    assert message.last_error.startswith("HTTP 400")
    assert "缺少必填字段" in message.last_error
    failed = AuditEvent.objects.get(event=OutboundEvent.FAILED.value)
    assert failed.new["http_status"] == 400

    message_retry(user=office.publisher, message_id=message.pk, reason="对方平台已修复字段校验")
    deliver_until_quiet()

    message.refresh_from_db()
    assert message.status == S.DELIVERED
    assert receiver.seen[message.idempotency_key] == 2
    assert len(receiver.kept[message.idempotency_key]) == 1
    retried = AuditEvent.objects.get(event=OutboundEvent.RETRIED.value)
    assert retried.reason == "对方平台已修复字段校验"
    assert retried.old["status"] == S.FAILED
    assert LedgerEntry.objects.filter(kind=OutboundEvent.RETRIED.value).count() == 1


def test_max_attempts_make_a_message_dead_and_visible_until_retried(office, receiver, client):
    target(office, receiver.url(), max_attempts=2)
    trust_key(client, receiver)
    disclosure = publish(office)
    receiver.script = lambda body: ["500", "500"]

    deliver_until_quiet()

    message = OutboxMessage.objects.get(disclosure=disclosure)
    assert message.status == S.DEAD
    assert message.last_error.startswith("HTTP 500")
    assert [a.outcome for a in message.log.all()] == [
        AttemptOutcome.RETRY,
        AttemptOutcome.GAVE_UP,
    ]
    assert AuditEvent.objects.filter(event=OutboundEvent.DEAD.value).count() == 1
    client.force_login(office.publisher)
    page = client.get(reverse("outbound:log") + "?status=dead").content.decode()
    assert "重试耗尽" in page
    assert str(disclosure) in page

    message_retry(user=office.publisher, message_id=message.pk)
    deliver_until_quiet()
    message.refresh_from_db()
    assert message.status == S.DELIVERED
    assert [a.number for a in message.log.all()] == [1, 2, 3]
    assert receiver.raw_requests == 3
    assert len(receiver.arrivals) == 1


def test_unreachable_receiver_is_retried_later_not_lost(office):
    target(office, "http://127.0.0.1:9/closed", max_attempts=5)  # port 9: nothing listens
    disclosure = publish(office)

    report = outbox_deliver()

    message = OutboxMessage.objects.get(disclosure=disclosure)
    assert report.claimed == 1
    assert report.outcomes == {AttemptOutcome.RETRY: 1}
    assert message.status == S.PENDING
    assert message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at > message.log.get().at


@pytest.mark.parametrize(("attempts", "low", "high"), [(1, 5, 10), (3, 20, 40), (9, 50, 100)])
def test_backoff_is_exponential_with_jitter_and_capped(settings, attempts, low, high):
    settings.SANXIANG_OUTBOUND_BACKOFF_BASE = 10
    settings.SANXIANG_OUTBOUND_BACKOFF_CAP = 100
    delays = [backoff_seconds(attempts) for _ in range(200)]
    assert all(low <= d <= high for d in delays)
    assert len(set(delays)) > 100  # jittered, not one value


def test_a_claimed_message_is_not_claimed_again_while_its_lease_runs(office):
    target(office, "http://127.0.0.1:9/closed")
    publish(office)

    first = claim_due()
    second = claim_due()

    assert len(first) == 1
    assert second == []
    message = OutboxMessage.objects.get()
    assert message.lease_token == first[0].token
    assert message.attempts == 1
    assert message.signature.startswith("ed25519 keyid=")


def test_a_withdrawal_waits_while_its_publication_is_pending(office):
    target(office, "http://127.0.0.1:9/closed")
    disclosure = publish(office)
    withdraw(office, disclosure)

    claims = claim_due()

    events = Counter(OutboxMessage.objects.get(pk=c.message_id).event for c in claims)
    assert events == {PushEvent.PUBLISH: 1}
    assert OutboxMessage.objects.filter(event=PushEvent.WITHDRAW, attempts=0).count() == 1
