"""Applicants download the files they uploaded for a matter (application materials, 补正 answers,
陈述申辩 attachments), from the vault through the evidence read path: each download is in the
item's 调阅记录. Another applicant's file is a 404 on the page and in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sanxiang.applicants.services.applications import applicant_correction_answer
from sanxiang.applicants.services.party import (
    party_code_issue,
    party_link_claim,
    party_statement_submit,
)
from sanxiang.applicants.services.uploads import MaterialFile
from sanxiang.applicants.tests.factories import (
    PDF_BYTES,
    applicant_client,
    bearer,
    jpeg_bytes,
    make_applicant,
)
from sanxiang.applicants.tests.licence_walk import (
    apply_online,
    assign,
    request_correction,
    upload_pdf,
)
from sanxiang.cases.tests.factories import TODAY, make_world, to_notified
from sanxiang.core.models import AuditEvent
from sanxiang.evidence.models import AccessAction, AccessRecord
from sanxiang.licensing.tests.factories import licence_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return licence_world()


def material_id(case) -> str:
    return case.licence_application.materials[0]["evidence_id"]


def page_url(case, item_id) -> str:
    return f"/applicant/matters/{case.pk}/files/{item_id}/"


def api_url(case, item_id) -> str:
    return f"/api/v1/applicant/matters/{case.pk}/files/{item_id}"


def test_applicant_downloads_own_application_material_and_the_read_is_logged(world):
    user = make_applicant()
    case = apply_online(world, user)
    item_id = material_id(case)
    client = applicant_client(user)
    page = client.get(f"/applicant/matters/{case.pk}/").content.decode()
    assert page_url(case, item_id) in page
    assert "申请书.pdf" in page

    response = client.get(page_url(case, item_id))

    assert response.status_code == 200
    assert response.content == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    record = AccessRecord.objects.get(item_id=item_id)
    assert record.user == user
    assert record.action == AccessAction.DOWNLOAD
    assert record.reason == "申请人下载本人上传的材料"
    assert AuditEvent.objects.filter(
        event="evidence.item.accessed", actor=user, target_id=str(record.pk)
    ).exists()


def test_correction_answers_are_listed_and_downloadable(world):
    user = make_applicant()
    case = request_correction(world, assign(world, apply_online(world, user)))
    applicant_correction_answer(
        user=user,
        case_id=case.pk,
        materials=[],
        files=[
            MaterialFile(name="营业执照复印件", filename="执照.jpg", data=jpeg_bytes()),
            MaterialFile(name="绿地恢复方案", filename="方案.pdf", data=PDF_BYTES),
        ],
        today=TODAY,
    )
    client = applicant_client(user)
    detail = client.get(f"/applicant/matters/{case.pk}/").content.decode()
    for name in ("申请书.pdf", "执照.jpg", "方案.pdf"):
        assert name in detail
    case.licence_application.refresh_from_db()
    answer = case.licence_application.corrections.get().answer_materials
    jpeg_id = next(m["evidence_id"] for m in answer if m["name"] == "营业执照复印件")
    response = client.get(page_url(case, jpeg_id))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response.content == jpeg_bytes()


def test_another_applicants_upload_is_404_on_page_and_api(world):
    owner, other = make_applicant(), make_applicant()
    case = apply_online(world, owner)
    item_id = material_id(case)
    others_case = apply_online(world, other)
    page, auth = applicant_client(other), bearer(other)
    # Not their matter; and their own matter does not open someone else's file either.
    for c in (case, others_case):
        assert page.get(page_url(c, item_id)).status_code == 404
        assert Client().get(api_url(c, item_id), **auth).status_code == 404
    assert not AccessRecord.objects.filter(item_id=item_id).exists()


def test_own_upload_not_on_this_matter_is_404(world):
    user = make_applicant()
    case = apply_online(world, user)
    stray = upload_pdf(user, world, filename="另一份.pdf")  # uploaded, never attached to a matter
    assert applicant_client(user).get(page_url(case, stray)).status_code == 404
    assert Client().get(api_url(case, stray), **bearer(user)).status_code == 404


def test_api_lists_own_files_and_downloads_them_by_token(world):
    user = make_applicant()
    case = apply_online(world, user)
    client, auth = Client(), bearer(user)
    body = client.get(f"/api/v1/applicant/matters/{case.pk}", **auth).json()
    [row] = body["uploads"]
    assert row["evidence_id"] == material_id(case)
    assert row["name"] == "申请书"
    assert row["url"] == api_url(case, row["evidence_id"])
    response = client.get(row["url"], **auth)
    assert response.status_code == 200
    assert response.content == PDF_BYTES
    assert AccessRecord.objects.filter(
        item_id=row["evidence_id"], user=user, action=AccessAction.DOWNLOAD
    ).exists()


def test_staff_login_cannot_use_the_applicant_download(world):
    case = apply_online(world, make_applicant())
    staff = Client()
    staff.force_login(world.officer)
    assert staff.get(page_url(case, material_id(case))).status_code == 403
    assert (
        Client().get(api_url(case, material_id(case)), **bearer(world.officer)).status_code == 404
    )


def test_party_downloads_own_statement_attachment():
    world = make_world()
    notified = to_notified(world)
    _, code = party_code_issue(user=world.officer, case_id=notified.pk)
    user = make_applicant()
    party_link_claim(user=user, case_number=notified.number, code=code)
    statement = party_statement_submit(
        user=user,
        case_id=notified.pk,
        text="初次违法，已全部下架，请求从轻",
        files=[MaterialFile(name="整改照片", filename="整改.pdf", data=PDF_BYTES)],
        today=TODAY + dt.timedelta(days=2),
    )
    attachment = statement.attachments.get()
    client = applicant_client(user)
    assert (
        page_url(notified, attachment.pk)
        in client.get(f"/applicant/matters/{notified.pk}/").content.decode()
    )
    response = client.get(page_url(notified, attachment.pk))
    assert response.status_code == 200
    assert response.content == PDF_BYTES
