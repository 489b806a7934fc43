"""Reads of evidence across the permission boundary. Missing and forbidden are the same 404."""

from __future__ import annotations

from typing import Any

from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.evidence.models import EvidenceItem, Upload
from sanxiang.evidence.permissions import evidence_items_visible_to


def evidence_item_get_for_user(*, user: Any, item_id: Any) -> EvidenceItem:
    """Raises: NotFound when the item is missing or outside the user's scope."""
    item = (
        evidence_items_visible_to(user)
        .select_related("blob", "agency", "officer", "thumbnail")
        .filter(pk=uuid_or_not_found(item_id))
        .first()
    )
    if item is None:
        raise NotFound()
    return item


def upload_get_for_user(*, user: Any, upload_id: Any) -> Upload:
    """An upload session is visible only to the account that created it.

    Raises: NotFound otherwise.
    """
    upload = Upload.objects.filter(pk=uuid_or_not_found(upload_id), owner=user).first()
    if upload is None:
        raise NotFound("上传会话不存在或无权访问")
    return upload
