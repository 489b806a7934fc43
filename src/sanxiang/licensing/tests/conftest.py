"""Licensing fixtures: a fresh evidence vault per test and a real video sealed through tus."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from sanxiang.evidence.models import EvidenceItem
from sanxiang.evidence.tests.conftest import video_file  # noqa: F401  (session fixture)
from sanxiang.evidence.tests.factories import upload_bytes


@pytest.fixture(autouse=True)
def vault(settings, tmp_path) -> Path:
    settings.SANXIANG_VAULT_BACKEND = "local"
    settings.SANXIANG_VAULT_DIR = str(tmp_path / "vault")
    return tmp_path / "vault"


@pytest.fixture
def seal(video_file):  # noqa: F811
    """seal(user, agency, filename=...) uploads a file through tus and returns the sealed item."""

    def _seal(user, agency, filename: str = "执法记录.mp4", data: bytes | None = None):
        client = Client()
        client.force_login(user)
        body = data if data is not None else video_file.read_bytes()
        response = upload_bytes(client, body, filename=filename, agency=str(agency.pk))
        assert response.status_code == 204, response.content
        return EvidenceItem.objects.filter(agency=agency, filename=filename).latest("created_at")

    return _seal
