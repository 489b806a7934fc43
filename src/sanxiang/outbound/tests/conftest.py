from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role
from sanxiang.outbound.tests.helpers import Office
from sanxiang.outbound.tests.receiver import Receiver


@pytest.fixture(autouse=True)
def outbound_settings(settings: Any, tmp_path: Path) -> None:
    """Push keys in a fresh directory per test; backoff short enough to drain in a test."""
    settings.SANXIANG_OUTBOUND_KEY_DIR = tmp_path / "outbound-keys"
    settings.SANXIANG_OUTBOUND_BACKOFF_BASE = 0.02
    settings.SANXIANG_OUTBOUND_BACKOFF_CAP = 0.1


@pytest.fixture
def office(db: Any) -> Office:
    agency = AgencyFactory()
    return Office(
        agency=agency,
        publisher=user_with_role(Role.DISCLOSURE_OFFICER, agency),
        admin=user_with_role(Role.SYSTEM_ADMIN, agency),
    )


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver.running() as running:
        yield running
