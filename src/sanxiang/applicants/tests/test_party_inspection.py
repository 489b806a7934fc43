"""The inspected party online: a 网上办理码 for a 行政检查 claimed by its 检查编号, the matter page
(status in plain words, 改正期限, documents served), and the 整改完成报告 the 复查 may rely on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sanxiang.applicants.plain_words import plain_status
from sanxiang.applicants.services.party import party_code_issue, party_link_claim
from sanxiang.applicants.services.party_inspection import party_correction_report
from sanxiang.applicants.services.uploads import MaterialFile
from sanxiang.applicants.tests.factories import (
    PDF_BYTES,
    applicant_client,
    bearer,
    jpeg_bytes,
    make_applicant,
)
from sanxiang.cases.states import CaseStatus
from sanxiang.cases.tests.factories import make_world
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.services import document_generate
from sanxiang.inspections.models import Inspection, InspectionResult
from sanxiang.inspections.party_report import PARTY_REPORT_ACTION, party_reported_done_by
from sanxiang.inspections.tests.factories import checked, inspect, open_inspection
from sanxiang.licensing.tests.factories import apply_online, licence_world

pytestmark = pytest.mark.django_db
S = CaseStatus
ORDERED_ON = dt.date(2026, 3, 25)
DUE_ON = dt.date(2026, 4, 7)  # 10 calendar days, the period ending on the next working day
EARLY = dt.date(2026, 4, 2)


@pytest.fixture
def world():
    return make_world()


def _rectifying(world):
    case = checked(world, ORDERED_ON)
    return inspect(world, case, "inspection_order_correction", ORDERED_ON, days=10)


def _claimed(world, case, user=None):
    user = user or make_applicant(consent=True)
    _, code = party_code_issue(user=world.officer, case_id=case.pk)
    party_link_claim(user=user, case_number=case.lead_number, code=code)
    return user


def _report(user, case, today=EARLY, **kw):
    return party_correction_report(
        user=user,
        case_id=case.pk,
        text="过期食品已全部下架销毁，已建立进货查验记录",
        today=today,
        **kw,
    )


def test_inspection_party_code_issued_and_claimed_by_the_inspection_number(world):
    case = open_inspection(world)
    assert case.number == ""
    assert case.lead_number
    _, code = party_code_issue(user=world.officer, case_id=case.pk)
    user = make_applicant()
    link = party_link_claim(user=user, case_number=case.lead_number, code=code)
    assert link.case_id == case.pk
    client = applicant_client(user)
    home = client.get("/applicant/").content.decode()
    assert case.lead_number in home


def test_licence_case_still_refused_a_party_code():
    lw = licence_world()
    case = apply_online(lw, make_applicant())
    with pytest.raises(Forbidden) as exc:
        party_code_issue(user=lw.unit_head, case_id=case.pk)
    assert exc.value.code == "party_code_not_party_case"


def test_matter_page_shows_plain_status_correction_deadline_and_served_order(world):
    case = _rectifying(world)
    user = _claimed(world, case)
    order = document_generate(
        user=world.officer, case_id=case.pk, kind=DocumentKind.CORRECTION_ORDER
    )
    page = applicant_client(user).get(f"/applicant/matters/{case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert plain_status(S.INSPECTION_RECTIFYING) in html
    assert "责令改正中" in html
    assert 'id="correction-due">2026-04-07' in html
    assert "立即下架过期食品" in html
    assert "改正期限" in html
    assert "2026-04-07" in html.split('id="clocks"')[1]
    assert str(order.pk) in html.split('id="documents"')[1]
    assert 'id="correction-report-form"' in html


def test_inspection_party_reports_correction_done_and_recheck_may_come_early(world):
    case = _rectifying(world)
    user = _claimed(world, case)
    refused = pytest.raises(RuleViolation)
    with refused as err:
        inspect(world, case, "inspection_recheck", EARLY, rechecked_on=EARLY)
    assert err.value.code == "inspection_recheck_after_due_date"

    step = _report(
        user, case, files=[MaterialFile(name="", filename="整改照片.jpg", data=jpeg_bytes())]
    )
    case.refresh_from_db()
    assert case.status == S.INSPECTION_RECTIFYING  # the report changes no status
    assert step.action == PARTY_REPORT_ACTION
    assert step.party_user_id == user.pk
    assert step.actor_id is None
    assert [e.filename for e in step.evidence.all()] == ["整改照片.jpg"]
    assert AuditEvent.objects.filter(
        event="applicants.correction_report.submitted", target_id=str(step.pk)
    ).exists()
    assert party_reported_done_by(case, EARLY)
    assert not party_reported_done_by(case, EARLY - dt.timedelta(days=1))

    case = inspect(world, case, "inspection_recheck", EARLY, rechecked_on=EARLY)
    assert case.status == S.INSPECTION_CONCLUDED
    assert Inspection.objects.get(case=case).result == InspectionResult.CORRECTED


def test_report_with_a_pdf_through_the_portal_lists_it_among_own_uploads(world):
    case = _rectifying(world)
    user = _claimed(world, case)
    client = applicant_client(user)
    response = client.post(
        f"/applicant/matters/{case.pk}/",
        {
            "op": "correction_report",
            "report": "已整改完毕",
            "attachments": [SimpleUploadedFile("进货查验记录.pdf", PDF_BYTES)],
        },
    )
    assert response.status_code == 302
    html = client.get(f"/applicant/matters/{case.pk}/").content.decode()
    assert "已报告整改完成" in html
    assert "整改材料：" in html
    assert "进货查验记录.pdf" in html.split('id="my-uploads"')[1]
    officer_page = _officer_page(world, case)
    assert "已整改完毕" in officer_page
    assert "当事人报告整改完成" in officer_page


def _officer_page(world, case):
    client = Client()
    client.force_login(world.officer)
    return client.get(f"/cases/{case.pk}/").content.decode()


def test_report_refused_outside_correction(world):
    case = checked(world, ORDERED_ON)
    user = _claimed(world, case)
    with pytest.raises(RuleViolation) as err:
        _report(user, case)
    assert err.value.code == "correction_report_not_open"
    case = inspect(
        world, _rectifying_from(world, case), "inspection_recheck", DUE_ON, rechecked_on=DUE_ON
    )
    with pytest.raises(RuleViolation) as err:
        _report(user, case, today=DUE_ON)
    assert err.value.code == "correction_report_not_open"
    assert not case.steps.filter(action=PARTY_REPORT_ACTION).exists()


def _rectifying_from(world, case):
    return inspect(world, case, "inspection_order_correction", ORDERED_ON, days=10)


def test_report_needs_its_text(world):
    case = _rectifying(world)
    user = _claimed(world, case)
    with pytest.raises(ValidationFailed):
        party_correction_report(user=user, case_id=case.pk, text="  ", today=EARLY)


def test_another_applicant_gets_404_on_the_report_and_the_page(world):
    case = _rectifying(world)
    _claimed(world, case)
    stranger = make_applicant(consent=True)
    with pytest.raises(NotFound):
        _report(stranger, case)
    assert applicant_client(stranger).get(f"/applicant/matters/{case.pk}/").status_code == 404
    assert not case.steps.filter(action=PARTY_REPORT_ACTION).exists()


def test_api_claim_upload_and_report_then_refused_once_concluded(world):
    case = _rectifying(world)
    _, code = party_code_issue(user=world.officer, case_id=case.pk)
    user = make_applicant(consent=True)
    client, auth = Client(), bearer(user)
    linked = client.post(
        "/api/v1/applicant/links",
        {"case_number": case.lead_number, "code": code},
        content_type="application/json",
        **auth,
    )
    assert linked.status_code == 201
    assert linked.json()["number"] == case.lead_number
    detail = client.get(f"/api/v1/applicant/matters/{case.pk}", **auth).json()
    assert [c["due_on"] for c in detail["clocks"]] == ["2026-04-07"]
    uploaded = client.post(
        "/api/v1/applicant/uploads",
        {
            "agency_id": str(case.agency_id),
            "purpose": "整改材料",
            "file": SimpleUploadedFile("a.pdf", PDF_BYTES),
        },
        **auth,
    )
    assert uploaded.status_code == 201
    url = f"/api/v1/applicant/matters/{case.pk}/correction-report"
    body = {"report": "已整改", "attachment_ids": [uploaded.json()["evidence_id"]]}
    reported = client.post(url, body, content_type="application/json", **auth)
    assert reported.status_code == 201
    step = case.steps.get(action=PARTY_REPORT_ACTION)
    assert [e.filename for e in step.evidence.all()] == ["a.pdf"]
    inspect(world, case, "inspection_recheck", DUE_ON, rechecked_on=DUE_ON)
    again = client.post(url, body, content_type="application/json", **auth)
    assert again.status_code == 409
    assert again.json()["code"] == "correction_report_not_open"
