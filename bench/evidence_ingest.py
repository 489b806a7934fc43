# ruff: noqa: S603 - runs only this repository's own commands and sha256sum
"""Time a tus upload of a generated file through tuspy against a live server, versus sha256sum.

Run: .venv/bin/python bench/evidence_ingest.py [SIZE_MIB] [CHUNK_MIB]   (defaults 100 and 16)
Peer: `sha256sum` of the same file (the floor: the server must at least hash every byte).
The server is `manage.py runserver --noreload` in its own process with a throw-away SQLite
database and vault; its peak RSS (VmHWM) shows that memory does not grow with the file.
The last line is the ratio (our throughput / sha256sum throughput).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def _env(var: Path) -> dict[str, str]:
    env = dict(os.environ)
    env |= {
        "DJANGO_SETTINGS_MODULE": "sanxiang.config.settings.base",
        "SANXIANG_VAR_DIR": str(var),
        "SANXIANG_SQLITE_PATH": str(var / "bench.sqlite3"),
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DATABASE_URL", None)
    return env


SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from sanxiang.accounts.services import api_token_create
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role
agency = AgencyFactory()
user = user_with_role(Role.OFFICER, agency)
print(agency.pk, api_token_create(user=user, name="bench")[1])
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("server exited early")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("server did not start")


def _peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _make_file(path: Path, size: int) -> None:
    block = os.urandom(1024 * 1024)
    with open(path, "wb") as fh:
        for i in range(size // len(block)):
            fh.write(block[:16] + i.to_bytes(8, "big") + block[24:])
        fh.write(os.urandom(size % len(block)))


def main() -> None:
    size_mib = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    chunk_mib = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    size = size_mib * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="sanxiang-bench-") as tmp:
        var = Path(tmp)
        env = _env(var)
        out = subprocess.run(
            [PY, "-c", SETUP], env=env, check=True, capture_output=True, text=True
        ).stdout
        agency_id, secret = out.split()[-2:]
        data = var / "evidence.bin"
        _make_file(data, size)

        start = time.perf_counter()
        peer_out = subprocess.run(
            [shutil.which("sha256sum") or "/usr/bin/sha256sum", str(data)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        peer = time.perf_counter() - start
        expected = peer_out.split()[0]

        port = _free_port()
        server = subprocess.Popen(
            [PY, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_port(port, server)
            from tusclient import client as tus_client

            tus = tus_client.TusClient(
                f"http://127.0.0.1:{port}/api/v1/uploads/",
                headers={"Authorization": f"Bearer {secret}"},
            )
            uploader = tus.uploader(
                str(data),
                chunk_size=chunk_mib * 1024 * 1024,
                metadata={"filename": "evidence.bin", "agency": agency_id},
            )
            start = time.perf_counter()
            uploader.upload()
            ours = time.perf_counter() - start
            rss = _peak_rss_mib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)
        sealed = var / "vault" / expected[:2] / expected[2:4] / expected
        assert sealed.exists(), "the sealed blob is not stored under sha256sum's hash"

    print(f"file  {size_mib} MiB random, tus chunks of {chunk_mib} MiB over loopback")
    print(f"peer  sha256sum: {peer:.3f} s, {size_mib / peer:.1f} MiB/s")
    print(
        f"ours  tuspy → tus server (stream, hash, fsync, sniff, seal, ledger): {ours:.3f} s, "
        f"{size_mib / ours:.1f} MiB/s"
    )
    print(f"server peak RSS: {rss:.1f} MiB")
    print(f"sealed sha256 equals sha256sum: {expected}")
    print(f"ratio throughput ours/sha256sum: {peer / ours:.3f}")


if __name__ == "__main__":
    main()
