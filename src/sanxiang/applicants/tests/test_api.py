"""/api/v1/applicant/: the same services for a mobile client, by bearer token or session."""

from __future__ import annotations

import pytest
from django.test import Client

from sanxiang.applicants.services.party import party_code_issue
from sanxiang.applicants.tests.factories import PDF_BYTES, applicant_client, bearer, make_applicant
from sanxiang.applicants.tests.licence_walk import apply_online, assign, request_correction
from sanxiang.cases.models import Deadline, DeadlineKind
from sanxiang.cases.states import CaseStatus
from sanxiang.cases.tests.factories import make_world, to_notified
from sanxiang.licensing.tests.factories import ITEM, licence_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return licence_world()


def test_upload_apply_list_detail_by_token(world):
    user = make_applicant()
    client, auth = Client(), bearer(user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/api/v1/applicant/uploads",
        {"agency_id": str(world.agency.pk), "file": SimpleUploadedFile("申请书.pdf", PDF_BYTES)},
        **auth,
    )
    assert response.status_code == 201, response.content
    evidence_id = response.json()["evidence_id"]
    response = client.post(
        "/api/v1/applicant/applications",
        {
            "agency_id": str(world.agency.pk),
            "item_code": ITEM,
            "request": "临时占用绿地",
            "materials": [{"name": "申请书", "evidence_id": evidence_id}],
        },
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == CaseStatus.LICENCE_APPLIED
    assert [c["label"] for c in body["clocks"]] == ["受理或一次性告知补正期限"]
    listing = client.get("/api/v1/applicant/matters", **auth).json()
    assert [m["id"] for m in listing] == [body["id"]]


def test_renamed_upload_refused_with_code(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = make_applicant()
    response = Client().post(
        "/api/v1/applicant/uploads",
        {"agency_id": str(world.agency.pk), "file": SimpleUploadedFile("a.jpg", PDF_BYTES)},
        **bearer(user),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "upload_renamed"


def test_correction_answered_by_api(world):
    user = make_applicant()
    case = apply_online(world, user)
    assign(world, case)
    request_correction(world, case)
    client = applicant_client(user)
    detail = client.get(f"/api/v1/applicant/matters/{case.pk}").json()
    assert [i["name"] for i in detail["corrections"][0]["items"]] == [
        "营业执照复印件",
        "绿地恢复方案",
    ]
    from sanxiang.applicants.tests.licence_walk import upload_pdf

    evidence_id = upload_pdf(user, world, "执照.pdf")
    response = client.post(
        f"/api/v1/applicant/matters/{case.pk}/correction",
        {"materials": [{"name": "营业执照复印件", "evidence_id": evidence_id}], "note": "补正"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == CaseStatus.LICENCE_APPLIED


def test_staff_token_and_other_applicants_get_404(world):
    case = apply_online(world, make_applicant())
    staff = Client()
    assert staff.get("/api/v1/applicant/matters", **bearer(world.officer)).status_code == 404
    other = bearer(make_applicant())
    assert staff.get(f"/api/v1/applicant/matters/{case.pk}", **other).status_code == 404
    response = staff.post(
        f"/api/v1/applicant/matters/{case.pk}/withdraw",
        {"reason": ""},
        content_type="application/json",
        **other,
    )
    assert response.status_code == 404
    assert Client().get("/api/v1/applicant/matters").status_code == 401


def test_link_and_statement_by_api():
    penalty = make_world()
    case = to_notified(penalty)
    _, code = party_code_issue(user=penalty.officer, case_id=case.pk)
    user = make_applicant()
    client, auth = Client(), bearer(user)
    response = client.post(
        "/api/v1/applicant/links",
        {"case_number": case.number, "code": code},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201, response.content
    assert response.json()["id"] == str(case.pk)
    response = client.post(
        f"/api/v1/applicant/matters/{case.pk}/statement",
        {"text": "请求从轻处罚"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201
    # The walk served the 告知 on TODAY (March 2026); the API takes the real date, past the clock.
    due = Deadline.objects.get(case=case, kind=DeadlineKind.STATEMENT).due_on
    assert response.json()["due_on"] == due.isoformat()
    assert response.json()["late"] is True
    again = client.post(
        "/api/v1/applicant/links",
        {"case_number": case.number, "code": code},
        content_type="application/json",
        **auth,
    )
    assert again.status_code == 409
    assert again.json()["code"] == "party_code_used"
