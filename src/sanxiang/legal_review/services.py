"""法制审核 services: 送审, 分配审核人员, 出具审核意见 (处罚法 §58; 国办发〔2018〕118号 三(三)).

Each runs in one transaction: lock the case (then the submission), check who acts, apply the
legal rules, write, and record one audit event with its ledger entry carrying the version, the
draft's SHA-256 and (for opinions) the findings. The case itself moves only through
`cases.services.case_transition`, which this app calls down to; its gate rules are in `rules`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Max
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.deadlines import latest_deadline
from sanxiang.cases.models import Case, DeadlineKind
from sanxiang.cases.selectors_discretion import benchmarks_in_force
from sanxiang.cases.services import case_transition
from sanxiang.cases.services.common import acting_officer, case_lock_for_user, today_or
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.core.errors import Forbidden, RuleViolation, ValidationFailed
from sanxiang.ledger.audit import audit_record
from sanxiang.legal_review.checklist import FAIL, ITEM_CODES, ITEM_LABELS, MATERIALS
from sanxiang.legal_review.clock import review_clock_start, review_clock_stop
from sanxiang.legal_review.draft import LICENCE_EXAMINATION, draft_of, draft_sha256
from sanxiang.legal_review.models import (
    OPEN_STATUSES,
    Conclusion,
    ReviewOpinion,
    ReviewSubmission,
    SubmissionStatus,
)
from sanxiang.legal_review.permissions import (
    can_assign_reviewer,
    can_give_opinion,
    can_submit_review,
    is_reviewer_of_agency,
)
from sanxiang.legal_review.selectors import (
    handled_case,
    is_first_time_reviewer,
    required_material_codes,
    submission_get_for_user,
)
from sanxiang.organisations.models import Officer

A = CaseAction
CITATION = "《行政处罚法》第五十八条"
CITATION_QUALIFICATION = "《行政处罚法》第五十八条第二款"


class ReviewEvent(StrEnum):
    SUBMITTED = "legal_review.submission.submitted"
    ASSIGNED = "legal_review.submission.assigned"
    OPINED = "legal_review.opinion.recorded"


NOT_SUBMITTER = "只有本案在办执法人员或负责人可以送审"
NOT_IN_REVIEW = "案件须先“提交法制审核”（当前状态：{status}）"
ALREADY_OPEN = "第{version}次送审尚未出具审核意见，不能重复送审"
MATERIALS_MISSING = "送审材料不全，缺少：{names}"
NOT_ASSIGNER = "只有机关负责人可以分配法制审核人员"
NOT_OPEN = "第{version}次送审已{status}，不能再分配或审核"
REVIEWER_UNKNOWN = "所选人员不是本机关在岗的法制审核人员"
REVIEWER_HANDLED = "{name}曾承办本案，不得担任本案的法制审核人员（审核与办案相分离、回避）"
REVIEWER_UNQUALIFIED = "{name}初次从事行政处罚决定法制审核，应当取得法律职业资格"
NOT_THE_REVIEWER = "只有分配的法制审核人员可以出具本次审核意见"
DRAFT_CHANGED = "送审后拟作出的决定已经变更，本次送审稿已失效，请承办人员重新送审"
FINDING_UNKNOWN = "审核事项“{item}”不在审核清单中"
FINDING_TWICE = "审核事项“{label}”填写了两次"
FINDINGS_MISSING = "以下审核事项尚未填写审核结果：{labels}"
FAIL_NEEDS_COMMENT = "审核事项“{label}”存在问题，请写明问题和修改意见"
AGREE_WITH_FAILURES = "审核事项存在问题（{labels}）的，不能出具“同意”意见"
COMMENT_REQUIRED = "出具“{conclusion}”意见时，请写明审核意见"


# -- 送审 ----------------------------------------------------------------------------------


def _step(case: Case, action: str) -> Any:
    return case.steps.filter(action=action).order_by("-sequence").first()


def _statement_material(case: Case, today: dt.date) -> tuple[bool, str]:
    hearing = case.hearing if hasattr(case, "hearing") else None
    if hearing is not None and hearing.held_on is not None:
        return True, f"听证笔录（{hearing.held_on.isoformat()}举行）"
    if case.statement_waived:
        return True, "当事人明确放弃陈述申辩"
    if case.statement_heard:
        return True, "陈述申辩笔录及复核意见"
    clock = latest_deadline(case, DeadlineKind.STATEMENT)
    if clock is not None and today > clock.due_on:
        return True, f"陈述申辩期限（至{clock.due_on.isoformat()}）届满，当事人未陈述申辩"
    return False, ""


def _evidence_material(case: Case) -> tuple[bool, list[dict[str, Any]]]:
    listed: list[dict[str, Any]] = []
    for step in case.steps.prefetch_related("evidence").order_by("sequence"):
        items = list(step.evidence.all())
        if step.action == "record" or items:
            listed.append(
                {
                    "step": step.sequence,
                    "label": step.label,
                    "evidence": [{"filename": e.filename, "sha256": e.blob_id} for e in items],
                }
            )
    return bool(listed), listed


def _licence_materials(case: Case, draft: dict[str, Any]) -> dict[str, tuple[bool, bool, Any]]:
    """A licence case's 送审材料 (no 告知 or 裁量基准): the 审查意见 in place of the 调查终结报告,
    the 听证笔录 when a hearing was held, the application's materials, the proposed decision."""
    examination = _step(case, LICENCE_EXAMINATION)
    hearing = _step(case, A.LICENCE_CONCLUDE_HEARING)
    application = getattr(case, "licence_application", None)
    submitted = list(application.materials) if application is not None else []
    return {
        "investigation_report": (
            True,
            examination is not None,
            {"step": examination.sequence, "proposal": examination.content.get("outcome", "")}
            if examination
            else None,
        ),
        "notice": (False, False, None),
        "statement": (hearing is not None, hearing is not None, "听证笔录" if hearing else None),
        "discretion": (False, False, None),
        "evidence": (True, bool(submitted), [{"name": m.get("name", "")} for m in submitted]),
        "draft_decision": (True, bool(draft.get("outcome")), None),
    }


