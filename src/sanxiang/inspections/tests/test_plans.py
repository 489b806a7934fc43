"""检查计划: drafted, approved by a head, published; fixed once approved; scoped to the agency."""

from __future__ import annotations

import pytest

from sanxiang.cases.tests.factories import TODAY, make_world
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation
from sanxiang.core.models import AuditEvent
from sanxiang.inspections.integrity import check_inspections_audited
from sanxiang.inspections.models import InspectionPlan
from sanxiang.inspections.services import (
    inspection_plan_approve,
    inspection_plan_create,
    inspection_plan_publish,
    inspection_plan_update,
)
from sanxiang.inspections.tests.factories import open_inspection

pytestmark = pytest.mark.django_db

PLAN = {
    "year": 2026,
    "title": "2026年度食品经营者日常监督检查计划",
    "scope": "辖区内食品销售经营者",
    "content": "许可证照、从业人员健康证明、进货查验记录、食品贮存",
    "method": "双随机抽查与重点检查相结合",
    "frequency": "每年不少于一次",
}


@pytest.fixture
def world():
    return make_world()


def plan_for(world, user=None):
    return inspection_plan_create(user=user or world.officer, data=PLAN, today=TODAY)


def test_plan_drafted_approved_and_published(world):
    plan = plan_for(world)
    assert plan.agency == world.agency
    assert plan.approved_on is None
    plan = inspection_plan_update(
        user=world.officer, plan_id=plan.pk, data={**PLAN, "frequency": "每半年一次"}, today=TODAY
    )
    assert plan.frequency == "每半年一次"
    plan = inspection_plan_approve(user=world.agency_head, plan_id=plan.pk, today=TODAY)
    assert plan.approved_by == world.agency_head.officer
    assert plan.approved_on == TODAY
    plan = inspection_plan_publish(user=world.unit_head, plan_id=plan.pk, today=TODAY)
    assert plan.published_on == TODAY
    events = list(AuditEvent.objects.filter(target_id=str(plan.pk)).values_list("event", flat=True))
    assert events == [
        "inspections.plan.created",
        "inspections.plan.updated",
        "inspections.plan.approved",
        "inspections.plan.published",
    ]
    assert list(check_inspections_audited()) == []


def test_approved_plan_is_fixed_and_published_once(world):
    plan = plan_for(world)
    with pytest.raises(RuleViolation) as err:
        inspection_plan_publish(user=world.unit_head, plan_id=plan.pk, today=TODAY)
    assert err.value.code == "plan_not_approved"
    inspection_plan_approve(user=world.unit_head, plan_id=plan.pk, today=TODAY)
    with pytest.raises(RuleViolation) as err:
        inspection_plan_update(user=world.officer, plan_id=plan.pk, data=PLAN, today=TODAY)
    assert err.value.code == "plan_already_approved"
    inspection_plan_publish(user=world.unit_head, plan_id=plan.pk, today=TODAY)
    with pytest.raises(RuleViolation) as err:
        inspection_plan_publish(user=world.unit_head, plan_id=plan.pk, today=TODAY)
    assert err.value.code == "plan_already_published"


def test_officers_draft_but_only_heads_approve(world):
    plan = plan_for(world)
    with pytest.raises(Forbidden) as err:
        inspection_plan_approve(user=world.officer, plan_id=plan.pk, today=TODAY)
    assert err.value.code == "not_allowed"
    with pytest.raises(Forbidden):
        plan_for(world, user=world.reviewer)


def test_another_agencys_plan_is_404(world):
    plan = plan_for(world)
    other = make_world("他局")
    with pytest.raises(NotFound):
        inspection_plan_approve(user=other.agency_head, plan_id=plan.pk, today=TODAY)
    with pytest.raises(NotFound):
        inspection_plan_update(user=other.officer, plan_id=plan.pk, data=PLAN, today=TODAY)
    with pytest.raises(NotFound):
        inspection_plan_approve(user=world.agency_head, plan_id="not-a-uuid", today=TODAY)


def test_inspection_from_a_plan_needs_it_approved(world):
    from sanxiang.core.errors import ValidationFailed

    plan = plan_for(world)
    with pytest.raises(ValidationFailed) as err:
        open_inspection(world, source="plan", plan_id=plan.pk)
    assert err.value.code == "plan_unknown"
    inspection_plan_approve(user=world.unit_head, plan_id=plan.pk, today=TODAY)
    case = open_inspection(world, source="plan", plan_id=plan.pk)
    assert case.inspection.plan == plan
    assert list(check_inspections_audited()) == []


def test_a_row_written_around_the_services_is_reported(world):
    InspectionPlan.objects.create(
        agency=world.agency,
        year=2026,
        title="绕过",
        scope="-",
        content="-",
        method="-",
        frequency="-",
    )
    found = list(check_inspections_audited())
    assert [d.code for d in found] == ["row_not_audited"]
