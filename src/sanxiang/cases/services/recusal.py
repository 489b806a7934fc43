"""回避 (处罚法 §43) and the case team it changes.

The party may apply for an officer's withdrawal, or the officer declares it; the 负责人 decides.
Meanwhile the investigation goes on: only 告知 and 决定 wait (rule `recusal_pending`). A granted
recusal ends the officer's assignment (the row stays, with its reason), after which the team
rule (处罚法 §42) asks for a replacement, whom a head adds with `case_officer_assign`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import (
    Case,
    CaseOfficer,
    Hearing,
    OfficerRole,
    Recusal,
    RecusalStatus,
)
from sanxiang.cases.permissions import can_take_action, is_head
from sanxiang.cases.services.common import (
    acting_officer,
    case_audit,
    case_lock_for_user,
    step_record,
    today_or,
)
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.organisations.models import Officer
from sanxiang.organisations.rules import require_certified

CITATION = "《行政处罚法》第四十三条"
ENDED_STATUSES = {CaseStatus.DECLINED, CaseStatus.CLOSED, CaseStatus.ARCHIVED}

NOT_A_HEAD = "只有负责人可以{what}"
NOT_ON_CASE = "申请回避的人员须为本案在办执法人员或听证主持人"
SELF_DECLARATION = "执法人员自行回避的，应由本人提出"
NOT_ALLOWED = "只有本案在办执法人员或负责人可以登记回避申请"
ALREADY_PENDING = "对{name}的回避申请尚未决定，不能重复申请"
ALREADY_DECIDED = "该回避申请已经决定"
OWN_RECUSAL = "负责人不能决定对本人的回避申请"
CASE_ENDED = "案件已经办结，不再办理回避或调整办案人员"
OFFICER_UNKNOWN = "执法人员不存在或不是本机关在岗执法人员"
ALREADY_ON_CASE = "{name}已是本案在办执法人员"
RECUSED = "{name}已被决定回避本案，不得再指派办理本案"
LEAD_TAKEN = "本案已有在办主办人，请指派为协办人"


class RecusalRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    officer_id: uuid.UUID = Field(title="申请回避的执法人员")
    by_party: bool = Field(True, title="当事人申请（否则为执法人员自行回避）")
    reason: str = Field(title="回避理由", min_length=1, max_length=5000)


class RecusalDecision(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    granted: bool = Field(title="决定回避")
    reason: str = Field(title="决定理由", min_length=1, max_length=5000)


class OfficerAssignment(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    officer_id: uuid.UUID = Field(title="执法人员")
    role: OfficerRole = Field(OfficerRole.ASSIST, title="分工")
    reason: str = Field(title="指派理由", min_length=1, max_length=2000)


def require_head(user: Any, case: Case, what: str) -> None:
    """Raises: Forbidden unless `user` is a 负责人 (unit or agency head) of the case's agency."""
    if not is_head(user, case.agency_id):
        raise Forbidden(NOT_A_HEAD.format(what=what), code="action_not_permitted")


def _require_open(case: Case) -> None:
    if case.status in ENDED_STATUSES:
        raise RuleViolation(CASE_ENDED, code="case_ended")


def _target_officer(case: Case, officer_id: uuid.UUID) -> Officer:
    """The officer the recusal is about: on the team now, or chairing the case's hearing."""
    assignment = case.assignments.filter(officer_id=officer_id, active=True).first()
    if assignment is not None:
        return assignment.officer
    hearing: Hearing | None = getattr(case, "hearing", None)
    if hearing is not None and hearing.chair is not None and hearing.chair_id == officer_id:
        if hearing.held_on is None:
            return hearing.chair
    raise ValidationFailed(NOT_ON_CASE, code="recusal_officer_unknown")


