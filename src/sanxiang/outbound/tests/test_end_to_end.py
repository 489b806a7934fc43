"""A decided case's disclosure published, corrected and withdrawn through the lifecycle services
reaches a real receiver as three signed pushes, in order, each exactly once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanxiang.cases.tests.conftest import vault  # noqa: F401  (fresh vault per test)
from sanxiang.cases.tests.factories import TODAY, make_world
from sanxiang.cases.tests.walks import decided
from sanxiang.disclosure.models import Disclosure
from sanxiang.disclosure.services import (
    disclosure_correct,
    disclosure_publish,
    disclosure_review,
    disclosure_withdraw,
)
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role
from sanxiang.outbound.models import MessageStatus, OutboxMessage, PushEvent
from sanxiang.outbound.services import target_create
from sanxiang.outbound.tests.helpers import deliver_until_quiet


@pytest.fixture
def world(db):
    w = make_world()
    w.others["publisher"] = user_with_role(Role.DISCLOSURE_OFFICER, w.agency)
    w.others["admin"] = user_with_role(Role.SYSTEM_ADMIN, w.agency)
    return w


def test_published_corrected_and_withdrawn_decision_is_pushed_in_order(world, receiver, client):
    target_create(
        user=world.others["admin"],
        payload={
            "name": "省级行政执法信息公示平台",
            "endpoint": receiver.url(),
            "agency_ids": [world.agency.pk],
            "read_timeout": 0.4,
        },
    )
    receiver.trust(client.get(reverse("outbound:public_key", args=["default"])).content)
    receiver.script = lambda body: {"publish": ["500"], "correct": ["drop"]}.get(body["event"], [])
    publisher = world.others["publisher"]
    disclosure = Disclosure.objects.get(case=decided(world))

    disclosure_review(user=publisher, disclosure_id=disclosure.pk, today=TODAY)
    disclosure_publish(user=publisher, disclosure_id=disclosure.pk, today=TODAY)
    disclosure_correct(
        user=publisher,
        disclosure_id=disclosure.pk,
        payload={"reason": "文字表述更正", "text": "更正后的行政处罚决定书"},
        today=TODAY,
    )
    disclosure_withdraw(
        user=publisher,
        disclosure_id=disclosure.pk,
        payload={"ground": "revoked", "changed_on": TODAY, "reason": "决定已被依法撤销"},
        today=TODAY,
    )
    deliver_until_quiet()

    messages = list(OutboxMessage.objects.order_by("sequence"))
    assert [(m.event, m.version, m.sequence) for m in messages] == [
        (PushEvent.PUBLISH, 1, 1),
        (PushEvent.CORRECT, 2, 2),
        (PushEvent.WITHDRAW, 2, 3),
    ]
    assert {m.status for m in messages} == {MessageStatus.DELIVERED}
    assert [key for _, key in receiver.arrivals] == [m.idempotency_key for m in messages]
    assert receiver.raw_requests == 5  # one 500 and one dropped connection retried
    assert receiver.bad_signatures == []
    bodies = [receiver.kept[m.idempotency_key][0] for m in messages]
    assert bodies[0]["record"]["行政处罚决定书文号"] == disclosure.decision_number
    assert bodies[0]["record"]["行政相对人名称"] == "某某商贸有限公司"
    assert bodies[1]["correction_reason"] == "文字表述更正"
    assert bodies[2]["withdrawal"]["reason"] == "决定已被依法撤销"
