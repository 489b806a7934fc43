"""The disclosure officer before publication: adjust the redaction, review, publish, or withhold.

The public text is always re-applied from the source text and the span list, so an undone span
brings back exactly the original characters. Publishing ledgers the SHA-256 of what the portal shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import PenaltyKind
from sanxiang.cases.permissions import officer_of
from sanxiang.cases.services.common import today_or
from sanxiang.cases.services.validation import parse
from sanxiang.core.errors import ValidationFailed
from sanxiang.disclosure import redaction_bridge
from sanxiang.disclosure.listeners import PublicChange, public_change
from sanxiang.disclosure.models import (
    Disclosure,
    DisclosureCategory,
    DisclosureStatus,
    DisclosureVersion,
    WithholdGround,
)
from sanxiang.disclosure.services_common import (
    FREE_TEXT_FIELDS,
    SPAN_INVALID,
    DisclosureEvent,
    audit,
    content_sha256,
    latest_version,
    lock_for_handler,
    policy_of,
    require_status,
)
from sanxiang.disclosure.timing import (
    add_months,
)

S = DisclosureStatus


class SpanInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: int = Field(ge=0)
    end: int = Field(ge=1)
    kind: str = Field(min_length=1, max_length=40)
    replacement: str = Field(max_length=200)
    source: str = Field("manual", max_length=10)


class RedactionEdit(BaseModel):
    """The reviewer's redaction: the full list of spans over the source text."""

    model_config = ConfigDict(extra="forbid")

    spans: list[SpanInput] = Field(max_length=5000)


def _checked_spans(source: str, spans: list[SpanInput]) -> list[dict[str, Any]]:
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    end = 0
    for index, span in enumerate(ordered, start=1):
        if span.start < end or span.end <= span.start or span.end > len(source):
            raise ValidationFailed(
                SPAN_INVALID.format(index=index, start=span.start, end=span.end),
                code="redaction_span_invalid",
            )
        end = span.end
    return [s.model_dump() for s in ordered]


@transaction.atomic
def disclosure_redaction_update(
    *, user: Any, disclosure_id: Any, payload: Mapping[str, Any] | RedactionEdit
) -> DisclosureVersion:
    """Replace the draft's spans (add or undo a span); the public text is re-applied from the
    source text. A reviewed draft goes back to 待审核.

    Raises: NotFound; Forbidden; RuleViolation (not a draft); ValidationFailed (spans)."""
    disclosure = lock_for_handler(user, disclosure_id)
    require_status(disclosure, "修改脱敏", S.DRAFT, S.REVIEWED)
    data = parse(RedactionEdit, payload)
    version = latest_version(disclosure)
    spans = _checked_spans(version.source_text, data.spans)
    version.spans = spans
    version.text = redaction_bridge.apply(version.source_text, spans)
    version.record = record_following_text(version.source_record, version.source_text, spans)
    version.reviewed_by, version.reviewed_on = None, None
    version.updated_by = user
    version.save()
    disclosure.status = S.DRAFT
    disclosure.save(update_fields=["status", "updated_at"])
    audit(
        user,
        DisclosureEvent.REDACTED,
        disclosure,
        version=version.version,
        spans=len(spans),
        content_sha256=content_sha256(version.record, version.text),
    )
    return version


@transaction.atomic
def disclosure_review(*, user: Any, disclosure_id: Any, today: dt.date | None = None) -> Disclosure:
    """审核: the disclosure officer confirms the redaction of the latest version."""
    day = today_or(today)
    disclosure = lock_for_handler(user, disclosure_id)
    require_status(disclosure, "审核", S.DRAFT)
    version = latest_version(disclosure)
    version.reviewed_by = officer_of(user)
    version.reviewed_on = day
    version.save()
    disclosure.status = S.REVIEWED
    disclosure.save(update_fields=["status", "updated_at"])
    sha = content_sha256(version.record, version.text)
    audit(user, DisclosureEvent.REVIEWED, disclosure, version=version.version, content_sha256=sha)
    return disclosure


