"""An online licence application walked through the licensing services (officer side)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.applicants.services.applications import applicant_apply
from sanxiang.applicants.services.uploads import applicant_upload
from sanxiang.applicants.tests.factories import PDF_BYTES
from sanxiang.cases.models import Case
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY, World
from sanxiang.licensing.services import licence_application_assign
from sanxiang.licensing.tests.factories import ITEM, lact

A = CaseAction
CORRECTION_ITEMS = [
    {"name": "营业执照复印件", "reason": "未提交"},
    {"name": "绿地恢复方案", "reason": "未载明恢复期限"},
]


def upload_pdf(
    user: Any, world: World, filename: str = "申请书.pdf", data: bytes = PDF_BYTES
) -> str:
    return str(
        applicant_upload(user=user, agency_id=world.agency.pk, filename=filename, data=data).item_id
    )


def apply_online(world: World, user: Any, today: dt.date = TODAY) -> Case:
    evidence_id = upload_pdf(user, world)
    return applicant_apply(
        user=user,
        agency_id=world.agency.pk,
        item_code=ITEM,
        request="因管线施工临时占用崇文街绿地120平方米，期限30日",
        materials=[{"name": "申请书", "evidence_id": evidence_id}],
        today=today,
    )


def assign(world: World, case: Case, today: dt.date = TODAY) -> Case:
    return licence_application_assign(
        user=world.agency_head,
        case_id=case.pk,
        data={"lead_officer_id": world.officer.officer.pk},
        today=today,
    )


def request_correction(world: World, case: Case, today: dt.date = TODAY) -> Case:
    return lact(world, case, A.LICENCE_REQUEST_CORRECTION, today, items=CORRECTION_ITEMS)
