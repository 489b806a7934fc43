"""行政许可 pages through HTTP: queue, counter application, case section and panels, licence page,
public register."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.licensing.models import LicenceStatus
from sanxiang.licensing.services import licence_application_assign
from sanxiang.licensing.tests.factories import (
    APPLICANT,
    ITEM,
    accepted,
    applicant_user,
    apply_at_counter,
    apply_online,
    examine,
    lact,
    licence_world,
)

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_home_lists_clocks_and_online_applications_to_assign(django_assert_max_num_queries):
    world = licence_world()
    apply_at_counter(world)
    apply_online(world, applicant_user())
    client = client_for(world.unit_head)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("licensing:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="to-assign"' in body
    assert "受理或一次性告知补正期限" in body


def test_counter_form_registers_and_keeps_input_on_refusal():
    world = licence_world()
    client = client_for(world.officer)
    page = client.get(reverse("licensing:new"))
    assert ITEM in page.content.decode()
    data = {
        "apply-item_code": ITEM,
        "apply-request": "临时占用绿地",
        "apply-submitted_on": "2099-01-01",
        "apply-applicant_kind": "organisation",
        "apply-applicant_name": "某某公司",
        "apply-applicant_identifier": "91140524MA0000003X",
        "apply-materials": "申请书\n占用绿地平面图",
    }
    refused = client.post(reverse("licensing:new"), data)
    assert refused.status_code == 400
    assert "收到申请日期不能晚于今天" in refused.content.decode()
    assert "某某公司" in refused.content.decode()
    data["apply-submitted_on"] = str(timezone.localdate())
    done = client.post(reverse("licensing:new"), data)
    assert done.status_code == 302
    detail = client.get(done["Location"])
    body = detail.content.decode()
    assert 'id="licensing"' in body
    assert "占用绿地平面图" in body
    assert 'id="action-licence_accept"' in body


def test_case_page_shows_examination_panel_and_section_after_acceptance():
    world = licence_world()
    case = accepted(world)
    client = client_for(world.officer)
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="panel-licence-examination"' in body
    assert 'id="panel-licence-excluded-start"' in body
    # penalty-only panels are not offered on a licence case
    assert 'id="panel-extension"' not in body
    response = client.post(
        reverse("cases:panel", args=[case.pk, "licence-examination"]),
        {
            "licence-examination-outcome": "grant",
            "licence-examination-reasons": "符合条件",
            "licence-examination-content": "准予占用",
        },
    )
    assert response.status_code == 302
    assert case.steps.filter(action="licence_examination").exists()


def test_online_assignment_panel_for_the_head():
    world = licence_world()
    case = apply_online(world, applicant_user())
    client = client_for(world.unit_head)
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="panel-licence-assign"' in body
    response = client.post(
        reverse("cases:panel", args=[case.pk, "licence-assign"]),
        {"licence-assign-lead_officer_id": str(world.officer.officer.pk)},
    )
    assert response.status_code == 302
    assert case.assignments.get().officer == world.officer.officer


def test_licence_page_revocation_and_other_agency_404():
    world = licence_world()
    case = accepted(world)
    examine(world, case)
    case = lact(world, lact(world, case, A.LICENCE_SUBMIT_DECISION), A.LICENCE_GRANT)
    licence = case.licences.get()
    other = licence_world("林业局")
    assert (
        client_for(other.agency_head)
        .get(reverse("licensing:licence", args=[licence.pk]))
        .status_code
        == 404
    )
    head = client_for(world.agency_head)
    page = head.get(reverse("licensing:licence", args=[licence.pk]))
    assert 'id="licence-revoke"' in page.content.decode()
    refused = head.post(
        reverse("licensing:licence_operation", args=[licence.pk, "revoke"]),
        {"revoke-ground": "以欺骗手段取得", "revoke-reason": "", "revoke-decided_on": "2026-03-11"},
    )
    assert refused.status_code == 400
    done = head.post(
        reverse("licensing:licence_operation", args=[licence.pk, "revoke"]),
        {
            "revoke-ground": "以欺骗手段取得",
            "revoke-reason": "材料伪造",
            "revoke-decided_on": "2026-03-11",
        },
    )
    assert done.status_code == 302
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.REVOKED


def test_public_register_masks_natural_persons_and_hides_identifiers():
    world = licence_world()
    applicant = applicant_user()
    case = apply_online(world, applicant)
    licence_application_assign(
        user=world.unit_head, case_id=case.pk, data={"lead_officer_id": world.officer.officer.pk}
    )
    case = lact(world, case, A.LICENCE_ACCEPT)
    examine(world, case)
    case = lact(world, lact(world, case, A.LICENCE_SUBMIT_DECISION), A.LICENCE_GRANT)
    body = Client().get(reverse("licensing_public:register")).content.decode()
    assert case.licences.get().number in body
    assert "张某" in body
    assert APPLICANT.name not in body
    assert APPLICANT.identifier not in body
    assert "13900000000" not in body
    searched = Client().get(reverse("licensing_public:register"), {"q": "张三"})
    assert case.licences.get().number not in searched.content.decode()


def test_legal_review_section_describes_the_licence_draft():
    from sanxiang.cases.tests.walks import publish
    from sanxiang.legal_review.services import review_submit
    from sanxiang.legal_review.tests.walks import qualify

    world = licence_world()
    publish(world, "major_decision", [{"code": "MD-XK", "name": "占用绿地许可", "item_code": ITEM}])
    qualify(world.reviewer)
    case = accepted(world)
    examine(world, case)
    case = lact(world, case, A.SUBMIT_LEGAL_REVIEW)
    review_submit(user=world.officer, case_id=case.pk)
    body = client_for(world.officer).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "准予行政许可" in body
    assert "准予临时占用崇文街绿地120平方米" in body
    assert "国办发〔2018〕118号" in body  # the licence's ground, not 处罚法 §58
    assert "《行政处罚法》第五十八条）" not in body
