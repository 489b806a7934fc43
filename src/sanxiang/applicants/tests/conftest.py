"""Applicants fixtures: a fresh evidence vault per test (uploads and documents are sealed)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def vault(settings, tmp_path) -> Path:
    settings.SANXIANG_VAULT_BACKEND = "local"
    settings.SANXIANG_VAULT_DIR = str(tmp_path / "vault")
    return tmp_path / "vault"


@pytest.fixture(autouse=True)
def document_keys(settings, tmp_path) -> Path:
    settings.SANXIANG_DOCUMENT_KEY_DIR = tmp_path / "document-keys"
    return tmp_path / "document-keys"
