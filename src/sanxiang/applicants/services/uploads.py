"""applicant_upload: one file from an applicant into the evidence vault.

The content decides, not the name: libmagic reads the bytes, only PDF and JPEG/PNG images are
taken, and a file whose extension says one thing while its bytes say another (a Word file renamed
to .pdf) is refused with a message that tells the applicant what it really is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import magic
from django.db import transaction

from sanxiang.applicants.models import ApplicantUpload
from sanxiang.applicants.permissions import is_applicant
from sanxiang.core.errors import NotFound, ValidationFailed
from sanxiang.evidence.services_submitted import evidence_item_submit
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.models import Agency

EVENT_UPLOADED = "applicants.upload.sealed"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Sniffed media type → the extensions a file of that type may carry, and its name for people.
ALLOWED_TYPES: dict[str, tuple[frozenset[str], str]] = {
    "application/pdf": (frozenset({".pdf"}), "PDF"),
    "image/jpeg": (frozenset({".jpg", ".jpeg"}), "JPEG 图片"),
    "image/png": (frozenset({".png"}), "PNG 图片"),
}
ALLOWED_LABEL = "PDF、JPEG 或 PNG"
UPLOAD_EMPTY = "文件为空，请重新选择"
UPLOAD_TOO_LARGE = "文件过大：单个文件不得超过 {limit} MB"
UPLOAD_TYPE_REFUSED = "只接受 {allowed} 文件；“{name}”的内容是 {actual}，不能作为申请材料上传"
UPLOAD_RENAMED = (
    "“{name}”的扩展名与内容不符：文件内容实际是 {actual}，请上传原始文件，不要修改扩展名"
)
NAME_REQUIRED = "文件须有文件名"
DESCRIBE = {
    "application/msword": "Word 文档",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word 文档",
    "application/zip": "ZIP 压缩包",
    "application/x-dosexec": "可执行程序",
    "text/plain": "纯文本",
    "text/html": "网页",
}


@dataclass(frozen=True)
class MaterialFile:
    """One file as a form sends it: what it is (the 服务指南's material name), its name, bytes."""

    name: str
    filename: str
    data: bytes


def _describe(media_type: str) -> str:
    if media_type in ALLOWED_TYPES:
        return ALLOWED_TYPES[media_type][1]
    return DESCRIBE.get(media_type, media_type or "未知格式")


def sniff_upload(*, filename: str, data: bytes) -> str:
    """The media type of an acceptable upload.

    Raises: ValidationFailed (empty, too large, not PDF/JPEG/PNG, or renamed).
    """
    name = PurePath(filename or "").name
    if not name:
        raise ValidationFailed(NAME_REQUIRED, code="upload_name_required")
    if not data:
        raise ValidationFailed(UPLOAD_EMPTY, code="upload_empty")
    if len(data) > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ValidationFailed(UPLOAD_TOO_LARGE.format(limit=limit), code="upload_too_large")
    actual = str(magic.from_buffer(data[:65536], mime=True))
    extension = PurePath(name).suffix.lower()
    allowed = ALLOWED_TYPES.get(actual)
    if allowed is None:
        claimed = any(extension in exts for exts, _ in ALLOWED_TYPES.values())
        message = UPLOAD_RENAMED if claimed else UPLOAD_TYPE_REFUSED
        code = "upload_renamed" if claimed else "upload_type_refused"
        raise ValidationFailed(
            message.format(name=name, actual=_describe(actual), allowed=ALLOWED_LABEL), code=code
        )
    if extension not in allowed[0]:
        raise ValidationFailed(
            UPLOAD_RENAMED.format(name=name, actual=_describe(actual)), code="upload_renamed"
        )
    return actual


@transaction.atomic
def applicant_upload(
    *, user: Any, agency_id: Any, filename: str, data: bytes, purpose: str = ""
) -> ApplicantUpload:
    """Seal one applicant file as an evidence item of the receiving agency, marked as the
    applicant's (no officer), and remember whose it is so that only they can attach it.

    Raises: NotFound (not an applicant, or no such agency); ValidationFailed (see sniff_upload).
    """
    if not is_applicant(user):
        raise NotFound()
    agency = Agency.objects.filter(pk=agency_id).first() if _is_uuid(agency_id) else None
    if agency is None:
        raise NotFound()
    media_type = sniff_upload(filename=filename, data=data)
    item = evidence_item_submit(
        user=user,
        agency=agency,
        data=data,
        media_type=media_type,
        filename=PurePath(filename).name,
        activity="申请人网上提交",
        note=f"申请人账号 {user.get_username()} 上传" + (f"：{purpose}" if purpose else ""),
    )
    upload = ApplicantUpload.objects.create(
        account=user,
        agency=agency,
        item=item,
        purpose=purpose[:100],
        created_by=user,
        updated_by=user,
    )
    audit_record(
        actor=user,
        event=EVENT_UPLOADED,
        target=upload,
        agency_id=agency.pk,
        subject_sha256=item.blob_id,
        new={"item": str(item.pk), "sha256": item.blob_id, "purpose": upload.purpose},
    )
    return upload


def _is_uuid(value: Any) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def uploads_owned(*, user: Any, item_ids: list[str], agency_id: Any) -> list[ApplicantUpload]:
    """The applicant's own uploads to `agency_id` with these item ids, in the given order.

    Raises: ValidationFailed when any id is not the applicant's own upload to that agency.
    """
    rows = {
        str(u.item_id): u
        for u in ApplicantUpload.objects.filter(
            account=user, agency_id=agency_id, item_id__in=[i for i in item_ids if _is_uuid(i)]
        ).select_related("item", "item__blob")
    }
    missing = [i for i in item_ids if i not in rows]
    if missing:
        raise ValidationFailed("所选文件不存在或不是您本人上传的文件", code="upload_not_own")
    return [rows[i] for i in item_ids]


def attachments_of(
    *, user: Any, agency_id: Any, item_ids: list[str] | None, files: list[MaterialFile] | None
) -> list[ApplicantUpload]:
    """What a party submission attaches: its earlier uploads by id, then `files` uploaded now (call
    inside the caller's transaction). Raises: as upload_files and uploads_owned."""
    ids = list(item_ids or [])
    ids += [
        m["evidence_id"] for m in upload_files(user=user, agency_id=agency_id, files=files or [])
    ]
    return uploads_owned(user=user, item_ids=ids, agency_id=agency_id)


def upload_files(*, user: Any, agency_id: Any, files: list[MaterialFile]) -> list[dict[str, str]]:
    """Upload each file; [{"name", "evidence_id"}] in order. Call inside the caller's transaction.

    Raises: as applicant_upload.
    """
    out = []
    for f in files:
        upload = applicant_upload(
            user=user, agency_id=agency_id, filename=f.filename, data=f.data, purpose=f.name
        )
        out.append({"name": f.name, "evidence_id": str(upload.item_id)})
    return out
