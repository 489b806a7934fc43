"""The agency's own 法制审核办法 (ReviewPolicy) and the review's time limit.

- `review_policy_set`: the 机关负责人 or the agency's 系统管理员 sets the time limit (工作日), the
  extension a head may grant, and the 送审材料 required per 事项 category;
- `review_extend`: the 机关负责人 extends one open submission's time limit, once, by the policy's
  extension (国办发〔2018〕118号 practice: 7 working days, +3 with approval);
- a case leaving 法制审核 without an opinion (the reviewer or a head returning it to 调查取证 through
  the case action) withdraws its open submission and cancels that submission's clock.

Each write is audited and ledgered in its own transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import DeadlineState
from sanxiang.cases.services.common import acting_officer, case_lock_for_user, today_or
from sanxiang.cases.services.hooks import StepTaken, after_action
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseAction
from sanxiang.catalog.models import ItemCategory
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.ledger.audit import audit_record
from sanxiang.legal_review.checklist import MATERIAL_LABELS
from sanxiang.legal_review.clock import review_clock_extend, review_clock_stop
from sanxiang.legal_review.models import OPEN_STATUSES, ReviewPolicy, SubmissionStatus
from sanxiang.legal_review.models import ReviewSubmission as Submission
from sanxiang.legal_review.permissions import can_assign_reviewer
from sanxiang.legal_review.selectors import policy_of, submission_get_for_user
from sanxiang.organisations.models import Agency, Role
from sanxiang.organisations.permissions import grants_of

TIME_LIMIT_RANGE = (1, 30)
EXTENSION_RANGE = (0, 15)


class PolicyEvent(StrEnum):
    SET = "legal_review.policy.set"
    EXTENDED = "legal_review.submission.extended"
    WITHDRAWN = "legal_review.submission.withdrawn"


NOT_POLICY_SETTER = "只有本机关负责人或本机关系统管理员可以设置法制审核办法"
TIME_LIMIT_OUT_OF_RANGE = "审核期限应为{low}至{high}个工作日"
EXTENSION_OUT_OF_RANGE = "可延长期限应为{low}至{high}个工作日"
CATEGORY_UNKNOWN = "“{category}”不是执法事项类别（可选：{options}）"
MATERIAL_UNKNOWN = "“{code}”不是送审材料（可选：{options}）"
NOT_EXTENDER = "只有机关负责人可以批准延长法制审核期限"
EXTENSION_NOT_OPEN = "第{version}次送审已{status}，不能延长审核期限"
EXTENSION_TWICE = "第{version}次送审的审核期限已于此前延长，只能延长一次"
EXTENSION_NONE = "本机关法制审核办法未规定可以延长审核期限"
EXTENSION_LATE = "审核期限已于{day}届满，延长须在期限届满前批准"
EXTENSION_NO_CLOCK = "第{version}次送审未计算审核期限，无需延长"
CITATION = "本机关重大执法决定法制审核办法"


# -- 法制审核办法 ---------------------------------------------------------------------------------


class PolicyInput(BaseModel):
    """法制审核设置: time limit, extension and 送审材料 per 事项 category."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    time_limit_days: int = Field(title="审核期限（工作日）")
    extension_days: int = Field(title="经批准可延长（工作日）")
    required_materials: dict[str, list[str]] = Field(
        default_factory=dict, title="各类事项须提交的送审材料"
    )


def can_set_policy(user: Any, agency_id: Any) -> bool:
    """The 机关负责人 or a 系统管理员 held in that agency (not the 司法局: it only watches)."""
    return any(
        held_in == agency_id and role in (Role.AGENCY_HEAD, Role.SYSTEM_ADMIN)
        for role, held_in in grants_of(user)
    )


