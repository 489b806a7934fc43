"""电子案卷: the page-numbered case file PDF and the export ZIP that verifies offline, including
with `sanxiang verify --bundle` in a process that has no database at all."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from pypdf import PdfReader

from sanxiang.cases.services import case_record_add
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY, act, make_world, register
from sanxiang.core.errors import NotFound
from sanxiang.core.models import AuditEvent
from sanxiang.documents import services
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.services_casefile import (
    EVENT_DOWNLOADED,
    EVENT_EXPORTED,
    casefile_export,
    casefile_pdf,
)
from sanxiang.evidence.models import EvidenceItem
from sanxiang.evidence.tests.conftest import video_file  # noqa: F401  (session fixture)
from sanxiang.evidence.tests.factories import upload_bytes
from sanxiang.ledger.bundles import CHECKPOINT, ENTRIES, KEY, MANIFEST, PROOFS, bundle_verify
from sanxiang.ledger.keys import load_signing_key
from sanxiang.ledger.models import LedgerEntry
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import SupervisoryAgencyFactory, user_with_role

A = CaseAction
K = DocumentKind
pytestmark = pytest.mark.django_db
PHOTO = b"\xff\xd8\xff\xe0" + b"not really a jpeg but sealed bytes" * 50


@pytest.fixture(autouse=True)
def ledger_key(settings, tmp_path):
    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.pem"


@pytest.fixture
def world():
    return make_world()


def seal(world, body: bytes, filename: str) -> EvidenceItem:
    client = Client()
    client.force_login(world.officer)
    response = upload_bytes(client, body, filename=filename, agency=str(world.agency.pk))
    assert response.status_code == 204, response.content
    return EvidenceItem.objects.get(agency=world.agency, filename=filename)


def recorded_case(world, video: bytes):
    """A case under investigation with a 询问笔录 step carrying a video."""
    case = register(world)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action)
    item = seal(world, video, "执法记录仪-001.mp4")
    step = case_record_add(
        user=world.officer,
        case_id=case.pk,
        payload={
            "kind": "interview",
            "occurred_on": TODAY,
            "place": "当事人经营场所",
            "persons": "张某（店长）",
            "certificate_shown": True,
            "text": "问：你店是否销售过期食品？答：是的。",
            "signed_by_party": True,
            "evidence_ids": [str(item.pk)],
        },
        today=TODAY,
    )
    return case, step, item


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def rewrite(src: Path, dst: Path, change) -> Path:
    files = members(src)
    change(files)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return dst


def pdf_text(data: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_export_verifies_offline_with_documents_and_evidence_when_untouched(world, video_file):  # noqa: F811
    video = video_file.read_bytes()
    case, step, item = recorded_case(world, video)
    photo = seal(world, PHOTO, "现场照片.jpg")
    case_record_add(
        user=world.officer,
        case_id=case.pk,
        payload={
            "kind": "site",
            "occurred_on": TODAY,
            "place": "店铺货架",
            "persons": "张某",
            "certificate_shown": True,
            "text": "货架上有过期饼干12袋。",
            "signed_by_party": True,
            "evidence_ids": [str(photo.pk), str(item.pk)],
        },
        today=TODAY,
    )
    first = services.document_generate(
        user=world.officer, case_id=case.pk, kind=K.INTERVIEW_RECORD, step_id=step.pk, today=TODAY
    )
    latest = services.document_generate(
        user=world.officer, case_id=case.pk, kind=K.INTERVIEW_RECORD, step_id=step.pk, today=TODAY
    )

    result = casefile_export(user=world.officer, case_id=case.pk)
    try:
        report = bundle_verify(result.path, trusted_key=load_signing_key().verifier())
        assert report.ok, report.problems
        files = members(result.path)
        assert result.sha256 == hashlib.sha256(result.path.read_bytes()).hexdigest()
    finally:
        result.path.unlink()
    manifest = json.loads(files[MANIFEST])
    by_title = {f["title"]: f for f in manifest["files"]}
    # Evidence: each item once, byte for byte, attested by its own sealing entry.
    video_row = by_title["执法记录仪-001.mp4"]
    assert files[video_row["path"]] == video
    assert video_row["sha256"] == item.blob_id
    assert files[by_title["现场照片.jpg"]["path"]] == PHOTO
    sealed = LedgerEntry.objects.get(index=video_row["ledger_index"])
    assert sealed.kind == "evidence.item.sealed"
    # Both versions of the signed 文书, each attested by its generated entry.
    pdfs = [f for f in manifest["files"] if f["path"].startswith("files/documents/")]
    assert sorted(f["sha256"] for f in pdfs) == sorted([first.pdf_id, latest.pdf_id])
    assert all(
        LedgerEntry.objects.get(index=f["ledger_index"]).kind == "documents.document.generated"
        for f in pdfs
    )
    # Every step of the case is in the bundle's ledger part.
    kinds = [json.loads(line)["type"] for line in files[ENTRIES].splitlines()]
    step_events = AuditEvent.objects.filter(target_type="cases.casestep")
    assert step_events.count() >= 2
    assert {e.event for e in step_events} <= set(kinds)
    assert EVENT_EXPORTED in kinds
    # The exported PDF: cover, index with start pages, only the latest 文书 version, evidence list.
    casefile = files["files/casefile.pdf"]
    text = pdf_text(casefile)
    for heading in ("卷内目录", "询问笔录", "证据清单"):
        assert heading in text
    assert item.blob_id[:32] in text
    pages = len(PdfReader(io.BytesIO(casefile)).pages)
    assert pages == 2 + latest.pages + 1
    assert f"—{pages}—" in text
    export = AuditEvent.objects.get(event=EVENT_EXPORTED)
    assert export.new["manifest_sha256"] == report.manifest_sha256
    assert export.actor == world.officer


def test_casefile_pdf_numbers_every_page_and_is_ledgered_when_downloaded(world, video_file):  # noqa: F811
    case, _, item = recorded_case(world, video_file.read_bytes())
    pdf = casefile_pdf(user=world.officer, case_id=case.pk)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    for number, page in enumerate(reader.pages, start=1):
        assert f"— {number} —" in page.extract_text()
    index_text = "".join(reader.pages[1].extract_text().split())
    assert "证据清单3" in index_text
    entry = LedgerEntry.objects.get(kind=EVENT_DOWNLOADED)
    assert entry.subject_sha256 == hashlib.sha256(pdf).hexdigest()


def test_export_refused_as_not_found_when_case_of_another_agency(world, video_file):  # noqa: F811
    case, _, _ = recorded_case(world, video_file.read_bytes())
    other = make_world("他局")
    with pytest.raises(NotFound):
        casefile_export(user=other.agency_head, case_id=case.pk)
    with pytest.raises(NotFound):
        casefile_pdf(user=other.officer, case_id=case.pk)
    assert not AuditEvent.objects.filter(event__startswith="documents.casefile.").exists()


def tamperings(files: dict[str, bytes]) -> dict[str, tuple[str, str, object]]:
    """code -> (path named, description, change)."""
    evidence = next(p for p in files if p.startswith("files/evidence/"))

    def flip(name):
        def change(m):
            data = m[name]
            m[name] = data[:200] + bytes([data[200] ^ 1]) + data[201:]

        return change

    def edit_manifest(m):
        body = json.loads(m[MANIFEST])
        body["meta"]["case_title"] = "另一个案由"
        m[MANIFEST] = json.dumps(body, ensure_ascii=False, indent=2).encode()

    def edit_entry(m):
        edited = m[ENTRIES].replace(b'"actor":"', b'"actor":"x', 1)
        assert edited != m[ENTRIES]
        m[ENTRIES] = edited

    def edit_proof(m):
        body = json.loads(m[PROOFS])
        row = next(r for r in body["entries"] if r["inclusion"])
        row["inclusion"][-1] = "00" * 32
        m[PROOFS] = json.dumps(body).encode()

    def edit_checkpoint(m):
        lines = m[CHECKPOINT].decode().split("\n")
        lines[2] = "A" * 43 + "="
        m[CHECKPOINT] = "\n".join(lines).encode()

    def swap_key(m):
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from django.conf import settings

        from sanxiang.ledger.keys import SigningKey

        other = SigningKey(settings.SANXIANG_LEDGER_ORIGIN, Ed25519PrivateKey.generate())
        m[KEY] = other.verifier().encode() + b"\n"

    return {
        "file_altered": (evidence, "一个字节被修改", flip(evidence)),
        "file_missing": (evidence, "删除文件", lambda m: m.pop(evidence)),
        "file_extra": (
            "files/补充材料.pdf",
            "增加文件",
            lambda m: m.update({"files/补充材料.pdf": b"%PDF"}),
        ),
        "manifest_unsealed": (MANIFEST, "修改清单", edit_manifest),
        "entry_altered": (ENTRIES, "修改日志条目", edit_entry),
        "proof_invalid": (PROOFS, "修改包含证明", edit_proof),
        "checkpoint_signature_invalid": (CHECKPOINT, "修改检查点", edit_checkpoint),
        "checkpoint_key_unknown": (KEY, "替换公钥", swap_key),
    }


def test_export_names_each_tampering_when_any_part_changed(world, video_file, tmp_path):  # noqa: F811
    case, _, _ = recorded_case(world, video_file.read_bytes())
    result = casefile_export(user=world.officer, case_id=case.pk)
    original = tmp_path / "original.zip"
    shutil.move(result.path, original)
    assert bundle_verify(original).ok
    for code, (path, what, change) in tamperings(members(original)).items():
        report = bundle_verify(rewrite(original, tmp_path / f"{code}.zip", change))
        assert (code, path) in [(p.code, p.path) for p in report.problems], (what, report.problems)


def test_supervisor_exports_read_only_when_agency_supervised(world, video_file):  # noqa: F811
    justice = SupervisoryAgencyFactory()
    world.agency.supervising_agency = justice
    world.agency.save()
    case, _, _ = recorded_case(world, video_file.read_bytes())
    supervisor = user_with_role(Role.SUPERVISOR, justice)
    result = casefile_export(user=supervisor, case_id=case.pk)
    try:
        assert bundle_verify(result.path).ok
    finally:
        result.path.unlink()
    export = AuditEvent.objects.get(event=EVENT_EXPORTED)
    assert export.actor == supervisor
    assert export.agency_id == world.agency.pk


def _cli(zip_path: Path, *extra: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`sanxiang verify --bundle` where no database can be reached at all."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "DJANGO", "PG"))}
    env["DATABASE_URL"] = "postgres://nobody:nothing@127.0.0.1:1/none"
    env["SANXIANG_SQLITE_PATH"] = str(cwd / "no-such-dir" / "db.sqlite3")
    env["DJANGO_SETTINGS_MODULE"] = "sanxiang.config.settings.dev"
    sanxiang = Path(sys.executable).with_name("sanxiang")
    return subprocess.run(
        [str(sanxiang), "verify", "--bundle", str(zip_path), *extra],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_verifies_bundle_without_database_when_copied_elsewhere(world, video_file, tmp_path):  # noqa: F811
    case, _, _ = recorded_case(world, video_file.read_bytes())
    result = casefile_export(user=world.officer, case_id=case.pk)
    court = tmp_path / "court"
    court.mkdir()
    copy = court / "案卷.zip"
    shutil.move(result.path, copy)
    key = load_signing_key().verifier()

    clean = _cli(copy, "--key", key, cwd=court)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "案卷校验通过" in clean.stdout

    altered = rewrite(copy, court / "altered.zip", lambda m: m.update({"README.txt": b"x"}))
    failed = _cli(altered, cwd=court)
    assert failed.returncode != 0
    assert "[file_altered] README.txt" in failed.stdout
    assert "案卷校验未通过" in failed.stderr
    assert not (court / "no-such-dir").exists()
