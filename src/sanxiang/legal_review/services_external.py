"""External 法律顾问 / 公职律师 on a submission (国办发〔2018〕118号 三(三): 充分发挥法律顾问、公职律师作用).

They hold no account: the assigned reviewer or a 机关负责人 records the invitation and, once, the
written opinion received, as the person who recorded it. Their opinion informs the review; it
never replaces the 法制审核机构's own opinion, so the case does not move here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import Case
from sanxiang.cases.permissions import cases_visible_to
from sanxiang.cases.services.common import acting_officer, case_lock_for_user, today_or
from sanxiang.cases.services.validation import parse
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.ledger.audit import audit_record
from sanxiang.legal_review.models import (
    OPEN_STATUSES,
    AdviserRole,
    Conclusion,
    ExternalOpinion,
    ReviewSubmission,
)
from sanxiang.legal_review.permissions import can_manage_external
from sanxiang.legal_review.selectors import submission_get_for_user


class ExternalEvent(StrEnum):
    INVITED = "legal_review.external.invited"
    RECORDED = "legal_review.external.recorded"


NOT_PERMITTED = "只有本次送审的法制审核人员或机关负责人可以邀请法律顾问、公职律师并录入其意见"
NOT_OPEN = "第{version}次送审已{status}，不能再邀请法律顾问或公职律师"
ALREADY_RECORDED = "{name}的意见已于{day}录入，不能重复录入"
GIVEN_BEFORE_INVITED = "出具日期不能早于邀请日期（{day}）"
GIVEN_IN_FUTURE = "出具日期不能晚于今天"


class ExternalInviteInput(BaseModel):
    """邀请法律顾问/公职律师: who they are."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    adviser_name: str = Field(title="姓名", min_length=1, max_length=60)
    adviser_role: AdviserRole = Field(title="身份")
    organisation: str = Field("", title="所在单位（律师事务所）", max_length=200)
    licence_number: str = Field("", title="执业证号", max_length=40)


class ExternalOpinionInput(BaseModel):
    """录入法律顾问/公职律师的书面意见."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    conclusion: Conclusion = Field(title="意见结论")
    opinion: str = Field(title="书面意见", min_length=1, max_length=20000)
    given_on: dt.date = Field(title="出具日期")


def _audit(
    *, user: Any, event: ExternalEvent, case: Case, external: ExternalOpinion, new: dict[str, Any]
) -> None:
    submission: ReviewSubmission = external.submission
    audit_record(
        actor=user,
        event=event.value,
        target=external,
        agency_id=case.agency_id,
        new={
            "case": str(case.pk),
            "submission": str(submission.pk),
            "version": submission.version,
            "draft_sha256": submission.draft_sha256,
            "adviser_name": external.adviser_name,
            "adviser_role": external.adviser_role,
            **new,
        },
        subject_sha256=submission.draft_sha256,
    )


@transaction.atomic
def external_invite(
    *,
    user: Any,
    submission_id: Any,
    payload: Mapping[str, Any] | ExternalInviteInput,
    today: dt.date | None = None,
) -> ExternalOpinion:
    """Record that a 法律顾问 / 公职律师 was invited on an open submission.

    Raises: NotFound; Forbidden (neither the assigned reviewer nor a 机关负责人); RuleViolation
        (`review_not_open`: the submission already has its opinion or was withdrawn);
        ValidationFailed (payload).
    """
    day = today_or(today)
    officer = acting_officer(user)
    found = submission_get_for_user(user=user, submission_id=submission_id)
    case = case_lock_for_user(user=user, case_id=found.case_id)
    submission = ReviewSubmission.objects.select_for_update().get(pk=found.pk)
    if not can_manage_external(user, submission):
        raise Forbidden(NOT_PERMITTED, code="external_not_permitted")
    if submission.status not in OPEN_STATUSES:
        raise RuleViolation(
            NOT_OPEN.format(version=submission.version, status=submission.get_status_display()),
            code="review_not_open",
        )
    data = parse(ExternalInviteInput, payload)
    external = ExternalOpinion.objects.create(
        submission=submission,
        adviser_name=data.adviser_name,
        adviser_role=data.adviser_role,
        organisation=data.organisation,
        licence_number=data.licence_number,
        invited_by=officer,
        invited_on=day,
        created_by=user,
    )
    _audit(
        user=user,
        event=ExternalEvent.INVITED,
        case=case,
        external=external,
        new={
            "organisation": external.organisation,
            "licence_number": external.licence_number,
            "invited_by": str(officer.pk),
        },
    )
    return external


@transaction.atomic
def external_opinion_record(
    *,
    user: Any,
    external_id: Any,
    payload: Mapping[str, Any] | ExternalOpinionInput,
    today: dt.date | None = None,
) -> ExternalOpinion:
    """Record the written opinion an invited adviser gave, once.

    Raises: NotFound; Forbidden (neither the assigned reviewer nor a 机关负责人); RuleViolation
        (`external_opinion_already_recorded`); ValidationFailed (payload; a date before the
        invitation or after today).
    """
    day = today_or(today)
    officer = acting_officer(user)
    visible = ExternalOpinion.objects.filter(
        pk=uuid_or_not_found(external_id), submission__case__in=cases_visible_to(user)
    ).first()
    if visible is None:
        raise NotFound()
    case = case_lock_for_user(user=user, case_id=visible.submission.case_id)
    external = (
        ExternalOpinion.objects.select_for_update()
        .select_related("submission__case")
        .get(pk=visible.pk)
    )
    if not can_manage_external(user, external.submission):
        raise Forbidden(NOT_PERMITTED, code="external_not_permitted")
    if external.given_on is not None:
        raise RuleViolation(
            ALREADY_RECORDED.format(name=external.adviser_name, day=external.given_on.isoformat()),
            code="external_opinion_already_recorded",
        )
    data = parse(ExternalOpinionInput, payload)
    if data.given_on < external.invited_on:
        raise ValidationFailed(
            GIVEN_BEFORE_INVITED.format(day=external.invited_on.isoformat()),
            code="external_given_before_invited",
        )
    if data.given_on > day:
        raise ValidationFailed(GIVEN_IN_FUTURE, code="external_given_in_future")
    external.conclusion = data.conclusion
    external.opinion = data.opinion
    external.given_on = data.given_on
    external.recorded_by = officer
    external.updated_by = user
    external.save()
    _audit(
        user=user,
        event=ExternalEvent.RECORDED,
        case=case,
        external=external,
        new={
            "conclusion": external.conclusion,
            "opinion": external.opinion,
            "given_on": external.given_on.isoformat(),
            "recorded_by": str(officer.pk),
        },
    )
    return external
