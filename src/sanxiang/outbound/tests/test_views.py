"""The delivery log (own agency only), the hand retry, the targets pages, the public key."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django.core.management import call_command
from django.urls import reverse

from sanxiang.core.models import AuditEvent
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role
from sanxiang.outbound.delivery import Reply, claim_due, record_reply
from sanxiang.outbound.models import MessageStatus, OutboxMessage, PushTarget
from sanxiang.outbound.services import OutboundEvent
from sanxiang.outbound.tests.helpers import Office, publish, target

CLOSED = "http://127.0.0.1:9/closed"


def refused_message(office: Office) -> OutboxMessage:
    target(office, CLOSED)
    publish(office)
    (claim,) = claim_due()
    record_reply(claim, Reply(400, "缺少必填字段：处罚决定书文号", 12))
    return OutboxMessage.objects.get()


def test_delivery_log_lists_own_agency_messages_in_constant_queries(
    office, client, django_assert_num_queries
):
    target(office, CLOSED)
    for _ in range(3):
        publish(office)
    other = Office(
        agency=AgencyFactory(),
        publisher=None,
        admin=office.admin,
    )
    other.publisher = user_with_role(Role.DISCLOSURE_OFFICER, other.agency)
    target(other, CLOSED, name="他局平台")
    foreign = publish(other)
    client.force_login(office.publisher)

    # session, user, grants, counts, rows; the session save (a savepoint pair and an UPDATE)
    with django_assert_num_queries(8):
        page = client.get(reverse("outbound:log")).content.decode()

    assert page.count("status-pending") == 3
    assert foreign.decision_number not in page
    assert '<span id="count-pending">3</span>' in page


def test_another_agencys_message_is_a_404_page(office, client):
    message = refused_message(office)
    client.force_login(user_with_role(Role.DISCLOSURE_OFFICER, AgencyFactory()))

    assert client.get(reverse("outbound:message", args=[message.pk])).status_code == 404
    response = client.post(reverse("outbound:message_retry", args=[message.pk]))
    assert response.status_code == 404


def test_officer_without_a_disclosure_role_cannot_read_the_log(office, client):
    client.force_login(user_with_role(Role.OFFICER, office.agency))
    assert client.get(reverse("outbound:log")).status_code == 403


def test_refused_message_page_shows_the_reason_and_retries_by_hand(office, client):
    message = refused_message(office)
    client.force_login(office.publisher)

    page = client.get(reverse("outbound:message", args=[message.pk])).content.decode()
    assert "被拒收" in page
    assert "HTTP 400: 缺少必填字段" in page
    assert 'id="retry-button"' in page

    response = client.post(
        reverse("outbound:message_retry", args=[message.pk]), {"reason": "对方已修复"}
    )

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    event = AuditEvent.objects.get(event=OutboundEvent.RETRIED.value)
    assert (event.actor_id, event.reason) == (office.publisher.pk, "对方已修复")


def test_system_admin_adds_and_edits_a_target_through_the_pages(office, client):
    client.force_login(office.admin)
    form = {
        "name": "省级公示平台",
        "endpoint": "https://gs.example.gov.cn/push",
        "enabled": "on",
        "agencies": [str(office.agency.pk)],
        "field_mapping": '{"CFWSH": "行政处罚决定书文号"}',
        "key_name": "province",
        "connect_timeout": "5",
        "read_timeout": "30",
        "max_attempts": "10",
    }
    assert client.post(reverse("outbound:target_add"), form).status_code == 302
    created = PushTarget.objects.get()
    assert created.field_mapping == {"CFWSH": "行政处罚决定书文号"}

    edit = reverse("outbound:target_edit", args=[created.pk])
    page = client.post(edit, {**form, "field_mapping": '{"XM": "姓名"}'}).content.decode()
    assert "不存在的双公示字段：姓名" in page
    page = client.post(edit, {**form, "field_mapping": "[1, 2]"}).content.decode()
    assert "应为 JSON 对象" in page
    listing = client.get(reverse("outbound:targets")).content.decode()
    assert "省级公示平台" in listing
    assert "province.pem" in listing


def test_target_pages_are_forbidden_to_the_disclosure_officer(office, client):
    client.force_login(office.publisher)
    assert client.get(reverse("outbound:targets")).status_code == 403
    assert client.get(reverse("outbound:target_add")).status_code == 403


def test_public_key_verifies_the_signature_of_a_pushed_body(office, client):
    message = refused_message(office)

    response = client.get(reverse("outbound:public_key", args=["default"]))

    assert response.status_code == 200
    key = load_pem_public_key(response.content)
    assert isinstance(key, Ed25519PublicKey)
    assert response["X-Sanxiang-Key-Id"] == message.key_id
    signature = message.signature.split(" sig=")[1]
    key.verify(base64.b64decode(signature), message.body.encode())  # raises if invalid


def test_unknown_public_key_is_a_404_and_creates_nothing(office, client):
    response = client.get(reverse("outbound:public_key", args=["nobody"]))
    assert response.status_code == 404


@pytest.mark.parametrize("enqueue", [False, True])
def test_push_outbox_command_attempts_due_messages(office, capsys, enqueue):
    target(office, CLOSED)
    publish(office)

    call_command("push_outbox", *(["--enqueue"] if enqueue else []))

    out = capsys.readouterr().out
    assert ("已提交后台任务" if enqueue else "推送完成：尝试 1 条（待重试 1）") in out
    message = OutboxMessage.objects.get()
    assert message.attempts == 1  # the test task backend runs an enqueued task at once
    assert "ConnectionRefusedError" in message.last_error
