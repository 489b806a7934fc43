"""After publication: correct (a new version, the old one kept with the reason), withdraw
(处罚法 §48, three working days, public reason), and the end of the display period (worker).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.permissions import officer_of
from sanxiang.cases.services.common import today_or
from sanxiang.cases.services.validation import parse
from sanxiang.core.errors import ValidationFailed
from sanxiang.disclosure.listeners import PublicChange, public_change
from sanxiang.disclosure.models import (
    PUBLIC_STATUSES,
    Disclosure,
    DisclosureStatus,
    DisclosureVersion,
    WithdrawGround,
)
from sanxiang.disclosure.services_common import (
    TEXT_UNCHANGED,
    DisclosureEvent,
    audit,
    content_sha256,
    latest_version,
    lock_for_handler,
    require_status,
)
from sanxiang.disclosure.timing import (
    WITHDRAW_CITATION,
    withdraw_due,
)

S = DisclosureStatus


class Correction(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(title="更正理由", min_length=1, max_length=2000)
    text: str = Field(title="更正后的公开文本", min_length=1, max_length=200_000)
    record: dict[str, str] | None = Field(None, title="更正后的公示信息")


@transaction.atomic
def disclosure_correct(
    *,
    user: Any,
    disclosure_id: Any,
    payload: Mapping[str, Any] | Correction,
    today: dt.date | None = None,
) -> DisclosureVersion:
    """更正: a new published version; the old one stays, the reason is public."""
    day = today_or(today)
    disclosure = lock_for_handler(user, disclosure_id)
    require_status(disclosure, "更正", *PUBLIC_STATUSES)
    data = parse(Correction, payload)
    current = latest_version(disclosure)
    record = dict(data.record) if data.record is not None else dict(current.record)
    if data.text == current.text and record == current.record:
        raise ValidationFailed(TEXT_UNCHANGED, code="correction_unchanged")
    number = (disclosure.versions.aggregate(v=Max("version"))["v"] or 0) + 1
    version = DisclosureVersion.objects.create(
        disclosure=disclosure,
        version=number,
        record=record,
        source_text=current.source_text,
        text=data.text,
        spans=[],
        correction_reason=data.reason,
        reviewed_by=officer_of(user),
        reviewed_on=day,
        published_on=day,
        content_sha256=content_sha256(record, data.text),
        created_by=user,
    )
    disclosure.status = S.CORRECTED
    disclosure.save(update_fields=["status", "updated_at"])
    audit(
        user,
        DisclosureEvent.CORRECTED,
        disclosure,
        version=number,
        previous_sha256=current.content_sha256,
        content_sha256=version.content_sha256,
        reason=data.reason,
    )
    public_change(PublicChange(disclosure, version, DisclosureEvent.CORRECTED.value, user))
    return version


class Withdrawal(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    ground: WithdrawGround = Field(title="撤回情形")
    changed_on: dt.date = Field(title="决定被变更、撤销或确认违法、无效的日期")
    reason: str = Field(title="撤回理由（向社会公开）", min_length=1, max_length=2000)


@transaction.atomic
def disclosure_withdraw(
    *,
    user: Any,
    disclosure_id: Any,
    payload: Mapping[str, Any] | Withdrawal,
    today: dt.date | None = None,
) -> Disclosure:
    """撤回 (处罚法 §48 第二款): off the portal with a public reason; late withdrawals are
    allowed (the decision must come down) but recorded as late against the 3-working-day limit."""
    day = today_or(today)
    disclosure = lock_for_handler(user, disclosure_id)
    require_status(disclosure, "撤回", *PUBLIC_STATUSES)
    data = parse(Withdrawal, payload)
    if data.changed_on > day:
        raise ValidationFailed("决定变更等日期不能晚于今天", code="changed_on_in_future")
    disclosure.status = S.WITHDRAWN
    disclosure.changed_on = data.changed_on
    disclosure.withdraw_ground = data.ground
    disclosure.withdraw_reason = data.reason
    disclosure.withdraw_due_on = withdraw_due(data.changed_on)
    disclosure.withdrawn_on = day
    disclosure.save()
    audit(
        user,
        DisclosureEvent.WITHDRAWN,
        disclosure,
        ground=data.ground,
        reason=data.reason,
        changed_on=data.changed_on.isoformat(),
        due_on=disclosure.withdraw_due_on.isoformat(),
        on_time=day <= disclosure.withdraw_due_on,
        citation=WITHDRAW_CITATION,
    )
    public_change(PublicChange(disclosure, None, DisclosureEvent.WITHDRAWN.value, user))
    return disclosure


def disclosures_expire(*, today: dt.date) -> list[Disclosure]:
    """公示期满: off the portal (kept in the archive). Run by the worker; one transaction each."""
    ended = []
    pending = Disclosure.objects.filter(status__in=PUBLIC_STATUSES, display_until__lt=today)
    for pk in pending.values_list("pk", flat=True):
        with transaction.atomic():
            row = Disclosure.objects.select_for_update().filter(pk=pk).first()
            if row is None or row.status not in PUBLIC_STATUSES:
                continue
            if row.display_until is None or row.display_until >= today:
                continue
            row.status, row.expired_on = S.EXPIRED, today
            row.save(update_fields=["status", "expired_on", "updated_at"])
            audit(None, DisclosureEvent.EXPIRED, row, display_until=row.display_until.isoformat())
            public_change(PublicChange(row, None, DisclosureEvent.EXPIRED.value, None))
            ended.append(row)
    return ended
