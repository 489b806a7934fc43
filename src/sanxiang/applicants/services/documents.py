"""What the applicant reads on the platform: a document served electronically, or a file they
uploaded themselves. Each read is audited and ledgered."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sanxiang.applicants.selectors_delivery import delivered_document_get
from sanxiang.applicants.selectors_uploads import matter_upload_get
from sanxiang.documents.models import Document
from sanxiang.evidence.models import AccessAction, EvidenceItem
from sanxiang.evidence.services import blob_read, evidence_access_record
from sanxiang.ledger.audit import audit_record

EVENT_DOCUMENT_READ = "applicants.document.read"
OWN_UPLOAD_REASON = "申请人下载本人上传的材料"


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


@transaction.atomic
def own_upload_read(
    *, user: Any, case_id: Any, item_id: Any, client_ip: str | None = None
) -> tuple[EvidenceItem, bytes]:
    """The bytes of a file the applicant uploaded for this matter, read from the vault through
    the evidence read path: the download is written to the item's 调阅记录 (and the ledger).

    Raises: NotFound (not the applicant's matter, or not their own upload on it).
    """
    upload = matter_upload_get(user=user, case_id=case_id, item_id=item_id)
    item = upload.item
    evidence_access_record(
        user=user,
        item=item,
        action=AccessAction.DOWNLOAD,
        reason=OWN_UPLOAD_REASON,
        client_ip=client_ip,
    )
    return item, blob_read(item.blob)
