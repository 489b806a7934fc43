"""An agency's 公示设置 (DisclosurePolicy): the choices the rules leave to the agency.

The 公示管理员 or the 机关负责人 changes them; each change is one transaction with an audit event
holding the old and the new values, so a later question ("why was this 不予许可 published?") is
answered by the ledger. Drafts already made are not touched: the policy is read when a decision
drafts its 公示.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.services.validation import parse
from sanxiang.core.errors import Forbidden, NotFound, ValidationFailed
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.disclosure.models import DisclosurePolicy
from sanxiang.disclosure.permissions import policy_agency_ids
from sanxiang.disclosure.services_common import DisclosureEvent, policy_of
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.models import Agency

NOT_POLICY_HANDLER = "只有本机关的公示管理员或机关负责人可以修改公示设置"
MONTHS_ORDER = "警告、通报批评、较低数额罚款的公示期限（{short}个月）不能长于其他处罚决定的公示期限（{long}个月）"

# 发改委令第58号: 公示期限 at least 3 months; 3 years is the usual maximum, some local rules keep
# decisions on line up to 5 years (河北), so 60 months is the upper bound accepted here.
MIN_MONTHS = 3
MAX_MONTHS = 60


class PolicyData(BaseModel):
    """公示设置, all fields at once (a settings form sends every field)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    full_text: bool = Field(title="公开决定书全文（否则公开摘要）")
    withhold_warning_only: bool = Field(title="仅警告的处罚决定不予公示")
    short_display_months: int = Field(
        title="警告、通报批评、较低数额罚款公示期限（月）", ge=MIN_MONTHS, le=MAX_MONTHS
    )
    display_months: int = Field(title="其他处罚决定公示期限（月）", ge=MIN_MONTHS, le=MAX_MONTHS)
    low_fine_threshold: decimal.Decimal = Field(
        title="较低数额罚款标准（元）", ge=0, max_digits=12, decimal_places=2
    )
    publish_licence_denials: bool = Field(title="公示不予行政许可决定")


POLICY_FIELDS = tuple(PolicyData.model_fields)


def policy_values(policy: DisclosurePolicy) -> dict[str, Any]:
    """The policy as JSON values (the threshold as a string: exact, no float rounding)."""
    values: dict[str, Any] = {name: getattr(policy, name) for name in POLICY_FIELDS}
    values["low_fine_threshold"] = f"{decimal.Decimal(values['low_fine_threshold']):.2f}"
    return values


def policy_get_for_user(*, user: Any, agency_id: Any) -> tuple[DisclosurePolicy, bool]:
    """The agency's policy (its defaults when never set) and whether the user may change it.

    Raises: NotFound (malformed id, or an agency whose disclosures the user does not handle or read).
    """
    pk = uuid_or_not_found(agency_id)
    if pk not in policy_agency_ids(user, for_change=False):
        raise NotFound()
    agency = Agency.objects.get(pk=pk)
    return policy_of(agency), pk in policy_agency_ids(user, for_change=True)


@transaction.atomic
def disclosure_policy_update(
    *, user: Any, agency_id: Any, data: Mapping[str, Any] | PolicyData
) -> DisclosurePolicy:
    """Set the agency's 公示设置. A submission that changes nothing writes nothing.

    Raises: NotFound (another agency); Forbidden `not_policy_handler` (may read, may not change);
        ValidationFailed (input, `display_months_order`).
    """
    pk = uuid_or_not_found(agency_id)
    if pk not in policy_agency_ids(user, for_change=False):
        raise NotFound()
    if pk not in policy_agency_ids(user, for_change=True):
        raise Forbidden(NOT_POLICY_HANDLER, code="not_policy_handler")
    payload = parse(PolicyData, data)
    if payload.short_display_months > payload.display_months:
        raise ValidationFailed(
            MONTHS_ORDER.format(short=payload.short_display_months, long=payload.display_months),
            code="display_months_order",
        )
    # Lock the agency row: two first-time saves must not both create the one-to-one policy.
    agency = Agency.objects.select_for_update().get(pk=pk)
    policy = policy_of(agency)
    old = policy_values(policy)
    for name in POLICY_FIELDS:
        setattr(policy, name, getattr(payload, name))
    new = policy_values(policy)
    if new == old:
        return policy
    if policy._state.adding:
        policy.created_by = user
    policy.updated_by = user
    policy.full_clean()
    policy.save()
    audit_record(
        actor=user,
        event=DisclosureEvent.POLICY_UPDATED.value,
        target=policy,
        agency_id=agency.pk,
        old=old,
        new=new,
    )
    return policy
