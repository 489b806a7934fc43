"""A decision drafts its 公示 (or records why it stays private), in the decision's transaction.

Called by `hooks` from case_transition: the draft is redacted by the engine (the case's known
entities first) and stored with its source text for the disclosure officer's review.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.cases.models import (
    Case,
    CoerciveMeasure,
    MeasureKind,
    Outcome,
    PartyKind,
    PenaltyKind,
)
from sanxiang.core.calendar import add_years
from sanxiang.disclosure import redaction_bridge
from sanxiang.disclosure.models import (
    Disclosure,
    DisclosureCategory,
    DisclosurePolicy,
    DisclosureStatus,
    DisclosureVersion,
    WithholdGround,
)
from sanxiang.disclosure.projection import Projection, measure_projection, projection_of
from sanxiang.disclosure.services_common import (
    FREE_TEXT_FIELDS,
    DisclosureEvent,
    audit,
    policy_of,
)
from sanxiang.disclosure.timing import (
    PUBLISH_CITATION,
    publish_due,
)

S = DisclosureStatus
PUBLISHED_MEASURES = (MeasureKind.SEALING, MeasureKind.SEIZURE)
ADULT_AGE = 18  # 未成年人: 《未成年人保护法》第二条


# -- the draft, made by the decision ------------------------------------------------------


def category_of(case: Case) -> str | None:
    if case.outcome == Outcome.PENALISE:
        return DisclosureCategory.PENALTY
    if case.outcome in (
        Outcome.NO_PENALTY_MINOR,
        Outcome.NO_PENALTY_FIRST,
        Outcome.NO_PENALTY_UNFOUNDED,
    ):
        return DisclosureCategory.NO_PENALTY
    return None  # 移送: not an administrative decision to publish


def is_minor(case: Case) -> bool:
    if case.party_kind != PartyKind.PERSON or case.party_birth_date is None:
        return False
    act = case.act_date or case.discovered_on
    return act < add_years(case.party_birth_date, ADULT_AGE)


def withhold_ground_of(case: Case, category: str, policy: DisclosurePolicy) -> str:
    """The reason the law keeps this decision off the portal, or ""."""
    if is_minor(case):
        return WithholdGround.MINOR
    warning_only = set(case.penalties) == {PenaltyKind.WARNING}
    if category == DisclosureCategory.PENALTY and warning_only and policy.withhold_warning_only:
        return WithholdGround.WARNING_ONLY
    return ""


def _redacted(projection: Projection) -> tuple[str, list[dict[str, Any]], dict[str, str]]:
    """The public text with its spans, and the record with each field redacted the same way."""

    def redact(text: str) -> tuple[str, list[dict[str, Any]]]:
        return redaction_bridge.redact(
            text,
            party=projection.party,
            known_entities=projection.known_entities,
            keep=projection.keep,
        )

    text, spans = redact(projection.text)
    record = {
        key: redact(value)[0] if key in FREE_TEXT_FIELDS and value else value
        for key, value in projection.record.items()
    }
    return text, spans, record


def disclosure_draft_for_case(*, case: Case, user: Any, on: dt.date) -> Disclosure | None:
    """Create the case decision's 公示 draft (or its 不予公开 record). Runs inside the decision's
    transaction (a hook of case_transition); idempotent per case and category."""
    category = category_of(case)
    if category is None or case.decided_on is None:
        return None
    policy = policy_of(case.agency)
    return _draft(
        case=case,
        category=category,
        subject_id="",
        decided_on=case.decided_on,
        decision_number=case.decision_number,
        ground=withhold_ground_of(case, category, policy),
        projection=projection_of(case, category, full_text=policy.full_text),
        user=user,
    )


def disclosure_draft_for_measure(
    *, case: Case, measure: CoerciveMeasure, user: Any, on: dt.date
) -> Disclosure | None:
    """The 公示 draft of a 查封/扣押 decision once it is approved (先行登记保存 is an evidence
    measure, not a 行政强制 decision to publish). Idempotent per measure."""
    if measure.kind not in PUBLISHED_MEASURES or measure.approved_by_id is None:
        return None
    category = DisclosureCategory.COERCION
    return _draft(
        case=case,
        category=category,
        subject_id=str(measure.pk),
        decided_on=measure.started_on,
        decision_number="",
        ground=WithholdGround.MINOR if is_minor(case) else "",
        projection=measure_projection(case, measure),
        user=user,
    )


def _draft(
    *,
    case: Case,
    category: str,
    subject_id: str,
    decided_on: dt.date,
    decision_number: str,
    ground: str,
    projection: Projection,
    user: Any,
) -> Disclosure:
    existing = Disclosure.objects.filter(
        case=case, category=category, subject_id=subject_id
    ).first()
    if existing is not None:
        return existing
    policy = policy_of(case.agency)
    due_on, provisional = publish_due(category, decided_on)
    disclosure = Disclosure.objects.create(
        agency=case.agency,
        case=case,
        category=category,
        subject_id=subject_id,
        status=S.WITHHELD if ground else S.DRAFT,
        decision_number=decision_number,
        decided_on=decided_on,
        due_on=due_on,
        due_provisional=provisional,
        full_text=policy.full_text,
        withhold_ground=ground,
        withhold_reason=WithholdGround(ground).label if ground else "",
        created_by=user,
    )
    text, spans, record = _redacted(projection)
    version = DisclosureVersion.objects.create(
        disclosure=disclosure,
        version=1,
        record=record,
        source_record=projection.record,
        source_text=projection.text,
        text=text,
        spans=spans,
        created_by=user,
    )
    event = DisclosureEvent.WITHHELD if ground else DisclosureEvent.DRAFTED
    audit(
        user,
        event,
        disclosure,
        category=category,
        subject_id=subject_id,
        due_on=due_on.isoformat(),
        citation=PUBLISH_CITATION,
        withhold_ground=ground,
        version=version.version,
        spans=len(spans),
    )
    return disclosure


def disclosure_party_informed(*, case: Case, user: Any, on: dt.date) -> None:
    """The decision was served with the written notice that it will be published (市场监管
    公示规定 §8): recorded on the case's pending disclosures. Runs inside SERVE's transaction."""
    rows = Disclosure.objects.filter(case=case, party_informed_on__isnull=True).exclude(
        status=S.WITHHELD
    )
    for disclosure in rows:
        disclosure.party_informed_on = on
        disclosure.save(update_fields=["party_informed_on", "updated_at"])
        audit(user, DisclosureEvent.PARTY_INFORMED, disclosure, informed_on=on.isoformat())
