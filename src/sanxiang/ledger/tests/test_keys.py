"""`sanxiang ledger rotate-key` and `keys`: the retired verifier keys live next to the key file."""

import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from sanxiang.ledger.keys import (
    known_verifier_keys,
    load_signing_key,
    parse_verifier,
    retired_keys_path,
)
from sanxiang.ledger.models import Checkpoint
from sanxiang.ledger.services import ledger_append

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path):
    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.pem"
    return settings.SANXIANG_LEDGER_KEY_FILE


def append(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            ledger_append(kind="test.thing.done", actor="tester", target=f"t:{i}", data={"i": i})


def test_retired_keys_file_sits_next_to_the_key(key_file, settings, tmp_path):
    assert retired_keys_path() == key_file.parent / "ledger-retired.txt"
    settings.SANXIANG_LEDGER_RETIRED_KEYS_FILE = tmp_path / "elsewhere.txt"
    assert retired_keys_path() == tmp_path / "elsewhere.txt"


def test_rotate_refused_before_any_key_exists(key_file):
    with pytest.raises(CommandError, match="尚无签名密钥"):
        call_command("ledger", "rotate-key")
    assert not key_file.exists()


def test_rotate_retires_the_old_key_and_signs_the_head_with_it_first(key_file, capsys):
    append(3)
    old = load_signing_key()
    call_command("ledger", "rotate-key")
    out = capsys.readouterr().out

    new = load_signing_key()
    assert new.key_id != old.key_id
    assert new.verifier() in out
    assert old.verifier() in out
    # The head at rotation time is signed by the old key.
    final = Checkpoint.objects.get(size=3)
    assert final.key_id == old.key_id.hex()
    # The retired file holds the old verifier string, and parses back to the same key.
    lines = retired_keys_path().read_text().splitlines()
    assert lines[0].startswith("# retired ")
    assert lines[1] == old.verifier()
    assert parse_verifier(lines[1])[1] == old.key_id
    # The old private key is archived read-only; the new key file is private.
    archived = key_file.parent / "retired" / f"ledger-{old.key_id.hex()}.pem"
    assert stat.S_IMODE(archived.stat().st_mode) == 0o400
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_keys_lists_current_then_every_retired_key(capsys):
    append(1)
    verifiers = [load_signing_key().verifier()]
    for _ in range(2):
        call_command("ledger", "rotate-key")
        verifiers.append(load_signing_key().verifier())
    capsys.readouterr()
    call_command("ledger", "keys")
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"current {verifiers[2]}",
        f"retired {verifiers[0]}",
        f"retired {verifiers[1]}",
    ]


def test_a_retired_line_repeating_the_current_key_is_listed_once():
    """What a rotation interrupted after recording the old key leaves behind."""
    current = load_signing_key().verifier()
    retired_keys_path().write_text(f"{current}\n")
    known = known_verifier_keys()
    assert [(k.verifier, k.retired) for k in known.keys] == [(current, False)]


def test_keys_refuses_a_malformed_retired_file(capsys):
    load_signing_key()
    retired_keys_path().write_text("# comment\n\nnot-a-verifier-key\n")
    with pytest.raises(CommandError, match="无效"):
        call_command("ledger", "keys")
    assert "第 3 行无效" in capsys.readouterr().err


def test_checkpoint_subcommand_prints_the_signed_note(capsys):
    append(2)
    call_command("ledger", "checkpoint")
    note = capsys.readouterr().out
    assert note == Checkpoint.objects.get(size=2).note
