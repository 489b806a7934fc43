"""Bad input: a 200 MB upload is refused with a Chinese message before anything is read or saved."""

import http.client
import threading

import pytest

from sanxiang.core.middleware import UPLOAD_TOO_LARGE

pytestmark = pytest.mark.django_db(transaction=True)

MB = 1024 * 1024


def test_200mb_upload_refused_over_real_http(live_server):
    """A real socket client announces 200 MB and starts streaming; the server answers 413 at once."""
    host, port = live_server.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.putrequest("POST", "/accounts/login/")
    conn.putheader("Content-Type", "application/octet-stream")
    conn.putheader("Content-Length", str(200 * MB))
    conn.endheaders()
    sent = 0
    chunk = b"\0" * MB
    sock = conn.sock

    def stream() -> None:
        nonlocal sent
        try:
            while sent < 200 * MB:
                sock.sendall(chunk)
                sent += MB
        except OSError:
            pass  # the server closed the connection after refusing: expected

    writer = threading.Thread(target=stream, daemon=True)
    writer.start()
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    writer.join(timeout=30)
    assert response.status == 413
    assert "上传内容过大" in body
    assert sent < 200 * MB  # refused before the whole body was accepted


def test_api_upload_refused_with_stable_code(client):
    response = client.generic(
        "POST",
        "/api/v1/me",
        data=b"x",
        CONTENT_LENGTH=str(200 * MB),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json() == {
        "code": "payload_too_large",
        "message": UPLOAD_TOO_LARGE.format(limit=20),
    }
