"""What the 法制审核 gate accepts, in one place (处罚法 §58: 未经法制审核或者审核未通过的，不得作出决定).

A review is accepted for a case when the latest submission's latest opinion is the reviewer's
同意, or when that opinion (建议修改 / 不同意) was contested and the agency head or a 集体讨论
adopted the handler's proposal. Either way the acceptance is for one frozen draft (its SHA-256):
the gate rules (`rules`), the decision documents (documents.services) and 送达 compare it with
the draft as the case stands, so any change after the acceptance voids it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sanxiang.cases.models import Case
from sanxiang.legal_review.draft import draft_of, draft_sha256
from sanxiang.legal_review.models import DisputeOutcome, ReviewDispute
from sanxiang.legal_review.selectors import agreed, latest_opinion, latest_submission

CITATION = "《行政处罚法》第五十八条"
REQUIRED = "本案属于须经法制审核的重大执法决定，尚无法制审核同意（或经分歧处理采纳）的意见"
STALE = (
    "拟作出的决定与法制审核认可的第{version}次送审稿不一致（处罚种类、金额、事实、理由或"
    "裁量基准已变更），原审核意见失效，须重新送审"
)


@dataclass(frozen=True)
class AcceptedReview:
    """The review the gate accepts: which version, its frozen draft digest, and who accepted it."""

    version: int
    draft_sha256: str
    decider_id: Any  # the reviewer (同意) or the head who settled the dispute
    via_dispute: bool


def adopted_dispute(opinion: Any) -> ReviewDispute | None:
    """The settled dispute on `opinion` that adopted the handler's proposal, if any."""
    if opinion is None:
        return None
    return ReviewDispute.objects.filter(
        opinion=opinion, outcome=DisputeOutcome.ADOPT_PROPOSAL
    ).first()


def accepted_review(case: Case) -> AcceptedReview | None:
    """The accepted review of the case's latest submission, or None."""
    submission = latest_submission(case)
    if submission is None:
        return None
    opinion = latest_opinion(submission)
    if opinion is None:
        return None
    if agreed(opinion):
        return AcceptedReview(
            submission.version, submission.draft_sha256, opinion.reviewer_id, False
        )
    dispute = adopted_dispute(opinion)
    if dispute is not None:
        return AcceptedReview(
            submission.version, dispute.draft_sha256, dispute.resolved_by_id, True
        )
    return None


def review_required(case: Case) -> bool:
    """The case needs review before its decision: the 目录清单 routed it (or the handler flagged
    it), it departs from the 裁量基准 tier (国办发〔2022〕27号), or it was reviewed by choice and
    is then decided only as reviewed."""
    return bool(case.is_major or case.outside_tier or case.legal_review_passed)


def decided_proposal(case: Case) -> dict[str, Any] | None:
    """The decision as taken, in `draft_of`'s terms; None before the decision."""
    if not case.outcome:
        return None
    return {
        "outcome": case.outcome,
        "penalties": list(case.penalties or []),
        "fine": case.fine,
        "confiscation": case.confiscation,
    }


def current_draft_sha256(case: Case, proposal: dict[str, Any] | None = None) -> str:
    return draft_sha256(
        draft_of(case, proposal if proposal is not None else decided_proposal(case))
    )


def gate_refusal(case: Case) -> tuple[str, str] | None:
    """(code, message) when the decision of `case` may not be issued or served; None when it may.

    `legal_review_required`: review needed and none accepted; `review_stale`: the accepted review
    is for another draft than the decision as it stands.
    """
    if not review_required(case):
        return None
    accepted = accepted_review(case)
    if accepted is None:
        return "legal_review_required", REQUIRED
    if accepted.draft_sha256 != current_draft_sha256(case):
        return "review_stale", STALE.format(version=accepted.version)
    return None