def materials_of(case: Case, today: dt.date) -> list[dict[str, Any]]:
    """The 送审材料 checklist with what the case holds for each (`found`) and where.

    `required`: the material applies to the case (裁量基准 only where one is in force) and the
    agency's ReviewPolicy requires it for the case's 事项 category (all, if it names none).
    """
    report = _step(case, A.CONCLUDE_INVESTIGATION)
    notice = _step(case, A.ISSUE_NOTICE)
    notice_ok = (
        notice is not None
        and case.notice_issued_on is not None
        and (report is None or notice.sequence > report.sequence)
    )
    statement_ok, statement_detail = _statement_material(case, today)
    needs_benchmark = bool(benchmarks_in_force(case, today))
    evidence_ok, evidence = _evidence_material(case)
    draft = draft_of(case)
    found: dict[str, tuple[bool, bool, Any]] = {
        "investigation_report": (
            True,
            report is not None,
            {"step": report.sequence, "proposal": report.content.get("proposal", "")}
            if report
            else None,
        ),
        "notice": (True, notice_ok, {"step": notice.sequence} if notice_ok and notice else None),
        "statement": (True, statement_ok, statement_detail),
        "discretion": (
            needs_benchmark,
            case.tier_id is not None,
            {"benchmark": str(case.benchmark_id), "tier": str(case.tier_id)}
            if case.tier_id
            else None,
        ),
        "evidence": (True, evidence_ok, evidence),
        "draft_decision": (True, bool(draft.get("penalties")), None),
    }
    if case.kind == "licence":
        found = _licence_materials(case, draft)
    policy_codes = required_material_codes(case)
    return [
        {
            "code": m.code,
            "label": m.label,
            "required": found[m.code][0] and (policy_codes is None or m.code in policy_codes),
            "found": found[m.code][1],
            "detail": found[m.code][2],
        }
        for m in MATERIALS
    ]


