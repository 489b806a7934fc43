"""Ledger evidence bundles: a bundle written from the real ledger verifies offline, and every kind
of tampering (file, manifest, entry, proof, checkpoint, key, ZIP structure) is named."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import transaction

from sanxiang.ledger.bundle_writer import BundleWriter
from sanxiang.ledger.bundles import (
    CHECKPOINT,
    ENTRIES,
    KEY,
    MANIFEST,
    PROOFS,
    bundle_verify,
    parse_checkpoint,
)
from sanxiang.ledger.exports import bundle_seal
from sanxiang.ledger.keys import SigningKey, load_signing_key
from sanxiang.ledger.merkle import MemoryTree, inclusion_proof
from sanxiang.ledger.services import checkpoint_body, ledger_append

pytestmark = pytest.mark.django_db

EVIDENCE = b"\x00\x01video bytes" * 1000
NOTE = "现场检查情况说明".encode()


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path):
    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.pem"


def _append(kind: str, data: dict, subject: str = "") -> int:
    with transaction.atomic():
        return ledger_append(
            kind=kind, actor="tester", target="t:1", data=data, subject_sha256=subject
        ).index


@pytest.fixture
def bundle(tmp_path) -> Path:
    """Two files (one attested by its own entry), an unrelated entry, and the manifest's seal."""
    sha = hashlib.sha256(EVIDENCE).hexdigest()
    _append("test.other.done", {"i": 0})
    sealed = _append("evidence.item.sealed", {"new": {"sha256": sha, "size": len(EVIDENCE)}}, sha)
    step = _append("cases.case.recorded", {"new": {"text": "询问"}})
    _append("test.other.done", {"i": 1})
    path = tmp_path / "bundle.zip"
    with BundleWriter(path) as writer:
        writer.add_file(
            "files/evidence/01.mp4",
            iter([EVIDENCE[:5000], EVIDENCE[5000:]]),
            media_type="video/mp4",
            title="执法记录.mp4",
            ledger_index=sealed,
        )
        writer.add_file("files/note.txt", NOTE, media_type="text/plain", title="说明")
        manifest = writer.write_manifest(
            title="测试案卷", origin=settings.SANXIANG_LEDGER_ORIGIN, entries=[sealed, step]
        )
        digest = hashlib.sha256(manifest).hexdigest()
        seal = _append("test.bundle.exported", {"new": {"manifest_sha256": digest}}, digest)
        bundle_seal(writer, indexes=[sealed, step, seal])
    return path


def rewrite(src: Path, dst: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """Copy a ZIP with its members changed as an attacker with a ZIP tool would."""
    with zipfile.ZipFile(src) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    change(members)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return dst


def flip(data: bytes, at: int = 100) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]


def test_bundle_verifies_when_untouched(bundle):
    report = bundle_verify(bundle)
    assert report.ok, report.problems
    assert report.title == "测试案卷"
    assert report.files == 2
    assert report.entries == 3
    assert report.key == load_signing_key().verifier()
    assert report.sealed_by is not None


def test_bundle_verifies_with_the_published_key_when_trusted_key_given(bundle):
    assert bundle_verify(bundle, trusted_key=load_signing_key().verifier()).ok


def test_entry_lines_are_the_leaves_when_hashed_with_standard_tools(bundle):
    """A court's own tool: leaf = SHA-256(0x00 ‖ line), then RFC 9162 with the proof."""
    with zipfile.ZipFile(bundle) as zf:
        lines = zf.read(ENTRIES).splitlines()
        proofs = json.loads(zf.read(PROOFS))
    for line, row in zip(lines, proofs["entries"], strict=True):
        assert hashlib.sha256(b"\x00" + line).hexdigest() == row["leaf_hash"]


def _set(name: str, value: bytes) -> Callable[[dict[str, bytes]], None]:
    def change(m: dict[str, bytes]) -> None:
        m[name] = value

    return change


def _edit_json(name: str, edit: Callable[[dict], None]) -> Callable[[dict[str, bytes]], None]:
    def change(m: dict[str, bytes]) -> None:
        body = json.loads(m[name])
        edit(body)
        m[name] = json.dumps(body, ensure_ascii=False, indent=2).encode()

    return change


def _edit_entry(m: dict[str, bytes]) -> None:
    lines = m[ENTRIES].split(b"\n")
    lines[0] = lines[0].replace(b'"tester"', b'"someone"')
    m[ENTRIES] = b"\n".join(lines)


