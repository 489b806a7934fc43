"""The 法制审核 gate, added to the cases rule registry (处罚法 §58).

(a) 法制审核通过 is taken only on the assigned reviewer's 同意 opinion recorded here for the
    current draft, so nobody passes review by calling the cases action directly;
(b) a case that passed review is decided only as reviewed: a decision whose draft differs from the agreed
    submission's (penalty, amounts, facts, reasons, 裁量基准) is refused — the approval is void.
"""

from __future__ import annotations

from sanxiang.cases.rules.base import RuleContext, rule
from sanxiang.cases.states import CaseAction
from sanxiang.legal_review.draft import draft_of, draft_sha256, proposal_from_decision
from sanxiang.legal_review.selectors import agreed, latest_opinion, latest_submission

A = CaseAction
CITATION = "《行政处罚法》第五十八条"
NO_SUBMISSION = "本案尚未通过法制审核模块送审，不能直接标记法制审核通过"
NO_AGREEMENT = "第{version}次送审尚无法制审核人员的同意意见，不能标记法制审核通过"
NOT_THE_REVIEWER = "法制审核通过须由出具同意意见的审核人员（{name}）办理"
DRAFT_CHANGED = "送审后拟作出的决定已经变更，须重新送审并经审核同意"
NO_AGREED_REVIEW = "本案没有法制审核同意意见，不得作出决定"
STALE = (
    "拟作出的决定与法制审核同意的第{version}次送审稿不一致（处罚种类、金额、事实、理由或"
    "裁量基准已变更），原审核意见失效，须重新送审"
)


@rule(
    "review_opinion_missing",
    citation=CITATION,
    title="法制审核通过须有审核人员对现行送审稿的同意意见",
    actions={A.PASS_LEGAL_REVIEW},
)
def review_opinion_recorded(ctx: RuleContext) -> str | None:
    submission = latest_submission(ctx.case)
    if submission is None:
        return NO_SUBMISSION
    opinion = latest_opinion(submission)
    if opinion is None or not agreed(opinion):
        return NO_AGREEMENT.format(version=submission.version)
    if opinion.reviewer_id != ctx.actor.pk:
        return NOT_THE_REVIEWER.format(name=opinion.reviewer.name)
    if submission.draft_sha256 != draft_sha256(draft_of(ctx.case)):
        return DRAFT_CHANGED
    return None


@rule(
    "review_stale",
    citation=CITATION,
    title="作出的决定须与法制审核同意的送审稿一致",
    actions={A.DECIDE, A.DECIDE_NO_PENALTY},
)
def review_current(ctx: RuleContext) -> str | None:
    case = ctx.case
    if not case.legal_review_passed:
        # Unreviewed: cases' legal_review_gate / outside_tier_legal_review refuse it if it needs
        # review. Reviewed (major or submitted by choice): decided only as reviewed.
        return None
    submission = latest_submission(case)
    if submission is None or not agreed(latest_opinion(submission)):
        return NO_AGREED_REVIEW
    proposal = proposal_from_decision(ctx.action, ctx.payload) if ctx.has_payload else None
    if submission.draft_sha256 != draft_sha256(draft_of(case, proposal)):
        return STALE.format(version=submission.version)
    return None
