"""事后公开 of 行政许可 and 行政检查 decisions: the draft made in the decision's transaction, and a
licence's later life (变更, 延续, 撤销, 注销) carried to its 公示.

许可法 §40 makes 准予 decisions public (7 working days, 国办发〔2018〕118号); 不予 decisions are
published when the agency's policy says so. Inspection results are 执法决定 published within 20
working days (G6). The drafts go through the same review and redaction as a penalty's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max

from sanxiang.cases.models import Case
from sanxiang.disclosure.listeners import PublicChange, public_change
from sanxiang.disclosure.models import (
    PUBLIC_STATUSES,
    Disclosure,
    DisclosureCategory,
    DisclosureStatus,
    DisclosureVersion,
    WithdrawGround,
    WithholdGround,
)
from sanxiang.disclosure.projection_kinds import inspection_projection, licence_projection
from sanxiang.disclosure.services_common import (
    DisclosureEvent,
    audit,
    content_sha256,
    latest_version,
    policy_of,
)
from sanxiang.disclosure.services_draft import _draft, is_minor
from sanxiang.disclosure.timing import WITHDRAW_CITATION, withdraw_due

S = DisclosureStatus
C = DisclosureCategory
STATUS_FIELD = "许可状态"
# What a licence's end does to its published 公示 (licensing.hooks.LicenceEvent values).
ENDED_NOTES = {
    "changed": "该许可已变更，由新证件{successor}替代",
    "renewed": "该许可已延续，由新证件{successor}替代",
    "cancelled": "该许可已注销：{reason}",
    "expired": "该许可有效期已届满",
}
REVOKED_REASON = "该行政许可已被依法撤销：{reason}"


def disclosure_draft_for_licence(
    *, case: Case, user: Any, on: dt.date, granted: bool
) -> Disclosure | None:
    """The 公示 draft of a 准予 decision, or of a 不予 one when the agency publishes those.
    Runs inside the decision's transaction; idempotent per case."""
    if case.decided_on is None:
        return None
    if not granted and not policy_of(case.agency).publish_licence_denials:
        return None
    return _draft(
        case=case,
        category=C.LICENCE,
        subject_id="",
        decided_on=case.decided_on,
        decision_number=case.decision_number,
        ground=WithholdGround.MINOR if is_minor(case) else "",
        projection=licence_projection(case, granted=granted),
        user=user,
    )


def disclosure_draft_for_inspection(*, case: Case, user: Any, on: dt.date) -> Disclosure:
    """The 公示 draft of an inspection's result (合格, 复查合格, 转立案, 无法检查), due 20 working
    days after it. Runs inside the result's transaction; idempotent per case."""
    found = getattr(case, "inspection", None)
    concluded_on = (found.concluded_on if found is not None else None) or on
    return _draft(
        case=case,
        category=C.INSPECTION,
        subject_id="",
        decided_on=concluded_on,
        decision_number="",
        ground=WithholdGround.MINOR if is_minor(case) else "",
        projection=inspection_projection(case, concluded_on=concluded_on),
        user=user,
    )


def disclosure_follow_licence(
    *, case: Case, event: str, reason: str, successor: str, user: Any, on: dt.date
) -> Disclosure | None:
    """A licence ended: a 撤销 takes its 公示 off the portal (撤回, the public reason given); a
    变更, 延续, 注销 or expiry adds a corrected version saying so. A 公示 not yet published gets
    the note in its draft, for the disclosure officer's review. Runs in the licensing change's
    transaction (the licensing service checked who may make it)."""
    disclosure = (
        Disclosure.objects.select_for_update().filter(case=case, category=C.LICENCE).first()
    )
    if disclosure is None or disclosure.status in (S.WITHDRAWN, S.EXPIRED, S.WITHHELD):
        return disclosure
    if event == "revoked":
        note = REVOKED_REASON.format(reason=reason)
    elif event in ENDED_NOTES:
        note = ENDED_NOTES[event].format(successor=successor, reason=reason)
    else:
        return disclosure
    if disclosure.status not in PUBLIC_STATUSES:
        _note_on_draft(disclosure, note, user)
    elif event == "revoked":
        _withdraw(disclosure, note, user, on)
    else:
        _correct(disclosure, note, user, on)
    return disclosure


def _note_on_draft(disclosure: Disclosure, note: str, user: Any) -> None:
    version = latest_version(disclosure)
    version.record = {**version.record, STATUS_FIELD: note}
    version.source_record = {**version.source_record, STATUS_FIELD: note}
    version.updated_by = user
    version.save()
    audit(user, DisclosureEvent.REDACTED, disclosure, version=version.version, note=note)


def _withdraw(disclosure: Disclosure, note: str, user: Any, on: dt.date) -> None:
    disclosure.status = S.WITHDRAWN
    disclosure.changed_on = on
    disclosure.withdraw_ground = WithdrawGround.REVOKED
    disclosure.withdraw_reason = note
    disclosure.withdraw_due_on = withdraw_due(on)
    disclosure.withdrawn_on = on
    disclosure.save()
    audit(
        user,
        DisclosureEvent.WITHDRAWN,
        disclosure,
        ground=WithdrawGround.REVOKED,
        reason=note,
        changed_on=on.isoformat(),
        due_on=disclosure.withdraw_due_on.isoformat(),
        on_time=True,
        citation=WITHDRAW_CITATION,
    )
    public_change(PublicChange(disclosure, None, DisclosureEvent.WITHDRAWN.value, user))


def _correct(disclosure: Disclosure, note: str, user: Any, on: dt.date) -> None:
    current = latest_version(disclosure)
    record = {**current.record, STATUS_FIELD: note}
    text = f"{current.text}\n{STATUS_FIELD}：{note}"
    number = (disclosure.versions.aggregate(v=Max("version"))["v"] or 0) + 1
    version = DisclosureVersion.objects.create(
        disclosure=disclosure,
        version=number,
        record=record,
        source_record={**current.source_record, STATUS_FIELD: note},
        source_text=current.source_text,
        text=text,
        spans=[],
        correction_reason=note,
        published_on=on,
        content_sha256=content_sha256(record, text),
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
        reason=note,
    )
    public_change(PublicChange(disclosure, version, DisclosureEvent.CORRECTED.value, user))
