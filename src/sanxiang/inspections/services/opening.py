"""开展行政检查: open an inspection case (from a plan, a 双随机 draw, a complaint, an assignment).

The inspection is a `cases.Case` of kind `inspection` in 待检查, with its inspectors as the case
team (the first is 主办人) and an `Inspection` row for what only an inspection holds. Two or more
inspectors, each with a valid 执法证 for the field (处罚法 §42, §55), are checked when it is opened
and again when the 现场检查 is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from sanxiang.cases.models import Case, CaseKind, CaseOfficer, LeadSource, OfficerRole
from sanxiang.cases.services.common import acting_officer, case_audit, step_record, today_or
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseStatus
from sanxiang.catalog.models import EnforcementItem, ItemCategory
from sanxiang.core.errors import Forbidden, RuleViolation, ValidationFailed
from sanxiang.inspections.models import Inspection, InspectionPlan, InspectionSource
from sanxiang.inspections.payloads import InspectionOpening
from sanxiang.inspections.permissions import can_open_inspection, is_agency_head
from sanxiang.organisations.models import Agency, EnforcementField, Officer
from sanxiang.organisations.rules import valid_certificate

NOT_ALLOWED = "只有本机关负责人或执法人员可以开展行政检查"
OFFICER_NOT_INSPECTOR = "执法人员开展检查时，本人应当是检查人员之一"
FIELD_UNKNOWN = "执法领域不存在或不属于本机关"
ITEM_UNKNOWN = "检查事项编码在本机关现行清单中不存在或不属于行政检查事项"
PLAN_UNKNOWN = "检查计划不存在、不属于本机关或尚未批准"
INSPECTOR_UNKNOWN = "检查人员须为本机关在岗执法人员，且不得重复"
TEAM_CITATION = "《行政处罚法》第四十二条、第五十五条"
TOO_FEW = "行政检查的执法人员不得少于两人，本次仅指派 {count} 人"
UNCERTIFIED = "{names}没有{day}有效的“{field}”类执法证，不得从事行政检查"

# Where an inspection comes from, as the case's 案源类型 (the penalty vocabulary) reads it.
CASE_SOURCE = {
    InspectionSource.PLAN: LeadSource.INSPECTION,
    InspectionSource.RANDOM: LeadSource.INSPECTION,
    InspectionSource.COMPLAINT: LeadSource.COMPLAINT,
    InspectionSource.ASSIGNED: LeadSource.ASSIGNED,
    InspectionSource.OTHER: LeadSource.OTHER,
}


def inspection_item_in_force(agency: Agency, code: str, on: dt.date) -> EnforcementItem:
    """Raises: ValidationFailed when the agency has no 检查 item `code` in force on `on`."""
    item = (
        EnforcementItem.objects.filter(
            agency=agency, code=code, category=ItemCategory.INSPECTION, effective_from__lte=on
        )
        .exclude(effective_to__lte=on)
        .first()
    )
    if item is None:
        raise ValidationFailed(ITEM_UNKNOWN, code="item_unknown")
    return item


def inspectors_check(
    officers: Iterable[Officer], *, field: EnforcementField, on: dt.date
) -> list[Officer]:
    """Two or more officers, each certified for `field` on `on`.

    Raises: RuleViolation `inspector_uncertified` or `inspectors_too_few` (处罚法 §42, §55).
    """
    team = list(officers)
    lacking = [o.name for o in team if valid_certificate(o, field.code, on) is None]
    if lacking:
        raise RuleViolation(
            UNCERTIFIED.format(names="、".join(lacking), day=on.isoformat(), field=field.name)
            + f"（{TEAM_CITATION}）",
            code="inspector_uncertified",
            citation=TEAM_CITATION,
        )
    if len(team) < 2:
        raise RuleViolation(
            TOO_FEW.format(count=len(team)) + f"（{TEAM_CITATION}）",
            code="inspectors_too_few",
            citation=TEAM_CITATION,
        )
    return team


def _inspectors(agency: Agency, data: InspectionOpening) -> list[Officer]:
    ids = list(dict.fromkeys(data.inspector_ids))
    found = {
        o.pk: o
        for o in Officer.objects.filter(pk__in=ids, agency=agency, is_active=True).prefetch_related(
            "certificates__fields"
        )
    }
    if len(ids) != len(data.inspector_ids) or len(found) != len(ids):
        raise ValidationFailed(INSPECTOR_UNKNOWN, code="inspector_unknown")
    return [found[i] for i in ids]


def _plan(agency: Agency, data: InspectionOpening) -> InspectionPlan | None:
    if data.plan_id is None:
        return None
    plan = InspectionPlan.objects.filter(
        pk=data.plan_id, agency=agency, approved_on__isnull=False
    ).first()
    if plan is None:
        raise ValidationFailed(PLAN_UNKNOWN, code="plan_unknown")
    return plan


def _lead_number(agency: Agency, day: dt.date) -> str:
    prefix = f"JC{day:%Y%m%d}-"
    taken = Case.objects.filter(lead_number__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}-{str(agency.pk)[:4].upper()}"


@transaction.atomic
def inspection_open(
    *, user: Any, data: Mapping[str, Any] | InspectionOpening, today: dt.date | None = None
) -> Case:
    """Open an inspection case in 待检查 with its inspectors (the first is 主办人).

    Raises: Forbidden (`not_allowed`: not a head or officer of an agency; `officer_not_inspector`);
        ValidationFailed (input; `field_unknown`, `item_unknown`, `plan_unknown`,
        `inspector_unknown`); RuleViolation (`inspector_uncertified`, `inspectors_too_few`).
    """
    if not can_open_inspection(user):
        raise Forbidden(NOT_ALLOWED, code="not_allowed")
    actor = acting_officer(user)
    opening = parse(InspectionOpening, data)
    day = today_or(today)
    agency = actor.agency
    field = agency.fields.filter(code=opening.field_code).first()
    if field is None:
        raise ValidationFailed(FIELD_UNKNOWN, code="field_unknown")
    item = inspection_item_in_force(agency, opening.item_code, day) if opening.item_code else None
    plan = _plan(agency, opening)
    inspectors = _inspectors(agency, opening)
    if not is_agency_head(user) and actor not in inspectors:
        raise Forbidden(OFFICER_NOT_INSPECTOR, code="officer_not_inspector")
    inspectors_check(inspectors, field=field, on=max(day, opening.planned_on))
    case = Case(
        agency=agency,
        unit=inspectors[0].unit,
        kind=CaseKind.INSPECTION,
        status=CaseStatus.INSPECTION_PLANNED,
        field=field,
        item=item,
        title=opening.title,
        source=CASE_SOURCE[InspectionSource(opening.source)],
        source_detail=opening.source_detail,
        discovered_on=day,
        party_kind=opening.party_kind,
        party_name=opening.party_name,
        party_identifier=opening.party_identifier,
        party_address=opening.party_address,
        party_representative=opening.party_representative,
        lead_number=_lead_number(agency, day),
        created_by=user,
        updated_by=user,
    )
    case.full_clean(exclude=["lead_number"])
    case.save()
    for position, officer in enumerate(inspectors):
        role = OfficerRole.LEAD if position == 0 else OfficerRole.ASSIST
        CaseOfficer.objects.create(case=case, officer=officer, role=role, created_by=user)
    inspection = Inspection(
        case=case,
        source=opening.source,
        plan=plan,
        spot_check_task_id=opening.spot_check_task_id,
        entity_id=opening.entity_id,
        planned_on=opening.planned_on,
        created_by=user,
        updated_by=user,
    )
    inspection.full_clean(exclude=["case"])
    inspection.save()
    _record_opening(user=user, actor=actor, case=case, inspection=inspection, day=day)
    return case


def _record_opening(
    *, user: Any, actor: Officer, case: Case, inspection: Inspection, day: dt.date
) -> None:
    officers = [str(a.officer_id) for a in case.assignments.order_by("role", "created_at")]
    facts = {
        "title": case.title,
        "source": inspection.source,
        "source_detail": case.source_detail,
        "plan": str(inspection.plan_id or ""),
        "spot_check_task": inspection.spot_check_task_id,
        "entity": inspection.entity_id,
        "planned_on": inspection.planned_on.isoformat(),
        "item": f"{case.item.code}@{case.item.version}" if case.item else "",
    }
    step_record(
        case=case,
        actor=actor,
        action="open_inspection",
        label="开展行政检查",
        on=day,
        content=facts,
    )
    case_audit(
        user=user,
        event="inspections.inspection.opened",
        case=case,
        target=inspection,
        new={
            "lead_number": case.lead_number,
            "field": case.field.code,
            "officers": officers,
            **facts,
        },
    )


@transaction.atomic
def inspection_open_many(
    *,
    user: Any,
    items: Iterable[Mapping[str, Any] | InspectionOpening],
    today: dt.date | None = None,
) -> list[Case]:
    """Open several inspections in one transaction (a 双随机 draw's results): all or none.

    Raises: as `inspection_open`, for the first submission refused.
    """
    return [inspection_open(user=user, data=item, today=today) for item in items]
