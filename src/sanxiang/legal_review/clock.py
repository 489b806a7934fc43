"""The review clock: the agency's time limit for an opinion (its ReviewPolicy, in 工作日).

The clock is a cases `Deadline` of kind legal_review keyed by the submission, so the hourly alert
scan (cases.alerts.deadline_alerts_raise) raises 临期/超期 on it like on any legal clock and the
workbench selectors show it with the case. The submission keeps a copy of the last day
(`due_on`) for lists and statistics. Called inside the services' transactions only.
"""

from __future__ import annotations

import datetime as dt

from sanxiang.cases.deadlines import deadline_extend, deadline_start, deadline_stop
from sanxiang.cases.models import Case, Deadline, DeadlineKind, DeadlineState
from sanxiang.legal_review.models import ReviewSubmission
from sanxiang.legal_review.selectors import policy_of

KIND = DeadlineKind.LEGAL_REVIEW


def review_clock_start(*, case: Case, submission: ReviewSubmission, day: dt.date) -> Deadline:
    """Start the clock on the day of the submission and copy its last day onto it (unsaved)."""
    policy = policy_of(case.agency_id)
    deadline = deadline_start(
        case=case,
        kind=KIND,
        starts_on=day,
        object_id=str(submission.pk),
        days=policy.time_limit_days,
    )
    submission.due_on = deadline.due_on
    return deadline


def review_clock_stop(
    *,
    case: Case,
    submission: ReviewSubmission,
    day: dt.date,
    state: str = DeadlineState.MET,
) -> int:
    """End the submission's running clock: MET on an opinion, CANCELLED on a withdrawal."""
    return deadline_stop(case=case, kind=KIND, on=day, object_id=str(submission.pk), state=state)


def review_clock_extend(
    *, case: Case, submission: ReviewSubmission, extra_days: int
) -> Deadline | None:
    """Push the running clock by `extra_days` working days; copies the new last day (unsaved)."""
    deadline = deadline_extend(
        case=case, kind=KIND, extra_days=extra_days, object_id=str(submission.pk)
    )
    if deadline is not None:
        submission.due_on = deadline.due_on
    return deadline
