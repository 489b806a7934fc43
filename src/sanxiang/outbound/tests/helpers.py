"""Test data for the push: published disclosures as rows (the lifecycle services are tested in
disclosure/tests), their public changes, targets through the services, and the delivery loop."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from sanxiang.cases.tests.factories import TODAY
from sanxiang.disclosure.listeners import PublicChange, public_change
from sanxiang.disclosure.models import Disclosure, DisclosureStatus, DisclosureVersion
from sanxiang.organisations.models import Agency
from sanxiang.outbound.delivery import outbox_deliver
from sanxiang.outbound.models import MessageStatus, OutboxMessage, PushTarget
from sanxiang.outbound.services import target_create

PUBLISHED = "disclosure.disclosure.published"
CORRECTED = "disclosure.disclosure.corrected"
WITHDRAWN = "disclosure.disclosure.withdrawn"
_numbers = itertools.count(1)


@dataclass
class Office:
    agency: Agency
    publisher: Any
    admin: Any


def record_for(agency: Agency, number: str) -> dict[str, str]:
    return {
        "行政相对人名称": "某某商贸有限公司",
        "行政相对人类别": "法人及非法人组织",
        "统一社会信用代码": "91140524MA0000001X",
        "行政处罚决定书文号": number,
        "违法行为类型": "销售过期食品案",
        "处罚类别": "警告、罚款",
        "罚款金额（万元）": "0.3",
        "处罚决定日期": TODAY.isoformat(),
        "处罚机关": agency.name,
        "处罚机关统一社会信用代码": agency.uscc,
    }


def published_disclosure(office: Office) -> tuple[Disclosure, DisclosureVersion]:
    """A disclosure as disclosure_publish leaves it (rows only; no public change yet)."""
    number = f"陵市监罚〔2026〕{next(_numbers)}号"
    disclosure = Disclosure.objects.create(
        agency=office.agency,
        category="penalty",
        status=DisclosureStatus.PUBLISHED,
        decision_number=number,
        decided_on=TODAY,
        due_on=TODAY + dt.timedelta(days=9),
        published_on=TODAY,
        display_until=dt.date(2026, 6, 11),
    )
    version = DisclosureVersion.objects.create(
        disclosure=disclosure,
        version=1,
        record=record_for(office.agency, number),
        source_text="行政处罚决定书",
        text="行政处罚决定书",
        published_on=TODAY,
        content_sha256="ab" * 32,
    )
    return disclosure, version


def announce(
    disclosure: Disclosure, version: DisclosureVersion | None, event: str, user: Any
) -> None:
    """What a lifecycle service does after its change: tell the listeners, in its transaction."""
    with transaction.atomic():
        public_change(PublicChange(disclosure, version, event, user))


def publish(office: Office) -> Disclosure:
    disclosure, version = published_disclosure(office)
    announce(disclosure, version, PUBLISHED, office.publisher)
    return disclosure


def withdraw(office: Office, disclosure: Disclosure) -> None:
    disclosure.status = DisclosureStatus.WITHDRAWN
    disclosure.withdraw_ground = "revoked"
    disclosure.withdraw_reason = "行政处罚决定已被复议机关撤销"
    disclosure.changed_on = TODAY
    disclosure.withdrawn_on = TODAY
    disclosure.save()
    announce(disclosure, None, WITHDRAWN, office.publisher)


def target(office: Office, url: str, **overrides: Any) -> PushTarget:
    payload: dict[str, Any] = {
        "name": "省级行政执法信息公示平台",
        "endpoint": url,
        "agency_ids": [office.agency.pk],
        "connect_timeout": 1,
        "read_timeout": 0.4,
        "max_attempts": 8,
    }
    payload.update(overrides)
    return target_create(user=office.admin, payload=payload)


def deliver_until_quiet(timeout: float = 30.0) -> int:
    """The worker's loop until nothing is pending; returns the rounds it took."""
    deadline = time.monotonic() + timeout
    rounds = 0
    while OutboxMessage.objects.filter(status=MessageStatus.PENDING).exists():
        assert time.monotonic() < deadline, "outbox did not drain"
        rounds += 1
        if outbox_deliver(limit=50).claimed == 0:
            time.sleep(0.02)  # retries are waiting for their backoff
    return rounds
