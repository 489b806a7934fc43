"""申请, 受理, 补正 (许可法 §29–§33) through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.models import Deadline, DeadlineKind, DeadlineState
from sanxiang.cases.states import CaseAction, CaseStatus, InvalidTransition
from sanxiang.cases.tests.factories import TODAY
from sanxiang.core.errors import Forbidden, NotFound, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.licensing.models import CorrectionRequest, LicenceApplication
from sanxiang.licensing.services import licence_apply
from sanxiang.licensing.tests.factories import (
    ITEM,
    apply_at_counter,
    counter_data,
    lact,
    licence_world,
)
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role

A = CaseAction
S = CaseStatus
K = DeadlineKind
pytestmark = pytest.mark.django_db


def clock(case, kind):
    return Deadline.objects.filter(case=case, kind=kind).order_by("-created_at").first()


def test_counter_application_opens_a_licence_case_with_its_guide_and_intake_clock():
    world = licence_world()
    case = apply_at_counter(world)
    assert case.kind == "licence"
    assert case.status == S.LICENCE_APPLIED
    assert case.lead_number.startswith("XK20260311-")
    assert case.item.code == ITEM
    application = LicenceApplication.objects.get(case=case)
    assert application.channel == "counter"
    assert application.guide is not None
    assert application.guide.item_code == ITEM
    assert [m["listed"] for m in application.materials] == [True, True]
    first = case.steps.get(sequence=1)
    assert first.content["missing"] == ["营业执照复印件", "绿地恢复方案"]
    # 2026-03-11 (Wed) + 5 working days = 2026-03-18 (Wed).
    assert clock(case, K.LICENCE_INTAKE).due_on == dt.date(2026, 3, 18)
    assert AuditEvent.objects.filter(
        event="licensing.application.received", target_id=str(application.pk)
    ).exists()
    assert case.assignments.get().officer == world.officer.officer


def test_counter_application_refused_for_a_penalty_item_or_unknown_code():
    world = licence_world()
    with pytest.raises(ValidationFailed) as err:
        licence_apply(user=world.officer, data=counter_data(item_code="NOPE"), today=TODAY)
    assert err.value.code == "item_unknown"


def test_counter_application_refused_to_a_reviewer_without_the_officer_role():
    world = licence_world()
    with pytest.raises(Forbidden):
        licence_apply(user=world.reviewer, data=counter_data(), today=TODAY)


def test_whole_counter_path_correction_accept_decide_deliver():
    world = licence_world()
    case = apply_at_counter(world)
    case = lact(world, case, A.LICENCE_REQUEST_CORRECTION)
    assert case.status == S.LICENCE_CORRECTION
    correction = CorrectionRequest.objects.get(application__case=case)
    assert correction.round == 1
    assert len(correction.items) == 2
    answered = TODAY + dt.timedelta(days=2)  # Friday 2026-03-13
    case = lact(world, case, A.LICENCE_SUBMIT_CORRECTION, answered)
    assert case.status == S.LICENCE_APPLIED
    # A new 5-working-day window from the answer: 03-13 (Fri) → 03-20 (Fri).
    assert clock(case, K.LICENCE_INTAKE).due_on == dt.date(2026, 3, 20)
    case = lact(world, case, A.LICENCE_ACCEPT, answered)
    application = LicenceApplication.objects.get(case=case)
    assert application.accepted_on == answered
    assert not application.acceptance_deemed
    assert case.number.startswith("园林局许受〔2026〕")
    from sanxiang.licensing.tests.factories import examine

    examine(world, case, answered)
    case = lact(world, case, A.LICENCE_SUBMIT_DECISION, answered)
    case = lact(world, case, A.LICENCE_GRANT, answered)
    assert case.status == S.LICENCE_GRANTED
    assert case.decision_number == "园林局许决〔2026〕1号"
    licence = case.licences.get()
    assert licence.number == "园林局许〔2026〕1号"
    assert licence.holder_name == "某某建设工程有限公司"
    assert clock(case, K.LICENCE_DECISION).state == DeadlineState.MET
    case = lact(world, case, A.LICENCE_DELIVER, answered)
    licence.refresh_from_db()
    assert licence.delivered_on == answered
    assert case.status == S.LICENCE_DELIVERED
    assert clock(case, K.LICENCE_DELIVERY).state == DeadlineState.MET


def test_other_agency_cannot_see_or_act_on_the_case():
    world = licence_world()
    other = licence_world("林业局")
    case = apply_at_counter(world)
    with pytest.raises(NotFound):
        lact(other, case, A.LICENCE_ACCEPT)


def test_reviewer_role_cannot_accept():
    world = licence_world()
    case = apply_at_counter(world)
    stranger = user_with_role(Role.OFFICER, world.agency)
    with pytest.raises(NotFound):  # not assigned: the case is not visible to a plain officer
        lact(world, case, A.LICENCE_ACCEPT, user=stranger)
    with pytest.raises(Forbidden):
        lact(world, case, A.LICENCE_ACCEPT, user=world.reviewer)


def test_refusal_rolls_back_nothing_written():
    world = licence_world()
    case = apply_at_counter(world)
    with pytest.raises(ValidationFailed):
        lact(world, case, A.LICENCE_REQUEST_CORRECTION, items=[])
    assert not CorrectionRequest.objects.exists()
    with pytest.raises(InvalidTransition):
        lact(world, case, A.LICENCE_DENY)  # not from 申请待受理
