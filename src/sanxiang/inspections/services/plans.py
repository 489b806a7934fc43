"""检查计划: drafted by the agency's officers or heads, approved by a head, then published.

A published plan is 事前公开 information (what the agency will inspect, how and how often): the
public page lists it without login. Once approved a plan's content is fixed; a change is a new plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from sanxiang.cases.permissions import officer_of
from sanxiang.cases.services.common import acting_officer, today_or
from sanxiang.cases.services.validation import parse
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.inspections.models import InspectionPlan
from sanxiang.inspections.payloads import PlanData
from sanxiang.inspections.permissions import can_approve_plan, can_draft_plan
from sanxiang.inspections.services.opening import inspection_item_in_force
from sanxiang.ledger.audit import audit_record

NOT_ALLOWED_DRAFT = "只有本机关执法人员或负责人可以编制检查计划"
NOT_ALLOWED_APPROVE = "只有本机关负责人可以批准、公开检查计划"
ALREADY_APPROVED = "检查计划已经批准，内容不能再修改；如需调整请另行编制计划"
NOT_APPROVED = "检查计划尚未批准，不能公开"
ALREADY_PUBLISHED = "检查计划已经公开"
PLAN_CITATION = "《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》"


def _plan_fields(plan: InspectionPlan) -> dict[str, Any]:
    return {
        "year": plan.year,
        "title": plan.title,
        "item": f"{plan.item.code}@{plan.item.version}" if plan.item else "",
        "scope": plan.scope,
        "content": plan.content,
        "method": plan.method,
        "frequency": plan.frequency,
    }


def _plan_lock(user: Any, plan_id: Any) -> InspectionPlan:
    """The plan of the user's own agency, row-locked. Raises: NotFound (missing, malformed or
    another agency's plan: the same 404)."""
    pk = uuid_or_not_found(plan_id)
    officer = officer_of(user)
    if officer is None:
        raise NotFound()
    plan = InspectionPlan.objects.select_for_update(of=("self",)).filter(
        pk=pk, agency_id=officer.agency_id
    )
    found = plan.select_related("agency", "item").first()
    if found is None:
        raise NotFound()
    return found


def _apply(plan: InspectionPlan, data: PlanData, day: dt.date) -> None:
    plan.year = data.year
    plan.title = data.title
    plan.item = (
        inspection_item_in_force(plan.agency, data.item_code, day) if data.item_code else None
    )
    plan.scope = data.scope
    plan.content = data.content
    plan.method = data.method
    plan.frequency = data.frequency


@transaction.atomic
def inspection_plan_create(
    *, user: Any, data: Mapping[str, Any] | PlanData, today: dt.date | None = None
) -> InspectionPlan:
    """Draft a 检查计划 of the user's agency.

    Raises: Forbidden (`not_allowed`); ValidationFailed (input, `item_unknown`).
    """
    if not can_draft_plan(user):
        raise Forbidden(NOT_ALLOWED_DRAFT, code="not_allowed")
    officer = acting_officer(user)
    plan_data = parse(PlanData, data)
    plan = InspectionPlan(agency=officer.agency, created_by=user, updated_by=user)
    _apply(plan, plan_data, today_or(today))
    plan.full_clean()
    plan.save()
    audit_record(
        actor=user,
        event="inspections.plan.created",
        target=plan,
        agency_id=plan.agency_id,
        new=_plan_fields(plan),
    )
    return plan


@transaction.atomic
def inspection_plan_update(
    *, user: Any, plan_id: Any, data: Mapping[str, Any] | PlanData, today: dt.date | None = None
) -> InspectionPlan:
    """Change a plan not yet approved.

    Raises: NotFound; Forbidden (`not_allowed`); RuleViolation (`plan_already_approved`);
        ValidationFailed.
    """
    if not can_draft_plan(user):
        raise Forbidden(NOT_ALLOWED_DRAFT, code="not_allowed")
    plan = _plan_lock(user, plan_id)
    if plan.approved_on is not None:
        raise RuleViolation(ALREADY_APPROVED, code="plan_already_approved")
    old = _plan_fields(plan)
    _apply(plan, parse(PlanData, data), today_or(today))
    plan.updated_by = user
    plan.full_clean()
    plan.save()
    audit_record(
        actor=user,
        event="inspections.plan.updated",
        target=plan,
        agency_id=plan.agency_id,
        old=old,
        new=_plan_fields(plan),
    )
    return plan


@transaction.atomic
def inspection_plan_approve(
    *, user: Any, plan_id: Any, today: dt.date | None = None
) -> InspectionPlan:
    """A head approves the plan (its content is then fixed).

    Raises: NotFound; Forbidden (`not_allowed`); RuleViolation (`plan_already_approved`).
    """
    if not can_approve_plan(user):
        raise Forbidden(NOT_ALLOWED_APPROVE, code="not_allowed")
    plan = _plan_lock(user, plan_id)
    if plan.approved_on is not None:
        raise RuleViolation(ALREADY_APPROVED, code="plan_already_approved")
    plan.approved_by = acting_officer(user)
    plan.approved_on = today_or(today)
    plan.updated_by = user
    plan.save()
    audit_record(
        actor=user,
        event="inspections.plan.approved",
        target=plan,
        agency_id=plan.agency_id,
        new={"approved_on": plan.approved_on.isoformat(), **_plan_fields(plan)},
    )
    return plan


@transaction.atomic
def inspection_plan_publish(
    *, user: Any, plan_id: Any, today: dt.date | None = None
) -> InspectionPlan:
    """A head publishes an approved plan (事前公开: the public plans page lists it from today).

    Raises: NotFound; Forbidden (`not_allowed`); RuleViolation (`plan_not_approved`,
        `plan_already_published`).
    """
    if not can_approve_plan(user):
        raise Forbidden(NOT_ALLOWED_APPROVE, code="not_allowed")
    plan = _plan_lock(user, plan_id)
    if plan.approved_on is None:
        raise RuleViolation(NOT_APPROVED, code="plan_not_approved", citation=PLAN_CITATION)
    if plan.published_on is not None:
        raise RuleViolation(ALREADY_PUBLISHED, code="plan_already_published")
    plan.published_on = today_or(today)
    plan.updated_by = user
    plan.save()
    audit_record(
        actor=user,
        event="inspections.plan.published",
        target=plan,
        agency_id=plan.agency_id,
        new={"published_on": plan.published_on.isoformat(), **_plan_fields(plan)},
    )
    return plan
