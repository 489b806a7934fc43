"""tus 1.0 server at /api/v1/uploads/ (core, creation, checksum, expiration, termination).

A plain Django view: exempt from CSRF (every request but OPTIONS must carry `Tus-Resumable`, a
non-simple header, so a cross-site page cannot send one without a CORS preflight that this
server never grants) and from the 20 MB request cap (UploadLimitMiddleware exempts the prefix).
It authenticates with a bearer API token or the session, and never reads the body into memory.
Errors are JSON {"code", "message"} with tus status codes (409 offset, 460 checksum, 410 expired).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from sanxiang.accounts.services import api_token_authenticate
from sanxiang.core.errors import ApplicationError
from sanxiang.evidence import conf
from sanxiang.evidence.errors import (
    CHECKSUM_UNSUPPORTED,
    CONTENT_TYPE_INVALID,
    HEADER_INVALID,
    HEADER_MISSING,
    METADATA_INVALID,
    TUS_VERSION_UNSUPPORTED,
    UNAUTHENTICATED,
    Unauthenticated,
    UnsupportedContentType,
    UploadError,
    VersionUnsupported,
)
from sanxiang.evidence.models import Upload, UploadStatus
from sanxiang.evidence.receiving import ChunkChecksum, check_open, receive
from sanxiang.evidence.selectors import upload_get_for_user
from sanxiang.evidence.services import upload_create, upload_terminate

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,checksum,expiration,termination"
CHECKSUM_ALGORITHMS = {"sha1": 20, "sha256": 32}
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"


def _header_int(request: HttpRequest, name: str) -> int:
    raw = request.headers.get(name)
    if raw is None:
        raise UploadError(HEADER_MISSING.format(header=name), code="header_missing")
    if not raw.isdigit():
        raise UploadError(HEADER_INVALID.format(header=name), code="header_invalid")
    return int(raw)


def parse_metadata(raw: str) -> dict[str, str]:
    """Upload-Metadata: comma-separated `key base64(value)` pairs; a key alone means "".

    Raises: UploadError when a value is not base64 or not UTF-8.
    """
    result: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in raw.split(","))):
        key, _, value = pair.partition(" ")
        try:
            result[key] = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise UploadError(METADATA_INVALID, code="metadata_invalid") from exc
    return result


def parse_checksum(raw: str | None) -> ChunkChecksum | None:
    """Upload-Checksum: `<algorithm> <base64 digest>`.

    Raises: UploadError (400) for an unknown algorithm or a malformed digest.
    """
    if raw is None:
        return None
    algorithm, _, value = raw.strip().partition(" ")
    if algorithm not in CHECKSUM_ALGORITHMS:
        raise UploadError(CHECKSUM_UNSUPPORTED, code="checksum_unsupported")
    try:
        digest = base64.b64decode(value.strip(), validate=True)
    except binascii.Error as exc:
        raise UploadError(HEADER_INVALID.format(header="Upload-Checksum")) from exc
    if len(digest) != CHECKSUM_ALGORITHMS[algorithm]:
        raise UploadError(HEADER_INVALID.format(header="Upload-Checksum"), code="header_invalid")
    return ChunkChecksum(algorithm=algorithm, digest=digest)


def _authenticated_user(request: HttpRequest) -> Any:
    auth = request.headers.get("Authorization", "")
    if auth:
        scheme, _, secret = auth.partition(" ")
        user = api_token_authenticate(secret.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise Unauthenticated(UNAUTHENTICATED)
        return user
    if request.user.is_authenticated:
        return request.user
    raise Unauthenticated(UNAUTHENTICATED)


def _tus(response: HttpResponse) -> HttpResponse:
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def _error(exc: ApplicationError) -> HttpResponse:
    response = JsonResponse(exc.as_dict(), status=exc.status)
    if isinstance(exc, VersionUnsupported):
        response["Tus-Version"] = TUS_VERSION
    offset = exc.extra.get("offset")
    if offset is not None:
        response["Upload-Offset"] = str(offset)
    return _tus(response)


def _expires(upload: Upload, response: HttpResponse) -> HttpResponse:
    if upload.status == UploadStatus.ACTIVE and upload.offset < upload.length:
        response["Upload-Expires"] = http_date(upload.expires_at.timestamp())
    return response


@method_decorator(csrf_exempt, name="dispatch")
class TusView(View):
    """The collection (`upload_id` None: OPTIONS, POST) and one upload (HEAD, PATCH, DELETE)."""

    http_method_names = ["options", "post", "head", "patch", "delete", "get"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            if request.method != "OPTIONS":
                request.user = _authenticated_user(request)
                version = request.headers.get("Tus-Resumable")
                if version is None and request.method != "GET":
                    raise UploadError(
                        HEADER_MISSING.format(header="Tus-Resumable"), code="header_missing"
                    )
                if version is not None and version != TUS_VERSION:
                    raise VersionUnsupported(TUS_VERSION_UNSUPPORTED)
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            return _error(exc)

    def options(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = HttpResponse(status=204)
        response["Tus-Version"] = TUS_VERSION
        response["Tus-Extension"] = TUS_EXTENSIONS
        response["Tus-Checksum-Algorithm"] = ",".join(CHECKSUM_ALGORITHMS)
        response["Tus-Max-Size"] = str(conf.max_upload_bytes())
        return _tus(response)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.http_method_not_allowed(request)

    def post(self, request: HttpRequest, upload_id: Any = None) -> HttpResponse:
        if upload_id is not None:
            return self.http_method_not_allowed(request)
        if request.headers.get("Upload-Defer-Length"):
            raise UploadError(HEADER_INVALID.format(header="Upload-Defer-Length"))
        length = _header_int(request, "Upload-Length")
        metadata = parse_metadata(request.headers.get("Upload-Metadata", ""))
        upload = upload_create(user=request.user, length=length, metadata=metadata)
        response = HttpResponse(status=201)
        response["Location"] = request.build_absolute_uri(
            reverse("evidence_tus:upload", kwargs={"upload_id": upload.pk})
        )
        response["Upload-Offset"] = "0"
        return _tus(_expires(upload, response))

    def head(self, request: HttpRequest, upload_id: Any = None) -> HttpResponse:
        if upload_id is None:
            return self.http_method_not_allowed(request)
        upload = upload_get_for_user(user=request.user, upload_id=upload_id)
        if upload.status != UploadStatus.SEALED:
            check_open(upload)
        response = HttpResponse(status=200)
        response["Upload-Offset"] = str(upload.offset)
        response["Upload-Length"] = str(upload.length)
        if upload.item_id:
            response["X-Evidence-Item"] = str(upload.item_id)
        return _tus(_expires(upload, response))

    def patch(self, request: HttpRequest, upload_id: Any = None) -> HttpResponse:
        if upload_id is None:
            return self.http_method_not_allowed(request)
        upload = upload_get_for_user(user=request.user, upload_id=upload_id)
        if request.content_type != OFFSET_CONTENT_TYPE:
            raise UnsupportedContentType(CONTENT_TYPE_INVALID)
        client_offset = _header_int(request, "Upload-Offset")
        content_length = _header_int(request, "Content-Length")
        checksum = parse_checksum(request.headers.get("Upload-Checksum"))
        upload, item = receive(
            user=request.user,
            upload=upload,
            body=request,
            content_length=content_length,
            client_offset=client_offset,
            checksum=checksum,
        )
        response = HttpResponse(status=204)
        response["Upload-Offset"] = str(upload.offset)
        if item is not None:
            response["X-Evidence-Item"] = str(item.pk)
            response["X-Evidence-Sha256"] = item.blob_id
        return _tus(_expires(upload, response))

    def delete(self, request: HttpRequest, upload_id: Any = None) -> HttpResponse:
        if upload_id is None:
            return self.http_method_not_allowed(request)
        upload = upload_get_for_user(user=request.user, upload_id=upload_id)
        upload_terminate(user=request.user, upload=upload)
        return _tus(HttpResponse(status=204))
