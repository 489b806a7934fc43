"""After the licence: 变更 (§49) and 延续 (§50) open a new licence case; 撤销 (§69), 注销 (§70) and
the daily expiry scan end a licence. Audited and ledgered; listeners are told (`hooks`).

§50's 30 days are the holder's period before expiry, counted in calendar days (§82 makes the
agency's own periods working days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from sanxiang.cases.services.common import acting_officer, step_record, today_or
from sanxiang.cases.services.validation import parse
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.licensing import common as c
from sanxiang.licensing import payloads as p
from sanxiang.licensing.licences import licence_end
from sanxiang.licensing.models import (
    ApplicationChannel,
    ApplicationType,
    Licence,
    LicenceStatus,
)
from sanxiang.licensing.permissions import can_apply_at_counter, is_agency_head
from sanxiang.licensing.selectors import licence_get_for_user, renewal_deadline
from sanxiang.licensing.services.intake import (
    Applicant,
    Opening,
    licence_item_in_force,
    open_licence_case,
)

NOT_VALID = "许可证件当前状态为“{status}”，不能办理"
RENEWAL_TOO_LATE = (
    "应当在行政许可有效期届满三十日前（{deadline}前）提出延续申请，{submitted}提出的已逾期"
)
NO_EXPIRY = "该许可长期有效，无需延续"
NOT_HEAD = "撤销、注销行政许可须由本机关负责人决定"
NOT_EXPIRED = "许可有效期至{valid_to}，尚未届满"
PENDING = "该许可已有正在办理的变更或延续申请"
FUTURE = "日期不能晚于今天"
SYSTEM_EXPIRY = "有效期届满（{valid_to}）"


def _licence_for_update(user: Any, licence_id: Any) -> Licence:
    found = licence_get_for_user(user=user, licence_id=licence_id)
    return (
        Licence.objects.select_for_update(of=("self",))
        .select_related("agency", "case")
        .get(pk=found.pk)
    )


def _own_licence_for_update(user: Any, licence_id: Any) -> Licence:
    """The holder's own licence (online): the applicant account of the case that granted it."""
    licence_id = uuid_or_not_found(licence_id)
    licence = (
        Licence.objects.select_for_update()
        .select_related("agency", "case")
        .filter(pk=licence_id, case__licence_application__applicant_account=user)
        .first()
    )
    if licence is None:
        raise NotFound()
    return licence


def _require_valid(licence: Licence) -> None:
    if licence.status != LicenceStatus.VALID:
        raise RuleViolation(
            NOT_VALID.format(status=licence.get_status_display()), code="licence_not_valid"
        )


def _follow_up(
    *, user: Any, licence_id: Any, data: Mapping[str, Any] | p.ChangePayload, kind: str, day: Any
) -> Any:
    online = not can_apply_at_counter(user)
    licence = (
        _own_licence_for_update(user, licence_id)
        if online
        else _licence_for_update(user, licence_id)
    )
    _require_valid(licence)
    form = parse(p.ChangePayload, data)
    if form.submitted_on > day:
        raise ValidationFailed(FUTURE, code="date_in_future")
    submitted = day if online else form.submitted_on  # online: received the day it is sent
    if licence.applications.filter(case__status__in=_RUNNING).exists():
        raise RuleViolation(PENDING, code="licence_application_pending")
    if kind == ApplicationType.RENEWAL:
        deadline = renewal_deadline(licence)
        if deadline is None:
            raise RuleViolation(NO_EXPIRY, code="licence_renewal_not_needed")
        if form.renewal_days_by_law is not None and licence.valid_to is not None:
            deadline = licence.valid_to - dt.timedelta(days=form.renewal_days_by_law)
        if submitted > deadline:
            raise RuleViolation(
                RENEWAL_TOO_LATE.format(
                    deadline=deadline.isoformat(), submitted=submitted.isoformat()
                ),
                code="licence_renewal_too_late",
                citation=c.CITATION_50,
            )
    old = licence.case
    item = licence_item_in_force(licence.agency, old.item.code if old.item else "", day)
    applicant = Applicant(
        kind=old.party_kind,
        name=old.party_name,
        identifier=old.party_identifier,
        address=old.party_address,
        phone=old.party_phone,
        representative=old.party_representative,
    )
    opening = Opening(
        agency=licence.agency,
        item=item,
        applicant=applicant,
        request=form.request,
        submitted_on=submitted,
        channel=ApplicationChannel.ONLINE if online else ApplicationChannel.COUNTER,
        materials=[m.model_dump() for m in form.materials],
        application_type=kind,
        licence=licence,
    )
    officer = None if online else acting_officer(user)
    return open_licence_case(opening, user=user, officer=officer, day=day)


_RUNNING = (
    "licence_applied",
    "licence_correction",
    "licence_examining",
    "licence_hearing",
    "legal_review",
    "pending_decision",
)


@transaction.atomic
def licence_change_apply(
    *,
    user: Any,
    licence_id: Any,
    data: Mapping[str, Any] | p.ChangePayload,
    today: dt.date | None = None,
) -> Any:
    """变更申请 (§49): a new licence case referring to the licence; on 准予 the licence becomes
    CHANGED and the new one refers to it. At the counter (an officer) or by the holder's login.

    Raises: NotFound; RuleViolation (`licence_not_valid`, `licence_application_pending`);
        ValidationFailed.
    """
    return _follow_up(
        user=user,
        licence_id=licence_id,
        data=data,
        kind=ApplicationType.CHANGE,
        day=today_or(today),
    )


