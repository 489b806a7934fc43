"""网上申请 by an applicant's own login: assignment by a head, 补正 online, scoping."""

from __future__ import annotations

import pytest

from sanxiang.cases.services import case_party_transition, case_transition
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.licensing.models import CorrectionRequest, LicenceApplication
from sanxiang.licensing.selectors import licence_applications_of, unassigned_online_applications
from sanxiang.licensing.services import licence_application_assign
from sanxiang.licensing.tests.factories import (
    applicant_user,
    apply_online,
    lact,
    licence_world,
    party_act,
    payload_for,
)

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db


def assign(world, case, user=None):
    return licence_application_assign(
        user=user or world.unit_head,
        case_id=case.pk,
        data={"lead_officer_id": world.officer.officer.pk},
        today=TODAY,
    )


def test_online_application_with_uploads_then_correction_by_the_applicant(seal):
    world = licence_world()
    applicant = applicant_user()
    upload = seal(world.officer, world.agency, filename="申请书.pdf")
    case = apply_online(world, applicant, materials=[{"name": "申请书", "evidence_id": upload.pk}])
    application = LicenceApplication.objects.get(case=case)
    assert application.channel == "online"
    assert application.applicant_account == applicant
    assert application.materials[0]["sha256"] == upload.blob_id
    assert case.party_name == "张三"
    assert not case.assignments.exists()
    assert list(unassigned_online_applications(world.unit_head)) == [case]
    assert list(licence_applications_of(applicant)) == [case]
    first = case.steps.get(sequence=1)
    assert first.party_user == applicant
    assert first.actor is None

    assign(world, case)
    assert not unassigned_online_applications(world.unit_head).exists()
    case = lact(world, case, A.LICENCE_REQUEST_CORRECTION)
    answer = seal(world.officer, world.agency, filename="营业执照.pdf")
    case = party_act(
        applicant,
        case,
        A.LICENCE_SUBMIT_CORRECTION,
        materials=[],
        online_materials=[{"name": "营业执照复印件", "evidence_id": answer.pk}],
    )
    assert case.status == S.LICENCE_APPLIED
    step = case.steps.order_by("-sequence").first()
    assert step.party_user == applicant
    assert step.actor is None
    correction = CorrectionRequest.objects.get(application=application)
    assert correction.answer_materials[0]["sha256"] == answer.blob_id
    case = lact(world, case, A.LICENCE_ACCEPT)
    assert case.status == S.LICENCE_EXAMINING


def test_online_upload_of_another_agency_is_refused(seal):
    world = licence_world()
    other = licence_world("林业局")
    foreign = seal(other.officer, other.agency, filename="别处.pdf")
    with pytest.raises(ValidationFailed) as err:
        apply_online(
            world, applicant_user(), materials=[{"name": "申请书", "evidence_id": foreign.pk}]
        )
    assert err.value.code == "material_unknown"


def test_only_heads_assign_and_only_once():
    world = licence_world()
    case = apply_online(world, applicant_user())
    with pytest.raises(NotFound):  # a plain officer does not see unassigned applications
        assign(world, case, user=world.officer)
    with pytest.raises(Forbidden):
        assign(world, case, user=world.reviewer)
    assign(world, case)
    with pytest.raises(RuleViolation) as err:
        assign(world, case, user=world.agency_head)
    assert err.value.code == "licence_already_assigned"


def test_applicant_cannot_take_officer_actions():
    world = licence_world()
    applicant = applicant_user()
    case = apply_online(world, applicant)
    with pytest.raises(Forbidden) as err:
        party_act(applicant, case, A.LICENCE_ACCEPT)
    assert err.value.code == "not_a_party_action"
    with pytest.raises(Forbidden):
        case_transition(
            user=applicant,
            case_id=case.pk,
            action=A.LICENCE_ACCEPT,
            payload=payload_for(A.LICENCE_ACCEPT),
            today=TODAY,
        )


def test_applicant_b_cannot_act_on_applicant_a_case():
    world = licence_world()
    alice, bob = applicant_user("alice"), applicant_user("bob")
    case = apply_online(world, alice)
    with pytest.raises(NotFound):
        case_party_transition(
            user=bob,
            case_id=case.pk,
            action=A.LICENCE_WITHDRAW,
            payload={"reason": "恶意撤回"},
            today=TODAY,
        )
    assert not licence_applications_of(bob).exists()
    case = party_act(alice, case, A.LICENCE_WITHDRAW)
    assert case.status == S.LICENCE_WITHDRAWN


def test_holder_applies_online_for_renewal_of_own_licence_only():
    import datetime as dt

    from sanxiang.licensing.services import licence_renewal_apply
    from sanxiang.licensing.tests.factories import examine

    world = licence_world()
    alice, bob = applicant_user("alice"), applicant_user("bob")
    case = apply_online(world, alice)
    assign(world, case)
    case = lact(world, case, A.LICENCE_ACCEPT)
    examine(world, case)
    case = lact(world, lact(world, case, A.LICENCE_SUBMIT_DECISION), A.LICENCE_GRANT)
    licence = case.licences.get()  # valid to TODAY + 30 days
    data = {"request": "申请延续", "submitted_on": TODAY}
    with pytest.raises(NotFound):
        licence_renewal_apply(user=bob, licence_id=licence.pk, data=data, today=TODAY)
    with pytest.raises(NotFound):
        licence_renewal_apply(user=bob, licence_id="not-a-uuid", data=data, today=TODAY)
    with pytest.raises(RuleViolation) as err:  # 30 days before valid_to is today - 0: too late
        licence_renewal_apply(
            user=alice, licence_id=licence.pk, data=data, today=TODAY + dt.timedelta(days=1)
        )
    assert err.value.code == "licence_renewal_too_late"
    renewal = licence_renewal_apply(user=alice, licence_id=licence.pk, data=data, today=TODAY)
    application = LicenceApplication.objects.get(case=renewal)
    assert application.channel == "online"
    assert application.applicant_account == alice
    assert application.licence == licence
