"""开展行政检查: who may open one, the two certified inspectors, the case it creates."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.models import CaseKind, CaseOfficer, LeadSource, OfficerRole
from sanxiang.cases.states import CaseStatus
from sanxiang.cases.tests.factories import TODAY, make_world
from sanxiang.core.errors import Forbidden, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.inspections.models import Inspection
from sanxiang.inspections.services import inspection_open_many
from sanxiang.inspections.tests.factories import open_inspection, opening_data
from sanxiang.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_open_creates_an_inspection_case_with_its_team_and_first_step(world):
    case = open_inspection(world)
    assert case.kind == CaseKind.INSPECTION
    assert case.status == CaseStatus.INSPECTION_PLANNED
    assert case.source == LeadSource.INSPECTION
    assert case.lead_number.startswith(f"JC{TODAY:%Y%m%d}-0001-")
    assert case.lead_number.endswith(str(world.agency.pk)[:4].upper())
    team = list(CaseOfficer.objects.filter(case=case).order_by("role"))
    assert [(a.officer, a.role) for a in team] == [
        (world.assistant.officer, OfficerRole.ASSIST),
        (world.officer.officer, OfficerRole.LEAD),
    ]
    inspection = Inspection.objects.get(case=case)
    assert inspection.source == "random"
    assert inspection.spot_check_task_id == "task-1"
    assert inspection.planned_on == TODAY + dt.timedelta(days=1)
    step = case.steps.get()
    assert step.action == "open_inspection"
    event = AuditEvent.objects.get(event="inspections.inspection.opened")
    assert event.target_id == str(inspection.pk)
    assert LedgerEntry.objects.filter(kind="inspections.inspection.opened").count() == 1


def test_lead_numbers_count_up_within_the_day(world):
    first = open_inspection(world)
    second = open_inspection(world)
    assert first.lead_number.split("-")[1] == "0001"
    assert second.lead_number.split("-")[1] == "0002"


def test_art42_one_officer_inspection_refused(world):
    with pytest.raises(RuleViolation) as err:
        open_inspection(world, inspector_ids=[world.officer.officer.pk])
    assert err.value.code == "inspectors_too_few"
    assert "不得少于两人" in err.value.message
    assert "第四十二条" in err.value.citation
    assert not Inspection.objects.exists()


def test_art42_uncertified_inspector_refused(world):
    with pytest.raises(RuleViolation) as err:
        open_inspection(
            world, inspector_ids=[world.officer.officer.pk, world.uncertified.officer.pk]
        )
    assert err.value.code == "inspector_uncertified"
    assert world.uncertified.officer.name in err.value.message


def test_another_agencys_officer_cannot_be_an_inspector(world):
    other = make_world("他局")
    with pytest.raises(ValidationFailed) as err:
        open_inspection(world, inspector_ids=[world.officer.officer.pk, other.officer.officer.pk])
    assert err.value.code == "inspector_unknown"


def test_an_officer_may_open_only_as_one_of_the_inspectors(world):
    case = open_inspection(world, user=world.officer)
    assert case.status == CaseStatus.INSPECTION_PLANNED
    with pytest.raises(Forbidden) as err:
        open_inspection(world, user=world.uncertified)
    assert err.value.code == "officer_not_inspector"


def test_reviewer_cannot_open(world):
    with pytest.raises(Forbidden) as err:
        open_inspection(world, user=world.reviewer)
    assert err.value.code == "not_allowed"


def test_unknown_field_and_item_refused(world):
    with pytest.raises(ValidationFailed) as err:
        open_inspection(world, field_code="nope")
    assert err.value.code == "field_unknown"
    with pytest.raises(ValidationFailed) as err:
        open_inspection(world, item_code="X-1")
    assert err.value.code == "item_unknown"


def test_open_many_is_all_or_nothing(world):
    good = opening_data(world)
    bad = opening_data(world, inspector_ids=[world.officer.officer.pk])
    with pytest.raises(RuleViolation):
        inspection_open_many(user=world.unit_head, items=[good, bad], today=TODAY)
    assert not Inspection.objects.exists()
    cases = inspection_open_many(user=world.unit_head, items=[good, good], today=TODAY)
    assert len(cases) == 2
    assert Inspection.objects.count() == 2
