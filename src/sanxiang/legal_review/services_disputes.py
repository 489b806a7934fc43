"""审核意见与拟处理意见不一致 (issue 6 item 6; seed 003 二(三)7): the handler contests a 建议修改
or 不同意 opinion, and the 机关负责人 — alone, or chairing a 集体讨论 with recorded participants and
minutes — settles it.

维持审核意见 returns the case to 调查取证 with the final position as the reason; 采纳承办机构意见
passes 法制审核 for the contested draft, taken by the head who decided (the gate in `rules` and
`gate` accepts it only for that draft). Both steps are audit events with their ledger entries
carrying who decided, the participants and the minutes: overruling the reviewer is never silent.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import Case
from sanxiang.cases.permissions import cases_visible_to
from sanxiang.cases.services import case_transition
from sanxiang.cases.services.common import acting_officer, case_lock_for_user, today_or
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.ledger.audit import audit_record
from sanxiang.legal_review.draft import draft_of, draft_sha256
from sanxiang.legal_review.models import (
    Conclusion,
    DisputeForum,
    DisputeOutcome,
    ReviewDispute,
    ReviewOpinion,
    ReviewSubmission,
)
from sanxiang.legal_review.permissions import can_raise_dispute, can_resolve_dispute
from sanxiang.legal_review.selectors import latest_opinion, latest_submission
from sanxiang.organisations.models import Officer

A = CaseAction
CITATION = "《行政处罚法》第五十八条"
MIN_PARTICIPANTS = 3


class DisputeEvent(StrEnum):
    RAISED = "legal_review.dispute.raised"
    RESOLVED = "legal_review.dispute.resolved"


NOT_RAISER = "只有本案承办人员可以对法制审核意见提出不同意见"
NOT_RESOLVER = "审核意见分歧只能由机关负责人决定或者主持集体讨论决定"
NOT_IN_REVIEW = "案件已不在法制审核阶段，不能再就审核意见提出或处理分歧"
NOT_LATEST = "只能就本案最新一次送审的最新审核意见提出不同意见"
NOT_CONTESTABLE = "只有“建议修改”或“不同意”的审核意见可以提出不同意见（本意见为“{conclusion}”）"
ALREADY_RAISED = "已经就该审核意见提出过不同意见"
ALREADY_RESOLVED = "该分歧已于{day}处理完毕"
SUPERSEDED = "本案已重新送审，该分歧所涉的审核意见已不是最新意见"
DRAFT_CHANGED = "送审后拟作出的决定已经变更，请重新送审，不能就旧送审稿的审核意见提出或处理分歧"
HEAD_NO_PARTICIPANTS = "报机关负责人决定的，不填写集体讨论参加人员"
TOO_FEW = "集体讨论应当至少有{n}名本机关人员参加（含机关负责人）"
PARTICIPANT_UNKNOWN = "参加人员须是本机关在岗人员"
HEAD_ABSENT = "集体讨论应当由机关负责人参加并主持"
MINUTES_REQUIRED = "集体讨论的，请记录讨论情况"


class DisputeRaiseInput(BaseModel):
    """提出不同意见: the handler's reasons and where it goes."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    grounds: str = Field(title="承办机构的意见和理由", min_length=1, max_length=20000)
    forum: DisputeForum = Field(title="处理方式")