def _agency(user: Any, agency_id: Any) -> Agency:
    """Raises: NotFound (unknown, or an agency the user holds no role in); Forbidden."""
    try:
        agency = Agency.objects.filter(pk=agency_id).first()
    except (ValueError, TypeError, DjangoValidationError) as exc:
        raise NotFound() from exc
    if agency is None or not any(held_in == agency.pk for _, held_in in grants_of(user)):
        raise NotFound()
    if not can_set_policy(user, agency.pk):
        raise Forbidden(NOT_POLICY_SETTER, code="review_policy_not_permitted")
    return agency


def _in_range(value: int, bounds: tuple[int, int], message: str, code: str) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise ValidationFailed(message.format(low=low, high=high), code=code)


def _materials(raw: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Known categories and material codes only, each list deduplicated in checklist order.

    Raises: ValidationFailed (`review_policy_category_unknown`, `review_policy_material_unknown`).
    """
    categories = ", ".join(f"{c.value}（{c.label}）" for c in ItemCategory)
    materials = ", ".join(f"{code}（{label}）" for code, label in MATERIAL_LABELS.items())
    cleaned: dict[str, list[str]] = {}
    for category, codes in raw.items():
        if category not in ItemCategory.values:
            raise ValidationFailed(
                CATEGORY_UNKNOWN.format(category=category, options=categories),
                code="review_policy_category_unknown",
            )
        for code in codes:
            if code not in MATERIAL_LABELS:
                raise ValidationFailed(
                    MATERIAL_UNKNOWN.format(code=code, options=materials),
                    code="review_policy_material_unknown",
                )
        cleaned[category] = [code for code in MATERIAL_LABELS if code in codes]
    return cleaned


def _policy_state(policy: ReviewPolicy) -> dict[str, Any]:
    return {
        "time_limit_days": policy.time_limit_days,
        "extension_days": policy.extension_days,
        "required_materials": policy.required_materials,
    }


@transaction.atomic
def review_policy_set(
    *, user: Any, agency_id: Any, payload: Mapping[str, Any] | PolicyInput
) -> ReviewPolicy:
    """Set the agency's 法制审核办法; applies to submissions made from now on.

    Raises: NotFound (an agency the user holds no role in); Forbidden (not its 机关负责人 or
        系统管理员); ValidationFailed (`review_policy_time_limit_out_of_range` 1–30,
        `review_policy_extension_out_of_range` 0–15, an unknown 事项 category or material code).
    """
    agency = _agency(user, agency_id)
    data = parse(PolicyInput, payload)
    _in_range(
        data.time_limit_days,
        TIME_LIMIT_RANGE,
        TIME_LIMIT_OUT_OF_RANGE,
        "review_policy_time_limit_out_of_range",
    )
    _in_range(
        data.extension_days,
        EXTENSION_RANGE,
        EXTENSION_OUT_OF_RANGE,
        "review_policy_extension_out_of_range",
    )
    materials = _materials(data.required_materials)
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # one setter at a time
    policy = policy_of(agency)
    old = None if policy._state.adding else _policy_state(policy)
    policy.time_limit_days = data.time_limit_days
    policy.extension_days = data.extension_days
    policy.required_materials = materials
    if old is None:
        policy.created_by = user
    policy.updated_by = user
    policy.full_clean()
    policy.save()
    audit_record(
        actor=user,
        event=PolicyEvent.SET.value,
        target=policy,
        agency_id=agency.pk,
        old=old,
        new=_policy_state(policy),
    )
    return policy


# -- 延长审核期限 ---------------------------------------------------------------------------------


class ExtendInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(title="延长理由", min_length=1, max_length=500)


def _refuse_extension(submission: Submission, policy: ReviewPolicy, day: dt.date) -> None:
    """Raises: RuleViolation when the submission's time limit cannot be extended today."""
    version = submission.version
    if submission.status not in OPEN_STATUSES:
        status = submission.get_status_display()
        message, code = EXTENSION_NOT_OPEN.format(version=version, status=status), "review_not_open"
    elif submission.extended_by_id is not None:
        message, code = EXTENSION_TWICE.format(version=version), "review_already_extended"
    elif policy.extension_days < 1:
        message, code = EXTENSION_NONE, "review_extension_not_allowed"
    elif submission.due_on is None:
        message, code = EXTENSION_NO_CLOCK.format(version=version), "review_no_time_limit"
    elif day > submission.due_on:
        message, code = EXTENSION_LATE.format(day=submission.due_on), "review_extension_late"
    else:
        return
    raise RuleViolation(message, code=code, citation=CITATION)


@transaction.atomic
def review_extend(
    *,
    user: Any,
    submission_id: Any,
    payload: Mapping[str, Any] | ExtendInput,
    today: dt.date | None = None,
) -> Submission:
    """延长审核期限: the 机关负责人 extends the submission's time limit by the policy's extension.

    Raises: NotFound; Forbidden (not the 机关负责人); ValidationFailed (no reason);
        RuleViolation (`review_not_open`, `review_already_extended` (once only),
        `review_extension_not_allowed` (policy extension 0), `review_no_time_limit`,
        `review_extension_late` (the time limit has already run out)).
    """
    day = today_or(today)
    officer = acting_officer(user)
    found = submission_get_for_user(user=user, submission_id=submission_id)
    case = case_lock_for_user(user=user, case_id=found.case_id)
    submission = Submission.objects.select_for_update().get(pk=found.pk)
    if not can_assign_reviewer(user, case):
        raise Forbidden(NOT_EXTENDER, code="review_extend_not_permitted")
    data = parse(ExtendInput, payload)
    policy = policy_of(case.agency_id)
    _refuse_extension(submission, policy, day)
    old_due = submission.due_on
    if (
        review_clock_extend(case=case, submission=submission, extra_days=policy.extension_days)
        is None
    ):
        raise RuleViolation(
            EXTENSION_NO_CLOCK.format(version=submission.version),
            code="review_no_time_limit",
            citation=CITATION,
        )
    submission.extended_by = officer
    submission.extension_reason = data.reason
    submission.updated_by = user
    submission.save(
        update_fields=["due_on", "extended_by", "extension_reason", "updated_by", "updated_at"]
    )
    audit_record(
        actor=user,
        event=PolicyEvent.EXTENDED.value,
        target=submission,
        agency_id=case.agency_id,
        old={"due_on": old_due.isoformat() if old_due else None},
        new={
            "case": str(case.pk),
            "version": submission.version,
            "extension_days": policy.extension_days,
            "due_on": submission.due_on.isoformat() if submission.due_on else None,
        },
        reason=data.reason,
        subject_sha256=submission.draft_sha256,
    )
    return submission


# -- a case leaving 法制审核 without an opinion ------------------------------------------------------


@after_action([CaseAction.RETURN_FOR_INVESTIGATION])
def withdraw_open_submissions(taken: StepTaken) -> None:
    """The case went back to 调查取证 through the case action, not through an opinion: its open
    submission is withdrawn (so a new one can be made) and that submission's clock cancelled.
    Runs in the step's transaction: audited and ledgered with it."""
    rows = Submission.objects.select_for_update().filter(case=taken.case, status__in=OPEN_STATUSES)
    for submission in rows:
        previous = submission.status
        submission.status = SubmissionStatus.WITHDRAWN
        submission.updated_by = taken.user
        submission.save(update_fields=["status", "updated_by", "updated_at"])
        review_clock_stop(
            case=taken.case, submission=submission, day=taken.today, state=DeadlineState.CANCELLED
        )
        audit_record(
            actor=taken.user,
            event=PolicyEvent.WITHDRAWN.value,
            target=submission,
            agency_id=taken.case.agency_id,
            old={"status": previous},
            new={
                "case": str(taken.case.pk),
                "version": submission.version,
                "status": submission.status,
                "step": str(taken.step.pk),
            },
            reason=str(taken.step.content.get("reason", "")),
            subject_sha256=submission.draft_sha256,
        )
