"""法制审核 JSON API (/api/v1/legal-review/, Bearer token) for mobile and other clients.

The same services and selectors as the pages: an object of another agency is a 404, every change
goes through `services` / `services_disputes` / `services_external`, and a refusal keeps the API's
error shape {"code", "message", "citation"?, "detail"?}. Bodies are read by
`core.api_bodies.json_object_body` (413 over the size limit, 400 for what is not a JSON object) and
validated by the services with the same Chinese messages as the pages; OpenAPI documents each body
from the same pydantic model. Every write answers with the submission it concerns, as it now stands.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField

from sanxiang.cases.api import ErrorOut
from sanxiang.cases.selectors import case_get_for_user
from sanxiang.cases.services.validation import parse
from sanxiang.core.api_bodies import body_schema, json_object_body
from sanxiang.legal_review.models import (
    ExternalOpinion,
    ReviewDispute,
    ReviewOpinion,
    ReviewSubmission,
)
from sanxiang.legal_review.selectors import (
    reviewer_candidates,
    submission_get_for_user,
    submissions_for_case,
)
from sanxiang.legal_review.services import (
    OpinionInput,
    review_assign,
    review_opinion_record,
    review_submit,
)
from sanxiang.legal_review.services_disputes import (
    DisputeRaiseInput,
    DisputeResolveInput,
    review_dispute_raise,
    review_dispute_resolve,
)
from sanxiang.legal_review.services_external import (
    ExternalInviteInput,
    ExternalOpinionInput,
    external_invite,
    external_opinion_record,
)

router = Router(tags=["法制审核"])

ERRORS: dict[int, Any] = {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
}


class AssignIn(BaseModel):
    """分配法制审核人员."""

    model_config = ConfigDict(extra="forbid")

    reviewer_officer_id: uuid.UUID = PydanticField(title="法制审核人员（执法人员标识）")


class FindingOut(Schema):
    item: str = Field(title="审核事项编码")
    label: str = Field(title="审核事项")
    result: str = Field(title="审核结果（pass 符合 / fail 存在问题 / na 不适用）")
    comment: str = Field(title="说明")


class DisputeOut(Schema):
    id: uuid.UUID = Field(title="分歧处理标识")
    raised_by: str = Field(title="提出人")
    raised_on: dt.date = Field(title="提出日期")
    grounds: str = Field(title="承办机构的意见和理由")
    forum: str = Field(title="处理方式")
    forum_label: str = Field(title="处理方式名称")
    draft_sha256: str = Field(title="争议所涉送审稿摘要（SHA-256）")
    outcome: str = Field(title="处理结果（未处理为空）")
    outcome_label: str = Field(title="处理结果名称")
    final_position: str = Field(title="最终意见")
    resolved_on: dt.date | None = Field(None, title="决定日期")
    resolved_by: str = Field(title="决定人")
    participants: list[dict[str, str]] = Field(title="参加人员（集体讨论）")
    minutes: str = Field(title="讨论记录")


class OpinionOut(Schema):
    id: uuid.UUID = Field(title="审核意见标识")
    reviewer_id: uuid.UUID = Field(title="法制审核人员标识")
    reviewer_name: str = Field(title="法制审核人员")
    conclusion: str = Field(title="审核结论")
    conclusion_label: str = Field(title="审核结论名称")
    findings: list[FindingOut] = Field(title="逐项审核意见")
    comment: str = Field(title="审核意见")
    given_on: dt.date = Field(title="审核日期")
    dispute: DisputeOut | None = Field(None, title="对本意见的分歧处理")


class ExternalOut(Schema):
    id: uuid.UUID = Field(title="外部意见标识")
    adviser_name: str = Field(title="姓名")
    adviser_role: str = Field(title="身份")
    adviser_role_label: str = Field(title="身份名称")
    organisation: str = Field(title="所在单位（律师事务所）")
    licence_number: str = Field(title="执业证号")
    invited_by: str = Field(title="邀请人")
    invited_on: dt.date = Field(title="邀请日期")
    conclusion: str = Field(title="意见结论（未出具为空）")
    opinion: str = Field(title="书面意见")
    given_on: dt.date | None = Field(None, title="出具日期")
    recorded_by: str = Field(title="录入人")


class SubmissionOut(Schema):
    id: uuid.UUID = Field(title="送审标识")
    case_id: uuid.UUID = Field(title="案件标识")
    version: int = Field(title="送审版本")
    status: str = Field(title="状态")
    status_label: str = Field(title="状态名称")
    submitted_by: str = Field(title="送审人")
    submitted_on: dt.date = Field(title="送审日期")
    draft: dict[str, Any] = Field(title="拟作出的决定（送审稿）")
    draft_sha256: str = Field(title="送审稿摘要（SHA-256）")
    materials: list[dict[str, Any]] = Field(title="送审材料")
    reviewer_id: uuid.UUID | None = Field(None, title="法制审核人员标识")
    reviewer_name: str = Field(title="法制审核人员")
    assigned_on: dt.date | None = Field(None, title="分配日期")
    due_on: dt.date | None = Field(None, title="审核期限届满日")
    opinions: list[OpinionOut] = Field(title="审核意见")
    external_opinions: list[ExternalOut] = Field(title="法律顾问、公职律师意见")


class CandidateOut(Schema):
    officer_id: uuid.UUID = Field(title="执法人员标识")
    name: str = Field(title="姓名")
    eligible: bool = Field(title="可以分配")
    reason: str = Field(title="不能分配的原因")
    open_reviews: int = Field(title="在审件数")


def _name(officer: Any) -> str:
    return officer.name if officer is not None else ""


def _dispute_out(dispute: ReviewDispute) -> DisputeOut:
    return DisputeOut(
        id=dispute.pk,
        raised_by=_name(dispute.raised_by),
        raised_on=dispute.raised_on,
        grounds=dispute.grounds,
        forum=dispute.forum,
        forum_label=dispute.get_forum_display(),
        draft_sha256=dispute.draft_sha256,
        outcome=dispute.outcome,
        outcome_label=dispute.get_outcome_display() if dispute.outcome else "",
        final_position=dispute.final_position,
        resolved_on=dispute.resolved_on,
        resolved_by=_name(dispute.resolved_by),
        participants=list(dispute.participants),
        minutes=dispute.minutes,
    )


def _opinion_out(opinion: ReviewOpinion) -> OpinionOut:
    dispute = ReviewDispute.objects.filter(opinion=opinion).first()
    return OpinionOut(
        id=opinion.pk,
        reviewer_id=opinion.reviewer_id,
        reviewer_name=_name(opinion.reviewer),
        conclusion=opinion.conclusion,
        conclusion_label=opinion.get_conclusion_display(),
        findings=[FindingOut(**f) for f in opinion.findings],
        comment=opinion.comment,
        given_on=opinion.given_on,
        dispute=_dispute_out(dispute) if dispute is not None else None,
    )


def _external_out(external: ExternalOpinion) -> ExternalOut:
    return ExternalOut(
        id=external.pk,
        adviser_name=external.adviser_name,
        adviser_role=external.adviser_role,
        adviser_role_label=external.get_adviser_role_display(),
        organisation=external.organisation,
        licence_number=external.licence_number,
        invited_by=_name(external.invited_by),
        invited_on=external.invited_on,
        conclusion=external.conclusion,
        opinion=external.opinion,
        given_on=external.given_on,
        recorded_by=_name(external.recorded_by),
    )


def submission_out(submission: ReviewSubmission) -> SubmissionOut:
    opinions = submission.opinions.select_related("reviewer").order_by("created_at")
    externals = submission.external_opinions.select_related("invited_by", "recorded_by")
    return SubmissionOut(
        id=submission.pk,
        case_id=submission.case_id,
        version=submission.version,
        status=submission.status,
        status_label=submission.get_status_display(),
        submitted_by=_name(submission.submitted_by),
        submitted_on=submission.submitted_on,
        draft=submission.draft,
        draft_sha256=submission.draft_sha256,
        materials=list(submission.materials),
        reviewer_id=submission.reviewer_id,
        reviewer_name=_name(submission.reviewer),
        assigned_on=submission.assigned_on,
        due_on=submission.due_on,
        opinions=[_opinion_out(o) for o in opinions],
        external_opinions=[_external_out(e) for e in externals],
    )


def _current(request: HttpRequest, submission_id: Any) -> SubmissionOut:
    return submission_out(submission_get_for_user(user=request.user, submission_id=submission_id))


# -- reads ---------------------------------------------------------------------------------


@router.get(
    "/cases/{case_id}/submissions",
    response={200: list[SubmissionOut], 404: ErrorOut},
    summary="本案的法制审核送审（各版本，含审核意见、分歧处理和外部意见）",
)
def case_submissions(request: HttpRequest, case_id: str) -> list[SubmissionOut]:
    return [submission_out(s) for s in submissions_for_case(user=request.user, case_id=case_id)]


@router.get(
    "/cases/{case_id}/reviewer-candidates",
    response={200: list[CandidateOut], 404: ErrorOut},
    summary="可分配的法制审核人员（含回避、资格和在审件数）",
)
def case_reviewer_candidates(request: HttpRequest, case_id: str) -> list[CandidateOut]:
    case = case_get_for_user(user=request.user, case_id=case_id)
    return [
        CandidateOut(
            officer_id=c.officer.pk,
            name=c.officer.name,
            eligible=c.eligible,
            reason=c.reason,
            open_reviews=c.open_reviews,
        )
        for c in reviewer_candidates(case)
    ]


@router.get(
    "/submissions/{submission_id}",
    response={200: SubmissionOut, 404: ErrorOut},
    summary="送审详情",
)
def submission_detail(request: HttpRequest, submission_id: str) -> SubmissionOut:
    return _current(request, submission_id)


# -- writes --------------------------------------------------------------------------------


@router.post(
    "/cases/{case_id}/submissions",
    response={201: SubmissionOut, **ERRORS},
    summary="送审（冻结拟作出的决定和送审材料）",
)
def submission_create(request: HttpRequest, case_id: str) -> Status[SubmissionOut]:
    json_object_body(request)  # no fields; still 413 / 400 for a bad body
    submission = review_submit(user=request.user, case_id=case_id)
    return Status(201, _current(request, submission.pk))


@router.post(
    "/submissions/{submission_id}/assign",
    response={200: SubmissionOut, **ERRORS},
    summary="分配法制审核人员（机关负责人）",
    openapi_extra=body_schema(AssignIn),
)
def submission_assign(request: HttpRequest, submission_id: str) -> SubmissionOut:
    data = parse(AssignIn, json_object_body(request))
    review_assign(
        user=request.user,
        submission_id=submission_id,
        reviewer_officer_id=data.reviewer_officer_id,
    )
    return _current(request, submission_id)


@router.post(
    "/submissions/{submission_id}/opinions",
    response={201: SubmissionOut, **ERRORS},
    summary="出具审核意见（逐项审核结果和结论）",
    openapi_extra=body_schema(OpinionInput),
)
def opinion_create(request: HttpRequest, submission_id: str) -> Status[SubmissionOut]:
    review_opinion_record(
        user=request.user, submission_id=submission_id, payload=json_object_body(request)
    )
    return Status(201, _current(request, submission_id))


@router.post(
    "/opinions/{opinion_id}/dispute",
    response={201: SubmissionOut, **ERRORS},
    summary="对审核意见提出不同意见（报机关负责人或集体讨论）",
    openapi_extra=body_schema(DisputeRaiseInput),
)
def dispute_create(request: HttpRequest, opinion_id: str) -> Status[SubmissionOut]:
    dispute = review_dispute_raise(
        user=request.user, opinion_id=opinion_id, payload=json_object_body(request)
    )
    return Status(201, _current(request, dispute.opinion.submission_id))


@router.post(
    "/disputes/{dispute_id}/resolve",
    response={200: SubmissionOut, **ERRORS},
    summary="处理审核意见分歧（机关负责人）",
    openapi_extra=body_schema(DisputeResolveInput),
)
def dispute_resolve(request: HttpRequest, dispute_id: str) -> SubmissionOut:
    dispute = review_dispute_resolve(
        user=request.user, dispute_id=dispute_id, payload=json_object_body(request)
    )
    return _current(request, dispute.opinion.submission_id)


@router.post(
    "/submissions/{submission_id}/external-opinions",
    response={201: SubmissionOut, **ERRORS},
    summary="邀请法律顾问或公职律师",
    openapi_extra=body_schema(ExternalInviteInput),
)
def external_create(request: HttpRequest, submission_id: str) -> Status[SubmissionOut]:
    external_invite(
        user=request.user, submission_id=submission_id, payload=json_object_body(request)
    )
    return Status(201, _current(request, submission_id))


@router.post(
    "/external-opinions/{external_id}/record",
    response={200: SubmissionOut, **ERRORS},
    summary="录入法律顾问或公职律师的书面意见",
    openapi_extra=body_schema(ExternalOpinionInput),
)
def external_record(request: HttpRequest, external_id: str) -> SubmissionOut:
    external = external_opinion_record(
        user=request.user, external_id=external_id, payload=json_object_body(request)
    )
    return _current(request, external.submission_id)
