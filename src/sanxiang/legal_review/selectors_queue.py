"""The 法制审核 queue: what waits for the user, as a reviewer or as the 机关负责人 who assigns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sanxiang.cases.permissions import cases_visible_to
from sanxiang.legal_review.models import ReviewSubmission, SubmissionStatus
from sanxiang.legal_review.selectors import review_queue
from sanxiang.organisations.models import Role
from sanxiang.organisations.permissions import agency_ids_with_role


def awaiting_assignment(user: Any) -> QuerySet[ReviewSubmission]:
    """Submissions of the agencies the user heads (机关负责人) that still need a reviewer."""
    agencies = agency_ids_with_role(user, Role.AGENCY_HEAD)
    if not agencies:
        return ReviewSubmission.objects.none()
    rows = ReviewSubmission.objects.filter(
        status=SubmissionStatus.PENDING,
        case__agency_id__in=agencies,
        case__in=cases_visible_to(user),
    )
    return rows.select_related("case", "submitted_by").order_by("submitted_on", "case_id")


@dataclass(frozen=True)
class QueueRow:
    submission: ReviewSubmission
    days_left: int | None  # calendar days to due_on; negative once overdue; None without a limit

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def _rows(rows: QuerySet[ReviewSubmission], today: dt.date) -> list[QueueRow]:
    return [QueueRow(s, (s.due_on - today).days if s.due_on is not None else None) for s in rows]


@dataclass(frozen=True)
class Queue:
    to_review: list[QueueRow]  # assigned to the user, waiting for their opinion
    to_assign: list[QueueRow]  # the user's agency's submissions without a reviewer

    @property
    def count(self) -> int:
        return len(self.to_review) + len(self.to_assign)


def queue_for(user: Any, today: dt.date) -> Queue:
    """The user's 法制审核 work, oldest first."""
    mine = review_queue(user).select_related("submitted_by").order_by("submitted_on", "case_id")
    return Queue(_rows(mine, today), _rows(awaiting_assignment(user), today))


def queue_count(user: Any) -> int:
    """How many submissions wait for the user (for the 工作台 link)."""
    return review_queue(user).count() + awaiting_assignment(user).count()
