"""Lockout and refusal pages of the applicant portal use the portal's own base template, not the
staff one: the login locked out after repeated failures (django-axes), too many wrong 网上办理码
(429), and a matter or file that is not the applicant's (404)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from sanxiang.accounts.views import LOCKED_OUT as STAFF_LOCKED_OUT
from sanxiang.applicants.services.party import CLAIM_ATTEMPTS_PER_HOUR, RATE_LIMITED
from sanxiang.applicants.tests.factories import PASSWORD, applicant_client, make_applicant
from sanxiang.applicants.views import LOCKED_OUT

pytestmark = pytest.mark.django_db
PORTAL_NAV = 'aria-label="申请人服务"'
STAFF_LOGIN_TITLE = "<h1>工作人员登录</h1>"


def names(response) -> list[str]:
    return [t.name for t in response.templates if t.name]


def login(client, username, password):
    return client.post("/applicant/login/", {"username": username, "password": password})


def test_applicant_login_lockout_uses_the_portal_page():
    user = make_applicant()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, user.username, "wrong-password")
    response = login(client, user.username, PASSWORD)
    body = response.content.decode()
    assert response.status_code == 429
    assert LOCKED_OUT in body
    assert PORTAL_NAV in body
    assert STAFF_LOGIN_TITLE not in body
    assert "applicants/_base.html" in names(response)
    assert "core/base.html" not in names(response)
    assert 'id="applicant-login"' in body  # the applicant form, to try again later
    assert "_auth_user_id" not in client.session


def test_staff_login_lockout_keeps_the_staff_page():
    from sanxiang.organisations.models import Role
    from sanxiang.organisations.tests.factories import user_with_role

    officer = user_with_role(Role.OFFICER)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(
            "/accounts/login/", {"username": officer.username, "password": "wrong-password"}
        )
    assert response.status_code == 429
    assert STAFF_LOGIN_TITLE in response.content.decode()
    assert STAFF_LOCKED_OUT in response.content.decode()


def test_too_many_wrong_party_codes_page_uses_the_portal_page():
    client = applicant_client(make_applicant())
    for _ in range(CLAIM_ATTEMPTS_PER_HOUR + 1):
        response = client.post("/applicant/link/", {"case_number": "X", "code": "WRON-GCOD"})
    body = response.content.decode()
    assert response.status_code == 429
    assert RATE_LIMITED in body
    assert PORTAL_NAV in body
    assert "core/base.html" not in names(response)


def test_someone_elses_matter_is_a_404_in_the_portal_chrome():
    from sanxiang.applicants.tests.licence_walk import apply_online
    from sanxiang.licensing.tests.factories import licence_world

    world = licence_world()
    case = apply_online(world, make_applicant())
    client = applicant_client(make_applicant())
    for url in (
        f"/applicant/matters/{case.pk}/",
        f"/applicant/matters/{case.pk}/files/{case.licence_application.materials[0]['evidence_id']}/",
    ):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 404
        assert "您访问的内容不存在，或不在您的查看范围内。" in body
        assert PORTAL_NAV in body
        assert "core/base.html" not in names(response)