@transaction.atomic
def licence_renewal_apply(
    *,
    user: Any,
    licence_id: Any,
    data: Mapping[str, Any] | p.ChangePayload,
    today: dt.date | None = None,
) -> Any:
    """延续申请 (§50): at least 30 days before valid_to unless a law sets another period.

    Raises: NotFound; RuleViolation (`licence_renewal_too_late`, `licence_renewal_not_needed`,
        `licence_not_valid`, `licence_application_pending`); ValidationFailed.
    """
    return _follow_up(
        user=user,
        licence_id=licence_id,
        data=data,
        kind=ApplicationType.RENEWAL,
        day=today_or(today),
    )


def _record_on_case(
    licence: Licence, *, user: Any, action: str, label: str, day: dt.date, content: dict[str, Any]
) -> None:
    step_record(
        case=licence.case,
        actor=acting_officer(user),
        action=action,
        label=label,
        on=day,
        content=content,
        status_before=licence.case.status,
    )


@transaction.atomic
def licence_revoke(
    *,
    user: Any,
    licence_id: Any,
    data: Mapping[str, Any] | p.RevokePayload,
    today: dt.date | None = None,
) -> Licence:
    """撤销 (§69): by the 机关负责人, with the ground and the reason.

    Raises: NotFound; Forbidden (`not_agency_head`); RuleViolation (`licence_not_valid`);
        ValidationFailed.
    """
    day = today_or(today)
    licence = _licence_for_update(user, licence_id)
    if not is_agency_head(user, licence.agency_id):
        raise Forbidden(NOT_HEAD, code="not_agency_head")
    form = parse(p.RevokePayload, data)
    if form.decided_on > day:
        raise ValidationFailed(FUTURE, code="date_in_future")
    _require_valid(licence)
    content = {"number": licence.number, **form.model_dump(mode="json")}
    _record_on_case(
        licence, user=user, action="licence_revoke", label="撤销行政许可", day=day, content=content
    )
    return licence_end(
        licence=licence,
        status=LicenceStatus.REVOKED,
        on=form.decided_on,
        reason=f"{form.ground}：{form.reason}",
        user=user,
        extra={"ground": form.ground},
    )


@transaction.atomic
def licence_cancel(
    *,
    user: Any,
    licence_id: Any,
    data: Mapping[str, Any] | p.CancelPayload,
    today: dt.date | None = None,
) -> Licence:
    """注销 (§70) on one of its grounds; 有效期届满未延续 only once the validity has ended.
    A licence that already ended (届满, 撤销) may still be cancelled: 注销 closes its file.

    Raises: NotFound; Forbidden (`not_agency_head`); RuleViolation (`licence_not_expired`,
        `licence_not_valid`); ValidationFailed.
    """
    day = today_or(today)
    licence = _licence_for_update(user, licence_id)
    if not is_agency_head(user, licence.agency_id):
        raise Forbidden(NOT_HEAD, code="not_agency_head")
    form = parse(p.CancelPayload, data)
    if form.decided_on > day:
        raise ValidationFailed(FUTURE, code="date_in_future")
    if licence.status in (LicenceStatus.CANCELLED, LicenceStatus.CHANGED, LicenceStatus.RENEWED):
        raise RuleViolation(
            NOT_VALID.format(status=licence.get_status_display()), code="licence_not_valid"
        )
    if form.ground == p.CancelGround.EXPIRED and (
        licence.valid_to is None or licence.valid_to >= form.decided_on
    ):
        raise RuleViolation(
            NOT_EXPIRED.format(valid_to=licence.valid_to or "长期"),
            code="licence_not_expired",
            citation=c.CITATION_70,
        )
    label = p.CANCEL_GROUND_LABELS[form.ground]
    content = {"number": licence.number, "ground_label": label, **form.model_dump(mode="json")}
    _record_on_case(
        licence, user=user, action="licence_cancel", label="注销行政许可", day=day, content=content
    )
    return licence_end(
        licence=licence,
        status=LicenceStatus.CANCELLED,
        on=form.decided_on,
        reason=f"{label}{('：' + form.reason) if form.reason else ''}",
        user=user,
        extra={"ground": form.ground},
    )


@transaction.atomic
def licences_expire(*, today: dt.date | None = None) -> int:
    """The daily scan: valid licences past valid_to become EXPIRED (audited by "system")."""
    day = today_or(today)
    expired = Licence.objects.select_for_update().filter(
        status=LicenceStatus.VALID, valid_to__lt=day
    )
    count = 0
    for licence in expired.select_related("case"):
        if licence.valid_to is None:  # excluded by the filter; keeps the type checker honest
            continue
        licence_end(
            licence=licence,
            status=LicenceStatus.EXPIRED,
            on=licence.valid_to + dt.timedelta(days=1),
            reason=SYSTEM_EXPIRY.format(valid_to=licence.valid_to.isoformat()),
            user=None,
        )
        count += 1
    return count
