"""The case fixtures (a fresh vault per test, a real video sealed through tus) for inspections."""

from sanxiang.cases.tests.conftest import seal, vault  # noqa: F401
from sanxiang.evidence.tests.conftest import video_file  # noqa: F401
