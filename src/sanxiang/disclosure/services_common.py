"""What every 事后公开 service shares: events, the policy, the public-content digest, the lock."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from sanxiang.core.errors import Forbidden, NotFound, RuleViolation
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.disclosure.models import (
    Disclosure,
    DisclosurePolicy,
    DisclosureStatus,
    DisclosureVersion,
)
from sanxiang.disclosure.permissions import can_handle, disclosures_visible_to
from sanxiang.ledger.audit import audit_record
from sanxiang.ledger.canonical import canonical_json
from sanxiang.organisations.models import Agency

S = DisclosureStatus

# Record fields that hold free text (and so may hold personal data); the others are codes,
# amounts, dates and the agency's own names, published as they are.
FREE_TEXT_FIELDS = frozenset(
    {
        "行政相对人名称",
        "违法行为类型",
        "违法事实",
        "行政强制措施理由和依据",
        "许可内容",
        "执法对象",
        "执法结论",
    }
)
ADULT_AGE = 18  # 未成年人: 《未成年人保护法》第二条


class DisclosureEvent(StrEnum):
    DRAFTED = "disclosure.disclosure.drafted"
    WITHHELD = "disclosure.disclosure.withheld"
    REDACTED = "disclosure.version.redacted"
    REVIEWED = "disclosure.version.reviewed"
    PUBLISHED = "disclosure.disclosure.published"
    CORRECTED = "disclosure.disclosure.corrected"
    WITHDRAWN = "disclosure.disclosure.withdrawn"
    EXPIRED = "disclosure.disclosure.expired"
    PARTY_INFORMED = "disclosure.disclosure.party_informed"
    POLICY_UPDATED = "disclosure.policy.updated"


NOT_HANDLER = "只有本机关的公示管理员或机关负责人可以办理公示"
WRONG_STATUS = "公示当前状态为“{status}”，不能{verb}"
SPAN_INVALID = "脱敏位置无效：第{index}处（{start}–{end}）超出原文范围或与其他处重叠"
TEXT_UNCHANGED = "更正后的公示内容与现行版本相同"


def policy_of(agency: Agency) -> DisclosurePolicy:
    found = DisclosurePolicy.objects.filter(agency=agency).first()
    return found or DisclosurePolicy(agency=agency)


def content_sha256(record: Mapping[str, Any], text: str) -> str:
    """SHA-256 of the public content exactly: RFC 8785 JSON of {"record", "text"}."""
    return hashlib.sha256(canonical_json({"record": dict(record), "text": text})).hexdigest()


def audit(user: Any, event: DisclosureEvent, disclosure: Disclosure, **new: Any) -> None:
    sha = str(new.get("content_sha256", ""))
    audit_record(
        actor=user,
        event=event.value,
        target=disclosure,
        agency_id=disclosure.agency_id,
        new={"case": str(disclosure.case_id) if disclosure.case_id else None, **new},
        subject_sha256=sha,
    )


# -- the disclosure officer's steps --------------------------------------------------------


def lock_for_handler(user: Any, disclosure_id: Any) -> Disclosure:
    """Raises: NotFound (missing or not visible); Forbidden (may see, may not handle)."""
    pk = uuid_or_not_found(disclosure_id)
    found = disclosures_visible_to(user).select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound()
    if not can_handle(user, found):
        raise Forbidden(NOT_HANDLER, code="disclosure_not_permitted")
    return found


def require_status(disclosure: Disclosure, verb: str, *statuses: str) -> None:
    if disclosure.status not in statuses:
        raise RuleViolation(
            WRONG_STATUS.format(status=disclosure.get_status_display(), verb=verb),
            code="disclosure_wrong_status",
        )


def latest_version(disclosure: Disclosure) -> DisclosureVersion:
    return disclosure.versions.order_by("-version").first()  # type: ignore[return-value]