def _audit(
    *, user: Any, event: ReviewEvent, case: Case, target: Any, new: dict[str, Any], sha: str
) -> None:
    audit_record(
        actor=user,
        event=event.value,
        target=target,
        agency_id=case.agency_id,
        new={"case": str(case.pk), **new},
        subject_sha256=sha,
    )


@transaction.atomic
def review_submit(*, user: Any, case_id: Any, today: dt.date | None = None) -> ReviewSubmission:
    """送审: freeze the case's draft decision and its materials as the next version.

    Any case the handler sent to 法制审核 (SUBMIT_LEGAL_REVIEW) may be submitted, major or not:
    the agency may extend review beyond its 目录清单, and a case in 法制审核 leaves it only
    through an opinion here.

    Raises: NotFound; Forbidden (not the case's officer or a head); RuleViolation (the case is
        not in 法制审核, or a submission is still open); ValidationFailed (materials missing,
        named).
    """
    day = today_or(today)
    officer = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    if not can_submit_review(user, case):
        raise Forbidden(NOT_SUBMITTER, code="review_submit_not_permitted")
    if case.status != CaseStatus.LEGAL_REVIEW:
        raise RuleViolation(
            NOT_IN_REVIEW.format(status=CaseStatus(case.status).label),
            code="case_not_in_legal_review",
            citation=CITATION,
        )
    submissions = ReviewSubmission.objects.filter(case=case)
    open_one = submissions.filter(status__in=OPEN_STATUSES).first()
    if open_one is not None:
        raise RuleViolation(
            ALREADY_OPEN.format(version=open_one.version), code="review_already_submitted"
        )
    materials = materials_of(case, day)
    missing = [m for m in materials if m["required"] and not m["found"]]
    if missing:
        raise ValidationFailed(
            MATERIALS_MISSING.format(names="、".join(m["label"] for m in missing)),
            code="review_materials_missing",
            extra={"missing": [m["code"] for m in missing]},
        )
    draft = draft_of(case)
    sha = draft_sha256(draft)
    version = (submissions.aggregate(v=Max("version"))["v"] or 0) + 1
    submission = ReviewSubmission.objects.create(
        case=case,
        version=version,
        submitted_by=officer,
        submitted_on=day,
        draft=draft,
        draft_sha256=sha,
        materials=materials,
        created_by=user,
    )
    review_clock_start(case=case, submission=submission, day=day)
    submission.save(update_fields=["due_on", "updated_at"])
    _audit(
        user=user,
        event=ReviewEvent.SUBMITTED,
        case=case,
        target=submission,
        sha=sha,
        new={
            "version": version,
            "draft_sha256": sha,
            "is_major": case.is_major,
            "major_grounds": [g.get("code", "") for g in case.major_grounds],
            "draft": draft,
            "materials": [m["code"] for m in materials if m["found"]],
            "due_on": submission.due_on.isoformat() if submission.due_on else None,
        },
    )
    return submission


# -- 分配审核人员 -----------------------------------------------------------------------------


def _lock(*, user: Any, submission_id: Any) -> tuple[Case, ReviewSubmission]:
    """The case, then the submission, row-locked. Raises: NotFound."""
    found = submission_get_for_user(user=user, submission_id=submission_id)
    case = case_lock_for_user(user=user, case_id=found.case_id)
    submission = ReviewSubmission.objects.select_for_update().get(pk=found.pk)
    return case, submission


def _refuse_closed(submission: ReviewSubmission) -> RuleViolation:
    return RuleViolation(
        NOT_OPEN.format(version=submission.version, status=submission.get_status_display()),
        code="review_not_open",
    )


def _reviewer(case: Case, officer_id: Any) -> Officer:
    try:
        officer = Officer.objects.filter(pk=officer_id, agency=case.agency, is_active=True).first()
    except (ValueError, TypeError, DjangoValidationError):
        officer = None
    if officer is None or not is_reviewer_of_agency(officer, case.agency_id):
        raise ValidationFailed(REVIEWER_UNKNOWN, code="reviewer_unknown")
    return officer


