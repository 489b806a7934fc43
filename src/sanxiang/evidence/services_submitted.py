"""Files a party submits online (申请材料, 补正材料, 陈述申辩附件): small, whole-body uploads.

They are sealed in the vault like an officer's evidence — a content-addressed blob and an
`evidence.item.sealed` ledger entry that `sanxiang verify` matches — but the item records no
officer: `submitted_by` in the entry says a party's login brought it. The caller (the applicants
app) has checked the account, the size and the real content type before calling.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sanxiang.evidence.models import EvidenceItem
from sanxiang.evidence.services import EVENT_ITEM_SEALED, blob_store
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.models import Agency

SUBMITTED_BY_PARTY = "party"


@transaction.atomic
def evidence_item_submit(
    *,
    user: Any,
    agency: Agency,
    data: bytes,
    media_type: str,
    filename: str,
    activity: str,
    note: str = "",
) -> EvidenceItem:
    """Seal bytes a party submitted as an evidence item of `agency` (no officer).

    Raises: nothing of its own; the caller validates the file and the account.
    """
    blob = blob_store(data=data, media_type=media_type)
    item = EvidenceItem(
        agency=agency,
        blob=blob,
        filename=filename[:255] or blob.sha256[:12],
        officer=None,
        activity=activity[:100],
        note=note,
        created_by=user,
        updated_by=user,
    )
    item.full_clean()
    item.save()
    audit_record(
        actor=user,
        event=EVENT_ITEM_SEALED,
        target=item,
        agency_id=agency.pk,
        subject_sha256=blob.sha256,
        new={
            "sha256": blob.sha256,
            "size": blob.size,
            "media_type": media_type,
            "filename": item.filename,
            "captured_at": None,
            "device_id": "",
            "officer": None,
            "submitted_by": SUBMITTED_BY_PARTY,
            "gps": None,
            "activity": item.activity,
            "case_step": "",
            "retain_until": blob.retain_until.isoformat(),
            "thumbnail_sha256": None,
        },
    )
    return item
