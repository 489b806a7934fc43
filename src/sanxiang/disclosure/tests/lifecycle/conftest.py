from __future__ import annotations

import pytest

from sanxiang.cases.tests.conftest import vault  # noqa: F401  (fresh vault per test)
from sanxiang.cases.tests.factories import make_world
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role


@pytest.fixture
def world(db):
    w = make_world()
    w.others["publisher"] = user_with_role(Role.DISCLOSURE_OFFICER, w.agency)
    return w
