"""Personal API tokens: created in the profile page or with `sanxiang token create`."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from sanxiang.accounts.models import ApiToken
from sanxiang.core.errors import NotFound, ValidationFailed
from sanxiang.ledger.audit import audit_record

TOKEN_PREFIX = "sx_"
TOKEN_NAME_REQUIRED = "请填写令牌名称"


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str, valid_days: int | None = 365) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the secret, which is never stored.

    Raises: ValidationFailed without a name or for an inactive account.
    """
    name = name.strip()
    if not name:
        raise ValidationFailed(TOKEN_NAME_REQUIRED, code="token_name_required")
    if not user.is_active:
        raise ValidationFailed("账号已停用，不能创建令牌", code="user_inactive")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = timezone.now() + dt.timedelta(days=valid_days) if valid_days else None
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=secret[:10],
        token_hash=token_digest(secret),
        expires_at=expires,
        created_by=user,
    )
    audit_record(actor=user, event="accounts.token.created", target=token, new={"name": token.name})
    return token, secret


@transaction.atomic
def api_token_revoke(*, user: Any, token_id: Any) -> ApiToken:
    """Raises: NotFound when the token is not the user's own."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=user, event="accounts.token.revoked", target=token)
    return token


def api_token_authenticate(secret: str) -> Any | None:
    """The active user a bearer secret belongs to, or None. Records last use (at most per minute)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_digest(secret), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or not token.user.is_active or (token.expires_at and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
