"""Reads of the 法制审核 workflow, scoped by `permissions`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sanxiang.cases.models import Case, CaseOfficer
from sanxiang.cases.permissions import cases_visible_to, officer_of
from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.legal_review.models import (
    Conclusion,
    ReviewOpinion,
    ReviewPolicy,
    ReviewSubmission,
    SubmissionStatus,
)
from sanxiang.organisations.models import Agency, Officer, Role, RoleAssignment

REVIEWER_SHARE = 0.05  # 国办发〔2018〕118号: 原则上不少于本单位执法人员总数的5%
# Without its own 法制审核办法 an agency gets the common practice: 7 working days, +3 with approval.
DEFAULT_TIME_LIMIT_DAYS = 7
DEFAULT_EXTENSION_DAYS = 3


def submission_get_for_user(*, user: Any, submission_id: Any) -> ReviewSubmission:
    """Raises: NotFound (missing, or a case the user may not see)."""
    pk = uuid_or_not_found(submission_id)
    found = (
        ReviewSubmission.objects.filter(pk=pk, case__in=cases_visible_to(user))
        .select_related("case", "reviewer", "submitted_by")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def submissions_for_case(*, user: Any, case_id: Any) -> list[ReviewSubmission]:
    """Every version of the case's submissions with their opinions, oldest first.

    Raises: NotFound."""
    pk = uuid_or_not_found(case_id)
    if not cases_visible_to(user).filter(pk=pk).exists():
        raise NotFound()
    rows = ReviewSubmission.objects.filter(case_id=pk).select_related("reviewer", "submitted_by")
    return list(rows.prefetch_related("opinions__reviewer").order_by("version"))


def latest_submission(case: Case) -> ReviewSubmission | None:
    """The case's newest submission that was not withdrawn."""
    rows = ReviewSubmission.objects.filter(case=case).exclude(status=SubmissionStatus.WITHDRAWN)
    return rows.order_by("-version").first()


def latest_opinion(submission: ReviewSubmission) -> ReviewOpinion | None:
    return submission.opinions.order_by("-created_at").first()


def review_queue(user: Any) -> QuerySet[ReviewSubmission]:
    """Submissions waiting for the user's opinion."""
    officer = officer_of(user)
    if officer is None:
        return ReviewSubmission.objects.none()
    rows = ReviewSubmission.objects.filter(reviewer=officer, status=SubmissionStatus.ASSIGNED)
    return rows.filter(case__in=cases_visible_to(user)).select_related("case")


def handled_case(officer: Officer, case: Case) -> bool:
    """回避: the officer was ever assigned to the case (active or not)."""
    return CaseOfficer.objects.filter(case=case, officer=officer).exists()


def is_first_time_reviewer(officer: Officer, agency_id: Any) -> bool:
    """No opinion of theirs on record in the agency yet (处罚法 §58 第二款: 初次从事)."""
    given = ReviewOpinion.objects.filter(reviewer=officer, submission__case__agency_id=agency_id)
    return not given.exists()


@dataclass(frozen=True)
class ReviewerCandidate:
    officer: Officer
    eligible: bool
    reason: str  # why not, in Chinese; "" when eligible
    open_reviews: int  # workload: submissions assigned and waiting for this reviewer


def reviewer_candidates(case: Case) -> list[ReviewerCandidate]:
    """The agency's 法制审核人员 with whether each may review this case and their workload."""
    user_ids = RoleAssignment.objects.filter(agency=case.agency, role=Role.REVIEWER).values(
        "user_id"
    )
    officers = Officer.objects.filter(user_id__in=user_ids, is_active=True).order_by("name")
    result = []
    for officer in officers:
        reason = ""
        if handled_case(officer, case):
            reason = "曾承办本案，应当回避"
        elif not officer.has_legal_qualification and is_first_time_reviewer(
            officer, case.agency_id
        ):
            reason = "初次从事法制审核，未取得法律职业资格"
        load = ReviewSubmission.objects.filter(
            reviewer=officer, status=SubmissionStatus.ASSIGNED
        ).count()
        result.append(ReviewerCandidate(officer, not reason, reason, load))
    return result


@dataclass(frozen=True)
class ReviewerRatio:
    agency: Agency
    reviewers: int
    officers: int
    required: int

    @property
    def sufficient(self) -> bool:
        return self.reviewers >= self.required


def reviewer_ratio(agency: Agency) -> ReviewerRatio:
    """The agency's reviewer count against 5% of its 执法人员 (rounded up)."""
    staff = RoleAssignment.objects.filter(agency=agency)
    reviewers = staff.filter(role=Role.REVIEWER).values("user_id").distinct().count()
    officers = staff.filter(role=Role.OFFICER).values("user_id").distinct().count()
    return ReviewerRatio(agency, reviewers, officers, math.ceil(officers * REVIEWER_SHARE))


def agreed(opinion: ReviewOpinion | None) -> bool:
    return opinion is not None and opinion.conclusion == Conclusion.AGREE


def policy_of(agency: Agency | Any) -> ReviewPolicy:
    """The agency's ReviewPolicy, or an unsaved default (7 working days, +3, every material)."""
    agency_id: Any = agency.pk if isinstance(agency, Agency) else agency
    found = ReviewPolicy.objects.filter(agency_id=agency_id).first()
    if found is not None:
        return found
    return ReviewPolicy(
        agency_id=agency_id,
        time_limit_days=DEFAULT_TIME_LIMIT_DAYS,
        extension_days=DEFAULT_EXTENSION_DAYS,
        required_materials={},
    )


def case_category(case: Case) -> str:
    """The 事项 category (catalog ItemCategory) of the case: its catalog item's, else its kind
    (penalty, licence, coercion, inspection are category values too)."""
    item = case.item if case.item_id else None
    return str(item.category) if item is not None else str(case.kind)


def required_material_codes(case: Case) -> frozenset[str] | None:
    """The 送审材料 codes the agency's policy requires for the case's 事项 category; None when
    the policy does not name the category (then every applicable material is required)."""
    configured = policy_of(case.agency_id).required_materials or {}
    codes = configured.get(case_category(case))
    return None if codes is None else frozenset(str(c) for c in codes)
