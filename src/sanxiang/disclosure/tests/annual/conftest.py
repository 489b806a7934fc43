from __future__ import annotations

import pytest

from sanxiang.cases.tests.conftest import vault  # noqa: F401  (fresh vault per test)
from sanxiang.cases.tests.factories import make_world
from sanxiang.cases.tests.walks import decided
from sanxiang.disclosure.tests.annual.scenario import Scenario, build_scenario
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role


@pytest.fixture
def scenario(db) -> Scenario:
    return build_scenario()


@pytest.fixture
def world(db):
    """测试局 with its 公示管理员 (others["publisher"]) and one 2026 penalty (警告 + 罚款 3000)."""
    w = make_world()
    w.others["publisher"] = user_with_role(Role.DISCLOSURE_OFFICER, w.agency)
    w.others["case"] = decided(w)
    return w