def display_until(disclosure: Disclosure, published_on: dt.date) -> dt.date:
    """公示截止期: short for 警告/通报批评/较低数额罚款 and 不予处罚, long otherwise."""
    policy = policy_of(disclosure.agency)
    case = disclosure.case
    short = disclosure.category == DisclosureCategory.NO_PENALTY
    if case is not None and disclosure.category == DisclosureCategory.PENALTY:
        light = {PenaltyKind.WARNING, PenaltyKind.CRITICISM, PenaltyKind.FINE}
        fine = case.fine or Decimal(0)
        short = set(case.penalties) <= light and fine < policy.low_fine_threshold
    if disclosure.category == DisclosureCategory.LICENCE:
        # 公示截止期 of a licence: its own 许可截止期 (the record's), else the long period.
        ends = str(latest_version(disclosure).source_record.get("公示截止期") or "")
        if ends and dt.date.fromisoformat(ends) > published_on:
            return dt.date.fromisoformat(ends)
    months = policy.short_display_months if short else policy.display_months
    return add_months(published_on, months)


@transaction.atomic
def disclosure_publish(
    *, user: Any, disclosure_id: Any, today: dt.date | None = None
) -> Disclosure:
    """发布 a reviewed disclosure on the portal. Raises: NotFound; Forbidden; RuleViolation."""
    day = today_or(today)
    disclosure = lock_for_handler(user, disclosure_id)
    require_status(disclosure, "发布", S.REVIEWED)
    version = latest_version(disclosure)
    version.published_on = day
    version.content_sha256 = content_sha256(version.record, version.text)
    version.save()
    disclosure.status = S.PUBLISHED
    disclosure.published_on = day
    disclosure.display_until = display_until(disclosure, day)
    disclosure.save()
    audit(
        user,
        DisclosureEvent.PUBLISHED,
        disclosure,
        version=version.version,
        content_sha256=version.content_sha256,
        published_on=day.isoformat(),
        display_until=disclosure.display_until.isoformat(),
        due_on=disclosure.due_on.isoformat(),
        on_time=day <= disclosure.due_on,
    )
    public_change(PublicChange(disclosure, version, DisclosureEvent.PUBLISHED.value, user))
    return disclosure


class Withholding(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    ground: WithholdGround = Field(title="不予公开情形")
    reason: str = Field(title="不予公开理由", min_length=1, max_length=2000)


@transaction.atomic
def disclosure_withhold(
    *, user: Any, disclosure_id: Any, payload: Mapping[str, Any] | Withholding
) -> Disclosure:
    """不予公开 a draft the law keeps private (secrets, privacy, security), with the reason."""
    disclosure = lock_for_handler(user, disclosure_id)
    require_status(disclosure, "决定不予公开", S.DRAFT, S.REVIEWED)
    data = parse(Withholding, payload)
    disclosure.status = S.WITHHELD
    disclosure.withhold_ground = data.ground
    disclosure.withhold_reason = data.reason
    disclosure.save()
    audit(user, DisclosureEvent.WITHHELD, disclosure, ground=data.ground, reason=data.reason)
    return disclosure


def spans_hiding(
    source: str, spans: list[dict[str, Any]], needle: str, replacement: str
) -> list[dict[str, Any]]:
    """`spans` plus a manual span for every occurrence of `needle` in `source` that no existing
    span touches (the reviewer hides a text the engine missed, wherever it occurs)."""
    result = list(spans)
    if not needle:
        return result
    at = source.find(needle)
    while at != -1:
        end = at + len(needle)
        if not any(int(s["start"]) < end and at < int(s["end"]) for s in result):
            result.append(
                {
                    "start": at,
                    "end": end,
                    "kind": "manual",
                    "replacement": replacement,
                    "source": "manual",
                }
            )
        at = source.find(needle, end)
    return sorted(result, key=lambda s: int(s["start"]))


def record_following_text(
    source_record: dict[str, str], source_text: str, spans: list[dict[str, Any]]
) -> dict[str, str]:
    """The public record after the reviewer's edits: every text the spans hide in the decision's
    text is hidden, the same way, wherever it occurs in a free-text field of the record (so an
    undone span is shown and an added one hidden in both places)."""
    hidden: dict[str, str] = {}
    for span in spans:
        hidden.setdefault(source_text[int(span["start"]) : int(span["end"])], span["replacement"])
    public = dict(source_record)
    for key in FREE_TEXT_FIELDS & source_record.keys():
        value = source_record[key]
        field_spans: list[dict[str, Any]] = []
        for original in sorted(hidden, key=len, reverse=True):
            field_spans = spans_hiding(value, field_spans, original, hidden[original])
        public[key] = redaction_bridge.apply(value, field_spans)
    return public