@transaction.atomic
def recusal_request(
    *, user: Any, case_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> Recusal:
    """Record a 回避 application by the party, or an officer's own declaration.

    Raises: NotFound; Forbidden (neither on the case nor a head; a self-declaration for someone
        else); ValidationFailed (payload, officer not on the case, already pending);
        RuleViolation (case ended).
    """
    day = today_or(today)
    actor = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    if not (
        can_take_action(user, case, CaseAction.CONCLUDE_INVESTIGATION)
        or is_head(user, case.agency_id)
    ):
        raise Forbidden(NOT_ALLOWED, code="action_not_permitted")
    _require_open(case)
    data = parse(RecusalRequest, payload)
    officer = _target_officer(case, data.officer_id)
    if not data.by_party and officer.pk != actor.pk:
        raise Forbidden(SELF_DECLARATION, code="action_not_permitted")
    if case.recusals.filter(officer=officer, status=RecusalStatus.PENDING).exists():
        raise ValidationFailed(
            ALREADY_PENDING.format(name=officer.name), code="recusal_already_pending"
        )
    recusal = Recusal.objects.create(
        case=case, officer=officer, by_party=data.by_party, reason=data.reason, created_by=user
    )
    content = {
        "recusal": str(recusal.pk),
        "officer": str(officer.pk),
        "officer_name": officer.name,
        "by_party": data.by_party,
        "reason": data.reason,
    }
    step = step_record(
        case=case,
        actor=actor,
        action="recusal_request",
        label="当事人申请回避" if data.by_party else "执法人员自行回避",
        on=day,
        content=content,
        status_before=case.status,
    )
    case_audit(
        user=user,
        event="cases.recusal.requested",
        case=case,
        target=recusal,
        new={"step": step.sequence, **content},
    )
    return recusal


@transaction.atomic
def recusal_decide(
    *,
    user: Any,
    case_id: Any,
    recusal_id: Any,
    payload: Mapping[str, Any],
    today: dt.date | None = None,
) -> Recusal:
    """The 负责人 grants or refuses a pending 回避. Granted: the officer leaves the case team (and
    the hearing chair, if the officer chairs it); the team rule then asks for a replacement.

    Raises: NotFound; Forbidden (not a head, or deciding about oneself); ValidationFailed;
        RuleViolation (already decided).
    """
    day = today_or(today)
    actor = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    require_head(user, case, "决定回避")
    recusal = _recusal_of(case, recusal_id)
    if recusal.officer_id == actor.pk:
        raise Forbidden(OWN_RECUSAL, code="action_not_permitted")
    if recusal.status != RecusalStatus.PENDING:
        raise RuleViolation(ALREADY_DECIDED, code="recusal_already_decided")
    data = parse(RecusalDecision, payload)
    recusal.status = RecusalStatus.GRANTED if data.granted else RecusalStatus.REFUSED
    recusal.decided_by, recusal.decided_on = actor, day
    recusal.decision_reason = data.reason
    recusal.updated_by = user
    recusal.save()
    left = _withdraw(case, recusal, user) if data.granted else []
    team = case.assignments.filter(active=True).count()
    content = {
        "recusal": str(recusal.pk),
        "officer": str(recusal.officer_id),
        "officer_name": recusal.officer.name,
        "granted": data.granted,
        "reason": data.reason,
        "left": left,
        "team_size": team,
    }
    step = step_record(
        case=case,
        actor=actor,
        action="recusal_decide",
        label="决定回避" if data.granted else "驳回回避申请",
        on=day,
        content=content,
        status_before=case.status,
    )
    case_audit(
        user=user,
        event="cases.recusal.decided",
        case=case,
        target=recusal,
        old={"status": RecusalStatus.PENDING},
        new={"step": step.sequence, "status": recusal.status, **content},
        reason=data.reason,
    )
    return recusal


def _recusal_of(case: Case, recusal_id: Any) -> Recusal:
    pk = uuid_or_not_found(recusal_id)
    recusal = case.recusals.select_related("officer").filter(pk=pk).first()
    if recusal is None:
        raise NotFound()
    return recusal


def _withdraw(case: Case, recusal: Recusal, user: Any) -> list[str]:
    """End the officer's roles on the case; returns what they left ("team", "hearing_chair")."""
    left = []
    reason = f"回避：{recusal.decision_reason}"[:200]
    for assignment in case.assignments.filter(officer_id=recusal.officer_id, active=True):
        assignment.active = False
        assignment.ended_reason = reason
        assignment.updated_by = user
        assignment.save(update_fields=["active", "ended_reason", "updated_by", "updated_at"])
        left.append("team")
    hearing = getattr(case, "hearing", None)
    if hearing is not None and hearing.chair_id == recusal.officer_id and hearing.held_on is None:
        # A new chair is designated by scheduling again (with a fresh 7-working-day notice).
        hearing.chair = None
        hearing.scheduled_on = None
        hearing.updated_by = user
        hearing.save(update_fields=["chair", "scheduled_on", "updated_by", "updated_at"])
        left.append("hearing_chair")
    return left


@transaction.atomic
def case_officer_assign(
    *, user: Any, case_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> CaseOfficer:
    """A head assigns an officer (e.g. the replacement after a 回避) to the case team.

    Raises: NotFound; Forbidden (not a head); ValidationFailed (unknown officer, already on the
        case, a second 主办人); RuleViolation (no valid certificate for the case's field, 处罚法
        §42; recused from this case, §43; case ended).
    """
    day = today_or(today)
    actor = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    require_head(user, case, "指派办案人员")
    _require_open(case)
    data = parse(OfficerAssignment, payload)
    officer = Officer.objects.filter(
        pk=data.officer_id, agency_id=case.agency_id, is_active=True
    ).first()
    if officer is None:
        raise ValidationFailed(OFFICER_UNKNOWN, code="officer_unknown")
    if case.assignments.filter(officer=officer, active=True).exists():
        raise ValidationFailed(ALREADY_ON_CASE.format(name=officer.name), code="already_assigned")
    if case.recusals.filter(officer=officer, status=RecusalStatus.GRANTED).exists():
        raise RuleViolation(
            f"{RECUSED.format(name=officer.name)}（{CITATION}）",
            code="officer_recused",
            citation=CITATION,
        )
    if (
        data.role == OfficerRole.LEAD
        and case.assignments.filter(role=OfficerRole.LEAD, active=True).exists()
    ):
        raise ValidationFailed(LEAD_TAKEN, code="lead_taken")
    require_certified(officer, field_code=case.field.code, field_name=case.field.name, on=day)
    assignment = CaseOfficer.objects.create(
        case=case, officer=officer, role=data.role, created_by=user
    )
    content = {
        "officer": str(officer.pk),
        "officer_name": officer.name,
        "role": data.role.value,
        "reason": data.reason,
    }
    step = step_record(
        case=case,
        actor=actor,
        action="case_officer_assign",
        label="指派办案人员",
        on=day,
        content=content,
        status_before=case.status,
    )
    case_audit(
        user=user,
        event="cases.officer.assigned",
        case=case,
        target=assignment,
        new={"step": step.sequence, **content},
        reason=data.reason,
    )
    return assignment
