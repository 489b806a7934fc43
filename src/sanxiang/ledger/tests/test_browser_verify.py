"""The public verification page checks proofs and the checkpoint signature in a real browser."""

import hashlib

import pytest
from django.db import transaction

from sanxiang.ledger.services import checkpoint_publish, ledger_append

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path):
    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "ledger.pem"


def record(payload: bytes, n_before: int = 6) -> str:
    digest = hashlib.sha256(payload).hexdigest()
    for i in range(n_before):
        with transaction.atomic():
            ledger_append(kind="test.done", actor="t", target=f"x:{i}", data={"i": i})
    with transaction.atomic():
        ledger_append(
            kind="documents.document.issued",
            actor="t",
            target="doc:1",
            data={"sha256": digest},
            subject_sha256=digest,
        )
    checkpoint_publish()
    return digest


def submit(page, live_server):
    page.get_by_role("button", name="核验").click()
    # The strict CSP forbids eval, so wait on the DOM rather than with wait_for_function.
    page.locator("#verify-summary[data-state]").wait_for(timeout=15000)
    return page.locator("#verify-summary")


def test_dropped_file_is_found_and_proof_checked_in_browser(live_server, page, tmp_path):
    payload = "陵川县林业局 行政处罚决定书 陵林罚〔2026〕1号".encode()
    digest = record(payload)
    document = tmp_path / "decision.pdf"
    document.write_bytes(payload)
    page.goto(f"{live_server.url}/verify/")
    page.set_input_files("#verify-file", str(document))
    summary = submit(page, live_server)
    assert summary.get_attribute("data-state") == "verified"
    assert digest in summary.inner_text()
    assert "证明有效" in page.locator("#verify-records").inner_text()
    assert "检查点签名有效" in page.locator("#verify-checkpoint").inner_text()


def test_unknown_hash_is_reported_not_found(live_server, page):
    record(b"something else")
    page.goto(f"{live_server.url}/verify/")
    page.fill("#verify-hash", "0" * 64)
    summary = submit(page, live_server)
    assert summary.get_attribute("data-state") == "not-found"
    assert "未找到记录" in summary.inner_text()


def test_malformed_hash_gets_a_chinese_hint(live_server, page):
    page.goto(f"{live_server.url}/verify/")
    page.fill("#verify-hash", "not-a-hash")
    summary = submit(page, live_server)
    assert summary.get_attribute("data-state") == "invalid"
    assert "64 位十六进制" in summary.inner_text()
