"""转立案: a 行政检查 that found a suspected violation becomes a 行政处罚 case.

The penalty case is registered through the same path as any 案源 (`cases.services.intake.
lead_create`), in the inspection step's transaction: source 监督检查发现, the inspected party,
the findings as its facts, the acting inspector as 主办人 and the other inspectors as 协办人, and
the inspection's sealed evidence attached to its first step — the same items, not copies, so both
cases' timelines show them and their hashes stay the vault's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.cases.models import CaseStep, LeadSource
from sanxiang.cases.payloads import LeadRegistration
from sanxiang.cases.services.common import evidence_for_case
from sanxiang.cases.services.intake import lead_create
from sanxiang.core.errors import Forbidden
from sanxiang.evidence.models import EvidenceItem
from sanxiang.inspections.models import Inspection
from sanxiang.inspections.payloads import TransferToCase
from sanxiang.organisations.models import Officer

NOT_AN_INSPECTOR = "转立案应由本次检查的执法人员提出"


def inspection_evidence(inspection: Inspection, extra_ids: list[Any]) -> list[EvidenceItem]:
    """Every sealed item on the inspection's steps, plus those submitted with the transfer."""
    case = inspection.case
    on_steps = EvidenceItem.objects.filter(
        pk__in=CaseStep.evidence.through.objects.filter(casestep__case=case).values(
            "evidenceitem_id"
        )
    )
    items = {e.pk: e for e in on_steps}
    for item in evidence_for_case(case, extra_ids):
        items.setdefault(item.pk, item)
    return sorted(items.values(), key=lambda e: (e.created_at, str(e.pk)))


def penalty_case_from_inspection(
    *,
    inspection: Inspection,
    data: TransferToCase,
    user: Any,
    officer: Officer | None,
    today: dt.date,
) -> Any:
    """Register the penalty case of a 转立案 (call inside the transition's transaction).

    Raises: Forbidden (`not_an_inspector`: the actor is not on the inspection team);
        ValidationFailed (dates, item unknown); CalendarUnknownYear.
    """
    case = inspection.case
    team = list(case.assignments.filter(active=True).select_related("officer").order_by("-role"))
    if officer is None or officer.pk not in {a.officer_id for a in team}:
        raise Forbidden(NOT_AN_INSPECTOR, code="not_an_inspector")
    # Not corrected by the deadline: what is prosecuted was (also) found at the 复查.
    found_on = data.rechecked_on or inspection.inspected_on or today
    lead = LeadRegistration.model_validate(
        {
            "title": data.title,
            "field_code": case.field.code,
            "item_code": data.item_code,
            "source": LeadSource.INSPECTION,
            "source_detail": f"行政检查（{case.lead_number}）发现：{inspection.findings}",
            "discovered_on": found_on,
            "act_date": data.act_date,
            "act_continuing": data.act_continuing,
            "party_kind": case.party_kind,
            "party_name": case.party_name,
            "party_identifier": case.party_identifier,
            "party_address": case.party_address,
            "party_phone": case.party_phone,
            "party_representative": case.party_representative,
            "assistant_ids": [a.officer_id for a in team if a.officer_id != officer.pk],
        }
    )
    return lead_create(
        user=user,
        lead_officer=officer,
        lead=lead,
        day=today,
        facts=data.facts,
        evidence=inspection_evidence(inspection, list(data.evidence_ids)),
        origin={
            "inspection_case": str(case.pk),
            "inspection_lead_number": case.lead_number,
        },
    )
