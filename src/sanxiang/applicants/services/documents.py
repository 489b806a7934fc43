"""Reading a document served electronically: each read is audited and ledgered."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sanxiang.applicants.selectors import delivered_document_get
from sanxiang.documents.models import Document
from sanxiang.evidence.services import blob_read
from sanxiang.ledger.audit import audit_record

EVENT_DOCUMENT_READ = "applicants.document.read"


@transaction.atomic
def delivered_document_read(*, user: Any, document_id: Any) -> tuple[Document, bytes]:
    """The PDF of a document served on the applicant, the read written to the audit trail.

    Raises: NotFound (not the applicant's own, not a party document, or not served because no
        电子送达 consent covered it).
    """
    doc = delivered_document_get(user=user, document_id=document_id)
    audit_record(
        actor=user,
        event=EVENT_DOCUMENT_READ,
        target=doc,
        agency_id=doc.agency_id,
        new={"format": "pdf", "sha256": doc.pdf_id, "case": str(doc.case_id), "by_party": True},
    )
    return doc, blob_read(doc.pdf)
