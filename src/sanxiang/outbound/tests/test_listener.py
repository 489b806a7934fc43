"""The outbox is written in the publication's transaction: one message per enabled target that
receives the agency, none when the publication rolls back, one per change however often told."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.db import transaction

from sanxiang.core.models import AuditEvent
from sanxiang.disclosure.listeners import PublicChange, public_change
from sanxiang.ledger.models import LedgerEntry
from sanxiang.organisations.models import Region
from sanxiang.organisations.tests.factories import AgencyFactory, RegionFactory
from sanxiang.outbound.mapping import DEFAULT_MAPPING, idempotency_key
from sanxiang.outbound.models import MessageStatus, OutboxMessage, PushEvent
from sanxiang.outbound.services import OutboundEvent, target_update
from sanxiang.outbound.tests.helpers import (
    CORRECTED,
    PUBLISHED,
    announce,
    published_disclosure,
    target,
)

URL = "https://gs.example.gov.cn/api/push"


def test_rolled_back_publication_leaves_no_message(office):
    target(office, URL)
    disclosure, version = published_disclosure(office)

    def publication_failing_after_its_listeners() -> None:
        with transaction.atomic():
            public_change(PublicChange(disclosure, version, PUBLISHED, office.publisher))
            assert OutboxMessage.objects.count() == 1  # written inside the transaction …
            raise RuntimeError("the publication failed after the listeners ran")

    with pytest.raises(RuntimeError):
        publication_failing_after_its_listeners()

    assert OutboxMessage.objects.count() == 0  # … and gone with it
    assert not AuditEvent.objects.filter(event=OutboundEvent.QUEUED.value).exists()


def test_committed_publication_queues_one_audited_message_per_receiving_target(office):
    listed = target(office, URL)
    county = RegionFactory(code="140524")
    city = Region.objects.create(code="140500", name="晋城市")
    county.parent = city
    county.save()
    by_region = target(office, URL, name="市级平台", agency_ids=[], region_code="140500")
    target(office, URL, name="已停用平台", enabled=False)
    target(office, URL, name="他局平台", agency_ids=[AgencyFactory().pk])
    disclosure, version = published_disclosure(office)

    announce(disclosure, version, PUBLISHED, office.publisher)

    messages = OutboxMessage.objects.order_by("target__name")
    assert [m.target for m in messages] == sorted([listed, by_region], key=lambda t: t.name)
    for message in messages:
        assert message.status == MessageStatus.PENDING
        assert message.event == PushEvent.PUBLISH
        assert message.version == 1
        assert message.sequence == 1
        assert message.agency_id == office.agency.pk
        assert message.idempotency_key == idempotency_key(
            message.target_id, disclosure.pk, 1, "publish"
        )
        assert hashlib.sha256(message.body.encode()).hexdigest() == message.body_sha256
        assert json.loads(message.body) == message.payload
        assert message.signature == ""  # signed by the worker at its first attempt
    queued = AuditEvent.objects.filter(event=OutboundEvent.QUEUED.value)
    assert queued.count() == 2
    assert {e.actor_id for e in queued} == {office.publisher.pk}
    ledgered = LedgerEntry.objects.filter(kind=OutboundEvent.QUEUED.value)
    assert {e.subject_sha256 for e in ledgered} == {m.body_sha256 for m in messages}


def test_the_same_change_told_twice_is_queued_once(office):
    target(office, URL)
    disclosure, version = published_disclosure(office)

    announce(disclosure, version, PUBLISHED, office.publisher)
    announce(disclosure, version, PUBLISHED, office.publisher)

    assert OutboxMessage.objects.count() == 1


def test_default_mapping_sends_the_shuang_gongshi_names_and_the_display_end(office):
    target(office, URL)
    disclosure, version = published_disclosure(office)

    announce(disclosure, version, PUBLISHED, office.publisher)

    payload = OutboxMessage.objects.get().payload
    assert set(payload["record"]) == set(DEFAULT_MAPPING)  # RFC 8785 sorts keys anyway
    assert payload["record"]["行政处罚决定书文号"] == disclosure.decision_number
    assert payload["record"]["公示截止期"] == "2026-06-11"
    assert payload["record"]["备注"] == ""
    assert payload["disclosure"] == {
        "id": str(disclosure.pk),
        "category": "penalty",
        "version": 1,
        "content_sha256": version.content_sha256,
        "published_on": "2026-03-11",
    }
    assert payload["agency"]["uscc"] == office.agency.uscc


def test_a_correction_is_a_new_message_with_the_next_sequence(office):
    target(office, URL)
    disclosure, version = published_disclosure(office)
    announce(disclosure, version, PUBLISHED, office.publisher)
    corrected = disclosure.versions.create(
        version=2,
        record={**version.record, "处罚内容": "警告；罚款3,000.00元"},
        source_text=version.source_text,
        text="更正后的决定书",
        correction_reason="处罚内容表述有误",
        published_on=version.published_on,
        content_sha256="cd" * 32,
    )

    announce(disclosure, corrected, CORRECTED, office.publisher)

    second = OutboxMessage.objects.get(event=PushEvent.CORRECT)
    assert (second.version, second.sequence) == (2, 2)
    assert second.payload["correction_reason"] == "处罚内容表述有误"
    assert second.payload["record"]["处罚内容"] == "警告；罚款3,000.00元"


def test_a_new_mapping_applies_to_changes_published_afterwards(office):
    push_target = target(office, URL)
    first, first_version = published_disclosure(office)
    announce(first, first_version, PUBLISHED, office.publisher)

    payload = {
        "name": push_target.name,
        "endpoint": URL,
        "agency_ids": [office.agency.pk],
        "field_mapping": {"CFWSH": "行政处罚决定书文号"},
    }
    target_update(user=office.admin, target_id=push_target.pk, payload=payload)
    second, second_version = published_disclosure(office)
    announce(second, second_version, PUBLISHED, office.publisher)

    old = OutboxMessage.objects.get(disclosure=first)
    new = OutboxMessage.objects.get(disclosure=second)
    assert "行政处罚决定书文号" in old.payload["record"]  # signed bodies are never rewritten
    assert new.payload["record"] == {"CFWSH": second.decision_number}
