"""The demo 行政许可 applications, 行政检查 and 双随机 draw of 长治市园林局 (loaded once, through the
services, with real documents)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sanxiang.cases.models import Case, Deadline
from sanxiang.demo.services import demo_load
from sanxiang.disclosure.models import Disclosure
from sanxiang.documents.models import Document
from sanxiang.inspections.models import Inspection
from sanxiang.licensing.models import Licence, LicenceApplication

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_vault_and_keys(settings: Any, tmp_path: Path) -> None:
    settings.SANXIANG_VAULT_BACKEND = "local"
    settings.SANXIANG_VAULT_DIR = str(tmp_path / "vault")
    settings.SANXIANG_DOCUMENT_KEY_DIR = tmp_path / "document-keys"
    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "ledger.pem"


def test_demo_licences_inspections_and_draw_are_loaded_at_their_stages(client: Any) -> None:
    assert demo_load().loaded
    statuses = dict(Case.objects.filter(kind="licence").values_list("party_name", "status"))
    assert statuses == {
        "长治市城建市政工程有限公司": "closed",
        "长治市太行绿化养护有限公司": "licence_examining",
        "长治市八一广场物业管理有限公司": "licence_not_accepted",
    }
    granted = LicenceApplication.objects.get(case__status="closed")
    assert granted.corrections.count() == 1
    licence = Licence.objects.get(case=granted.case)
    assert (licence.status, str(licence.valid_to)) == ("valid", "2026-10-20")
    assert licence.delivered_on is not None
    kinds = set(Document.objects.filter(case=granted.case).values_list("kind", flat=True))
    assert kinds == {
        "licence_correction_notice",
        "licence_acceptance",
        "licence_grant",
        "licence_certificate",
    }
    assert Disclosure.objects.filter(case=granted.case, category="licence").exists()
    examining = Case.objects.get(status="licence_examining")
    assert Deadline.objects.filter(
        case=examining, kind="licence_decision", state="running"
    ).exists()
    planned = Inspection.objects.filter(source="plan")
    results = dict(planned.values_list("case__party_name", "case__status"))
    assert results == {
        "长治市城建市政工程有限公司": "inspection_rectifying",
        "长治市漳泽苗木种植专业合作社": "inspection_concluded",
    }
    from sanxiang.spotchecks.models import Draw

    draw = Draw.objects.get()
    public = client.get(f"/api/v1/public/draws/{draw.pk}")
    assert public.status_code == 200
    record = json.loads(public.content)
    assert record["picks"]
    drawn = Inspection.objects.filter(source="random")
    assert drawn.count() == 3
    assert set(drawn.values_list("result", flat=True)) == {"passed"}
    assert demo_load().loaded is False  # a second load changes nothing
    assert Case.objects.filter(kind="licence").count() == 3
