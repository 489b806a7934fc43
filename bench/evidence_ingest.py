# ruff: noqa: S603 - runs only this repository's own commands and sha256sum
"""Time a tus upload of a generated file through tuspy against a live server, versus sha256sum.

Run: .venv/bin/python bench/evidence_ingest.py [--sizes 100M,2G] [--chunk-mib 16]
     (the first argument may also be the size(s): `evidence_ingest.py 100`, `evidence_ingest.py 100M,2G`)
Peer: `sha256sum` of the same file (the floor: the server must at least hash every byte).
Each size gets its own server, `manage.py runserver --noreload` in its own process with a
throw-away SQLite database and vault, so its peak RSS (VmHWM) is that upload's alone. Issue 3:
the server's peak for the largest size must be within 64 MiB of the smallest's, measured in the
same run; the script exits 1 otherwise. Temporary files are removed after each size.
The last line is the ratio (our throughput / sha256sum throughput) for the largest size.
"""

from __future__ import annotations

import argparse
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
MEMORY_BUDGET_MIB = 64  # issue 3: peak RSS for 2 GiB within this of the peak for 100 MiB


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


def _status_mib(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _make_file(path: Path, size: int) -> None:
    block = os.urandom(1024 * 1024)
    with open(path, "wb") as fh:
        for i in range(size // len(block)):
            fh.write(block[:16] + i.to_bytes(8, "big") + block[24:])
        fh.write(os.urandom(size % len(block)))


def _parse_mib(text: str) -> int:
    """ "100", "100M", "100MiB" -> 100; "2G", "2GiB" -> 2048."""
    value = text.strip().upper().removesuffix("IB").removesuffix("B")
    if value.endswith("G"):
        return int(value[:-1]) * 1024
    return int(value.removesuffix("M"))


class Run:
    def __init__(self, size_mib: int, peer: float, ours: float, idle: float, peak: float) -> None:
        self.size_mib, self.peer, self.ours, self.idle, self.peak = size_mib, peer, ours, idle, peak

    @property
    def ratio(self) -> float:
        return self.peer / self.ours


def _upload(port: int, secret: str, agency_id: str, data: Path, chunk_mib: int) -> float:
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
    return time.perf_counter() - start


def measure(size_mib: int, chunk_mib: int) -> Run:
    """One size, in its own temporary directory and server process, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="sanxiang-bench-") as tmp:
        var = Path(tmp)
        env = _env(var)
        out = subprocess.run(
            [PY, "-c", SETUP], env=env, check=True, capture_output=True, text=True
        ).stdout
        agency_id, secret = out.split()[-2:]
        data = var / "evidence.bin"
        _make_file(data, size_mib * 1024 * 1024)

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
            idle = _status_mib(server.pid, "VmRSS")
            ours = _upload(port, secret, agency_id, data, chunk_mib)
            peak = _status_mib(server.pid, "VmHWM")
        finally:
            server.terminate()
            server.wait(timeout=10)
        sealed = var / "vault" / expected[:2] / expected[2:4] / expected
        if not sealed.exists():
            raise SystemExit("the sealed blob is not stored under sha256sum's hash")
    print(f"file  {size_mib} MiB random, tus chunks of {chunk_mib} MiB over loopback")
    print(f"  peer  sha256sum: {peer:.3f} s, {size_mib / peer:.1f} MiB/s")
    print(
        f"  ours  tuspy → tus server (stream, hash, fsync, sniff, seal, ledger): {ours:.3f} s, "
        f"{size_mib / ours:.1f} MiB/s"
    )
    print(f"  server RSS after start-up {idle:.1f} MiB, peak (VmHWM) {peak:.1f} MiB")
    print(f"  sealed sha256 equals sha256sum: {expected}")
    return Run(size_mib, peer, ours, idle, peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", help="size(s) as for --sizes (legacy: MiB)")
    parser.add_argument("legacy_chunk", nargs="?", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sizes", help="comma-separated sizes, e.g. 100M,2G (default 100M)")
    parser.add_argument("--chunk-mib", type=int, default=16, help="tus chunk size (default 16)")
    args = parser.parse_args()
    sizes = [_parse_mib(x) for x in (args.sizes or args.size or "100M").split(",")]
    chunk_mib = args.legacy_chunk or args.chunk_mib

    runs = [measure(size, chunk_mib) for size in sizes]
    small, large = min(runs, key=lambda r: r.size_mib), max(runs, key=lambda r: r.size_mib)
    growth = large.peak - small.peak
    within = growth <= MEMORY_BUDGET_MIB
    if len(runs) > 1:
        print(
            f"server peak RSS {large.size_mib} MiB vs {small.size_mib} MiB: "
            f"{large.peak:.1f} - {small.peak:.1f} = {growth:+.1f} MiB "
            f"({'within' if within else 'NOT within'} {MEMORY_BUDGET_MIB} MiB)"
        )
    others = ", ".join(f"{r.size_mib} MiB: {r.ratio:.3f}" for r in runs if r is not large)
    print(
        f"ratio throughput ours/sha256sum: {large.ratio:.3f} ({large.size_mib} MiB"
        + (f"; {others})" if others else ")")
    )
    if not within:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
