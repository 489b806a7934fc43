"""Evidence writes. Every one checks permission, validates, then writes with `audit_record`.

The services only insert sealed rows (`Blob`, `EvidenceItem`, `AccessRecord`); there is no
service, view, API or admin that updates or deletes them. `Upload` rows are transport state:
created, advanced (byte offset, not audited: it attests nothing), and closed as sealed,
terminated or refused (audited).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from sanxiang.core.audit import current_request_id
from sanxiang.core.errors import Forbidden
from sanxiang.evidence import conf
from sanxiang.evidence.errors import (
    AGENCY_REQUIRED,
    CAPTURED_AT_INVALID,
    EMPTY_FILE,
    GPS_INVALID,
    NOT_AN_OFFICER,
    TOO_LARGE,
    UPLOAD_CLOSED,
    UPLOAD_SEALED,
    UploadConflict,
    UploadError,
    UploadTooLarge,
)
from sanxiang.evidence.models import (
    AccessAction,
    AccessRecord,
    Blob,
    EvidenceItem,
    Upload,
    UploadStatus,
)
from sanxiang.evidence.permissions import (
    can_upload_evidence,
    upload_agencies_of,
    uploader_officer,
)
from sanxiang.evidence.storage import get_storage
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.models import Agency

EVENT_UPLOAD_CREATED = "evidence.upload.created"
EVENT_UPLOAD_TERMINATED = "evidence.upload.terminated"
EVENT_UPLOAD_REFUSED = "evidence.upload.refused"
EVENT_ITEM_SEALED = "evidence.item.sealed"
EVENT_ITEM_ACCESSED = "evidence.item.accessed"

METADATA_KEYS = (
    "filename",
    "filetype",
    "captured_at",
    "device_id",
    "gps",
    "activity",
    "case_step",
    "agency",
    "note",
)


def _resolve_agency(user: Any, agency_ref: str) -> Agency:
    if agency_ref:
        try:
            agency = Agency.objects.filter(pk=uuid.UUID(agency_ref)).first()
        except ValueError:
            agency = None
        if agency is None or not can_upload_evidence(user, agency):
            raise Forbidden(NOT_AN_OFFICER, code="not_an_officer")
        return agency
    agencies = list(upload_agencies_of(user)[:2])
    if len(agencies) == 1 and can_upload_evidence(user, agencies[0]):
        return agencies[0]
    if not agencies:
        raise Forbidden(NOT_AN_OFFICER, code="not_an_officer")
    raise UploadError(AGENCY_REQUIRED, code="agency_required")


def parse_gps(value: str) -> tuple[Decimal, Decimal] | None:
    """ "lat,lon" in decimal degrees, or None when empty.

    Raises: UploadError when malformed or out of range.
    """
    if not value.strip():
        return None
    try:
        lat_s, lon_s = value.split(",")
        lat = Decimal(lat_s.strip()).quantize(Decimal("0.000001"))
        lon = Decimal(lon_s.strip()).quantize(Decimal("0.000001"))
    except (ValueError, InvalidOperation) as exc:
        raise UploadError(GPS_INVALID, code="gps_invalid") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise UploadError(GPS_INVALID, code="gps_invalid")
    return lat, lon


def parse_captured_at(value: str) -> dt.datetime | None:
    """Raises: UploadError unless empty or an ISO 8601 datetime with a time zone."""
    if not value.strip():
        return None
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise UploadError(CAPTURED_AT_INVALID, code="captured_at_invalid")
    return parsed


@transaction.atomic
def upload_create(*, user: Any, length: int, metadata: dict[str, str]) -> Upload:
    """Open a tus upload session for an officer of the target agency.

    Raises: Forbidden (not an officer of the agency), UploadError (bad metadata, empty file),
        UploadTooLarge.
    """
    agency = _resolve_agency(user, metadata.get("agency", ""))
    if length <= 0:
        raise UploadError(EMPTY_FILE, code="empty_file")
    limit = conf.max_upload_bytes()
    if length > limit:
        raise UploadTooLarge(TOO_LARGE.format(limit=limit))
    parse_gps(metadata.get("gps", ""))
    parse_captured_at(metadata.get("captured_at", ""))
    clean = {k: v[:500] for k, v in metadata.items() if k in METADATA_KEYS}
    upload_id = uuid.uuid4()
    incoming = conf.incoming_dir()
    incoming.mkdir(parents=True, exist_ok=True)
    temp_path = incoming / f"{upload_id}.part"
    temp_path.touch(exist_ok=False)
    upload = Upload.objects.create(
        id=upload_id,
        agency=agency,
        owner=user,
        length=length,
        metadata=clean,
        expires_at=timezone.now() + dt.timedelta(hours=conf.upload_ttl_hours()),
        temp_path=str(temp_path),
        created_by=user,
        updated_by=user,
    )
    audit_record(
        actor=user,
        event=EVENT_UPLOAD_CREATED,
        target=upload,
        agency_id=agency.pk,
        new={"length": length, "filename": clean.get("filename", "")},
    )
    return upload


@transaction.atomic
def upload_offset_advance(*, upload: Upload, from_offset: int, to_offset: int) -> bool:
    """Record bytes received. Conditional on the stored offset, so two writers cannot both win.

    Not audited: the offset is transport progress; what it produced is sealed and ledgered.
    """
    changed = Upload.objects.filter(
        pk=upload.pk, offset=from_offset, status=UploadStatus.ACTIVE
    ).update(offset=to_offset, updated_at=timezone.now())
    upload.offset = to_offset
    return changed == 1


@transaction.atomic
def upload_terminate(*, user: Any, upload: Upload) -> Upload:
    """tus termination, for unfinished uploads only; the partial bytes are discarded.

    Raises: UploadConflict once sealed (evidence is never deleted) or already closed.
    """
    upload = Upload.objects.select_for_update().get(pk=upload.pk)
    if upload.owner_id != user.pk:
        raise Forbidden(NOT_AN_OFFICER, code="not_owner")
    if upload.status == UploadStatus.SEALED:
        raise UploadConflict(UPLOAD_SEALED, code="upload_sealed")
    if upload.status != UploadStatus.ACTIVE:
        raise UploadConflict(UPLOAD_CLOSED, code="upload_closed")
    upload.status = UploadStatus.TERMINATED
    upload.updated_by = user
    upload.save(update_fields=["status", "updated_by", "updated_at"])
    audit_record(
        actor=user,
        event=EVENT_UPLOAD_TERMINATED,
        target=upload,
        agency_id=upload.agency_id,
        old={"status": UploadStatus.ACTIVE, "offset": upload.offset},
        new={"status": upload.status},
    )
    path = Path(upload.temp_path)
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
    return upload


@transaction.atomic
def upload_refuse(
    *, user: Any, upload: Upload, sha256: str, media_type: str, reason: str
) -> Upload:
    """Close an upload whose bytes contradict its claimed type; nothing is sealed."""
    upload = Upload.objects.select_for_update().get(pk=upload.pk)
    upload.status = UploadStatus.REFUSED
    upload.refusal = reason[:300]
    upload.sha256 = sha256
    upload.save(update_fields=["status", "refusal", "sha256", "updated_at"])
    audit_record(
        actor=user,
        event=EVENT_UPLOAD_REFUSED,
        target=upload,
        agency_id=upload.agency_id,
        new={"sha256": sha256, "media_type": media_type, "size": upload.length},
        reason=reason,
    )
    path = Path(upload.temp_path)
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
    return upload


def _blob_record(
    *, sha256: str, size: int, media_type: str, backend: str, key: str, retain_until: dt.datetime
) -> Blob:
    blob, _ = Blob.objects.get_or_create(
        sha256=sha256,
        defaults={
            "size": size,
            "media_type": media_type,
            "backend": backend,
            "key": key,
            "sealed_at": timezone.now(),
            "retain_until": retain_until,
        },
    )
    return blob


def blob_store(*, data: bytes, media_type: str) -> Blob:
    """Seal bytes the platform made itself (a generated PDF, an on-screen signature) in the vault.

    Content-addressed and write-once like uploaded evidence; the caller's service records the
    hash in its own audited, ledgered event (this function writes no event of its own).
    """
    sha256 = hashlib.sha256(data).hexdigest()
    retain_until = timezone.now() + dt.timedelta(days=conf.retention_days())
    storage = get_storage()
    storage.put_bytes(data=data, sha256=sha256, retain_until=retain_until)
    return _blob_record(
        sha256=sha256,
        size=len(data),
        media_type=media_type,
        backend=storage.name,
        key=storage.key_for(sha256),
        retain_until=retain_until,
    )


def blob_read(blob: Blob) -> bytes:
    """All bytes of a (small) blob, from the backend it was stored in."""
    if blob.size == 0:
        return b""
    return b"".join(get_storage(blob.backend).read_range(blob.sha256, 0, blob.size - 1))


@transaction.atomic
def evidence_item_seal(
    *,
    user: Any,
    upload: Upload,
    sha256: str,
    media_type: str,
    backend: str,
    key: str,
    probe: dict[str, Any],
    retain_until: dt.datetime,
    thumbnail: dict[str, Any] | None = None,
) -> EvidenceItem:
    """Seal a completed upload whose bytes are already in the vault: the blob row, the item, and
    the `evidence.item.sealed` ledger entry (hash, size, type, capture, device, officer, GPS).

    Raises: Forbidden when the uploader is no longer an officer of the agency;
        UploadConflict when the upload is not active and complete.
    """
    upload = Upload.objects.select_for_update().select_related("agency").get(pk=upload.pk)
    officer = uploader_officer(user, upload.agency)
    if upload.owner_id != user.pk or officer is None:
        raise Forbidden(NOT_AN_OFFICER, code="not_an_officer")
    if upload.status != UploadStatus.ACTIVE or upload.offset != upload.length:
        raise UploadConflict(UPLOAD_CLOSED, code="upload_closed")
    meta = upload.metadata
    gps = parse_gps(meta.get("gps", ""))
    blob = _blob_record(
        sha256=sha256,
        size=upload.length,
        media_type=media_type,
        backend=backend,
        key=key,
        retain_until=retain_until,
    )
    thumb = _blob_record(**thumbnail, retain_until=retain_until) if thumbnail else None
    item = EvidenceItem(
        agency=upload.agency,
        blob=blob,
        filename=meta.get("filename", "")[:255] or f"{sha256[:12]}",
        captured_at=parse_captured_at(meta.get("captured_at", "")),
        device_id=meta.get("device_id", "")[:100],
        officer=officer,
        gps_lat=gps[0] if gps else None,
        gps_lon=gps[1] if gps else None,
        activity=meta.get("activity", "")[:100],
        case_step=meta.get("case_step", "")[:200],
        note=meta.get("note", ""),
        probe=probe,
        thumbnail=thumb,
        created_by=user,
        updated_by=user,
    )
    item.full_clean()
    item.save()
    upload.status = UploadStatus.SEALED
    upload.sha256 = sha256
    upload.item = item
    upload.save(update_fields=["status", "sha256", "item", "updated_at"])
    audit_record(
        actor=user,
        event=EVENT_ITEM_SEALED,
        target=item,
        agency_id=item.agency_id,
        subject_sha256=sha256,
        new={
            "sha256": sha256,
            "size": blob.size,
            "media_type": media_type,
            "filename": item.filename,
            "captured_at": item.captured_at.isoformat() if item.captured_at else None,
            "device_id": item.device_id,
            "officer": str(officer.pk),
            "gps": [str(item.gps_lat), str(item.gps_lon)] if gps else None,
            "activity": item.activity,
            "case_step": item.case_step,
            "retain_until": blob.retain_until.isoformat(),
            "thumbnail_sha256": thumb.sha256 if thumb else None,
        },
    )
    return item


@transaction.atomic
def evidence_access_record(
    *,
    user: Any,
    item: EvidenceItem,
    action: AccessAction,
    reason: str = "",
    client_ip: str | None = None,
) -> AccessRecord | None:
    """Write the 调阅记录 (and its ledger entry) for one view, stream or download.

    A playing <video> sends many Range requests; within `stream_record_window_seconds` of the
    user's previous stream record of the same item no new record is written (returns None).

    Raises: NotFound via the caller's selector; nothing here widens access.
    """
    if action == AccessAction.STREAM:
        since = timezone.now() - dt.timedelta(seconds=conf.stream_record_window_seconds())
        recent = AccessRecord.objects.filter(
            item=item, user=user, action=AccessAction.STREAM, created_at__gte=since
        )
        if recent.exists():
            return None
    record = AccessRecord.objects.create(
        item=item,
        user=user,
        action=action,
        reason=reason[:300],
        request_id=current_request_id.get(),
        client_ip=client_ip,
        created_by=user,
        updated_by=user,
    )
    audit_record(
        actor=user,
        event=EVENT_ITEM_ACCESSED,
        target=record,
        agency_id=item.agency_id,
        new={"item": str(item.pk), "action": action.value, "sha256": item.blob_id},
        reason=reason,
    )
    return record
