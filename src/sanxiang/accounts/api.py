from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from sanxiang.organisations.permissions import grants_of

router = Router(tags=["账号"])


class RoleOut(Schema):
    role: str
    agency_id: str


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[RoleOut]


@router.get("", response=MeOut, summary="当前令牌所属账号")
def me(request: HttpRequest) -> MeOut:
    user: Any = request.user
    roles = [RoleOut(role=r, agency_id=str(a)) for r, a in sorted(grants_of(user), key=str)]
    return MeOut(username=user.get_username(), full_name=user.get_full_name(), roles=roles)