@transaction.atomic
def review_assign(
    *, user: Any, submission_id: Any, reviewer_officer_id: Any, today: dt.date | None = None
) -> ReviewSubmission:
    """分配法制审核人员 (or reassign while no opinion is given).

    Raises: NotFound; Forbidden (not the 机关负责人); ValidationFailed (not a reviewer of the
        agency); RuleViolation (submission closed; `reviewer_handled_case`: 回避;
        `reviewer_not_qualified`: a first-time reviewer without 法律职业资格, §58 第二款).
    """
    day = today_or(today)
    acting_officer(user)
    case, submission = _lock(user=user, submission_id=submission_id)
    if not can_assign_reviewer(user, case):
        raise Forbidden(NOT_ASSIGNER, code="review_assign_not_permitted")
    if submission.status not in OPEN_STATUSES:
        raise _refuse_closed(submission)
    reviewer = _reviewer(case, reviewer_officer_id)
    if handled_case(reviewer, case):
        raise RuleViolation(
            REVIEWER_HANDLED.format(name=reviewer.name),
            code="reviewer_handled_case",
            citation=CITATION,
        )
    if not reviewer.has_legal_qualification and is_first_time_reviewer(reviewer, case.agency_id):
        raise RuleViolation(
            REVIEWER_UNQUALIFIED.format(name=reviewer.name),
            code="reviewer_not_qualified",
            citation=CITATION_QUALIFICATION,
        )
    previous = str(submission.reviewer_id) if submission.reviewer_id else None
    submission.reviewer = reviewer
    submission.status = SubmissionStatus.ASSIGNED
    submission.assigned_on = day
    submission.updated_by = user
    submission.save()
    _audit(
        user=user,
        event=ReviewEvent.ASSIGNED,
        case=case,
        target=submission,
        sha=submission.draft_sha256,
        new={
            "version": submission.version,
            "draft_sha256": submission.draft_sha256,
            "reviewer": str(reviewer.pk),
            "previous_reviewer": previous,
            "qualification_number": reviewer.legal_qualification_number,
        },
    )
    return submission


# -- 审核意见 ------------------------------------------------------------------------------


class FindingInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    item: str = Field(title="审核事项", min_length=1, max_length=64)
    result: Literal["pass", "fail", "na"] = Field(title="审核结果")
    comment: str = Field("", title="说明", max_length=5000)


