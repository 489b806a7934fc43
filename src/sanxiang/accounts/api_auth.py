from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from sanxiang.accounts.services import api_token_authenticate


class BearerTokenAuth(HttpBearer):
    """Authorization: Bearer sx_… (a personal API token)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user
