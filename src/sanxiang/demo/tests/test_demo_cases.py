"""The demo 行政处罚 cases of 长治市园林局: walked through the services to their stages, with signed
执法文书, and loaded once (real LibreOffice: each load renders the demo documents)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils.module_loading import import_string

from sanxiang.cases.models import Case, CaseStep, Payment
from sanxiang.core.models import AuditEvent
from sanxiang.demo import data_cases
from sanxiang.demo.selectors import demo_status
from sanxiang.demo.services import demo_load
from sanxiang.documents.models import Document
from sanxiang.documents.selectors import document_pdf_bytes
from sanxiang.documents.signing import validate_signed_pdf
from sanxiang.organisations.codes import uscc_problem

pytestmark = pytest.mark.django_db

AGENCY = "长治市园林局"
STATUS = {
    "擅自圈占小区公共绿地种植蔬菜案": "lead",
    "施工车辆碾压损坏城市绿化带案": "investigating",
    "擅自砍伐小区绿地内城市树木案": "decided",
    "擅自占用城市绿地堆放建筑材料案": "closed",
    "公园绿地内设摊经营不服从管理案": "decided",
}


@pytest.fixture(autouse=True)
def private_vault_and_keys(settings: Any, tmp_path: Path) -> None:
    settings.SANXIANG_VAULT_BACKEND = "local"
    settings.SANXIANG_VAULT_DIR = str(tmp_path / "vault")
    settings.SANXIANG_DOCUMENT_KEY_DIR = tmp_path / "document-keys"
    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "ledger.pem"


@pytest.fixture
def loaded() -> None:
    """Load the demo data (how long it takes is measured nowhere in tests: timings belong in bench/)."""
    assert demo_load().loaded


def counts() -> dict[str, int]:
    return {
        "cases": Case.objects.count(),
        "steps": CaseStep.objects.count(),
        "documents": Document.objects.count(),
        "events": AuditEvent.objects.count(),
    }


def integrity_problems() -> list[str]:
    problems: list[str] = []
    for path in django_settings.SANXIANG_INTEGRITY_CHECKS:
        problems += [str(p) for p in import_string(path)(lambda *_: None)]
    return problems


def test_demo_cases_reach_their_stages_with_signed_documents_when_loaded(loaded: None) -> None:
    cases = {c.title: c for c in Case.objects.filter(agency__name=AGENCY, kind="penalty")}
    assert {t: c.status for t, c in cases.items()} == STATUS
    for case in cases.values():
        if case.party_kind == "organisation":
            assert uscc_problem(case.party_identifier) is None, case.title
    # Every step is attributable: one audit event (and ledger entry) each.
    ids = [str(c.pk) for c in cases.values()]
    events = AuditEvent.objects.filter(event__startswith="cases.", new__case__in=ids)
    assert events.count() == CaseStep.objects.filter(case__in=cases.values()).count()

    decided = cases["擅自砍伐小区绿地内城市树木案"]
    assert decided.fine == Decimal("4000")
    assert decided.tier is not None
    assert decided.tier.kind == "standard"
    assert decided.tier.fine_min <= decided.fine <= decided.tier.fine_max
    assert decided.statement_heard
    assert decided.decision_number.startswith("市园林局罚决〔2026〕")
    kinds = set(Document.objects.filter(case=decided).values_list("kind", flat=True))
    assert kinds == {"filing_approval", "penalty_notice", "penalty_decision"}
    decision = Document.objects.get(case=decided, kind="penalty_decision")
    assert decision.number == decided.decision_number
    assert validate_signed_pdf(document_pdf_bytes(decision)).ok

    investigating = cases["施工车辆碾压损坏城市绿化带案"]
    record = investigating.steps.get(action="record")
    assert record.content["kind"] == "interview"
    assert Document.objects.get(case=investigating).step == record

    closed = cases["擅自占用城市绿地堆放建筑材料案"]
    assert closed.served_on is not None
    assert closed.closed_on is not None
    assert Payment.objects.get(case=closed).amount == closed.fine == Decimal("3000")

    on_site = cases["公园绿地内设摊经营不服从管理案"]
    assert on_site.procedure == "summary"
    assert on_site.fine == Decimal("200")
    assert Document.objects.get(case=on_site).kind == "on_site_decision"

    assert Document.objects.filter(case__kind="penalty").count() <= 8
    assert integrity_problems() == []


def test_second_load_changes_nothing_when_the_demo_cases_exist(loaded: None) -> None:
    before = counts()
    assert demo_load().loaded is False
    assert data_cases.demo_cases_load() == []  # every case is found by its marker
    assert counts() == before
    assert demo_status()[0] is True
