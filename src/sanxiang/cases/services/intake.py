"""案源登记 and the case team (处罚法 §42, §54)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from sanxiang.cases.deadlines import deadline_start
from sanxiang.cases.models import Case, CaseOfficer, DeadlineKind, OfficerRole
from sanxiang.cases.payloads import LeadRegistration
from sanxiang.cases.permissions import can_register_lead
from sanxiang.cases.services.common import (
    acting_officer,
    case_audit,
    step_record,
    today_or,
)
from sanxiang.cases.services.validation import parse
from sanxiang.catalog.models import EnforcementItem
from sanxiang.core.errors import Forbidden, ValidationFailed
from sanxiang.evidence.models import EvidenceItem
from sanxiang.organisations.models import Officer

NOT_ALLOWED = "只有本机关的执法人员可以登记案源"
FIELD_UNKNOWN = "执法领域不存在或不属于本机关"
ITEM_UNKNOWN = "执法事项编码在本机关现行清单中不存在"
ASSISTANT_UNKNOWN = "协办人员须为本机关在岗执法人员，且不能是登记人本人"
DATES_ORDER = "违法行为发生日期、终了日期和发现日期的先后顺序不正确"
FUTURE_DATE = "发现日期不能晚于今天"


def _item_in_force(agency_id: Any, code: str, on: dt.date) -> EnforcementItem:
    item = (
        EnforcementItem.objects.filter(agency_id=agency_id, code=code, effective_from__lte=on)
        .exclude(effective_to__lte=on)
        .first()
    )
    if item is None:
        raise ValidationFailed(ITEM_UNKNOWN, code="item_unknown")
    return item


def _check_dates(data: LeadRegistration, today: dt.date) -> None:
    if data.discovered_on > today:
        raise ValidationFailed(FUTURE_DATE, code="date_in_future")
    act, ended = data.act_date, data.act_ended_on
    if (act and act > data.discovered_on) or (ended and (not act or ended < act)):
        raise ValidationFailed(DATES_ORDER, code="dates_out_of_order")


@transaction.atomic
def lead_register(
    *, user: Any, data: Mapping[str, Any] | LeadRegistration, today: dt.date | None = None
) -> Case:
    """Register a lead (案源) with the registering officer as 主办人 and the named 协办人.

    Raises: Forbidden (not an officer of an agency); ValidationFailed (bad input, unknown field,
        item or assistant); CalendarUnknownYear (the 立案核查 clock runs into an unknown year).
    """
    if not can_register_lead(user):
        raise Forbidden(NOT_ALLOWED, code="not_an_officer")
    officer = acting_officer(user)
    lead = parse(LeadRegistration, data)
    return lead_create(user=user, lead_officer=officer, lead=lead, day=today_or(today))


def lead_create(
    *,
    user: Any,
    lead_officer: Officer,
    lead: LeadRegistration,
    day: dt.date,
    facts: str = "",
    evidence: Iterable[EvidenceItem] = (),
    origin: Mapping[str, Any] | None = None,
) -> Case:
    """The 案源 of `lead_officer`'s agency with them as 主办人: `lead_register`'s body, shared with
    what opens a penalty case from another matter (a 行政检查's 转立案 carries its facts, its
    sealed evidence on the first step and `origin` in the step content). Call inside a transaction.

    Raises: ValidationFailed (dates, unknown field, item or assistant); CalendarUnknownYear.
    """
    officer = lead_officer
    _check_dates(lead, day)
    agency = officer.agency
    field = agency.fields.filter(code=lead.field_code).first()
    if field is None:
        raise ValidationFailed(FIELD_UNKNOWN, code="field_unknown")
    item = _item_in_force(agency.pk, lead.item_code, day) if lead.item_code else None
    assistants = list(
        Officer.objects.filter(pk__in=lead.assistant_ids, agency=agency, is_active=True)
    )
    if len(assistants) != len(set(lead.assistant_ids)) or officer in assistants:
        raise ValidationFailed(ASSISTANT_UNKNOWN, code="assistant_unknown")
    values = lead.model_dump(exclude={"field_code", "item_code", "assistant_ids"})
    case = Case(agency=agency, unit=officer.unit, field=field, item=item, facts=facts, **values)
    case.lead_number = _lead_number(agency, day)
    case.created_by = case.updated_by = user
    case.full_clean(exclude=["lead_number"])
    case.save()
    CaseOfficer.objects.create(case=case, officer=officer, role=OfficerRole.LEAD, created_by=user)
    for other in assistants:
        CaseOfficer.objects.create(
            case=case, officer=other, role=OfficerRole.ASSIST, created_by=user
        )
    clock = deadline_start(case=case, kind=DeadlineKind.FILING_CHECK, starts_on=lead.discovered_on)
    items = list(evidence)
    step_record(
        case=case,
        actor=officer,
        action="register_lead",
        label="案源登记",
        on=day,
        content={
            "title": case.title,
            "source": case.source,
            "source_detail": case.source_detail,
            **(origin or {}),
        },
        evidence=items,
    )
    case_audit(
        user=user,
        event="cases.case.registered",
        case=case,
        new={
            "lead_number": case.lead_number,
            "title": case.title,
            "field": field.code,
            "item": f"{item.code}@{item.version}" if item else "",
            "officers": [str(officer.pk), *(str(o.pk) for o in assistants)],
            "filing_check_due": clock.due_on.isoformat(),
            **({"evidence_sha256": [e.blob_id for e in items]} if items else {}),
            **(origin or {}),
        },
    )
    return case


def _lead_number(agency: Any, day: dt.date) -> str:
    prefix = f"AY{day:%Y%m%d}-"
    taken = Case.objects.filter(lead_number__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}-{str(agency.pk)[:4].upper()}"
