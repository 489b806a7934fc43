"""The 法制审核 gate, added to the cases rule registry (处罚法 §58).

(a) 法制审核通过 is taken only on the assigned reviewer's 同意 opinion recorded here for the
    current draft, or by the agency head who settled a dispute on the opinion by adopting the
    handler's proposal for that draft, so nobody passes review by calling the cases action directly;
(b) a case that passed review is decided only as reviewed: a decision whose draft differs from the
    accepted one (penalty, amounts, facts, reasons, 裁量基准) is refused — the approval is void;
(c) a decision that needed review is served only with an accepted review of the decision as taken.
"""

from __future__ import annotations

from sanxiang.cases.rules.base import RuleContext, rule
from sanxiang.cases.states import ALL_KINDS, CaseAction
from sanxiang.legal_review.draft import draft_of, draft_sha256, proposal_from_decision
from sanxiang.legal_review.gate import accepted_review, current_draft_sha256, review_required
from sanxiang.legal_review.selectors import latest_submission
from sanxiang.organisations.models import Officer

A = CaseAction
CITATION = "《行政处罚法》第五十八条"
NO_SUBMISSION = "本案尚未通过法制审核模块送审，不能直接标记法制审核通过"
NO_AGREEMENT = "第{version}次送审尚无法制审核人员的同意意见，不能标记法制审核通过"
NOT_THE_REVIEWER = "法制审核通过须由出具同意意见的审核人员（{name}）办理"
NOT_THE_DECIDER = "采纳承办机构意见后的法制审核通过须由作出该决定的机关负责人（{name}）办理"
NO_REVIEW_FOR_SERVICE = "本案属于须经法制审核的重大执法决定，未经法制审核通过的决定书不得送达"
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
    kinds=ALL_KINDS,  # 许可 decisions in the 目录清单 pass review the same way (§58, 118号)
)
def review_opinion_recorded(ctx: RuleContext) -> str | None:
    submission = latest_submission(ctx.case)
    if submission is None:
        return NO_SUBMISSION
    accepted = accepted_review(ctx.case)
    if accepted is None:
        return NO_AGREEMENT.format(version=submission.version)
    if ctx.actor is None or accepted.decider_id != ctx.actor.pk:
        # 同意: the reviewer who gave it; a dispute settled for the handler: the head who decided.
        decider = Officer.objects.get(pk=accepted.decider_id)
        template = NOT_THE_DECIDER if accepted.via_dispute else NOT_THE_REVIEWER
        return template.format(name=decider.name)
    if accepted.draft_sha256 != draft_sha256(draft_of(ctx.case)):
        return DRAFT_CHANGED
    return None


@rule(
    "review_stale",
    citation=CITATION,
    title="作出、送达的决定须与法制审核认可的送审稿一致",
    actions={A.DECIDE, A.DECIDE_NO_PENALTY, A.SERVE},
)
def review_current(ctx: RuleContext) -> str | None:
    case = ctx.case
    if ctx.action == A.SERVE:
        # The decision as taken; a missing review is `legal_review_required`'s refusal.
        accepted = accepted_review(case) if review_required(case) else None
        if accepted is None:
            return None
        sha = current_draft_sha256(case)
    else:
        if not case.legal_review_passed:
            # Unreviewed: cases' legal_review_gate / outside_tier_legal_review refuse it if it
            # needs review. Reviewed (major or submitted by choice): decided only as reviewed.
            return None
        accepted = accepted_review(case)
        if accepted is None:
            return NO_AGREED_REVIEW
        proposal = proposal_from_decision(ctx.action, ctx.payload) if ctx.has_payload else None
        sha = draft_sha256(draft_of(case, proposal))
    if accepted.draft_sha256 != sha:
        return STALE.format(version=accepted.version)
    return None


@rule(
    "legal_review_required",
    citation=CITATION,
    title="须经法制审核的决定，未经审核通过不得送达",
    actions={A.SERVE},
)
def review_before_service(ctx: RuleContext) -> str | None:
    # Decisions are gated at DECIDE; this holds should a case reach 送达 any other way.
    if review_required(ctx.case) and accepted_review(ctx.case) is None:
        return NO_REVIEW_FOR_SERVICE
    return None