def _edit_proof(body: dict) -> None:
    first = body["entries"][0]["inclusion"][0]
    body["entries"][0]["inclusion"][0] = ("0" if first[0] != "0" else "1") + first[1:]


def _edit_checkpoint(m: dict[str, bytes]) -> None:
    lines = m[CHECKPOINT].decode().split("\n")
    lines[1] = str(int(lines[1]) + 1)
    m[CHECKPOINT] = "\n".join(lines).encode()


def _other_key() -> str:
    return SigningKey(settings.SANXIANG_LEDGER_ORIGIN, Ed25519PrivateKey.generate()).verifier()


def _remove_entry(m: dict[str, bytes]) -> None:
    """Drop the step's entry and its proof consistently (hiding a record from the court)."""
    lines = m[ENTRIES].split(b"\n")
    proofs = json.loads(m[PROOFS])
    keep = [i for i, line in enumerate(lines[:-1]) if b"cases.case.recorded" not in line]
    m[ENTRIES] = b"".join(lines[i] + b"\n" for i in keep)
    proofs["entries"] = [proofs["entries"][i] for i in keep]
    m[PROOFS] = json.dumps(proofs).encode()


TAMPERING = {
    "file_altered": (lambda m: m.update({"files/note.txt": flip(NOTE, 3)}), "files/note.txt"),
    "file_missing": (lambda m: m.pop("files/evidence/01.mp4"), "files/evidence/01.mp4"),
    "file_extra": (_set("files/extra.pdf", b"%PDF-1.7"), "files/extra.pdf"),
    "manifest_unsealed": (_edit_json(MANIFEST, lambda b: b.update(title="另一个案卷")), MANIFEST),
    "entry_altered": (_edit_entry, ENTRIES),
    "proof_invalid": (_edit_json(PROOFS, _edit_proof), PROOFS),
    "checkpoint_signature_invalid": (_edit_checkpoint, CHECKPOINT),
    "checkpoint_key_unknown": (lambda m: m.update({KEY: _other_key().encode()}), KEY),
    "entry_missing": (_remove_entry, ENTRIES),
    "ledger_file_missing": (lambda m: m.pop(PROOFS), PROOFS),
}


@pytest.mark.parametrize("code", TAMPERING)
def test_tampering_is_named_when_bundle_changed(bundle, tmp_path, code):
    change, path = TAMPERING[code]
    report = bundle_verify(rewrite(bundle, tmp_path / "tampered.zip", change))
    assert not report.ok
    assert code in report.codes, report.problems
    assert any(p.code == code and p.path == path for p in report.problems)
    assert all(p.message for p in report.problems)


def test_file_altered_together_with_manifest_is_named_when_manifest_unsealed(bundle, tmp_path):
    def change(m: dict[str, bytes]) -> None:
        m["files/note.txt"] = b"forged"
        body = json.loads(m[MANIFEST])
        body["files"][1].update(sha256=hashlib.sha256(b"forged").hexdigest(), size=6)
        m[MANIFEST] = json.dumps(body).encode()

    report = bundle_verify(rewrite(bundle, tmp_path / "t.zip", change))
    assert report.codes == ["manifest_unsealed"]


def test_evidence_swapped_with_manifest_is_named_when_entry_does_not_attest_it(bundle, tmp_path):
    def change(m: dict[str, bytes]) -> None:
        m["files/evidence/01.mp4"] = b"other video"
        body = json.loads(m[MANIFEST])
        body["files"][0].update(sha256=hashlib.sha256(b"other video").hexdigest(), size=11)
        m[MANIFEST] = json.dumps(body).encode()

    report = bundle_verify(rewrite(bundle, tmp_path / "t.zip", change))
    assert "file_entry_mismatch" in report.codes
    assert "manifest_unsealed" in report.codes


