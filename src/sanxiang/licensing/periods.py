"""§45 excluded periods: opened and closed inside a service or handler transaction.

许可法 §45: 听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审 time is not counted in the decision
period, and the applicant is told in writing. Ending a period adds the working days it took
(`working_days_between`: the day it starts is not counted) to the running decision clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.cases.deadlines import deadline_extend
from sanxiang.cases.models import DeadlineKind
from sanxiang.licensing.common import licensing_audit, working_days_between
from sanxiang.licensing.models import ExcludedPeriod, LicenceApplication


def excluded_period_open(
    *,
    application: LicenceApplication,
    kind: str,
    reason: str,
    started_on: dt.date,
    applicant_notified_on: dt.date,
    user: Any,
) -> ExcludedPeriod:
    period = ExcludedPeriod(
        application=application,
        kind=kind,
        reason=reason,
        started_on=started_on,
        applicant_notified_on=applicant_notified_on,
        created_by=user,
        updated_by=user,
    )
    period.full_clean(exclude=["application"])
    period.save()
    licensing_audit(
        user=user,
        event="licensing.excluded_period.started",
        case=application.case,
        target=period,
        new={
            "kind": kind,
            "started_on": started_on.isoformat(),
            "applicant_notified_on": applicant_notified_on.isoformat(),
        },
    )
    return period


def excluded_period_close(
    *, period: ExcludedPeriod, ended_on: dt.date, user: Any
) -> ExcludedPeriod:
    """End the period; its working days push the decision clock. Raises: CalendarUnknownYear."""
    days = working_days_between(period.started_on, ended_on)
    period.ended_on = ended_on
    period.working_days = days
    period.updated_by = user
    period.save()
    case = period.application.case
    clock = deadline_extend(case=case, kind=DeadlineKind.LICENCE_DECISION, extra_days=days)
    licensing_audit(
        user=user,
        event="licensing.excluded_period.ended",
        case=case,
        target=period,
        new={
            "ended_on": ended_on.isoformat(),
            "working_days": days,
            "decision_due": clock.due_on.isoformat() if clock else None,
        },
    )
    return period
