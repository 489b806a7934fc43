"""Playback and download: scoping, HTTP Range, and the 调阅记录 each opening writes."""

from __future__ import annotations

import pytest

from sanxiang.core.models import AuditEvent
from sanxiang.evidence.models import AccessAction, AccessRecord, EvidenceItem
from sanxiang.evidence.tests.factories import upload_bytes
from sanxiang.ledger.models import LedgerEntry
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(client, officer_user, agency, video_file) -> EvidenceItem:
    client.force_login(officer_user)
    response = upload_bytes(
        client, video_file.read_bytes(), filename="clip.mp4", agency=str(agency.pk)
    )
    assert response.status_code == 204, response.content
    return EvidenceItem.objects.get()


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_detail_page_plays_video_without_inline_script(client, item):
    response = client.get(f"/evidence/{item.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'src="/evidence/{item.pk}/stream"' in html
    assert "<video" in html
    assert item.blob.sha256 in html
    assert "<script>" not in html
    assert "style=" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_detail_view_is_recorded_and_ledgered(client, item, officer_user):
    client.get(f"/evidence/{item.pk}/?reason=复核证据")
    record = AccessRecord.objects.get()
    assert (record.user, record.item, record.action) == (officer_user, item, AccessAction.VIEW)
    assert record.reason == "复核证据"
    assert record.client_ip == "127.0.0.1"
    assert record.request_id
    event = AuditEvent.objects.get(event="evidence.item.accessed")
    assert event.new == {"item": str(item.pk), "action": "view", "sha256": item.blob_id}
    assert LedgerEntry.objects.filter(kind="evidence.item.accessed").count() == 1


def test_range_request_returns_206_with_content_range(client, item, video_file):
    data = video_file.read_bytes()
    response = client.get(f"/evidence/{item.pk}/stream", HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(data)}"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == "100"
    assert response["Content-Type"] == "video/mp4"
    assert _body(response) == data[100:200]


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=0-", 0, None), ("bytes=-10", -10, None), ("bytes=5-999999999", 5, None)],
)
def test_open_and_suffix_ranges(client, item, video_file, header, start, end):
    data = video_file.read_bytes()
    response = client.get(f"/evidence/{item.pk}/stream", HTTP_RANGE=header)
    assert response.status_code == 206
    assert _body(response) == data[start:end]


@pytest.mark.parametrize("header", ["bytes=999999-", "bytes=10-5", "bytes=-0", "items=0-1"])
def test_unsatisfiable_range_is_416(client, item, header):
    response = client.get(f"/evidence/{item.pk}/stream", HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{item.blob.size}"


def test_stream_without_range_returns_whole_file(client, item, video_file):
    response = client.get(f"/evidence/{item.pk}/stream")
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert _body(response) == video_file.read_bytes()


def test_one_stream_record_per_playback_window(client, item):
    client.get(f"/evidence/{item.pk}/stream", HTTP_RANGE="bytes=0-")
    client.get(f"/evidence/{item.pk}/stream", HTTP_RANGE="bytes=1000-")
    assert AccessRecord.objects.filter(action=AccessAction.STREAM).count() == 1


def test_every_download_is_recorded(client, item, video_file):
    for _ in range(2):
        response = client.get(f"/evidence/{item.pk}/download")
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        assert "clip.mp4" in response["Content-Disposition"]
        assert _body(response) == video_file.read_bytes()
    assert AccessRecord.objects.filter(action=AccessAction.DOWNLOAD).count() == 2
    assert LedgerEntry.objects.filter(kind="evidence.item.accessed").count() == 2


def test_thumbnail_served(client, item):
    response = client.get(f"/evidence/{item.pk}/thumbnail")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize("suffix", ["", "stream", "download", "thumbnail"])
def test_other_agency_gets_404_and_nothing_recorded(client, item, suffix):
    client.force_login(user_with_role(Role.OFFICER, AgencyFactory()))
    assert client.get(f"/evidence/{item.pk}/{suffix}").status_code == 404
    assert not AccessRecord.objects.exists()


def test_supervisor_views_read_only_and_is_recorded(client, item, agency):
    supervisor = user_with_role(Role.SUPERVISOR, agency.supervising_agency)
    client.force_login(supervisor)
    assert client.get(f"/evidence/{item.pk}/").status_code == 200
    assert client.get(f"/evidence/{item.pk}/download").status_code == 200
    assert AccessRecord.objects.filter(user=supervisor).count() == 2


def test_anonymous_redirected_to_login(client, item):
    client.logout()
    response = client.get(f"/evidence/{item.pk}/stream")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_no_write_methods_on_item(client, item):
    for method in ("post", "put", "delete"):
        assert getattr(client, method)(f"/evidence/{item.pk}/").status_code == 405
    assert EvidenceItem.objects.get() == item
