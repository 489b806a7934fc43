"""Online 行政许可 from the applicant's side: apply with uploaded materials, answer a 补正, withdraw.

The licence case itself is the licensing app's (`licence_apply_online`, and the party steps
LICENCE_SUBMIT_CORRECTION / LICENCE_WITHDRAW through `cases.services.case_party_transition`);
this module checks that every file is the applicant's own upload to that agency, and brings the
applicant's identity from the profile rather than from the form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from sanxiang.applicants.models import ApplicantProfile
from sanxiang.applicants.permissions import is_applicant
from sanxiang.applicants.selectors import matter_get
from sanxiang.applicants.services.uploads import MaterialFile, upload_files, uploads_owned
from sanxiang.cases.models import Case, CaseKind
from sanxiang.cases.services.party import case_party_transition
from sanxiang.cases.states import CaseAction
from sanxiang.core.errors import NotFound, ValidationFailed

MATERIAL_NAME_REQUIRED = "每份材料都须注明材料名称"
NOT_A_LICENCE = "只有行政许可申请可以补正或撤回"


def _profile(user: Any) -> ApplicantProfile:
    if not is_applicant(user):
        raise NotFound()
    return ApplicantProfile.objects.get(user=user)


def _materials(user: Any, agency_id: Any, materials: list[dict[str, str]]) -> list[dict[str, str]]:
    """[{"name", "evidence_id"}] after checking each file is the applicant's own upload."""
    for m in materials:
        if not str(m.get("name", "")).strip():
            raise ValidationFailed(MATERIAL_NAME_REQUIRED, code="material_name_required")
    ids = [str(m.get("evidence_id", "")) for m in materials]
    uploads_owned(user=user, item_ids=ids, agency_id=agency_id)
    return [
        {"name": str(m["name"]).strip(), "evidence_id": i}
        for m, i in zip(materials, ids, strict=True)
    ]


def applicant_identity(profile: ApplicantProfile) -> Any:
    """The licensing app's applicant record, filled from the registered (checked) profile."""
    from sanxiang.licensing.services import Applicant

    return Applicant(
        kind=profile.kind,
        name=profile.name,
        identifier=profile.identifier,
        address=profile.address,
        phone=profile.phone,
        representative=profile.representative,
    )


@transaction.atomic
def applicant_apply(
    *,
    user: Any,
    agency_id: Any,
    item_code: str,
    request: str,
    materials: list[dict[str, str]],
    interested_parties: str = "",
    today: dt.date | None = None,
) -> Case:
    """网上申请 (许可法 §29, §33) with already uploaded materials.

    Raises: NotFound (not an applicant; unknown agency or item); ValidationFailed (a file that
        is not the applicant's own upload to the agency; the licensing app's checks).
    """
    profile = _profile(user)
    data = {
        "item_code": item_code,
        "request": request,
        "materials": _materials(user, agency_id, materials),
        "interested_parties": interested_parties,
    }
    from sanxiang.licensing.services import licence_apply_online

    return licence_apply_online(
        user=user,
        agency_id=agency_id,
        applicant=applicant_identity(profile),
        data=data,
        today=today or timezone.localdate(),
    )


@transaction.atomic
def applicant_apply_with_files(
    *,
    user: Any,
    agency_id: Any,
    item_code: str,
    request: str,
    files: list[MaterialFile],
    interested_parties: str = "",
    today: dt.date | None = None,
) -> Case:
    """The web form's path: upload each material, then apply — all or nothing.

    Raises: as applicant_upload and applicant_apply.
    """
    materials = upload_files(user=user, agency_id=agency_id, files=files)
    return applicant_apply(
        user=user,
        agency_id=agency_id,
        item_code=item_code,
        request=request,
        materials=materials,
        interested_parties=interested_parties,
        today=today,
    )


def _own_licence_case(user: Any, case_id: Any) -> Case:
    case = matter_get(user=user, case_id=case_id)
    if case.kind != CaseKind.LICENCE:
        raise NotFound(NOT_A_LICENCE)
    return case


@transaction.atomic
def applicant_correction_answer(
    *,
    user: Any,
    case_id: Any,
    materials: list[dict[str, str]],
    files: list[MaterialFile] | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> Case:
    """补正 online: the new materials (already uploaded, or files uploaded here) for the open round.

    Raises: NotFound (not the applicant's application); ValidationFailed; InvalidTransition
        (no 补正 is pending); the engine's rules.
    """
    case = _own_licence_case(user, case_id)
    entries = list(materials) + upload_files(user=user, agency_id=case.agency_id, files=files or [])
    day = today or timezone.localdate()
    payload = {
        "online_materials": _materials(user, case.agency_id, entries),
        "note": note,
        "received_on": day,
    }
    return case_party_transition(
        user=user,
        case_id=case.pk,
        action=CaseAction.LICENCE_SUBMIT_CORRECTION,
        payload=payload,
        today=day,
    )


@transaction.atomic
def applicant_withdraw(
    *, user: Any, case_id: Any, reason: str = "", today: dt.date | None = None
) -> Case:
    """撤回申请 before the decision.

    Raises: NotFound (not the applicant's application); InvalidTransition (already decided).
    """
    case = _own_licence_case(user, case_id)
    return case_party_transition(
        user=user,
        case_id=case.pk,
        action=CaseAction.LICENCE_WITHDRAW,
        payload={"reason": reason},
        today=today or timezone.localdate(),
    )