class OpinionInput(BaseModel):
    """审核意见: one finding per checklist item and the conclusion."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    conclusion: Conclusion = Field(title="审核结论")
    findings: list[FindingInput] = Field(title="逐项审核意见", max_length=len(ITEM_CODES))
    comment: str = Field("", title="审核意见", max_length=20000)


def _findings(data: OpinionInput) -> list[dict[str, str]]:
    """Raises: ValidationFailed naming the item at fault."""
    by_item: dict[str, FindingInput] = {}
    for finding in data.findings:
        if finding.item not in ITEM_LABELS:
            raise ValidationFailed(
                FINDING_UNKNOWN.format(item=finding.item), code="review_finding_unknown"
            )
        if finding.item in by_item:
            label = ITEM_LABELS[finding.item]
            raise ValidationFailed(FINDING_TWICE.format(label=label), code="review_finding_twice")
        by_item[finding.item] = finding
    missing = [ITEM_LABELS[c] for c in ITEM_CODES if c not in by_item]
    if missing:
        raise ValidationFailed(
            FINDINGS_MISSING.format(labels="、".join(missing)), code="review_findings_incomplete"
        )
    failed = [ITEM_LABELS[c] for c in ITEM_CODES if by_item[c].result == FAIL]
    for code in ITEM_CODES:
        if by_item[code].result == FAIL and not by_item[code].comment:
            raise ValidationFailed(
                FAIL_NEEDS_COMMENT.format(label=ITEM_LABELS[code]),
                code="review_fail_needs_comment",
            )
    if data.conclusion == Conclusion.AGREE and failed:
        raise ValidationFailed(
            AGREE_WITH_FAILURES.format(labels="、".join(failed)), code="review_agree_with_failures"
        )
    if data.conclusion != Conclusion.AGREE and not data.comment:
        raise ValidationFailed(
            COMMENT_REQUIRED.format(conclusion=data.conclusion.label),
            code="review_comment_required",
        )
    return [
        {
            "item": code,
            "label": ITEM_LABELS[code],
            "result": by_item[code].result,
            "comment": by_item[code].comment,
        }
        for code in ITEM_CODES
    ]


def _opinion_text(opinion: ReviewOpinion, version: int) -> str:
    failed = [f"{f['label']}：{f['comment']}" for f in opinion.findings if f["result"] == FAIL]
    parts = [f"法制审核意见（第{version}次送审）：{opinion.get_conclusion_display()}"]
    if opinion.comment:
        parts.append(opinion.comment)
    if failed:
        parts.append("存在问题：" + "；".join(failed))
    return "。".join(parts)


@transaction.atomic
def review_opinion_record(
    *,
    user: Any,
    submission_id: Any,
    payload: Mapping[str, Any] | OpinionInput,
    today: dt.date | None = None,
) -> ReviewOpinion:
    """出具审核意见 on the submission assigned to the user, and move the case accordingly.

    同意 → the case passes 法制审核 (cases' PASS_LEGAL_REVIEW, taken by the reviewer);
    退回补充材料 → back to 调查取证 (RETURN_FOR_INVESTIGATION, which the 法制审核人员 may take per
    cases.permissions.ACTION_ACTORS), the opinion as the reason; 建议修改 / 不同意 → the case
    stays in 法制审核, for the handler to change the draft and submit again or to contest the
    opinion (services_disputes: 审核意见与拟处理意见不一致).

    Raises: NotFound; Forbidden (not the assigned reviewer); RuleViolation (submission not
        awaiting an opinion; `reviewer_handled_case`: the reviewer joined the case team since;
        `review_stale`: the draft changed since it was submitted);
        ValidationFailed (findings incomplete, a failed item without comment, 同意 with a
        failed item).
    """
    day = today_or(today)
    officer = acting_officer(user)
    case, submission = _lock(user=user, submission_id=submission_id)
    if not can_give_opinion(user, submission):
        raise Forbidden(NOT_THE_REVIEWER, code="review_not_assigned_reviewer")
    if handled_case(officer, case):
        # Put on the case team after the assignment: 审核与办案相分离 holds at the opinion too.
        raise RuleViolation(
            REVIEWER_HANDLED.format(name=officer.name),
            code="reviewer_handled_case",
            citation=CITATION,
        )
    if submission.status != SubmissionStatus.ASSIGNED or case.status != CaseStatus.LEGAL_REVIEW:
        raise _refuse_closed(submission)
    data = parse(OpinionInput, payload)
    findings = _findings(data)
    if submission.draft_sha256 != draft_sha256(draft_of(case)):
        raise RuleViolation(DRAFT_CHANGED, code="review_stale", citation=CITATION)
    opinion = ReviewOpinion.objects.create(
        submission=submission,
        reviewer=officer,
        conclusion=data.conclusion,
        findings=findings,
        comment=data.comment,
        given_on=day,
        created_by=user,
    )
    submission.status = SubmissionStatus.OPINED
    submission.updated_by = user
    submission.save()
    review_clock_stop(case=case, submission=submission, day=day)
    _audit(
        user=user,
        event=ReviewEvent.OPINED,
        case=case,
        target=opinion,
        sha=submission.draft_sha256,
        new={
            "submission": str(submission.pk),
            "version": submission.version,
            "draft_sha256": submission.draft_sha256,
            "conclusion": opinion.conclusion,
            "findings": findings,
            "comment": opinion.comment,
        },
    )
    text = _opinion_text(opinion, submission.version)
    if opinion.conclusion == Conclusion.AGREE:
        case_transition(
            user=user,
            case_id=case.pk,
            action=A.PASS_LEGAL_REVIEW,
            payload={"opinion": text},
            today=day,
        )
    elif opinion.conclusion == Conclusion.RETURN:
        case_transition(
            user=user,
            case_id=case.pk,
            action=A.RETURN_FOR_INVESTIGATION,
            payload={"reason": text},
            today=day,
        )
    return opinion
