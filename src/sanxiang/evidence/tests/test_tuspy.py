"""The reference client `tuspy`, unchanged, against a live server: upload, drop, resume."""

from __future__ import annotations

import hashlib
import os
import socket
import time
from urllib.parse import urlsplit

import pytest
from tusclient import client as tus_client

from sanxiang.accounts.services import api_token_create
from sanxiang.evidence.models import EvidenceItem, Upload, UploadStatus

pytestmark = pytest.mark.django_db(transaction=True)

SIZE = 600 * 1024


@pytest.fixture
def payload(tmp_path):
    path = tmp_path / "现场记录.bin"
    path.write_bytes(os.urandom(SIZE))
    return path


@pytest.fixture
def tus(live_server, officer_user):
    _, secret = api_token_create(user=officer_user, name="tuspy")
    return tus_client.TusClient(
        f"{live_server.url}/api/v1/uploads/", headers={"Authorization": f"Bearer {secret}"}
    )


def _metadata(agency) -> dict[str, str]:
    return {
        "filename": "现场记录.bin",
        "agency": str(agency.pk),
        "device_id": "DSJ-7",
        "activity": "现场检查",
    }


def test_tuspy_uploads_in_chunks_with_checksums(tus, payload, agency):
    uploader = tus.uploader(
        str(payload), chunk_size=128 * 1024, metadata=_metadata(agency), upload_checksum=True
    )
    uploader.upload()
    item = EvidenceItem.objects.get()
    assert item.blob.sha256 == hashlib.sha256(payload.read_bytes()).hexdigest()
    assert item.blob.size == SIZE
    assert item.device_id == "DSJ-7"


def _drop_mid_patch(url: str, secret_header: str, offset: int, body: bytes, sent: int) -> None:
    """Send a PATCH announcing all of `body`, deliver only `sent` bytes, then cut the line."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=5)
    head = (
        f"PATCH {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        f"Authorization: {secret_header}\r\nTus-Resumable: 1.0.0\r\n"
        f"Content-Type: application/offset+octet-stream\r\nUpload-Offset: {offset}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    sock.sendall(head.encode() + body[:sent])
    time.sleep(0.2)
    sock.shutdown(socket.SHUT_RDWR)
    sock.close()


def _wait_for_offset(uploader, at_least: int) -> int:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        offset = uploader.get_offset()
        if offset >= at_least:
            return offset
        time.sleep(0.1)
    raise AssertionError(f"server never recorded the partial body (offset {offset})")


def test_tuspy_resumes_after_dropped_connection(tus, payload, agency):
    data = payload.read_bytes()
    first = tus.uploader(str(payload), chunk_size=100 * 1024, metadata=_metadata(agency))
    first.upload_chunk()  # one chunk, then the officer's phone loses its network
    assert first.offset == 100 * 1024

    # Mid-PATCH drop: 50 KiB of a 300 KiB body arrive, then the TCP connection dies.
    _drop_mid_patch(
        first.url,
        tus.headers["Authorization"],
        first.offset,
        data[first.offset :][: 300 * 1024],
        sent=50 * 1024,
    )
    offset = _wait_for_offset(first, 150 * 1024)
    assert offset == 150 * 1024  # the bytes that did arrive are kept
    assert Upload.objects.get().status == UploadStatus.ACTIVE

    resumed = tus.uploader(str(payload), url=first.url, chunk_size=200 * 1024)
    assert resumed.offset == offset
    resumed.upload()
    item = EvidenceItem.objects.get()
    assert item.blob.sha256 == hashlib.sha256(data).hexdigest()
    assert item.blob.size == len(data)
