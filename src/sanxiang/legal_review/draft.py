"""The draft decision a review is about, computed from the case in one place.

`review_submit` freezes it on the submission; the gate recomputes it before the decision and
compares digests, so changing the penalty, an amount, the facts, the reasons or the 裁量基准 after
the review voids the approval (处罚法 §58: the decision must be the one that was reviewed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sanxiang.cases.models import Case, CaseStep, Outcome
from sanxiang.cases.states import CaseAction
from sanxiang.ledger.canonical import canonical_json

A = CaseAction
DRAFT_FORMAT = 1
LICENCE = "licence"
# The licensing app records its 审查意见 (proposed 准予/不予) as a case step of this action.
LICENCE_EXAMINATION = "licence_examination"
LICENCE_FIELDS = ("content", "licence_name", "valid_from", "valid_to")


def _amount(value: Any) -> str | None:
    return None if value is None or value == "" else f"{Decimal(value):.2f}"


def _latest_step(case: Case, action: str) -> CaseStep | None:
    return case.steps.filter(action=action).order_by("-sequence").first()


def draft_of(case: Case, proposal: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The proposed decision: by default what the 告知 proposed; `proposal` overrides the outcome,
    penalties and amounts with what a decision about to be taken says."""
    if case.kind == LICENCE:
        return licence_draft_of(case, proposal)
    notice = _latest_step(case, A.ISSUE_NOTICE)
    told = notice.content if notice else {}
    data = dict(proposal or {})
    outcome = str(data.get("outcome") or Outcome.PENALISE)
    penalties = data["penalties"] if "penalties" in data else case.notice_penalties
    fine = data["fine"] if "fine" in data else case.notice_fine
    confiscation = data["confiscation"] if "confiscation" in data else case.notice_confiscation
    if outcome != Outcome.PENALISE:
        penalties, fine, confiscation = [], None, None
    return {
        "format": DRAFT_FORMAT,
        "case": str(case.pk),
        "outcome": outcome,
        "penalties": sorted(str(k) for k in penalties or []),
        "fine": _amount(fine),
        "confiscation": _amount(confiscation),
        "facts": case.facts,
        "reasons": str(told.get("reasons", "")),
        "basis": str(told.get("basis", "")),
        "benchmark": str(case.benchmark_id) if case.benchmark_id else None,
        "tier": str(case.tier_id) if case.tier_id else None,
        "outside_tier": case.outside_tier,
        "outside_tier_reason": case.outside_tier_reason,
    }


def draft_sha256(draft: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the draft's RFC 8785 canonical JSON."""
    return hashlib.sha256(canonical_json(dict(draft))).hexdigest()


def licence_draft_of(case: Case, proposal: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A licence case's proposed decision (许可法 §38): the latest 审查意见, with `proposal` (a
    LICENCE_GRANT / LICENCE_DENY about to be taken) overriding the outcome and the licence's
    content and validity; the 听证笔录 it must rest on (§48 ②) when a hearing was held."""
    examination = _latest_step(case, LICENCE_EXAMINATION)
    base = dict(examination.content) if examination else {}
    base.update(proposal or {})
    outcome = str(base.get("outcome") or "")
    granted = outcome == "grant"
    hearing = _latest_step(case, A.LICENCE_CONCLUDE_HEARING)
    return {
        "format": DRAFT_FORMAT,
        "case": str(case.pk),
        "kind": LICENCE,
        "outcome": outcome,
        **{name: str(base.get(name) or "") if granted else "" for name in LICENCE_FIELDS},
        "reasons": str((examination.content if examination else {}).get("reasons", "")),
        "hearing_record": str(hearing.content.get("record", "")) if hearing else "",
    }


def proposal_from_decision(action: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """What a DECIDE / DECIDE_NO_PENALTY payload proposes, in `draft_of`'s terms."""
    if str(action) in (A.LICENCE_GRANT, A.LICENCE_DENY):
        granted = str(action) == A.LICENCE_GRANT
        fields = {name: (payload.get(name) or "") if granted else "" for name in LICENCE_FIELDS}
        return {"outcome": "grant" if granted else "deny", **fields}
    if str(action) == A.DECIDE_NO_PENALTY:
        return {"outcome": payload.get("outcome") or ""}
    return {
        "outcome": Outcome.PENALISE,
        "penalties": payload.get("penalties") or [],
        "fine": payload.get("fine"),
        "confiscation": payload.get("confiscation"),
    }
