"""三员分立 in the back office: each administrator page serves exactly one of the three roles."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from sanxiang.core.models import AuditEvent
from sanxiang.organisations.models import Role, RoleAssignment
from sanxiang.organisations.tests.factories import AgencyFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

PAGES = {
    "accounts:admin_users": Role.SYSTEM_ADMIN,
    "accounts:admin_roles": Role.SECURITY_ADMIN,
    "accounts:admin_audit": Role.AUDIT_ADMIN,
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.AGENCY_HEAD]
)
def test_admin_page_open_only_to_its_own_role(client, page, role):
    client.force_login(user_with_role(role))
    response = client.get(reverse(page))
    if PAGES[page] == role:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "三员分立" in response.content.decode()


def test_system_admin_creates_account_through_page(client):
    client.force_login(user_with_role(Role.SYSTEM_ADMIN))
    response = client.post(
        reverse("accounts:admin_users"),
        {"username": "wangli", "full_name": "王丽", "password": "Lingchuan-2026!"},
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="wangli").password.startswith("argon2")


def test_security_admin_cannot_grant_second_admin_role_through_page(client):
    client.force_login(user_with_role(Role.SECURITY_ADMIN))
    target = user_with_role(Role.AUDIT_ADMIN)
    response = client.post(
        reverse("accounts:admin_roles"),
        {"username": target.username, "role": Role.SYSTEM_ADMIN, "agency": AgencyFactory().pk},
    )
    assert response.status_code == 200
    assert "三员分立" in response.content.decode()
    assert list(RoleAssignment.objects.filter(user=target).values_list("role", flat=True)) == [
        Role.AUDIT_ADMIN
    ]


def test_security_admin_unlocks_locked_account(client):
    victim = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": victim.username, "password": "bad"})
    locked = client.post(
        reverse("accounts:login"), {"username": victim.username, "password": "Sanxiang-Test-2026"}
    )
    assert locked.status_code == 429
    admin_client = client.__class__()
    admin_client.force_login(user_with_role(Role.SECURITY_ADMIN))
    admin_client.post(reverse("accounts:admin_unlock"), {"username": victim.username})
    ok = client.post(
        reverse("accounts:login"), {"username": victim.username, "password": "Sanxiang-Test-2026"}
    )
    assert ok.status_code == 302


def test_audit_admin_sees_role_grants(client):
    security = user_with_role(Role.SECURITY_ADMIN)
    client.force_login(security)
    target = UserFactory()
    client.post(
        reverse("accounts:admin_roles"),
        {"username": target.username, "role": Role.OFFICER, "agency": AgencyFactory().pk},
    )
    assert AuditEvent.objects.filter(event="organisations.role.assigned", actor=security).exists()
    client.force_login(user_with_role(Role.AUDIT_ADMIN))
    body = client.get(
        reverse("accounts:admin_audit"), {"event": "organisations.role"}
    ).content.decode()
    assert "organisations.role.assigned" in body
    assert security.username in body
