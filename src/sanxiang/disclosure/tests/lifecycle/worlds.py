"""The world of the 事后公开 lifecycle tests (a case world plus a 公示管理员), for any test package."""

from __future__ import annotations

from typing import Any

from sanxiang.cases.tests.factories import make_world
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role


def disclosure_world() -> Any:
    world = make_world()
    world.others["publisher"] = user_with_role(Role.DISCLOSURE_OFFICER, world.agency)
    return world
