import datetime as dt

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sanxiang.accounts.models import ApiToken
from sanxiang.accounts.services import api_token_create
from sanxiang.accounts.views import LOCKED_OUT
from sanxiang.core.models import AuditEvent
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

PASSWORD = "Sanxiang-Test-2026"


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_succeeds_and_password_is_argon2(client):
    user = user_with_role(Role.OFFICER)
    assert user.password.startswith("argon2")
    response = login(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")


def test_login_wrong_password_shows_chinese_message(client):
    user = user_with_role(Role.OFFICER)
    response = login(client, user.username, "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_lockout_after_five_failures_even_with_right_password(client):
    user = user_with_role(Role.OFFICER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, user.username, "wrong-password")
    response = login(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_not_global(client):
    victim = user_with_role(Role.OFFICER)
    other = user_with_role(Role.OFFICER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, victim.username, "wrong-password")
    assert login(client, other.username, PASSWORD).status_code == 302


def test_session_expires_after_idle_period(client):
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    user = user_with_role(Role.OFFICER)
    login(client, user.username, PASSWORD)
    assert client.get(reverse("accounts:home")).status_code == 200
    session = client.session
    session.set_expiry(-1)  # expire it now
    session.save()
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_token_authenticates_api_and_only_hash_is_stored(client):
    user = user_with_role(Role.OFFICER)
    token, secret = api_token_create(user=user, name="移动执法终端")
    assert secret not in token.token_hash
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert response.json()["username"] == user.username
    assert AuditEvent.objects.filter(event="accounts.token.created", actor=user).exists()


@pytest.mark.parametrize(
    "header", ["", "Bearer ", "Bearer sx_nope", "Basic abc", "Bearer " + "x" * 5000]
)
def test_api_refuses_missing_or_bad_token_with_code(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_revoked_and_expired_tokens_are_refused(client):
    user = user_with_role(Role.OFFICER)
    token, secret = api_token_create(user=user, name="a")
    client.force_login(user)
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    client.logout()
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )
    token2, secret2 = api_token_create(user=user, name="b")
    ApiToken.objects.filter(pk=token2.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret2}"}).status_code == 401
    )


def test_token_of_disabled_user_is_refused(client):
    user = user_with_role(Role.OFFICER)
    _, secret = api_token_create(user=user, name="a")
    user.is_active = False
    user.save()
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )


def test_profile_page_creates_token_shown_once(client):
    user = user_with_role(Role.OFFICER)
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"name": "数据对接", "valid_days": 90})
    body = response.content.decode()
    assert "新令牌" in body
    secret = body.split('id="new-token">')[1].split("<")[0]
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    )
    assert secret not in client.get(reverse("accounts:profile")).content.decode()


def test_user_cannot_revoke_someone_elses_token(client):
    owner = user_with_role(Role.OFFICER)
    token, _ = api_token_create(user=owner, name="a")
    client.force_login(user_with_role(Role.OFFICER))
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_create_command_prints_token_as_last_word(capsys, client):
    user = UserFactory(username="cli-user")
    call_command("token", "create", "--user", "cli-user")
    secret = capsys.readouterr().out.split()[-1]
    assert secret.startswith("sx_")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.json()["username"] == user.username


def test_token_create_command_unknown_user_fails_in_chinese():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不存在"):
        call_command("token", "create", "--user", "nobody")