def test_entry_added_is_named_when_a_proven_entry_is_not_in_the_manifest(bundle, tmp_path):
    """Even a genuine, provable entry may not be slipped in: the manifest fixes the set."""
    from sanxiang.ledger.models import LedgerEntry
    from sanxiang.ledger.selectors import inclusion

    def change(m: dict[str, bytes]) -> None:
        proofs = json.loads(m[PROOFS])
        extra = LedgerEntry.objects.get(index=0)
        m[ENTRIES] = extra.entry.encode() + b"\n" + m[ENTRIES]
        hashes = inclusion(index=0, size=proofs["tree_size"])
        row = {"index": 0, "leaf_hash": extra.leaf_hash, "inclusion": hashes}
        proofs["entries"].insert(0, row)
        m[PROOFS] = json.dumps(proofs).encode()

    report = bundle_verify(rewrite(bundle, tmp_path / "t.zip", change))
    assert report.codes == ["entry_extra"]
    assert "#0" in report.problems[0].message


def test_raw_byte_flip_in_zip_is_named_when_crc_fails(bundle, tmp_path):
    data = bundle.read_bytes()
    at = data.index(b"video bytes") + 2
    copy = tmp_path / "flipped.zip"
    copy.write_bytes(flip(data, at))
    report = bundle_verify(copy)
    assert [(p.code, p.path) for p in report.problems] == [
        ("file_altered", "files/evidence/01.mp4")
    ]


def test_duplicate_member_is_named_when_zip_holds_two_files_of_one_name(bundle, tmp_path):
    copy = tmp_path / "dup.zip"
    copy.write_bytes(bundle.read_bytes())
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(copy, "a") as zf:
        zf.writestr("files/note.txt", b"second copy")
    report = bundle_verify(copy)
    assert "zip_duplicate_name" in report.codes


def _resign(m: dict[str, bytes], key: SigningKey) -> None:
    cp = parse_checkpoint(m[CHECKPOINT].decode())
    m[CHECKPOINT] = _signed(key, cp.size, cp.root).encode()
    m[KEY] = (key.verifier() + "\n").encode()


def test_resigned_bundle_is_refused_when_trusted_key_given(bundle, tmp_path):
    forger = SigningKey(settings.SANXIANG_LEDGER_ORIGIN, Ed25519PrivateKey.generate())
    forged = rewrite(bundle, tmp_path / "forged.zip", lambda m: _resign(m, forger))
    # Self-consistent, so only the published key tells it apart: that is what --key is for.
    assert bundle_verify(forged).key == forger.verifier()
    report = bundle_verify(forged, trusted_key=load_signing_key().verifier())
    assert report.codes == ["key_untrusted"]


def test_unreadable_file_is_reported_when_not_a_zip(tmp_path):
    path = tmp_path / "x.zip"
    path.write_bytes(b"not a zip")
    assert bundle_verify(path).codes == ["bundle_unreadable"]


def _signed(key: SigningKey, size: int, root: bytes) -> str:
    body = checkpoint_body(key.name, size, root)
    sig = base64.b64encode(key.key_id + key.sign(body.encode())).decode()
    return f"{body}\n\u2014 {key.name} {sig}\n"


def test_in_memory_tree_bundle_verifies_when_written_without_database(tmp_path):
    """The format is the ledger's own: a MemoryTree of the same entries gives the same proofs."""
    key = SigningKey("example.org/log", Ed25519PrivateKey.generate())
    path = tmp_path / "mem.zip"
    with BundleWriter(path) as writer:
        writer.add_file("files/a.txt", b"a", media_type="text/plain")
        manifest = writer.write_manifest(title="t", origin=key.name, entries=[1])
        seal = {"data": {"m": hashlib.sha256(manifest).hexdigest()}}
        entries = [json.dumps({"data": {"i": i}}).encode() for i in range(5)]
        entries[3] = json.dumps(seal).encode()
        tree = MemoryTree()
        for e in entries:
            tree.append(e)
        writer.write_ledger(
            entries={1: entries[1], 3: entries[3]},
            proofs={i: inclusion_proof(tree.read, i, tree.size) for i in (1, 3)},
            tree_size=tree.size,
            root_hash=tree.root(),
            checkpoint=_signed(key, tree.size, tree.root()),
            keys=[key.verifier()],
        )
    report = bundle_verify(io.BytesIO(path.read_bytes()), trusted_key=key.verifier())
    assert report.ok, report.problems
    assert report.sealed_by == 3


def test_verifier_imports_without_django_settings_when_run_standalone(bundle):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys; from sanxiang.ledger.bundles import bundle_verify; "
        "r = bundle_verify(sys.argv[1]); print(r.ok); sys.exit(0 if r.ok else 1)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(bundle)], env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.strip() == b"True"
