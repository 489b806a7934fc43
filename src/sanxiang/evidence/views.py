"""Evidence pages: the item page, HTTP Range streaming for <video>, and download.

Every view, stream and download writes a 调阅记录 through `evidence_access_record` (ledgered);
another agency's item is the same 404 as a missing one. Nothing here changes evidence.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from sanxiang.core.errors import NotFound
from sanxiang.evidence.errors import RANGE_INVALID
from sanxiang.evidence.models import AccessAction, Blob, EvidenceItem
from sanxiang.evidence.selectors import evidence_item_get_for_user
from sanxiang.evidence.services import evidence_access_record
from sanxiang.evidence.storage import get_storage

RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


class RangeNotSatisfiable(Exception):
    pass


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(start, end) inclusive for a single `bytes=` range; None for no Range header.

    Raises: RangeNotSatisfiable for a malformed, multi-part or out-of-bounds range.
    """
    if not header:
        return None
    match = RANGE_RE.match(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        raise RangeNotSatisfiable(header)
    first, last = match.groups()
    if not first:  # suffix range: the last N bytes
        length = int(last)
        if length == 0:
            raise RangeNotSatisfiable(header)
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        raise RangeNotSatisfiable(header)
    return start, end


def _item(request: HttpRequest, item_id: Any) -> EvidenceItem:
    try:
        return evidence_item_get_for_user(user=request.user, item_id=item_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _record(request: HttpRequest, item: EvidenceItem, action: AccessAction) -> None:
    evidence_access_record(
        user=request.user,
        item=item,
        action=action,
        reason=request.GET.get("reason", "")[:300],
        client_ip=request.META.get("REMOTE_ADDR") or None,
    )


def _blob_response(request: HttpRequest, blob: Blob, *, filename: str = "") -> HttpResponseBase:
    try:
        byte_range = parse_range(request.headers.get("Range"), blob.size)
    except RangeNotSatisfiable:
        refused = HttpResponse(RANGE_INVALID, status=416, content_type="text/plain; charset=utf-8")
        refused["Content-Range"] = f"bytes */{blob.size}"
        return refused
    start, end = byte_range or (0, blob.size - 1)
    storage = get_storage(blob.backend)
    response = StreamingHttpResponse(
        storage.read_range(blob.sha256, start, end),
        status=206 if byte_range else 200,
        content_type=blob.media_type,
    )
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = f'"{blob.sha256}"'
    response["Cache-Control"] = "private, no-store"
    if byte_range:
        response["Content-Range"] = f"bytes {start}-{end}/{blob.size}"
    if filename:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_safe
def item_detail(request: HttpRequest, item_id: Any) -> HttpResponse:
    item = _item(request, item_id)
    _record(request, item, AccessAction.VIEW)
    kind = item.blob.media_type.split("/")[0]
    context = {"item": item, "kind": kind, "reason": request.GET.get("reason", "")}
    return TemplateResponse(request, "evidence/item_detail.html", context)


@login_required
@require_safe
def item_stream(request: HttpRequest, item_id: Any) -> HttpResponseBase:
    item = _item(request, item_id)
    _record(request, item, AccessAction.STREAM)
    return _blob_response(request, item.blob)


@login_required
@require_safe
def item_download(request: HttpRequest, item_id: Any) -> HttpResponseBase:
    item = _item(request, item_id)
    _record(request, item, AccessAction.DOWNLOAD)
    return _blob_response(request, item.blob, filename=item.filename)


@login_required
@require_safe
def item_thumbnail(request: HttpRequest, item_id: Any) -> HttpResponseBase:
    """The poster frame: part of viewing the item page, which is itself recorded."""
    item = _item(request, item_id)
    if item.thumbnail is None:
        raise Http404()
    return _blob_response(request, item.thumbnail)
