"""申请: at the counter (窗口受理) or online by the applicant's own login (许可法 §29–§33).

Both open a licence case (kind `licence`, status 申请待受理) with its application, the 服务指南
in force and the materials checked against its list, a first step, and the 5-working-day clock
for 受理 / 补正告知 (§32); audited and ledgered in one transaction. An online application has no
officer until a head of the agency assigns one (`licence_application_assign`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from sanxiang.cases.deadlines import deadline_start
from sanxiang.cases.models import Case, CaseOfficer, DeadlineKind, LeadSource, OfficerRole
from sanxiang.cases.permissions import can_register_lead, is_head
from sanxiang.cases.services.common import (
    acting_officer,
    case_lock_for_user,
    step_record,
    today_or,
)
from sanxiang.cases.services.validation import parse
from sanxiang.cases.states import CaseStatus
from sanxiang.catalog.models import EnforcementItem, ItemCategory, ServiceGuide
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.licensing import payloads as p
from sanxiang.licensing.common import guide_materials, licensing_audit, material_name
from sanxiang.licensing.handlers import online_materials
from sanxiang.licensing.models import (
    ApplicationChannel,
    ApplicationType,
    Licence,
    LicenceApplication,
)
from sanxiang.organisations.models import Agency, Officer

NOT_AN_OFFICER = "只有本机关的执法人员可以在窗口受理许可申请"
ITEM_UNKNOWN = "许可事项编码在本机关现行行政许可事项清单中不存在"
NO_FIELD = "本机关尚未设置执法领域，不能登记许可申请"
FUTURE = "收到申请日期不能晚于今天"
NOT_A_HEAD = "只有本机关负责人可以分配网上申请的承办人员"
ALREADY_ASSIGNED = "本申请已有主办人"
OFFICER_UNKNOWN = "主办人、协办人须为本机关在岗执法人员，且不能重复"
AGENCY_UNKNOWN = "许可机关不存在"
RECEIVED_STEP = "receive_application"


@dataclass(frozen=True)
class Applicant:
    """Who applies online (the applicants app fills it from the account's verified profile)."""

    kind: str  # cases.models.PartyKind: person | organisation
    name: str
    identifier: str
    address: str = ""
    phone: str = ""
    representative: str = ""


def licence_item_in_force(agency: Agency, code: str, on: dt.date) -> EnforcementItem:
    """Raises: ValidationFailed (`item_unknown`) when no 行政许可 item of that code is in force."""
    item = (
        EnforcementItem.objects.filter(
            agency=agency, code=code, category=ItemCategory.LICENCE, effective_from__lte=on
        )
        .exclude(effective_to__lte=on)
        .select_related("field")
        .first()
    )
    if item is None:
        raise ValidationFailed(ITEM_UNKNOWN, code="item_unknown")
    return item


def guide_in_force(agency: Agency, code: str, on: dt.date) -> ServiceGuide | None:
    return (
        ServiceGuide.objects.filter(agency=agency, item_code=code, effective_from__lte=on)
        .exclude(effective_to__lte=on)
        .first()
    )


def materials_checked(
    guide: ServiceGuide | None, submitted: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """(the submitted materials marked `listed` when the 服务指南 lists them, the listed ones
    not submitted) — what the officer reads to decide between 受理 and 补正告知."""
    listed = guide_materials(guide.materials) if guide else []
    names = {material_name(m["name"]) for m in submitted}
    marked = [{**m, "listed": material_name(m["name"]) in listed} for m in submitted]
    return marked, [name for name in listed if name not in names]


def _lead_number(agency: Agency, day: dt.date) -> str:
    prefix = f"XK{day:%Y%m%d}-"
    taken = Case.objects.filter(lead_number__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}-{str(agency.pk)[:4].upper()}"


@dataclass(frozen=True)
class Opening:
    agency: Agency
    item: EnforcementItem
    applicant: Applicant
    request: str
    submitted_on: dt.date
    channel: str
    materials: list[dict[str, Any]]
    joint_handling: bool = False
    interested_parties: str = ""
    application_type: str = ApplicationType.NEW
    licence: Licence | None = None


def open_licence_case(
    opening: Opening, *, user: Any, officer: Officer | None, day: dt.date
) -> Case:
    agency, item, who = opening.agency, opening.item, opening.applicant
    field = item.field or agency.fields.order_by("code").first()
    if field is None:
        raise ValidationFailed(NO_FIELD, code="field_unknown")
    guide = guide_in_force(agency, item.code, day)
    materials, missing = materials_checked(guide, opening.materials)
    case = Case(
        agency=agency,
        unit=officer.unit if officer else item.responsible_unit,
        kind="licence",
        status=CaseStatus.LICENCE_APPLIED,
        title=item.name[:300],
        item=item,
        field=field,
        source=LeadSource.OTHER,
        source_detail=ApplicationChannel(opening.channel).label,
        discovered_on=opening.submitted_on,
        party_kind=who.kind,
        party_name=who.name,
        party_identifier=who.identifier,
        party_address=who.address,
        party_phone=who.phone,
        party_representative=who.representative,
        created_by=user,
        updated_by=user,
    )
    case.lead_number = _lead_number(agency, day)
    case.full_clean(exclude=["lead_number"])
    case.save()
    if officer is not None:
        CaseOfficer.objects.create(
            case=case, officer=officer, role=OfficerRole.LEAD, created_by=user
        )
    application = LicenceApplication.objects.create(
        case=case,
        channel=opening.channel,
        application_type=opening.application_type,
        licence=opening.licence,
        applicant_account=user if opening.channel == ApplicationChannel.ONLINE else None,
        guide=guide,
        submitted_on=opening.submitted_on,
        request=opening.request,
        materials=materials,
        joint_handling=opening.joint_handling,
        interested_parties=opening.interested_parties,
        created_by=user,
        updated_by=user,
    )
    clock = deadline_start(
        case=case, kind=DeadlineKind.LICENCE_INTAKE, starts_on=opening.submitted_on
    )
    step_record(
        case=case,
        actor=officer,
        party_user=None if officer else user,
        action=RECEIVED_STEP,
        label="接收申请",
        on=day,
        content={
            "channel": opening.channel,
            "request": opening.request,
            "materials": [m["name"] for m in materials],
            "missing": missing,
            "guide": f"{guide.code}@{guide.version}" if guide else "",
            "intake_due": clock.due_on.isoformat(),
        },
    )
    licensing_audit(
        user=user,
        event="licensing.application.received",
        case=case,
        target=application,
        new={
            "lead_number": case.lead_number,
            "channel": opening.channel,
            "application_type": opening.application_type,
            "licence": str(opening.licence.pk) if opening.licence else None,
            "item": f"{item.code}@{item.version}",
            "guide": f"{guide.code}@{guide.version}" if guide else "",
            "materials": [m["name"] for m in materials],
            "sha256": [m["sha256"] for m in materials if "sha256" in m],
            "missing": missing,
            "intake_due": clock.due_on.isoformat(),
        },
    )
    return case


@transaction.atomic
def licence_apply(
    *, user: Any, data: Mapping[str, Any] | p.CounterApplication, today: dt.date | None = None
) -> Case:
    """窗口受理: an officer of the agency registers an application handed in at the counter.

    Raises: Forbidden (not an officer); ValidationFailed (input, `item_unknown`, `date_in_future`);
        CalendarUnknownYear.
    """
    if not can_register_lead(user):
        raise Forbidden(NOT_AN_OFFICER, code="not_an_officer")
    officer = acting_officer(user)
    form = parse(p.CounterApplication, data)
    day = today_or(today)
    if form.submitted_on > day:
        raise ValidationFailed(FUTURE, code="date_in_future")
    item = licence_item_in_force(officer.agency, form.item_code, day)
    applicant = Applicant(
        kind=form.applicant_kind,
        name=form.applicant_name,
        identifier=form.applicant_identifier,
        address=form.applicant_address,
        phone=form.applicant_phone,
        representative=form.applicant_representative,
    )
    opening = Opening(
        agency=officer.agency,
        item=item,
        applicant=applicant,
        request=form.request,
        submitted_on=form.submitted_on,
        channel=ApplicationChannel.COUNTER,
        materials=[m.model_dump() for m in form.materials],
        joint_handling=form.joint_handling,
        interested_parties=form.interested_parties,
    )
    return open_licence_case(opening, user=user, officer=officer, day=day)


@transaction.atomic
def licence_apply_online(
    *,
    user: Any,
    agency_id: Any,
    applicant: Applicant,
    data: Mapping[str, Any] | p.OnlineApplication,
    today: dt.date | None = None,
) -> Case:
    """网上申请 by the applicant's own login; received today, no officer until assigned.

    Raises: NotFound (no such agency, or not logged in); ValidationFailed (input, `item_unknown`,
        `material_unknown`: an uploaded file missing or another agency's); CalendarUnknownYear.
    """
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    pk = uuid_or_not_found(agency_id, message=AGENCY_UNKNOWN)
    try:
        agency = Agency.objects.get(pk=pk)
    except Agency.DoesNotExist as exc:
        raise NotFound(AGENCY_UNKNOWN) from exc
    form = parse(p.OnlineApplication, data)
    day = today_or(today)
    item = licence_item_in_force(agency, form.item_code, day)
    probe = Case(agency=agency)
    uploaded = online_materials(probe, form.materials)
    opening = Opening(
        agency=agency,
        item=item,
        applicant=applicant,
        request=form.request,
        submitted_on=day,
        channel=ApplicationChannel.ONLINE,
        materials=uploaded,
        interested_parties=form.interested_parties,
    )
    return open_licence_case(opening, user=user, officer=None, day=day)


@transaction.atomic
def licence_application_assign(
    *,
    user: Any,
    case_id: Any,
    data: Mapping[str, Any] | p.AssignPayload,
    today: dt.date | None = None,
) -> Case:
    """A head of the agency assigns the 主办人 (and 协办人) of an online application.

    Raises: NotFound; Forbidden (not a head); RuleViolation (`licence_already_assigned`);
        ValidationFailed (`officer_unknown`).
    """
    day = today_or(today)
    head = acting_officer(user)
    case = case_lock_for_user(user=user, case_id=case_id)
    if case.kind != "licence":
        raise NotFound()
    if not is_head(user, case.agency_id):
        raise Forbidden(NOT_A_HEAD, code="not_a_head")
    form = parse(p.AssignPayload, data)
    if case.assignments.filter(active=True, role=OfficerRole.LEAD).exists():
        raise RuleViolation(ALREADY_ASSIGNED, code="licence_already_assigned")
    wanted = [form.lead_officer_id, *form.assistant_ids]
    officers = {
        o.pk: o for o in Officer.objects.filter(pk__in=wanted, agency=case.agency, is_active=True)
    }
    if len(officers) != len(wanted):
        raise ValidationFailed(OFFICER_UNKNOWN, code="officer_unknown")
    for officer_id in wanted:
        role = OfficerRole.LEAD if officer_id == form.lead_officer_id else OfficerRole.ASSIST
        CaseOfficer.objects.create(
            case=case, officer=officers[officer_id], role=role, created_by=user
        )
    step_record(
        case=case,
        actor=head,
        action="licence_assign",
        label="分配承办人员",
        on=day,
        content={"lead": officers[form.lead_officer_id].name},
    )
    licensing_audit(
        user=user,
        event="licensing.application.assigned",
        case=case,
        new={"officers": [str(o) for o in wanted]},
    )
    return case
