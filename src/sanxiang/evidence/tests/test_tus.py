"""The tus 1.0 endpoint through Django's test client: protocol edge cases and sealing."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import stat
from pathlib import Path

import pytest
from django.utils import timezone

from sanxiang.core.models import AuditEvent
from sanxiang.evidence import errors
from sanxiang.evidence.models import Blob, EvidenceItem, Upload, UploadStatus
from sanxiang.evidence.tests.factories import (
    TUS,
    UPLOADS,
    metadata_header,
    tus_create,
    tus_patch,
    upload_bytes,
)
from sanxiang.ledger.models import LedgerEntry
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role

pytestmark = pytest.mark.django_db

DATA = "现场检查笔录：当事人在场，执法人员两名。\n".encode() * 60


@pytest.fixture
def client_in(client, officer_user):
    client.force_login(officer_user)
    return client


def _meta(agency, **extra: str) -> dict[str, str]:
    return {"filename": "notes.txt", "agency": str(agency.pk), **extra}


def test_options_advertises_version_extensions_and_algorithms(client):
    response = client.options(UPLOADS)
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert response["Tus-Extension"] == "creation,checksum,expiration,termination"
    assert response["Tus-Checksum-Algorithm"] == "sha1,sha256"
    assert int(response["Tus-Max-Size"]) > 0


def test_create_rejected_when_anonymous(client, agency):
    response = tus_create(client, 10, **_meta(agency))
    assert response.status_code == 401
    assert response.json() == {"code": "unauthenticated", "message": errors.UNAUTHENTICATED}


def test_create_rejected_when_bearer_token_invalid(client, agency):
    response = tus_create(client, 10, **_meta(agency), HTTP_AUTHORIZATION="Bearer sx_nope")
    assert response.status_code == 401


def test_create_accepts_bearer_token(client, officer_user, agency):
    from sanxiang.accounts.services import api_token_create

    _, secret = api_token_create(user=officer_user, name="执法记录仪")
    response = client.post(
        UPLOADS,
        HTTP_UPLOAD_LENGTH="10",
        HTTP_UPLOAD_METADATA=metadata_header(**_meta(agency)),
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        **TUS,
    )
    assert response.status_code == 201


def test_create_returns_location_offset_and_expiry(client_in, agency):
    response = tus_create(client_in, len(DATA), **_meta(agency))
    assert response.status_code == 201
    assert response["Location"].startswith("http://testserver/api/v1/uploads/")
    assert response["Upload-Expires"].endswith("GMT")
    upload = Upload.objects.get()
    assert (upload.length, upload.offset, upload.agency) == (len(DATA), 0, agency)
    assert AuditEvent.objects.filter(event="evidence.upload.created").count() == 1


def test_head_reports_offset_and_no_store(client_in, agency):
    url = tus_create(client_in, len(DATA), **_meta(agency))["Location"]
    tus_patch(client_in, url, DATA[:100], 0)
    response = client_in.head(url, **TUS)
    assert response.status_code == 200
    assert response["Upload-Offset"] == "100"
    assert response["Upload-Length"] == str(len(DATA))
    assert response["Cache-Control"] == "no-store"
    assert response["Tus-Resumable"] == "1.0.0"


def test_create_missing_upload_length_is_400_with_code(client_in, agency):
    response = client_in.post(UPLOADS, HTTP_UPLOAD_METADATA=metadata_header(**_meta(agency)), **TUS)
    assert response.status_code == 400
    assert response.json()["code"] == "header_missing"
    assert response.json()["message"] == errors.HEADER_MISSING.format(header="Upload-Length")


def test_request_without_tus_resumable_is_400(client_in, agency):
    response = client_in.post(UPLOADS, HTTP_UPLOAD_LENGTH="10")
    assert response.status_code == 400
    assert response.json()["code"] == "header_missing"


def test_unsupported_tus_version_is_412(client_in):
    response = client_in.post(UPLOADS, HTTP_UPLOAD_LENGTH="10", HTTP_TUS_RESUMABLE="0.2.2")
    assert response.status_code == 412
    assert response["Tus-Version"] == "1.0.0"
    assert response.json()["message"] == errors.TUS_VERSION_UNSUPPORTED


def test_create_over_max_size_is_413(client_in, agency, settings):
    settings.SANXIANG_TUS_MAX_SIZE = 1000
    response = tus_create(client_in, 1001, **_meta(agency))
    assert response.status_code == 413
    assert response.json()["message"] == errors.TOO_LARGE.format(limit=1000)
    assert not Upload.objects.exists()


@pytest.mark.parametrize("gps", ["91,10", "10,181", "abc", "1,2,3"])
def test_create_rejected_when_gps_invalid(client_in, agency, gps):
    response = tus_create(client_in, 10, **_meta(agency, gps=gps))
    assert response.status_code == 400
    assert response.json() == {"code": "gps_invalid", "message": errors.GPS_INVALID}


def test_create_rejected_when_metadata_not_base64(client_in, agency):
    response = client_in.post(
        UPLOADS, HTTP_UPLOAD_LENGTH="10", HTTP_UPLOAD_METADATA="filename !!!", **TUS
    )
    assert response.status_code == 400
    assert response.json()["code"] == "metadata_invalid"


def test_create_rejected_when_not_officer_of_agency(client_in):
    other = AgencyFactory()
    response = tus_create(client_in, 10, **_meta(other))
    assert response.status_code == 403
    assert response.json()["message"] == errors.NOT_AN_OFFICER


def test_create_rejected_for_supervisor(client, agency):
    supervisor = user_with_role(Role.SUPERVISOR, agency.supervising_agency)
    client.force_login(supervisor)
    response = tus_create(client, 10, **_meta(agency))
    assert response.status_code == 403


def test_create_without_agency_uses_the_officers_only_agency(client_in, agency):
    response = tus_create(client_in, 10, filename="a.txt")
    assert response.status_code == 201
    assert Upload.objects.get().agency == agency


def test_patch_wrong_offset_is_409(client_in, agency):
    url = tus_create(client_in, len(DATA), **_meta(agency))["Location"]
    response = tus_patch(client_in, url, DATA[:10], 5)
    assert response.status_code == 409
    assert response.json()["code"] == "offset_mismatch"
    assert response.json()["message"] == errors.OFFSET_MISMATCH.format(offset=0)


def test_patch_wrong_content_type_is_415(client_in, agency):
    url = tus_create(client_in, len(DATA), **_meta(agency))["Location"]
    response = client_in.generic(
        "PATCH", url, data=b"x", content_type="text/plain", HTTP_UPLOAD_OFFSET="0", **TUS
    )
    assert response.status_code == 415


def test_patch_missing_offset_is_400(client_in, agency):
    url = tus_create(client_in, len(DATA), **_meta(agency))["Location"]
    response = client_in.generic(
        "PATCH", url, data=b"x", content_type="application/offset+octet-stream", **TUS
    )
    assert response.status_code == 400
    assert response.json()["message"] == errors.HEADER_MISSING.format(header="Upload-Offset")


def test_patch_past_length_is_413(client_in, agency):
    url = tus_create(client_in, 10, **_meta(agency))["Location"]
    response = tus_patch(client_in, url, b"x" * 11, 0)
    assert response.status_code == 413
    assert response.json()["message"] == errors.CHUNK_TOO_LARGE


def _checksum(algorithm: str, data: bytes) -> str:
    return f"{algorithm} {base64.b64encode(hashlib.new(algorithm, data).digest()).decode()}"


def test_bad_checksum_is_460_and_chunk_discarded(client_in, agency):
    url = tus_create(client_in, len(DATA), **_meta(agency))["Location"]
    assert tus_patch(client_in, url, DATA[:100], 0).status_code == 204
    response = tus_patch(
        client_in, url, DATA[100:200], 100, HTTP_UPLOAD_CHECKSUM=_checksum("sha1", b"other")
    )
    assert response.status_code == 460
    assert response.json() == {"code": "checksum_mismatch", "message": errors.CHECKSUM_MISMATCH}
    upload = Upload.objects.get()
    assert upload.offset == 100
    assert Path(upload.temp_path).stat().st_size == 100


@pytest.mark.parametrize("algorithm", ["sha1", "sha256"])
def test_good_checksum_is_accepted(client_in, agency, algorithm):
    url = tus_create(client_in, len(DATA), **_meta(agency))["Location"]
    chunk = DATA[:500]
    response = tus_patch(client_in, url, chunk, 0, HTTP_UPLOAD_CHECKSUM=_checksum(algorithm, chunk))
    assert response.status_code == 204
    assert response["Upload-Offset"] == "500"


def test_unknown_checksum_algorithm_is_400(client_in, agency):
    url = tus_create(client_in, len(DATA), **_meta(agency))["Location"]
    response = tus_patch(client_in, url, b"x", 0, HTTP_UPLOAD_CHECKSUM="md5 AAAA")
    assert response.status_code == 400
    assert response.json()["message"] == errors.CHECKSUM_UNSUPPORTED


def test_chunks_seal_with_hash_of_whole_file(client_in, agency, vault):
    url = tus_create(
        client_in,
        len(DATA),
        **_meta(
            agency,
            captured_at="2026-05-01T09:30:00+08:00",
            device_id="DSJ-0042",
            gps="35.775123,113.280456",
            activity="现场检查",
            case_step="调查取证",
        ),
    )["Location"]
    assert tus_patch(client_in, url, DATA[:1000], 0).status_code == 204
    response = tus_patch(client_in, url, DATA[1000:], 1000)
    assert response.status_code == 204
    sha = hashlib.sha256(DATA).hexdigest()
    assert response["X-Evidence-Sha256"] == sha
    item = EvidenceItem.objects.get()
    assert (item.blob.sha256, item.blob.size, item.blob.media_type) == (
        sha,
        len(DATA),
        "text/plain",
    )
    assert (item.device_id, item.activity, item.case_step) == ("DSJ-0042", "现场检查", "调查取证")
    assert str(item.gps_lat) == "35.775123"
    assert item.officer.user == Upload.objects.get().owner
    stored = vault / sha[:2] / sha[2:4] / sha
    assert stored.read_bytes() == DATA
    assert stat.S_IMODE(stored.stat().st_mode) == 0o444
    event = AuditEvent.objects.get(event="evidence.item.sealed")
    assert event.new["sha256"] == sha
    assert event.new["size"] == len(DATA)
    assert event.new["device_id"] == "DSJ-0042"
    assert event.new["gps"] == ["35.775123", "113.280456"]
    assert event.new["captured_at"].startswith("2026-05-01T")
    entry = LedgerEntry.objects.get(kind="evidence.item.sealed")
    assert entry.subject_sha256 == sha
    assert sha in entry.entry
    assert Upload.objects.get().status == UploadStatus.SEALED
    assert not Path(Upload.objects.get().temp_path).exists()


def test_same_bytes_twice_store_one_blob(client_in, agency):
    upload_bytes(client_in, DATA, **_meta(agency))
    upload_bytes(client_in, DATA, **_meta(agency, filename="copy.txt"))
    assert EvidenceItem.objects.count() == 2
    assert Blob.objects.count() == 1


def test_termination_discards_unfinished_upload(
    client_in, agency, django_capture_on_commit_callbacks
):
    url = tus_create(client_in, len(DATA), **_meta(agency))["Location"]
    tus_patch(client_in, url, DATA[:10], 0)
    temp = Path(Upload.objects.get().temp_path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_in.delete(url, **TUS)
    assert response.status_code == 204
    assert not temp.exists()
    assert client_in.head(url, **TUS).status_code == 410
    assert AuditEvent.objects.filter(event="evidence.upload.terminated").count() == 1


def test_termination_refused_after_seal(client_in, agency):
    created = tus_create(client_in, len(DATA), **_meta(agency))
    tus_patch(client_in, created["Location"], DATA, 0)
    response = client_in.delete(created["Location"], **TUS)
    assert response.status_code == 409
    assert response.json() == {"code": "upload_sealed", "message": errors.UPLOAD_SEALED}
    assert EvidenceItem.objects.count() == 1


def test_expired_upload_is_410(client_in, agency):
    url = tus_create(client_in, len(DATA), **_meta(agency))["Location"]
    Upload.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert tus_patch(client_in, url, DATA[:10], 0).status_code == 410
    response = client_in.head(url, **TUS)
    assert response.status_code == 410


def test_other_users_upload_is_404(client, client_in, agency):
    url = tus_create(client_in, len(DATA), **_meta(agency))["Location"]
    colleague = user_with_role(Role.OFFICER, agency)
    client.force_login(colleague)
    response = tus_patch(client, url, DATA[:10], 0)
    assert response.status_code == 404


def test_renamed_non_video_is_refused_and_nothing_sealed(
    client_in, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_bytes(client_in, DATA, **_meta(agency, filename="执法记录.mp4"))
    assert response.status_code == 415
    body = response.json()
    assert body["code"] == "content_mismatch"
    assert body["message"] == errors.CONTENT_MISMATCH.format(
        filename="执法记录.mp4", claimed="视频", actual="text/plain"
    )
    assert not EvidenceItem.objects.exists()
    assert not Blob.objects.exists()
    upload = Upload.objects.get()
    assert upload.status == UploadStatus.REFUSED
    assert not Path(upload.temp_path).exists()
    assert not LedgerEntry.objects.filter(kind="evidence.item.sealed").exists()


def test_real_video_is_probed_and_thumbnailed(client_in, agency, video_file, vault):
    data = video_file.read_bytes()
    response = upload_bytes(client_in, data, **_meta(agency, filename="clip.mp4"))
    assert response.status_code == 204, response.content
    item = EvidenceItem.objects.get()
    assert item.blob.media_type == "video/mp4"
    assert item.probe["duration"] == pytest.approx(1.0, abs=0.2)
    assert item.probe["width"] == 160
    assert item.probe["height"] == 120
    assert item.probe["streams"][0]["codec"] == "h264"
    assert item.thumbnail is not None
    assert item.thumbnail.media_type == "image/jpeg"
    thumb = vault / item.thumbnail.sha256[:2] / item.thumbnail.sha256[2:4] / item.thumbnail.sha256
    assert thumb.read_bytes()[:3] == b"\xff\xd8\xff"
