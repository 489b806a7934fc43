from __future__ import annotations

import pytest

from sanxiang.cases.tests.conftest import vault  # noqa: F401  (fresh vault per test)
from sanxiang.disclosure.tests.lifecycle.worlds import disclosure_world


@pytest.fixture
def world(db):
    return disclosure_world()
