"""Portal test data: public decisions written as rows, with the index kept by the listener.

`public_decision` stands in for the lifecycle services (draft → reviewed → published) where a
test is about what the portal shows rather than how a decision got there; it calls the same
`public_change` the services call, so the search index is maintained by the real listener.
End-to-end tests through the services live in test_lifecycle_portal.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sanxiang.disclosure.listeners import PublicChange, public_change
from sanxiang.disclosure.models import (
    Disclosure,
    DisclosureCategory,
    DisclosureStatus,
    DisclosureVersion,
    WithdrawGround,
    WithholdGround,
)
from sanxiang.disclosure.services_common import content_sha256
from sanxiang.organisations.models import Agency, Region
from sanxiang.organisations.tests.factories import AgencyFactory

S = DisclosureStatus
_serial = itertools.count(1)
SOURCE_SECRET = "未脱敏原文-13812345678-11010519491231002X"


def region(code: str, name: str) -> Region:
    found, _ = Region.objects.get_or_create(code=code, defaults={"name": name})
    return found


def agency(name: str, code: str, region_name: str) -> Agency:
    return AgencyFactory(name=name, region=region(code, region_name))


def record_for(party: str, number: str, kind: str, **extra: str) -> dict[str, str]:
    return {
        "行政相对人名称": party,
        "行政处罚决定书文号": number,
        "违法行为类型": kind,
        "处罚类别": "警告、罚款",
        **extra,
    }


def public_decision(
    agency: Agency,
    *,
    text: str,
    party: str = "某某公司",
    kind: str = "违法行为",
    number: str | None = None,
    decided_on: dt.date = dt.date(2026, 3, 2),
    published_on: dt.date | None = None,
    category: str = DisclosureCategory.PENALTY,
    status: str = S.PUBLISHED,
    record: dict[str, str] | None = None,
) -> Disclosure:
    """A disclosure with its version 1; public ones are published (and indexed)."""
    number = number if number is not None else f"测试罚〔2026〕{next(_serial)}号"
    record = record if record is not None else record_for(party, number, kind)
    public = status in (S.PUBLISHED, S.CORRECTED)
    published_on = published_on or decided_on + dt.timedelta(days=3)
    disclosure = Disclosure.objects.create(
        agency=agency,
        category=category,
        status=S.PUBLISHED if public else status,
        decision_number=number,
        decided_on=decided_on,
        due_on=decided_on + dt.timedelta(days=9),
        published_on=published_on if public else None,
        display_until=decided_on + dt.timedelta(days=1095) if public else None,
        withhold_ground=WithholdGround.MINOR if status == S.WITHHELD else "",
    )
    version = DisclosureVersion.objects.create(
        disclosure=disclosure,
        version=1,
        record=record,
        source_record={**record, "行政相对人名称": SOURCE_SECRET},
        source_text=SOURCE_SECRET + text,
        text=text,
        published_on=published_on if public else None,
        content_sha256=content_sha256(record, text),
    )
    if public:
        public_change(PublicChange(disclosure, version, "disclosure.disclosure.published", None))
    return disclosure


def correct(disclosure: Disclosure, *, text: str, reason: str, on: dt.date) -> DisclosureVersion:
    current = disclosure.versions.order_by("-version").first()
    assert current is not None
    version = DisclosureVersion.objects.create(
        disclosure=disclosure,
        version=current.version + 1,
        record=current.record,
        source_record=current.source_record,
        source_text=current.source_text,
        text=text,
        correction_reason=reason,
        published_on=on,
        content_sha256=content_sha256(current.record, text),
    )
    disclosure.status = S.CORRECTED
    disclosure.save(update_fields=["status"])
    public_change(PublicChange(disclosure, version, "disclosure.disclosure.corrected", None))
    return version


def take_down(disclosure: Disclosure, status: str, on: dt.date, **fields: Any) -> Disclosure:
    """Withdraw (with a public reason) or expire: off the portal through the listener."""
    disclosure.status = status
    if status == S.WITHDRAWN:
        disclosure.withdraw_ground = fields.get("ground", WithdrawGround.REVOKED)
        disclosure.withdraw_reason = fields.get("reason", "该决定已被行政复议机关撤销")
        disclosure.withdrawn_on = on
        disclosure.changed_on = on
    else:
        disclosure.expired_on = on
    disclosure.save()
    public_change(PublicChange(disclosure, None, f"disclosure.disclosure.{status}", None))
    return disclosure
