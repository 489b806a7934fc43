"""Targets are the 系统管理员's (audited, ledgered, validated); a hand retry is the disclosure
officer's, for their own agency's refused or exhausted messages only."""

from __future__ import annotations

import os
import stat

import pytest

from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role
from sanxiang.outbound.models import MessageStatus, OutboxMessage
from sanxiang.outbound.services import (
    OutboundEvent,
    message_retry,
    target_create,
    target_update,
)
from sanxiang.outbound.signing import key_dir, load_push_key
from sanxiang.outbound.tests.helpers import publish, target

URL = "https://gs.example.gov.cn/api/push"


def test_target_created_by_the_system_admin_is_audited_and_ledgered(office):
    created = target(office, URL, field_mapping={"CFWSH": "行政处罚决定书文号"})

    event = AuditEvent.objects.get(event=OutboundEvent.TARGET_CREATED.value)
    assert event.actor_id == office.admin.pk
    assert event.new["endpoint"] == URL
    assert event.new["field_mapping"] == {"CFWSH": "行政处罚决定书文号"}
    assert event.new["agencies"] == [str(office.agency.pk)]
    assert LedgerEntry.objects.filter(kind=event.event).count() == 1
    assert list(created.agencies.all()) == [office.agency]


def test_target_update_records_only_what_changed(office):
    created = target(office, URL)
    payload = {"name": created.name, "endpoint": URL, "enabled": False}

    target_update(user=office.admin, target_id=created.pk, payload=payload)

    event = AuditEvent.objects.get(event=OutboundEvent.TARGET_UPDATED.value)
    assert event.old == {
        "agencies": [str(office.agency.pk)],
        "connect_timeout": "1",
        "enabled": True,
        "max_attempts": 8,
        "read_timeout": "0.4",
    }
    assert event.new["enabled"] is False
    created.refresh_from_db()
    assert created.enabled is False


@pytest.mark.parametrize("role", [Role.DISCLOSURE_OFFICER, Role.AGENCY_HEAD, Role.AUDIT_ADMIN])
def test_only_the_system_admin_configures_targets(office, role):
    user = user_with_role(role, office.agency)
    with pytest.raises(Forbidden) as refused:
        target_create(user=user, payload={"name": "省平台", "endpoint": URL})
    assert refused.value.code == "outbound_not_permitted"


@pytest.mark.parametrize(
    ("overrides", "code", "words"),
    [
        ({"endpoint": "ftp://gs.example.gov.cn/"}, "outbound_endpoint_invalid", "接收地址"),
        ({"endpoint": "gs.example.gov.cn/push"}, "outbound_endpoint_invalid", "接收地址"),
        ({"field_mapping": {"XM": "姓名"}}, "outbound_mapping_invalid", "双公示字段：姓名"),
        ({"field_mapping": {" ": "备注"}}, "outbound_mapping_invalid", "目标字段名"),
        ({"key_name": "../ledger-ed25519"}, "outbound_key_name_invalid", "签名密钥"),
        ({"read_timeout": 0}, "validation_failed", "响应超时"),
        ({"max_attempts": 0}, "validation_failed", "最多尝试次数"),
        ({"region_code": "999999"}, "outbound_region_unknown", "999999"),
    ],
)
def test_invalid_target_is_refused_with_the_field_named(office, overrides, code, words):
    with pytest.raises(ValidationFailed) as refused:
        target(office, URL, **overrides)
    assert refused.value.code == code
    assert words in refused.value.message


def test_target_names_are_unique(office):
    target(office, URL)
    with pytest.raises(ValidationFailed) as refused:
        target(office, URL)
    assert refused.value.code == "outbound_name_taken"


def test_retry_of_another_agencys_message_is_a_404(office):
    target(office, "http://127.0.0.1:9/closed")
    publish(office)
    message = OutboxMessage.objects.get()
    stranger = user_with_role(Role.DISCLOSURE_OFFICER, AgencyFactory())

    with pytest.raises(NotFound):
        message_retry(user=stranger, message_id=message.pk)
    with pytest.raises(NotFound):
        message_retry(user=office.publisher, message_id="not-a-uuid")


def test_retry_of_a_pending_message_is_refused(office):
    target(office, "http://127.0.0.1:9/closed")
    publish(office)
    message = OutboxMessage.objects.get()

    with pytest.raises(RuleViolation) as refused:
        message_retry(user=office.publisher, message_id=message.pk)

    assert refused.value.code == "outbound_not_retryable"
    assert "待推送" in refused.value.message
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING


def test_push_key_is_created_once_in_a_0600_file_outside_the_database(office):
    first = load_push_key("default")
    second = load_push_key("default")

    path = key_dir() / "default.pem"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert first.key_id == second.key_id
    signature = first.sign(b"{}")
    assert second.sign(b"{}") == signature  # Ed25519 is deterministic: the same key


def test_bad_key_names_never_become_paths(office):
    with pytest.raises(ValueError, match="invalid push key name"):
        load_push_key("../../etc/passwd")
