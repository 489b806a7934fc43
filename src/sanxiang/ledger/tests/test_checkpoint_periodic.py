"""Periodic checkpoints (ADR 0007): signed only when due, never two inconsistent ones.

The last test runs the real thing: two `sanxiang worker` processes and a process appending to the
log, all on one database (the test's own PostgreSQL database, or a copy of the in-memory SQLite
one in a file), then `sanxiang verify` over what they signed.
"""

import datetime as dt
import logging
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from sanxiang.ledger.models import Checkpoint
from sanxiang.ledger.services import checkpoint_publish, ledger_append
from sanxiang.ledger.tasks import CheckpointTicker, checkpoint_publish_if_due

MINUTE = dt.timedelta(seconds=60)


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path):
    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.pem"
    return settings.SANXIANG_LEDGER_KEY_FILE


def append(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        with transaction.atomic():
            ledger_append(kind="test.thing.done", actor="tester", target=f"t:{i}", data={"i": i})


def backdate_latest(seconds: float) -> None:
    latest = Checkpoint.objects.order_by("-size").first()
    Checkpoint.objects.filter(pk=latest.pk).update(
        created_at=timezone.now() - dt.timedelta(seconds=seconds)
    )


@pytest.mark.django_db
def test_nothing_signed_when_the_log_is_empty():
    assert checkpoint_publish_if_due(interval=MINUTE) is None
    assert Checkpoint.objects.count() == 0


@pytest.mark.django_db
def test_first_checkpoint_signed_as_soon_as_the_log_has_entries():
    append(3)
    cp = checkpoint_publish_if_due(interval=MINUTE)
    assert cp is not None
    assert cp.size == 3


@pytest.mark.django_db
def test_not_signed_again_when_the_log_did_not_grow():
    append(3)
    checkpoint_publish()
    backdate_latest(3600)
    assert checkpoint_publish_if_due(interval=MINUTE) is None
    assert Checkpoint.objects.count() == 1


@pytest.mark.django_db
def test_grown_log_waits_for_the_interval_then_is_signed():
    append(3)
    checkpoint_publish()
    append(2, start=3)
    assert checkpoint_publish_if_due(interval=MINUTE) is None
    backdate_latest(61)
    cp = checkpoint_publish_if_due(interval=MINUTE)
    assert cp is not None
    assert cp.size == 5
    assert Checkpoint.objects.count() == 2


@pytest.mark.django_db
def test_ticker_survives_a_failing_tick_and_signs_on_the_next(settings, tmp_path, caplog):
    append(2)
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.SANXIANG_LEDGER_KEY_FILE = blocker / "ledger.pem"  # the key cannot be created
    ticker = CheckpointTicker(interval=60)
    with caplog.at_level(logging.ERROR, logger="sanxiang.ledger.tasks"):
        assert ticker.tick() is None
    assert "定时签发检查点失败" in caplog.text
    assert Checkpoint.objects.count() == 0
    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.pem"
    cp = ticker.tick()
    assert cp is not None
    assert cp.size == 2


# --- two real worker processes ------------------------------------------------------------

APPENDER = """
import sys, time
import django
django.setup()
from django.db import transaction
from sanxiang.ledger.models import Checkpoint
from sanxiang.ledger.services import ledger_append
# Append for at least argv[1] seconds, and on until the workers have signed argv[2] checkpoints
# (a loaded machine starts the workers late), within a hard limit of 90 seconds.
start, i = time.monotonic(), 0
least, wanted = float(sys.argv[1]), int(sys.argv[2])
while time.monotonic() - start < least or (
    Checkpoint.objects.count() < wanted and time.monotonic() - start < 90
):
    with transaction.atomic():
        ledger_append(kind="test.tick", actor="appender", target=f"t:{i}", data={"i": i})
    i += 1
    time.sleep(0.005)
print(i)
"""

INTERVAL = 0.1
WANTED_CHECKPOINTS = 5


def sanxiang_executable() -> str:
    return str(Path(sys.executable).parent / "sanxiang")


def shared_database_env(tmp_path: Path) -> dict[str, str]:
    """Environment for processes that share this test's database (see the module docstring)."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "sanxiang.config.settings.base",
        "SANXIANG_VAR_DIR": str(tmp_path / "var"),
        "SANXIANG_LEDGER_KEY_FILE": str(tmp_path / "keys" / "ledger.pem"),
    }
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = f"{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
        env["DATABASE_URL"] = f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    else:
        path = tmp_path / "shared.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)  # the migrated in-memory test database
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        env["SANXIANG_SQLITE_PATH"] = str(path)
    return env


def bring_back(env: dict[str, str]) -> None:
    """Copy what the processes wrote back into the in-memory SQLite test database."""
    if "SANXIANG_SQLITE_PATH" in env:
        source = sqlite3.connect(env["SANXIANG_SQLITE_PATH"])
        source.backup(connection.connection)
        source.close()


def run_workers_and_appender(env: dict[str, str], seconds: float) -> tuple[int, list[str]]:
    worker = [
        sanxiang_executable(),
        "worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.5",
        "--checkpoint-interval",
        str(INTERVAL),
    ]
    workers = [
        subprocess.Popen(worker, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    try:
        appended = subprocess.run(
            [sys.executable, "-c", APPENDER, str(seconds), str(WANTED_CHECKPOINTS)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        time.sleep(INTERVAL * 10)  # a few more ticks to sign the final head
    finally:
        for proc in workers:
            proc.terminate()
    logs = []
    for proc in workers:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        logs.append(out + err)
    return int(appended.stdout.split()[-1]), logs


@pytest.mark.django_db(transaction=True)
def test_two_workers_sign_periodic_consistent_checkpoints(tmp_path, capsys):
    env = shared_database_env(tmp_path)
    appended, logs = run_workers_and_appender(env, seconds=3)
    bring_back(env)

    for log in logs:
        assert "检查点：日志有增长时每 0.1 秒签发一次" in log
        assert "Traceback" not in log, log
        assert "定时签发检查点失败" not in log, log
    checkpoints = list(Checkpoint.objects.order_by("size"))
    assert appended > 50
    assert len(checkpoints) >= WANTED_CHECKPOINTS
    assert checkpoints[-1].size == appended  # the final head was signed once the log stopped
    gaps = [b.created_at - a.created_at for a, b in zip(checkpoints, checkpoints[1:], strict=False)]
    assert min(gaps) >= dt.timedelta(seconds=INTERVAL), "two checkpoints within one interval"
    call_command("verify", "--quiet")  # every signature and every consecutive pair consistent
    assert "校验通过" in capsys.readouterr().out
