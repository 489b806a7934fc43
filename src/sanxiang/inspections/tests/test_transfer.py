"""转立案: the inspection becomes a penalty case carrying its party, facts, team and evidence."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.models import CaseKind, CaseOfficer, LeadSource, OfficerRole
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, act, add_record, make_world
from sanxiang.core.errors import RuleViolation
from sanxiang.core.models import AuditEvent
from sanxiang.inspections.models import Inspection, InspectionResult
from sanxiang.inspections.tests.factories import checked, inspect

pytestmark = pytest.mark.django_db
A = CaseAction
S = CaseStatus


@pytest.fixture
def world():
    return make_world()


def test_transfer_opens_the_penalty_case_with_party_facts_team_and_evidence(world, seal):
    photo = seal(world.officer, world.agency, filename="现场照片.mp4")
    case = checked(world, evidence_ids=[photo.pk])
    extra = seal(world.assistant, world.agency, filename="补充视频.mp4")
    case = inspect(world, case, "inspection_transfer", evidence_ids=[extra.pk])
    assert case.status == S.INSPECTION_CONCLUDED
    inspection = Inspection.objects.get(case=case)
    assert inspection.result == InspectionResult.TRANSFERRED
    assert inspection.concluded_on == TODAY
    penalty = inspection.transferred_case
    assert penalty is not None
    assert penalty.kind == CaseKind.PENALTY
    assert penalty.status == S.LEAD
    assert penalty.source == LeadSource.INSPECTION
    assert penalty.get_source_display() == "监督检查发现"
    assert case.lead_number in penalty.source_detail
    assert penalty.title == "销售超过保质期的食品案"
    assert penalty.facts.startswith("当事人在经营场所")
    assert penalty.discovered_on == TODAY
    for attr in ("party_kind", "party_name", "party_identifier", "party_address"):
        assert getattr(penalty, attr) == getattr(case, attr)
    assert penalty.party_representative == "李某"
    team = {(a.officer_id, a.role) for a in CaseOfficer.objects.filter(case=penalty)}
    assert team == {
        (world.officer.officer.pk, OfficerRole.LEAD),
        (world.assistant.officer.pk, OfficerRole.ASSIST),
    }
    first = penalty.steps.get(sequence=1)
    assert first.action == "register_lead"
    # The same sealed items, not copies: both timelines point at one vault row each.
    assert {e.pk for e in first.evidence.all()} == {photo.pk, extra.pk}
    assert first.content["inspection_case"] == str(case.pk)
    transfer_step = case.steps.get(action="inspection_transfer")
    assert transfer_step.content["penalty_case"] == str(penalty.pk)
    assert list(transfer_step.evidence.all()) == [extra]
    registered = AuditEvent.objects.get(event="cases.case.registered", target_id=str(penalty.pk))
    assert sorted(registered.new["evidence_sha256"]) == sorted([photo.blob_id, extra.blob_id])


def test_the_transferred_case_goes_on_through_the_penalty_workflow(world):
    case = inspect(world, checked(world), "inspection_transfer")
    penalty = Inspection.objects.get(case=case).transferred_case
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        penalty = act(world, penalty, action)
    assert penalty.status == S.INVESTIGATING
    assert penalty.number
    add_record(world, penalty)
    for action in (A.CONCLUDE_INVESTIGATION, A.SUBMIT_CHECK, A.ISSUE_NOTICE):
        penalty = act(world, penalty, action)
    assert penalty.status == S.NOTIFIED


def test_transfer_after_an_unmet_correction_records_the_recheck(world):
    ordered = dt.date(2026, 3, 25)
    due = dt.date(2026, 4, 7)
    case = checked(world, ordered)
    case = inspect(world, case, "inspection_order_correction", ordered, days=10)
    with pytest.raises(RuleViolation) as err:
        inspect(world, case, "inspection_transfer", due)
    assert err.value.code == "inspection_transfer_after_recheck"
    case = inspect(
        world,
        case,
        "inspection_transfer",
        due,
        rechecked_on=due,
        recheck_findings="过期食品仍在销售，未建立进货查验记录",
    )
    inspection = Inspection.objects.get(case=case)
    assert inspection.result == InspectionResult.TRANSFERRED
    assert inspection.rechecked_on == due
    assert inspection.concluded_on == due
    assert inspection.transferred_case.status == S.LEAD
    clock = case.deadlines.get(kind="inspection_correction")
    assert clock.state == "cancelled"


def test_transfer_with_an_act_date_after_the_inspection_refused(world):
    from sanxiang.core.errors import ValidationFailed

    case = checked(world)
    with pytest.raises(ValidationFailed) as err:
        inspect(world, case, "inspection_transfer", act_date=TODAY + dt.timedelta(days=1))
    assert err.value.code == "dates_out_of_order"
    assert not Inspection.objects.filter(transferred_case__isnull=False).exists()
