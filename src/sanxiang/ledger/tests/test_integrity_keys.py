"""`sanxiang verify` after key rotations: each checkpoint is checked with the key that signed it."""

import base64

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from sanxiang.ledger.keys import load_signing_key, retired_keys_path
from sanxiang.ledger.models import Checkpoint
from sanxiang.ledger.services import checkpoint_publish, ledger_append, tree_size

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path):
    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger-ed25519.pem"
    return settings.SANXIANG_LEDGER_KEY_FILE


def grow_and_sign(n: int) -> Checkpoint:
    for _ in range(n):
        with transaction.atomic():
            ledger_append(kind="test.thing.done", actor="t", target=f"t:{tree_size()}", data={})
    return checkpoint_publish()


def verify(capsys) -> tuple[bool, str]:
    try:
        call_command("verify", "--quiet")
    except CommandError as exc:
        return False, capsys.readouterr().out + str(exc)
    return True, capsys.readouterr().out


@pytest.fixture
def rotated_twice():
    """Checkpoints signed by three keys in turn: two retired, one current."""
    signers = []
    for _ in range(2):
        grow_and_sign(3)
        signers.append(load_signing_key().key_id.hex())
        call_command("ledger", "rotate-key")
        grow_and_sign(2)
    grow_and_sign(4)
    signers.append(load_signing_key().key_id.hex())
    return signers


def test_rotated_log_verifies_clean(rotated_twice, capsys):
    used = set(Checkpoint.objects.values_list("key_id", flat=True))
    assert used == set(rotated_twice)
    ok, out = verify(capsys)
    assert ok, out
    assert "校验通过" in out


def test_deleted_retired_keys_name_each_checkpoint_they_signed(rotated_twice, capsys):
    retired_keys_path().unlink()
    ok, out = verify(capsys)
    assert not ok
    orphaned = Checkpoint.objects.exclude(key_id=rotated_twice[-1]).order_by("size")
    assert orphaned.exists()
    for cp in orphaned:
        assert f"检查点 {cp.size} 由未知密钥" in out, out
        assert cp.key_id in out
    assert out.count("[checkpoint_key_unknown]") == orphaned.count()
    assert "[checkpoint_signature_invalid]" not in out


def test_one_retired_key_removed_orphans_only_its_checkpoints(rotated_twice, capsys):
    path = retired_keys_path()
    kept = [line for line in path.read_text().splitlines() if rotated_twice[0] not in line]
    path.write_text("\n".join(kept) + "\n")
    ok, out = verify(capsys)
    assert not ok
    unknown = Checkpoint.objects.filter(key_id=rotated_twice[0]).count()
    assert out.count("[checkpoint_key_unknown]") == unknown


def test_malformed_retired_line_is_reported(rotated_twice, capsys):
    with retired_keys_path().open("a") as fh:
        fh.write("sanxiang.example.gov.cn/ledger+00000000+AAAA\n")
    ok, out = verify(capsys)
    assert not ok
    assert "[retired_key_malformed]" in out


def test_tampered_checkpoint_of_a_retired_key_is_invalid_not_unknown(rotated_twice, capsys):
    cp = Checkpoint.objects.filter(key_id=rotated_twice[0]).order_by("size").first()
    body, _, line = cp.note.partition("\n\n")
    dash, name, signature = line.strip().split(" ")
    raw = bytearray(base64.b64decode(signature))
    raw[-1] ^= 1
    note = f"{body}\n\n{dash} {name} {base64.b64encode(bytes(raw)).decode()}\n"
    Checkpoint.objects.filter(pk=cp.pk).update(note=note)
    ok, out = verify(capsys)
    assert not ok
    assert f"[checkpoint_signature_invalid] 检查点 {cp.size} " in out
    assert "[checkpoint_key_unknown]" not in out


def test_verify_never_creates_a_missing_current_key(rotated_twice, key_file, capsys):
    key_file.unlink()
    ok, out = verify(capsys)
    assert not ok
    assert not key_file.exists()
    current = Checkpoint.objects.filter(key_id=rotated_twice[-1]).count()
    assert out.count("[checkpoint_key_unknown]") == current


def test_origin_change_after_rotation_keeps_old_checkpoints_verifiable(settings, capsys):
    grow_and_sign(3)
    call_command("ledger", "rotate-key")  # under the old origin, as the how-to says
    settings.SANXIANG_LEDGER_ORIGIN = "sanxiang.new-domain.gov.cn/ledger"
    latest = grow_and_sign(2)
    assert latest.note.startswith("sanxiang.new-domain.gov.cn/ledger\n")
    ok, out = verify(capsys)
    assert ok, out
