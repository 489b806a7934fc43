"""`sanxiang verify` notices a document or signature whose file was swapped behind the services."""

from __future__ import annotations

import pytest

from sanxiang.cases.tests.factories import TODAY, make_world
from sanxiang.core.models import AuditEvent
from sanxiang.documents.integrity import check_documents
from sanxiang.documents.models import Document, HandSignature
from sanxiang.documents.services_onsite import onsite_record_submit
from sanxiang.documents.tests.test_services import investigating, onsite_payload
from sanxiang.evidence.services import blob_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def made():
    world = make_world()
    case = investigating(world)
    step, doc = onsite_record_submit(
        user=world.officer, case_id=case.pk, payload=onsite_payload(world), today=TODAY
    )
    return doc


def codes() -> list[str]:
    return [d.code for d in check_documents()]


def test_untouched_documents_verify_clean(made):
    assert codes() == []


def test_swapped_pdf_is_reported(made):
    other = blob_store(data=b"%PDF-1.7 forged", media_type="application/pdf")
    Document.objects.filter(pk=made.pk).update(pdf=other)  # behind the services, on purpose
    assert codes() == ["document_file_swapped"]


def test_swapped_signature_image_is_reported(made):
    other = blob_store(data=b"\x89PNG forged", media_type="image/png")
    HandSignature.objects.filter(step=made.step, role="party").update(blob=other)
    assert codes() == ["signature_swapped"]


def test_document_row_without_its_ledger_entry_is_reported(made):
    clone = Document.objects.get(pk=made.pk)
    clone.pk = None
    clone.id = None
    clone.version = 9
    clone.save()  # inserted behind the services: no audit event, no ledger entry
    assert "document_not_ledgered" in codes()
    assert AuditEvent.objects.filter(target_id=str(clone.pk)).count() == 0