class DisputeResolveInput(BaseModel):
    """分歧处理决定: the outcome, the final position and, for 集体讨论, who took part and the minutes."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    outcome: DisputeOutcome = Field(title="处理结果")
    final_position: str = Field(title="最终意见", min_length=1, max_length=10000)
    participants: list[uuid.UUID] = Field(
        default_factory=list, title="参加人员（集体讨论）", max_length=50
    )
    minutes: str = Field("", title="讨论记录", max_length=50000)


def _lock_case(user: Any, case_id: Any) -> Case:
    return case_lock_for_user(user=user, case_id=case_id)


def _refuse_stale_or_superseded(case: Case, opinion: ReviewOpinion) -> None:
    """Raises: RuleViolation unless the opinion is the latest on the latest submission and the
    draft is still the one it answered."""
    if case.status != CaseStatus.LEGAL_REVIEW:
        raise RuleViolation(NOT_IN_REVIEW, code="case_not_in_legal_review", citation=CITATION)
    submission = latest_submission(case)
    if submission is None or submission.pk != opinion.submission_id:
        raise RuleViolation(SUPERSEDED, code="dispute_not_latest_opinion")
    latest = latest_opinion(submission)
    if latest is None or latest.pk != opinion.pk:
        raise RuleViolation(NOT_LATEST, code="dispute_not_latest_opinion")
    if submission.draft_sha256 != draft_sha256(draft_of(case)):
        raise RuleViolation(DRAFT_CHANGED, code="review_stale", citation=CITATION)


def _audit(
    *, user: Any, event: DisputeEvent, case: Case, dispute: ReviewDispute, new: dict[str, Any]
) -> None:
    audit_record(
        actor=user,
        event=event.value,
        target=dispute,
        agency_id=case.agency_id,
        new={"case": str(case.pk), "opinion": str(dispute.opinion_id), **new},
        subject_sha256=dispute.draft_sha256,
    )


@transaction.atomic
def review_dispute_raise(
    *,
    user: Any,
    opinion_id: Any,
    payload: Mapping[str, Any] | DisputeRaiseInput,
    today: dt.date | None = None,
) -> ReviewDispute:
    """提出不同意见 on the latest 建议修改 / 不同意 opinion, to the head or to 集体讨论.

    Raises: NotFound; Forbidden (not the case's officer); RuleViolation (case not in 法制审核,
        not the latest opinion, a conclusion that cannot be contested, already contested,
        `review_stale`: the draft changed since it was submitted); ValidationFailed (payload).
    """
    day = today_or(today)
    officer = acting_officer(user)
    visible = ReviewOpinion.objects.filter(
        pk=uuid_or_not_found(opinion_id), submission__case__in=cases_visible_to(user)
    ).first()
    if visible is None:
        raise NotFound()
    case = _lock_case(user, visible.submission.case_id)
    opinion = ReviewOpinion.objects.select_for_update().get(pk=visible.pk)
    if not can_raise_dispute(user, case):
        raise Forbidden(NOT_RAISER, code="dispute_raise_not_permitted")
    if opinion.conclusion not in (Conclusion.MODIFY, Conclusion.DISAGREE):
        raise RuleViolation(
            NOT_CONTESTABLE.format(conclusion=opinion.get_conclusion_display()),
            code="dispute_conclusion_not_contestable",
        )
    if ReviewDispute.objects.filter(opinion=opinion).exists():
        raise RuleViolation(ALREADY_RAISED, code="dispute_already_raised")
    _refuse_stale_or_superseded(case, opinion)
    data = parse(DisputeRaiseInput, payload)
    submission: ReviewSubmission = opinion.submission
    dispute = ReviewDispute.objects.create(
        opinion=opinion,
        raised_by=officer,
        raised_on=day,
        grounds=data.grounds,
        forum=data.forum,
        draft_sha256=submission.draft_sha256,
        created_by=user,
    )
    _audit(
        user=user,
        event=DisputeEvent.RAISED,
        case=case,
        dispute=dispute,
        new={
            "submission": str(submission.pk),
            "version": submission.version,
            "draft_sha256": dispute.draft_sha256,
            "conclusion": opinion.conclusion,
            "forum": dispute.forum,
            "grounds": dispute.grounds,
            "raised_by": str(officer.pk),
        },
    )
    return dispute


def _officers(case: Case, ids: list[uuid.UUID]) -> list[Officer]:
    """The participants, in the order given, each once. Raises: ValidationFailed."""
    unique = list(dict.fromkeys(ids))
    try:
        found = {
            o.pk: o
            for o in Officer.objects.filter(pk__in=unique, agency=case.agency, is_active=True)
        }
    except DjangoValidationError as exc:  # pragma: no cover - pydantic already checked UUIDs
        raise ValidationFailed(PARTICIPANT_UNKNOWN, code="dispute_participant_unknown") from exc
    if len(found) != len(unique):
        raise ValidationFailed(PARTICIPANT_UNKNOWN, code="dispute_participant_unknown")
    return [found[pk] for pk in unique]


def _participants(
    case: Case, forum: str, data: DisputeResolveInput, head: Officer
) -> list[dict[str, str]]:
    """Raises: ValidationFailed (participants for a head's decision; too few, unknown, without the
    head, or no minutes for a 集体讨论)."""
    if forum == DisputeForum.HEAD:
        if data.participants:
            raise ValidationFailed(HEAD_NO_PARTICIPANTS, code="dispute_participants_not_allowed")
        return []
    officers = _officers(case, data.participants)
    if len(officers) < MIN_PARTICIPANTS:
        raise ValidationFailed(
            TOO_FEW.format(n=MIN_PARTICIPANTS), code="dispute_too_few_participants"
        )
    if head.pk not in {o.pk for o in officers}:
        raise ValidationFailed(HEAD_ABSENT, code="dispute_head_not_participant")
    if not data.minutes:
        raise ValidationFailed(MINUTES_REQUIRED, code="dispute_minutes_required")
    return [{"officer": str(o.pk), "name": o.name, "post": o.title} for o in officers]


@transaction.atomic
def review_dispute_resolve(
    *,
    user: Any,
    dispute_id: Any,
    payload: Mapping[str, Any] | DisputeResolveInput,
    today: dt.date | None = None,
) -> ReviewDispute:
    """Settle a dispute: 维持审核意见 returns the case to 调查取证 (the final position as the
    reason); 采纳承办机构意见 passes 法制审核 for the contested draft, taken by the head.

    Raises: NotFound; Forbidden (not the 机关负责人); RuleViolation (already settled, case no longer
        in 法制审核, superseded by a new submission, `review_stale`); ValidationFailed (payload,
        participants, minutes).
    """
    day = today_or(today)
    officer = acting_officer(user)
    visible = (
        ReviewDispute.objects.filter(
            pk=uuid_or_not_found(dispute_id), opinion__submission__case__in=cases_visible_to(user)
        )
        .select_related("opinion__submission")
        .first()
    )
    if visible is None:
        raise NotFound()
    case = _lock_case(user, visible.opinion.submission.case_id)
    dispute = ReviewDispute.objects.select_for_update().select_related("opinion").get(pk=visible.pk)
    if not can_resolve_dispute(user, case):
        raise Forbidden(NOT_RESOLVER, code="dispute_resolve_not_permitted")
    if not dispute.is_open:
        day_text = dispute.resolved_on.isoformat() if dispute.resolved_on else ""
        raise RuleViolation(ALREADY_RESOLVED.format(day=day_text), code="dispute_already_resolved")
    _refuse_stale_or_superseded(case, dispute.opinion)
    data = parse(DisputeResolveInput, payload)
    participants = _participants(case, dispute.forum, data, officer)
    dispute.outcome = data.outcome
    dispute.final_position = data.final_position
    dispute.participants = participants
    dispute.minutes = data.minutes
    dispute.resolved_by = officer
    dispute.resolved_on = day
    dispute.updated_by = user
    dispute.full_clean()
    dispute.save()
    _audit(
        user=user,
        event=DisputeEvent.RESOLVED,
        case=case,
        dispute=dispute,
        new={
            "draft_sha256": dispute.draft_sha256,
            "forum": dispute.forum,
            "outcome": dispute.outcome,
            "final_position": dispute.final_position,
            "decided_by": str(officer.pk),
            "participants": participants,
            "minutes": dispute.minutes,
        },
    )
    _move_case(user=user, case=case, dispute=dispute, day=day)
    return dispute


def _move_case(*, user: Any, case: Case, dispute: ReviewDispute, day: dt.date) -> None:
    forum = DisputeForum(dispute.forum).label
    text = f"审核意见分歧（{forum}）：{DisputeOutcome(dispute.outcome).label}。{dispute.final_position}"
    if dispute.outcome == DisputeOutcome.ADOPT_PROPOSAL:
        case_transition(
            user=user,
            case_id=case.pk,
            action=A.PASS_LEGAL_REVIEW,
            payload={"opinion": text},
            today=day,
        )
    else:
        case_transition(
            user=user,
            case_id=case.pk,
            action=A.RETURN_FOR_INVESTIGATION,
            payload={"reason": text},
            today=day,
        )
