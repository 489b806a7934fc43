"""审查 (许可法 §34–§45): the 审查意见, the decision period's extension and excluded periods, and
the 听证 rights told to applicants and 利害关系人.

Each service locks the case, checks who acts and the rules, writes, records a case step and one
audit event with its ledger entry, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction

from sanxiang.cases.deadlines import deadline_extend, deadline_start, running_deadline
from sanxiang.cases.models import Case, DeadlineKind
from sanxiang.cases.services.common import acting_officer, case_lock_for_user, step_record, today_or
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseStatus
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.legal_review.draft import LICENCE_EXAMINATION
from sanxiang.licensing import common as c
from sanxiang.licensing import payloads as p
from sanxiang.licensing.handlers import EXTENSION_DAYS
from sanxiang.licensing.models import ExcludedPeriod, LicenceApplication
from sanxiang.licensing.periods import excluded_period_close, excluded_period_open
from sanxiang.licensing.permissions import can_handle_licence, is_agency_head

K = DeadlineKind
S = CaseStatus
NOT_HANDLER = "只有本案承办人员或负责人可以办理"
NOT_HEAD = "延长许可决定期限须经本机关负责人批准"
NOT_EXAMINING = "案件须处于受理审查阶段（当前状态：{status}）"
EXTENDED_ONCE = "许可决定期限只能延长一次（已于此前延长{days}个工作日）"
EXTEND_AFTER_DUE = "许可决定期限已于{due}届满，不能再延长"
NO_DECISION_CLOCK = "本申请尚未受理，没有许可决定期限"
PERIOD_OPEN = "已有进行中的{kind}期间，请先结束"
PERIOD_UNKNOWN = "该期间不存在或已结束"
PERIOD_ORDER = "结束日期不能早于开始日期"
FUTURE = "日期不能晚于今天"
NOTIFY_BEFORE_START = "书面告知申请人的日期不能早于该期间开始日期"
EXAMINING = (S.LICENCE_EXAMINING, S.LICENCE_HEARING, S.LEGAL_REVIEW, S.PENDING_DECISION)


def _lock_licence(user: Any, case_id: Any) -> tuple[Case, LicenceApplication]:
    case = case_lock_for_user(user=user, case_id=case_id)
    if case.kind != "licence":
        raise NotFound()
    if not can_handle_licence(user, case):
        raise Forbidden(NOT_HANDLER, code="not_permitted")
    return case, c.application_of(case)


def _require_examining(case: Case, statuses: tuple[str, ...] = EXAMINING) -> None:
    if case.status not in statuses:
        raise RuleViolation(
            NOT_EXAMINING.format(status=S(case.status).label), code="licence_not_examining"
        )


@transaction.atomic
def licence_examination_record(
    *,
    user: Any,
    case_id: Any,
    data: Mapping[str, Any] | p.ExaminationPayload,
    today: dt.date | None = None,
) -> Case:
    """审查意见 (incl. 现场核查): the proposed 准予 / 不予 the review and the decider see.

    Raises: NotFound; Forbidden; ValidationFailed; RuleViolation (`licence_not_examining`).
    """
    day = today_or(today)
    officer = acting_officer(user)
    case, _ = _lock_licence(user, case_id)
    _require_examining(case, (S.LICENCE_EXAMINING,))
    form = parse(p.ExaminationPayload, data)
    content = form.model_dump(mode="json")
    step = step_record(
        case=case,
        actor=officer,
        action=LICENCE_EXAMINATION,
        label="审查意见",
        on=day,
        content=content,
        status_before=case.status,
    )
    c.licensing_audit(
        user=user,
        event="licensing.examination.recorded",
        case=case,
        new={"step": step.sequence, **content},
    )
    return case


@transaction.atomic
def licence_decision_extend(
    *,
    user: Any,
    case_id: Any,
    data: Mapping[str, Any] | p.ExtendPayload,
    today: dt.date | None = None,
) -> Case:
    """延长决定期限 (§42): once, by the 机关负责人, before the period ends; +10 working days
    (+15 for 统一/联合/集中办理); the reason is told to the applicant.

    Raises: NotFound; Forbidden (`not_agency_head`); RuleViolation (`licence_extended_once`,
        `licence_extension_after_due`, `licence_not_accepted`); ValidationFailed.
    """
    day = today_or(today)
    officer = acting_officer(user)
    case, application = _lock_licence(user, case_id)
    if not is_agency_head(user, case.agency_id):
        raise Forbidden(NOT_HEAD, code="not_agency_head")
    form = parse(p.ExtendPayload, data)
    if application.extension_days:
        raise RuleViolation(
            EXTENDED_ONCE.format(days=application.extension_days),
            code="licence_extended_once",
            citation=c.CITATION_42,
        )
    clock = running_deadline(case, K.LICENCE_DECISION)
    if clock is None:
        raise RuleViolation(NO_DECISION_CLOCK, code="licence_not_accepted")
    if day > clock.due_on:
        raise RuleViolation(
            EXTEND_AFTER_DUE.format(due=clock.due_on.isoformat()),
            code="licence_extension_after_due",
            citation=c.CITATION_42,
        )
    extra = EXTENSION_DAYS[application.joint_handling]
    extended = deadline_extend(case=case, kind=K.LICENCE_DECISION, extra_days=extra) or clock
    application.extension_days = extra
    application.extension_reason = form.reason
    application.extension_approved_by = officer
    application.updated_by = user
    application.save()
    content = {
        "days": extra,
        "reason": form.reason,
        "applicant_notified_on": form.applicant_notified_on.isoformat(),
        "decision_due": extended.due_on.isoformat(),
    }
    step_record(
        case=case,
        actor=officer,
        action="licence_extend",
        label="延长许可决定期限",
        on=day,
        content=content,
        status_before=case.status,
    )
    c.licensing_audit(
        user=user,
        event="licensing.decision_period.extended",
        case=case,
        target=application,
        new=content,
        reason=form.reason,
    )
    return case


@transaction.atomic
def licence_excluded_period_start(
    *,
    user: Any,
    case_id: Any,
    data: Mapping[str, Any] | p.ExcludedStartPayload,
    today: dt.date | None = None,
) -> ExcludedPeriod:
    """检验、检测、鉴定、专家评审 … begins (§45); the applicant is told in writing.

    Raises: NotFound; Forbidden; RuleViolation (`licence_not_examining`, `period_open`);
        ValidationFailed.
    """
    day = today_or(today)
    officer = acting_officer(user)
    case, application = _lock_licence(user, case_id)
    _require_examining(case)
    form = parse(p.ExcludedStartPayload, data)
    if form.started_on > day or form.applicant_notified_on > day:
        raise ValidationFailed(FUTURE, code="date_in_future")
    if form.applicant_notified_on < form.started_on:
        raise ValidationFailed(NOTIFY_BEFORE_START, code="notified_before_start")
    if application.excluded_periods.filter(ended_on=None, kind=form.kind).exists():
        raise RuleViolation(
            PERIOD_OPEN.format(kind=form.kind.label), code="period_open", citation=c.CITATION_45
        )
    period = excluded_period_open(
        application=application,
        kind=form.kind,
        reason=form.reason,
        started_on=form.started_on,
        applicant_notified_on=form.applicant_notified_on,
        user=user,
    )
    step_record(
        case=case,
        actor=officer,
        action="licence_excluded_start",
        label=f"{form.kind.label}（不计入许可期限）开始",
        on=day,
        content={"period": str(period.pk), **form.model_dump(mode="json")},
        status_before=case.status,
    )
    return period


@transaction.atomic
def licence_excluded_period_end(
    *,
    user: Any,
    case_id: Any,
    period_id: Any,
    data: Mapping[str, Any] | p.ExcludedEndPayload,
    today: dt.date | None = None,
) -> ExcludedPeriod:
    """The §45 period ends: its working days are added to the decision period.

    Raises: NotFound (`period_unknown`); Forbidden; ValidationFailed; CalendarUnknownYear.
    """
    day = today_or(today)
    officer = acting_officer(user)
    case, application = _lock_licence(user, case_id)
    form = parse(p.ExcludedEndPayload, data)
    try:
        period = application.excluded_periods.select_for_update().get(pk=period_id, ended_on=None)
    except (ExcludedPeriod.DoesNotExist, ValueError, TypeError, DjangoValidationError) as exc:
        raise NotFound(PERIOD_UNKNOWN) from exc
    if form.ended_on > day:
        raise ValidationFailed(FUTURE, code="date_in_future")
    if form.ended_on < period.started_on:
        raise ValidationFailed(PERIOD_ORDER, code="period_order")
    closed = excluded_period_close(period=period, ended_on=form.ended_on, user=user)
    clock = running_deadline(case, K.LICENCE_DECISION)
    step_record(
        case=case,
        actor=officer,
        action="licence_excluded_end",
        label=f"{period.get_kind_display()}（不计入许可期限）结束",
        on=day,
        content={
            "period": str(period.pk),
            "ended_on": form.ended_on.isoformat(),
            "working_days": closed.working_days,
            "decision_due": clock.due_on.isoformat() if clock else None,
        },
        status_before=case.status,
    )
    return closed


@transaction.atomic
def licence_hearing_rights_notify(
    *,
    user: Any,
    case_id: Any,
    data: Mapping[str, Any] | p.HearingRightsPayload,
    today: dt.date | None = None,
) -> Case:
    """告知听证权利 (§47): who was told and when; they may ask within 5 working days.

    Raises: NotFound; Forbidden; RuleViolation (`licence_not_examining`); ValidationFailed.
    """
    day = today_or(today)
    officer = acting_officer(user)
    case, _ = _lock_licence(user, case_id)
    _require_examining(case, (S.LICENCE_EXAMINING,))
    form = parse(p.HearingRightsPayload, data)
    if form.told_on > day:
        raise ValidationFailed(FUTURE, code="date_in_future")
    clock = deadline_start(case=case, kind=K.LICENCE_HEARING_REQUEST, starts_on=form.told_on)
    content = {**form.model_dump(mode="json"), "request_due": clock.due_on.isoformat()}
    step_record(
        case=case,
        actor=officer,
        action="licence_hearing_rights",
        label="告知听证权利",
        on=day,
        content=content,
        status_before=case.status,
    )
    c.licensing_audit(user=user, event="licensing.hearing_rights.notified", case=case, new=content)
    return case
