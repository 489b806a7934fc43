"""Licence rows: issued on a 准予 decision, delivered, and ended (变更, 延续, 届满, 撤销, 注销).

Called inside a service or handler transaction; each change is audited and tells the listeners
(`hooks.on_licence_changed`, e.g. the disclosure app for §40).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.services.handlers import HandlerContext
from sanxiang.licensing import payloads as p
from sanxiang.licensing.common import licence_number, licensing_audit
from sanxiang.licensing.hooks import LicenceChanged, LicenceEvent, licence_changed_notify
from sanxiang.licensing.models import (
    ApplicationType,
    Licence,
    LicenceApplication,
    LicenceStatus,
)

END_REASONS = {
    LicenceStatus.CHANGED: "准予变更，由新证件{number}替代",
    LicenceStatus.RENEWED: "准予延续，由新证件{number}替代",
}


def licence_issue(
    *, case: Case, application: LicenceApplication, data: p.GrantPayload, ctx: HandlerContext
) -> Licence:
    previous = application.licence
    licence = Licence(
        agency=case.agency,
        case=case,
        number=licence_number(case.agency, ctx.today.year),
        name=data.licence_name,
        holder_name=case.party_name,
        holder_identifier=case.party_identifier,
        content=data.content,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        previous=previous,
        issued_on=ctx.today,
        created_by=ctx.user,
        updated_by=ctx.user,
    )
    licence.full_clean(exclude=["agency", "case", "previous"])
    licence.save()
    licensing_audit(
        user=ctx.user,
        event="licensing.licence.issued",
        case=case,
        target=licence,
        new={
            "number": licence.number,
            "name": licence.name,
            "valid_from": licence.valid_from.isoformat(),
            "valid_to": licence.valid_to.isoformat() if licence.valid_to else None,
            "previous": str(previous.pk) if previous else None,
            "decision_number": case.decision_number,
        },
    )
    licence_changed_notify(LicenceChanged(licence, LicenceEvent.ISSUED, ctx.user, ctx.today))
    if previous is not None and application.application_type != ApplicationType.NEW:
        status = (
            LicenceStatus.RENEWED
            if application.application_type == ApplicationType.RENEWAL
            else LicenceStatus.CHANGED
        )
        licence_end(
            licence=Licence.objects.select_for_update().get(pk=previous.pk),
            status=status,
            on=ctx.today,
            reason=END_REASONS[status].format(number=licence.number),
            user=ctx.user,
        )
    return licence


def licence_delivered(*, licence: Licence, on: dt.date, ctx: HandlerContext, case: Case) -> None:
    licence.delivered_on = on
    licence.updated_by = ctx.user
    licence.save()
    licensing_audit(
        user=ctx.user,
        event="licensing.licence.delivered",
        case=case,
        target=licence,
        new={"number": licence.number, "delivered_on": on.isoformat()},
    )
    licence_changed_notify(LicenceChanged(licence, LicenceEvent.DELIVERED, ctx.user, ctx.today))


EVENTS = {
    LicenceStatus.CHANGED: LicenceEvent.CHANGED,
    LicenceStatus.RENEWED: LicenceEvent.RENEWED,
    LicenceStatus.EXPIRED: LicenceEvent.EXPIRED,
    LicenceStatus.REVOKED: LicenceEvent.REVOKED,
    LicenceStatus.CANCELLED: LicenceEvent.CANCELLED,
}


def licence_end(
    *,
    licence: Licence,
    status: str,
    on: dt.date,
    reason: str,
    user: Any,
    extra: dict[str, Any] | None = None,
) -> Licence:
    """The licence stops being valid (`status` one of the ended statuses), audited, told."""
    before = licence.status
    licence.status = status
    licence.ended_on = on
    licence.end_reason = reason
    licence.updated_by = user
    licence.save()
    licensing_audit(
        user=user,
        event=f"licensing.licence.{EVENTS[LicenceStatus(status)].value}",
        case=licence.case,
        target=licence,
        old={"status": before},
        new={
            "number": licence.number,
            "status": status,
            "ended_on": on.isoformat(),
            **(extra or {}),
        },
        reason=reason,
    )
    licence_changed_notify(LicenceChanged(licence, EVENTS[LicenceStatus(status)], user, on))
    return licence
