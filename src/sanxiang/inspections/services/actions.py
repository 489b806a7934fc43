"""What each 行政检查 action changes besides the case status, run by `case_transition`.

The engine has locked the case, checked the actor and the rules (inspections.rules) and parsed the
payload; these handlers update the `Inspection` row, start or stop the 责令改正 clock and return
the step content — what the 现场检查笔录, the 责令改正通知书 and the 检查结果 render. The step,
its audit event and ledger entry are written by the engine in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.cases.deadlines import deadline_start, deadline_stop
from sanxiang.cases.models import Case, DeadlineKind, DeadlineState
from sanxiang.cases.payloads import Payload
from sanxiang.cases.services.handlers import HandlerContext
from sanxiang.inspections import payloads as p
from sanxiang.inspections.models import Inspection, InspectionResult
from sanxiang.organisations.rules import valid_certificate

K = DeadlineKind


def text(data: Payload) -> dict[str, Any]:
    content: dict[str, Any] = data.model_dump(
        mode="json", exclude={"evidence_ids", "av_absence_reason"}
    )
    return content


def inspection_of(case: Case) -> Inspection:
    return Inspection.objects.select_for_update().get(case=case)


def conclude(inspection: Inspection, result: str, on: dt.date, user: Any) -> None:
    inspection.result = result
    inspection.concluded_on = on
    inspection.updated_by = user
    inspection.save()


def _inspectors(case: Case, on: dt.date) -> list[dict[str, str]]:
    """Who inspected, with the 执法证 number each showed (the 笔录 prints them)."""
    rows = case.assignments.filter(active=True).select_related("officer")
    out = []
    for row in rows.order_by("-role", "created_at"):  # 主办人 ("lead") first
        cert = valid_certificate(row.officer, case.field.code, on)
        out.append(
            {
                "officer": str(row.officer_id),
                "name": row.officer.name,
                "role": row.role,
                "certificate": cert.number if cert else "",
            }
        )
    return out


def record_site_inspection(
    case: Case, data: p.SiteInspection, ctx: HandlerContext
) -> dict[str, Any]:
    inspection = inspection_of(case)
    inspection.inspected_on = data.inspected_on
    inspection.findings = data.findings
    inspection.updated_by = ctx.user
    inspection.save()
    return {**text(data), "inspectors": _inspectors(case, data.inspected_on)}


def record_pass(case: Case, data: p.InspectionPass, ctx: HandlerContext) -> dict[str, Any]:
    conclude(inspection_of(case), InspectionResult.PASSED, ctx.today, ctx.user)
    return {**text(data), "result": InspectionResult.PASSED.value}


def record_not_found(case: Case, data: p.NotFoundResult, ctx: HandlerContext) -> dict[str, Any]:
    inspection = inspection_of(case)
    inspection.findings = inspection.findings or data.reason
    conclude(inspection, InspectionResult.NOT_FOUND, ctx.today, ctx.user)
    return {**text(data), "result": InspectionResult.NOT_FOUND.value}


def order_correction(case: Case, data: p.CorrectionOrder, ctx: HandlerContext) -> dict[str, Any]:
    """责令改正: the period runs from the order date, in natural days (ends on a working day)."""
    clock = deadline_start(
        case=case, kind=K.INSPECTION_CORRECTION, starts_on=ctx.today, days=data.days
    )
    inspection = inspection_of(case)
    inspection.correction_order = data.items
    inspection.correction_due_on = clock.due_on
    inspection.updated_by = ctx.user
    inspection.save()
    case.correction_order = data.items
    return {**text(data), "ordered_on": ctx.today.isoformat(), "due_on": clock.due_on.isoformat()}


def record_recheck(case: Case, data: p.Recheck, ctx: HandlerContext) -> dict[str, Any]:
    deadline_stop(case=case, kind=K.INSPECTION_CORRECTION, on=data.rechecked_on)
    inspection = inspection_of(case)
    inspection.rechecked_on = data.rechecked_on
    inspection.recheck_findings = data.findings
    conclude(inspection, InspectionResult.CORRECTED, ctx.today, ctx.user)
    return {**text(data), "result": InspectionResult.CORRECTED.value}


def record_transfer(case: Case, data: p.TransferToCase, ctx: HandlerContext) -> dict[str, Any]:
    """转立案: the penalty case is registered in this transaction (inspections.services.transfer)."""
    from sanxiang.inspections.services.transfer import penalty_case_from_inspection

    inspection = inspection_of(case)
    if inspection.correction_due_on is not None and data.rechecked_on is not None:
        # Not corrected by the deadline: the clock ends unmet.
        deadline_stop(
            case=case,
            kind=K.INSPECTION_CORRECTION,
            on=data.rechecked_on,
            state=DeadlineState.CANCELLED,
        )
        inspection.rechecked_on = data.rechecked_on
        inspection.recheck_findings = data.recheck_findings
    penalty = penalty_case_from_inspection(
        inspection=inspection, data=data, user=ctx.user, officer=ctx.officer, today=ctx.today
    )
    inspection.transferred_case = penalty
    conclude(inspection, InspectionResult.TRANSFERRED, ctx.today, ctx.user)
    return {
        **text(data),
        "result": InspectionResult.TRANSFERRED.value,
        "penalty_case": str(penalty.pk),
        "penalty_lead_number": penalty.lead_number,
    }
