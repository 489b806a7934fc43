"""Receiving tus PATCH bodies: stream to the temp file, hash on the way, seal on the last byte.

Memory stays constant: the body is read in CHUNK-sized pieces, written to the upload's temp file
and fed to an incremental SHA-256 of the whole upload. The hash state of each upload is kept in
this process after every PATCH; a resumed upload that reaches another process (or this one after
a restart) re-hashes the temp file's prefix once, so the offset in the database is all the state
that must survive a dropped connection.

No database transaction is held while bytes arrive (SQLite would lock every writer meanwhile):
an exclusive `flock` on the temp file serialises PATCHes of one upload, and the offset is
advanced afterwards by a conditional update.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from django.utils import timezone

from sanxiang.evidence import conf, media
from sanxiang.evidence.errors import (
    CHECKSUM_MISMATCH,
    CHUNK_TOO_LARGE,
    CONTENT_MISMATCH,
    KIND_NAMES,
    OFFSET_MISMATCH,
    UPLOAD_BUSY,
    UPLOAD_CLOSED,
    UPLOAD_EXPIRED,
    UPLOAD_SEALED,
    ChecksumMismatch,
    ContentMismatch,
    OffsetMismatch,
    UploadBusy,
    UploadConflict,
    UploadGone,
    UploadTooLarge,
)
from sanxiang.evidence.models import EvidenceItem, Upload, UploadStatus
from sanxiang.evidence.services import evidence_item_seal, upload_offset_advance, upload_refuse
from sanxiang.evidence.storage import get_storage

CHUNK = 256 * 1024
_MAX_STATES = 256
_states: OrderedDict[Any, tuple[int, Any]] = OrderedDict()
_states_lock = threading.Lock()


class Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


@dataclass(frozen=True)
class ChunkChecksum:
    algorithm: str  # "sha1" | "sha256"
    digest: bytes


def _whole_hash(upload_id: Any, offset: int, fh: BinaryIO) -> Any:
    with _states_lock:
        state = _states.get(upload_id)
    if state is not None and state[0] == offset:
        return state[1].copy()
    hasher = hashlib.sha256()
    fh.seek(0)
    remaining = offset
    while remaining > 0:
        data = fh.read(min(CHUNK * 4, remaining))
        if not data:
            break
        hasher.update(data)
        remaining -= len(data)
    return hasher


def _remember(upload_id: Any, offset: int, hasher: Any) -> None:
    with _states_lock:
        _states[upload_id] = (offset, hasher)
        _states.move_to_end(upload_id)
        while len(_states) > _MAX_STATES:
            _states.popitem(last=False)


def _forget(upload_id: Any) -> None:
    with _states_lock:
        _states.pop(upload_id, None)


def check_open(upload: Upload) -> None:
    """Raises: UploadConflict (sealed or closed), UploadGone (expired)."""
    if upload.status == UploadStatus.SEALED:
        raise UploadConflict(UPLOAD_SEALED, code="upload_sealed")
    if upload.status != UploadStatus.ACTIVE:
        raise UploadGone(UPLOAD_CLOSED, code="upload_closed")
    if upload.expires_at <= timezone.now():
        raise UploadGone(UPLOAD_EXPIRED)


def _copy(body: Readable, fh: BinaryIO, length: int, *hashers: Any) -> int:
    """Copy up to `length` bytes; a dropped connection ends the copy early (bytes kept)."""
    received = 0
    while received < length:
        try:
            data = body.read(min(CHUNK, length - received))
        except OSError:  # the client went away mid-body (UnreadablePostError is an OSError)
            break
        if not data:
            break
        fh.write(data)
        for hasher in hashers:
            hasher.update(data)
        received += len(data)
    return received


def receive(
    *,
    user: Any,
    upload: Upload,
    body: Readable,
    content_length: int,
    client_offset: int,
    checksum: ChunkChecksum | None,
) -> tuple[Upload, EvidenceItem | None]:
    """Append one PATCH body; on the last byte, sniff, probe, store and seal.

    Raises: UploadBusy, OffsetMismatch, UploadTooLarge, ChecksumMismatch (chunk discarded),
        UploadConflict/UploadGone (closed), ContentMismatch (refused, nothing sealed).
    """
    with open(upload.temp_path, "r+b", buffering=0) as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise UploadBusy(UPLOAD_BUSY) from exc
        upload.refresh_from_db()
        check_open(upload)
        offset = upload.offset
        if client_offset != offset:
            raise OffsetMismatch(OFFSET_MISMATCH.format(offset=offset), extra={"offset": offset})
        if content_length > upload.length - offset:
            raise UploadTooLarge(CHUNK_TOO_LARGE)
        whole = _whole_hash(upload.pk, offset, fh)
        part = hashlib.new(checksum.algorithm) if checksum else None
        fh.truncate(offset)  # bytes past the offset are from a write that never committed
        fh.seek(offset)
        hashers = (whole, part) if part is not None else (whole,)
        received = _copy(body, fh, content_length, *hashers)
        os.fsync(fh.fileno())
        if checksum is not None and (
            received != content_length or part is None or part.digest() != checksum.digest
        ):
            fh.truncate(offset)
            raise ChecksumMismatch(CHECKSUM_MISMATCH)
        if received and not upload_offset_advance(
            upload=upload, from_offset=offset, to_offset=offset + received
        ):
            fh.truncate(offset)
            raise OffsetMismatch(OFFSET_MISMATCH.format(offset=offset))
        _remember(upload.pk, upload.offset, whole)
        if upload.offset < upload.length:
            return upload, None
        item = complete(user=user, upload=upload, sha256=whole.hexdigest())
        return upload, item


def _store_thumbnail(path: Path, retain_until: dt.datetime) -> dict[str, Any] | None:
    jpeg = media.thumbnail(path)
    if not jpeg:
        return None
    storage = get_storage()
    sha256 = hashlib.sha256(jpeg).hexdigest()
    storage.put_bytes(data=jpeg, sha256=sha256, retain_until=retain_until)
    return {
        "sha256": sha256,
        "size": len(jpeg),
        "media_type": "image/jpeg",
        "backend": storage.name,
        "key": storage.key_for(sha256),
    }


def complete(*, user: Any, upload: Upload, sha256: str) -> EvidenceItem:
    """The last byte arrived: refuse a renamed file, else probe, thumbnail, store and seal.

    Raises: ContentMismatch (the upload is closed as refused, nothing sealed).
    """
    path = Path(upload.temp_path)
    media_type = media.sniff(path)
    filename = str(upload.metadata.get("filename", ""))
    filetype = str(upload.metadata.get("filetype", ""))
    if media.contradicts(filename=filename, filetype=filetype, sniffed=media_type):
        claimed = media.declared_kind(filename=filename, filetype=filetype)
        message = CONTENT_MISMATCH.format(
            filename=filename or filetype,
            claimed=KIND_NAMES.get(claimed, claimed),
            actual=media_type,
        )
        upload_refuse(
            user=user, upload=upload, sha256=sha256, media_type=media_type, reason=message
        )
        _forget(upload.pk)
        raise ContentMismatch(message, extra={"media_type": media_type})
    kind = media.kind_of(media_type)
    probe = media.probe(path) if kind in media.MEDIA_KINDS else {}
    retain_until = timezone.now() + dt.timedelta(days=conf.retention_days())
    thumbnail = _store_thumbnail(path, retain_until) if kind in ("video", "image") else None
    storage = get_storage()
    storage.put_file(path=path, sha256=sha256, retain_until=retain_until)
    item = evidence_item_seal(
        user=user,
        upload=upload,
        sha256=sha256,
        media_type=media_type,
        backend=storage.name,
        key=storage.key_for(sha256),
        probe=probe,
        retain_until=retain_until,
        thumbnail=thumbnail,
    )
    _forget(upload.pk)
    return item
