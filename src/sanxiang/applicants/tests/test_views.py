"""Applicant portal pages: registration and login, the staff/applicant boundary, scoping (another
person's matter is 404), the apply → 补正 pages, and the officer's side of 网上办理码."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sanxiang.applicants.models import ApplicantProfile, ApplicantUpload, PartyLink, PartyStatement
from sanxiang.applicants.services.party import party_code_issue, party_link_claim
from sanxiang.applicants.tests.factories import (
    PASSWORD,
    PDF_BYTES,
    applicant_client,
    id_number,
    make_applicant,
    zip_bytes,
)
from sanxiang.applicants.tests.licence_walk import apply_online, assign, request_correction
from sanxiang.cases.models import Case
from sanxiang.cases.states import CaseStatus
from sanxiang.cases.tests.factories import make_world, to_notified
from sanxiang.licensing.tests.factories import ITEM, licence_world

pytestmark = pytest.mark.django_db


def register_form(**overrides):
    data = {
        "kind": "person",
        "name": "赵六",
        "identifier": id_number(88),
        "phone": "13911112222",
        "address": "陵川县",
        "email": "",
        "representative": "",
        "username": "zhaoliu",
        "password": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def test_register_page_creates_account_and_logs_in():
    client = Client()
    response = client.post("/applicant/register/", register_form())
    assert response.status_code == 302
    assert response["Location"] == "/applicant/consent/"
    assert ApplicantProfile.objects.filter(name="赵六").exists()
    page = client.get("/applicant/")
    assert page.status_code == 200
    assert "我的办件" in page.content.decode()


def test_register_page_shows_id_and_password_problems_in_chinese():
    client = Client()
    bad_id = id_number(5)[:17] + ("0" if id_number(5)[17] != "0" else "1")
    page = client.post("/applicant/register/", register_form(identifier=bad_id)).content.decode()
    assert "公民身份号码不正确" in page
    page = client.post(
        "/applicant/register/", register_form(password="123", password2="123")
    ).content.decode()
    assert "密码不符合要求" in page
    assert not ApplicantProfile.objects.exists()


def test_applicant_login_and_staff_boundary():
    applicant = make_applicant("portaluser")
    world = make_world()
    client = Client()
    # The applicant's credentials are refused at the staff login …
    page = client.post("/accounts/login/", {"username": "portaluser", "password": PASSWORD})
    assert page.status_code == 200
    assert "申请人/当事人账号" in page.content.decode()
    assert "_auth_user_id" not in client.session
    # … and accepted at the applicant login, whose session never reaches staff pages.
    response = client.post("/applicant/login/", {"username": "portaluser", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/applicant/"
    assert int(client.session["_auth_user_id"]) == applicant.pk
    for staff_page in (
        "/accounts/home/",
        "/cases/",
        "/evidence/00000000-0000-0000-0000-000000000000/",
    ):
        response = client.get(staff_page)
        assert response.status_code == 302, staff_page
        assert response["Location"] == "/applicant/"
    assert client.get("/api/v1/cases/").status_code == 404
    # A staff login is refused at the applicant login and on applicant pages.
    staff = world.officer
    staff.set_password(PASSWORD)
    staff.save()
    other = Client()
    page = other.post("/applicant/login/", {"username": staff.username, "password": PASSWORD})
    assert "工作人员账号不能登录申请人服务" in page.content.decode()
    assert "_auth_user_id" not in other.session
    other.force_login(staff)
    response = other.get("/applicant/")
    assert response.status_code == 403
    assert "工作人员账号不能使用申请人服务" in response.content.decode()


def test_anonymous_is_sent_to_the_applicant_login():
    response = Client().get("/applicant/")
    assert response.status_code == 302
    assert response["Location"].startswith("/applicant/login/")


@pytest.fixture
def world():
    return licence_world()


def test_apply_pages_guide_materials_upload_and_submit(world):
    user = make_applicant(consent=True)
    client = applicant_client(user)
    choose = client.get("/applicant/apply/").content.decode()
    url = f"/applicant/apply/{world.agency.pk}/{ITEM}/"
    assert url in choose
    page = client.get(url).content.decode()
    assert "占用绿地平面图" in page  # the 服务指南's material list, one upload each
    response = client.post(
        url,
        {
            "request": "临时占用绿地搭建施工围挡",
            "material_0": SimpleUploadedFile("申请书.pdf", PDF_BYTES, "application/pdf"),
        },
    )
    assert response.status_code == 302
    case_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    detail = client.get(response["Location"]).content.decode()
    assert "已提交，等待机关受理" in detail
    assert "受理或一次性告知补正期限" in detail  # the clock with its last day
    assert case_id in client.get("/applicant/").content.decode()


def test_apply_page_refuses_a_renamed_file_and_keeps_nothing(world):
    client = applicant_client(make_applicant())
    response = client.post(
        f"/applicant/apply/{world.agency.pk}/{ITEM}/",
        {"request": "申请", "material_0": SimpleUploadedFile("申请书.pdf", zip_bytes())},
    )
    assert response.status_code == 200
    assert "扩展名与内容不符" in response.content.decode()
    assert not ApplicantUpload.objects.exists()
    assert not Case.objects.filter(kind="licence").exists()


def test_matter_page_shows_every_correction_item_and_takes_the_answer(world):
    user = make_applicant()
    case = apply_online(world, user)
    assign(world, case)
    request_correction(world, case)
    client = applicant_client(user)
    page = client.get(f"/applicant/matters/{case.pk}/").content.decode()
    assert "营业执照复印件" in page
    assert "未载明恢复期限" in page
    assert 'id="correction-form"' in page
    response = client.post(
        f"/applicant/matters/{case.pk}/",
        {
            "op": "correction",
            "note": "已补正",
            "material_name": ["营业执照复印件", "绿地恢复方案"],
            "material_file": [
                SimpleUploadedFile("执照.pdf", PDF_BYTES),
                SimpleUploadedFile("方案.pdf", PDF_BYTES + b"%v2"),
            ],
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.LICENCE_APPLIED


def test_another_applicants_matter_is_404_on_pages_and_api(world):
    alice, bob = make_applicant(), make_applicant()
    case = apply_online(world, alice)
    bob_client = applicant_client(bob)
    assert bob_client.get(f"/applicant/matters/{case.pk}/").status_code == 404
    response = bob_client.post(
        f"/applicant/matters/{case.pk}/", {"op": "withdraw", "confirm": "on"}
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.LICENCE_APPLIED
    assert bob_client.get(f"/api/v1/applicant/matters/{case.pk}").status_code == 404
    assert bob_client.get("/api/v1/applicant/matters").json() == []
    assert applicant_client(alice).get(f"/applicant/matters/{case.pk}/").status_code == 200


def test_officer_issues_code_from_case_page_and_party_claims_and_states_online():
    world = make_world()
    case = to_notified(world)
    officer = Client()
    officer.force_login(world.officer)
    page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "当事人网上办理" in page
    assert f"/applicant/officer/cases/{case.pk}/party-code/" in page
    response = officer.post(f"/applicant/officer/cases/{case.pk}/party-code/")
    assert response.status_code == 200
    code = re.search(r'id="party-code"><strong>([A-Z0-9-]+)<', response.content.decode()).group(1)
    user = make_applicant()
    client = applicant_client(user)
    response = client.post("/applicant/link/", {"case_number": case.number, "code": code})
    assert response.status_code == 302
    assert PartyLink.objects.filter(account=user, case=case).exists()
    page = client.get(f"/applicant/matters/{case.pk}/").content.decode()
    assert "行政处罚事先告知" in page
    assert 'id="statement-form"' in page
    response = client.post(
        f"/applicant/matters/{case.pk}/",
        {
            "op": "statement",
            "text": "初次违法，请求从轻",
            "attachments": [SimpleUploadedFile("照片.pdf", PDF_BYTES)],
        },
    )
    assert response.status_code == 302
    statement = PartyStatement.objects.get(case=case)
    assert statement.attachments.count() == 1
    case_page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "初次违法，请求从轻" in case_page


def test_wrong_code_on_the_claim_page_is_refused_in_chinese():
    world = make_world()
    case = to_notified(world)
    party_code_issue(user=world.officer, case_id=case.pk)
    client = applicant_client(make_applicant())
    response = client.post("/applicant/link/", {"case_number": case.number, "code": "AAAA-BBBB"})
    assert response.status_code == 400
    assert "案号或网上办理码不正确" in response.content.decode()


def test_applicant_cannot_issue_a_party_code(world):
    penalty_world = make_world("另一局")
    case = to_notified(penalty_world)
    client = applicant_client(make_applicant())
    assert client.post(f"/applicant/officer/cases/{case.pk}/party-code/").status_code == 404


def test_party_not_linked_sees_404_for_the_penalty_case():
    world = make_world()
    case = to_notified(world)
    _, code = party_code_issue(user=world.officer, case_id=case.pk)
    party_link_claim(user=make_applicant(), case_number=case.number, code=code)
    stranger = applicant_client(make_applicant())
    assert stranger.get(f"/applicant/matters/{case.pk}/").status_code == 404
    response = stranger.post(f"/applicant/matters/{case.pk}/", {"op": "statement", "text": "x"})
    assert response.status_code == 404
    assert not PartyStatement.objects.exists()


def test_token_page_gives_a_bearer_token_for_the_applicant_api():
    user = make_applicant()
    client = applicant_client(user)
    page = client.post(
        "/applicant/token/", {"name": "我的手机", "valid_days": "30"}
    ).content.decode()
    secret = re.search(r"<code>(sx_[^<]+)</code>", page).group(1)
    response = Client().get("/api/v1/applicant/matters", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json() == []


def test_licence_case_page_tells_the_officer_whether_electronic_service_is_consented(world):
    user = make_applicant()
    case = apply_online(world, user)
    assign(world, case)
    officer = Client()
    officer.force_login(world.officer)
    section = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "申请人没有在效的电子送达确认书" in section
    from sanxiang.applicants.services.accounts import consent_sign

    consent_sign(user=user)
    assert "申请人已于" in officer.get(f"/cases/{case.pk}/").content.decode()
