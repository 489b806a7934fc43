"""Officer login and lockout in a real headless Chromium (Debian's), through the real form."""

import pytest
from django.conf import settings

from sanxiang.accounts.views import LOCKED_OUT
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Sanxiang-Test-2026"


def fill_login(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_officer_logs_in_and_sees_workbench(live_server, page):
    user = user_with_role(Role.OFFICER, first_name="张卫东")
    fill_login(page, live_server.url, user.username, PASSWORD)
    assert page.url.endswith("/accounts/home/")
    assert page.get_by_role("heading", name="工作台").is_visible()
    assert "执法人员" in page.content()
    # Logging out ends the session: the workbench asks for a login again.
    page.get_by_role("button", name="退出").click()
    page.goto(f"{live_server.url}/accounts/home/")
    assert "/accounts/login/" in page.url


def test_officer_locked_out_after_repeated_failures(live_server, page):
    user = user_with_role(Role.OFFICER)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        fill_login(page, live_server.url, user.username, "not-the-password")
        assert "用户名或密码错误" in page.content()
    fill_login(page, live_server.url, user.username, "not-the-password")
    fill_login(page, live_server.url, user.username, PASSWORD)  # right password, too late
    assert page.locator("#locked").inner_text() == LOCKED_OUT
    assert "/accounts/login/" in page.url
    page.goto(f"{live_server.url}/accounts/home/")
    assert "/accounts/login/" in page.url
