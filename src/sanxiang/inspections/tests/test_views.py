"""Pages: the board with its buckets and 改正期限 alert, opening, plans, the public plan list,
and the inspection section of the case page (both ways of a 转立案)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanxiang.cases.tests.factories import TODAY, make_world
from sanxiang.inspections.models import Inspection, InspectionPlan
from sanxiang.inspections.services import (
    inspection_plan_approve,
    inspection_plan_create,
    inspection_plan_publish,
)
from sanxiang.inspections.tests.factories import checked, inspect, open_inspection
from sanxiang.inspections.tests.test_plans import PLAN

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_board_buckets_and_overdue_correction(world, client, django_assert_max_num_queries):
    planned = open_inspection(world)
    # Ordered 20 days ago with 5 days: overdue today (the view uses the real date).
    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=20)
    rectifying = checked(world, long_ago)
    inspect(world, rectifying, "inspection_order_correction", long_ago, days=5)
    done = inspect(world, checked(world), "inspection_pass")
    client.force_login(world.unit_head)
    with django_assert_max_num_queries(20):
        response = client.get("/inspections/")
    html = response.content.decode()
    assert response.status_code == 200
    planned_table = html.split('id="planned"')[1].split("</table>")[0]
    assert planned.lead_number in planned_table
    rect_table = html.split('id="rectifying"')[1].split("</table>")[0]
    assert rectifying.lead_number in rect_table
    assert "超期" in rect_table
    concluded_table = html.split('id="concluded"')[1].split("</table>")[0]
    assert done.lead_number in concluded_table
    assert "未发现问题" in concluded_table


def test_board_of_another_agency_shows_none_of_ours(world, client):
    case = open_inspection(world)
    other = make_world("他局")
    client.force_login(other.agency_head)
    html = client.get("/inspections/").content.decode()
    assert case.lead_number not in html
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_open_inspection_through_the_form(world, client):
    client.force_login(world.unit_head)
    form = client.get("/inspections/open/").content.decode()
    assert world.officer.officer.name in form
    response = client.post(
        "/inspections/open/",
        {
            "title": "专项检查",
            "field_code": world.field.code,
            "source": "complaint",
            "party_kind": "organisation",
            "party_name": "某某餐饮店",
            "planned_on": TODAY.isoformat(),
            "inspector_ids": [str(world.officer.officer.pk), str(world.assistant.officer.pk)],
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{inspection.case_id}/"


def test_open_form_shows_the_two_officer_refusal(world, client):
    client.force_login(world.unit_head)
    response = client.post(
        "/inspections/open/",
        {
            "title": "专项检查",
            "field_code": world.field.code,
            "source": "complaint",
            "party_kind": "organisation",
            "party_name": "某某餐饮店",
            "planned_on": TODAY.isoformat(),
            "inspector_ids": [str(world.officer.officer.pk)],
        },
    )
    assert response.status_code == 409
    assert "不得少于两人" in response.content.decode()
    assert not Inspection.objects.exists()


def test_reviewer_cannot_open(world, client):
    client.force_login(world.reviewer)
    assert client.get("/inspections/open/").status_code == 403


def test_case_page_shows_the_inspection_section_and_actions(world, client):
    case = checked(world)
    client.force_login(world.officer)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="inspection"' in html
    assert "双随机抽查" in html
    assert 'id="action-inspection_pass"' in html
    assert 'id="action-inspection_order_correction"' in html
    assert 'id="action-inspection_transfer"' in html
    assert 'id="panel-measure"' not in html


def test_transfer_links_both_case_pages(world, client):
    case = inspect(world, checked(world), "inspection_transfer")
    penalty = Inspection.objects.get(case=case).transferred_case
    client.force_login(world.officer)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/cases/{penalty.pk}/"' in html
    back = client.get(f"/cases/{penalty.pk}/").content.decode()
    assert 'id="inspection-origin"' in back
    assert f'href="/cases/{case.pk}/"' in back


def test_plan_pages_and_the_public_list(world, client):
    client.force_login(world.officer)
    response = client.post("/inspections/plans/new/", PLAN)
    plan = InspectionPlan.objects.get()
    assert response["Location"] == f"/inspections/plans/{plan.pk}/"
    page = client.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert "待负责人批准" in page
    assert 'id="plan-approve"' not in page
    client.force_login(world.agency_head)
    client.post(f"/inspections/plans/{plan.pk}/approve/")
    client.post(f"/inspections/plans/{plan.pk}/publish/")
    plan.refresh_from_db()
    assert plan.published_on is not None
    client.logout()
    public = client.get("/inspections/plans/public/")
    assert public.status_code == 200
    assert PLAN["title"] in public.content.decode()
    assert client.get(f"/inspections/plans/{plan.pk}/").status_code == 302  # login


def test_public_list_hides_unpublished_plans(world, client):
    draft = inspection_plan_create(user=world.officer, data={**PLAN, "title": "草稿计划"})
    approved = inspection_plan_create(user=world.officer, data={**PLAN, "title": "已批准计划"})
    inspection_plan_approve(user=world.agency_head, plan_id=approved.pk)
    shown = inspection_plan_create(user=world.officer, data={**PLAN, "title": "已公开计划"})
    inspection_plan_approve(user=world.agency_head, plan_id=shown.pk)
    inspection_plan_publish(user=world.agency_head, plan_id=shown.pk)
    html = client.get(f"/inspections/plans/public/?agency={world.agency.pk}").content.decode()
    assert "已公开计划" in html
    assert draft.title not in html
    assert approved.title not in html


def test_another_agencys_plan_page_is_404(world, client):
    plan = inspection_plan_create(user=world.officer, data=PLAN)
    other = make_world("他局")
    client.force_login(other.agency_head)
    assert client.get(f"/inspections/plans/{plan.pk}/").status_code == 404
    assert client.post(f"/inspections/plans/{plan.pk}/approve/").status_code == 404
