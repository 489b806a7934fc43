"""document_generate and the on-site 笔录: signed, sealed, ledgered, or nothing at all."""

from __future__ import annotations

import base64
import io
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY, act, add_record, make_world, register
from sanxiang.cases.tests.walks import benchmarks, decided, publish
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.documents import selectors, services, signing
from sanxiang.documents.contexts import DocumentFieldMissing
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.models import Document, HandSignature
from sanxiang.documents.services_onsite import onsite_record_submit
from sanxiang.documents.services_templates import document_template_upload, serial_book_issue
from sanxiang.ledger.models import LedgerEntry
from sanxiang.ledger.selectors import lookup

A = CaseAction
K = DocumentKind
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = make_world()
    publish(world, "benchmark", benchmarks())
    return world


def pdf_text(data: bytes) -> str:
    """The PDF's text without whitespace (extraction puts spaces between CJK and digits)."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return "".join(text.split())


def generate(world, case, kind=K.PENALTY_DECISION, user=None, **kw) -> Document:
    return services.document_generate(
        user=user or world.officer, case_id=case.pk, kind=kind, today=TODAY, **kw
    )


def investigating(world):
    case = register(world)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action)
    return case


def png(width=300, height=120) -> str:
    img = Image.new("RGB", (width, height), "white")
    for x in range(20, 280):
        img.putpixel((x, 60 + (x % 17)), (0, 0, 0))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def onsite_payload(world, **overrides):
    data = {
        "kind": "site",
        "occurred_on": TODAY,
        "place": "陵川县崇文街1号店铺内",
        "persons": "张某（店长）",
        "certificate_shown": True,
        "text": "货架上发现超过保质期的饼干12袋，已拍照。",
        "signatures": [
            {"role": "party", "name": "张某", "png_base64": png()},
            {"role": "officer", "name": world.officer.officer.name, "png_base64": png()},
            {"role": "officer", "name": world.assistant.officer.name, "png_base64": png()},
        ],
    }
    data.update(overrides)
    return data


# --- 行政处罚决定书 ------------------------------------------------------------------------------


def test_penalty_decision_pdf_is_signed_ledgered_and_carries_the_required_fields(world):
    case = decided(world)
    doc = generate(world, case)
    pdf = selectors.document_pdf_bytes(doc)
    assert signing.validate_signed_pdf(pdf).ok
    text = pdf_text(pdf)
    for needle in (case.party_name, case.decision_number, "六十日", "六个月", world.agency.name):
        assert needle in text, needle
    assert services.verify_url(doc.pk) in text
    # The ledger finds the PDF by its hash: the QR page and /verify/ rely on it.
    found = lookup(sha256=doc.pdf.sha256)
    assert [r.kind for r in found] == [services.EVENT_GENERATED]
    assert doc.number == case.decision_number
    assert doc.pages >= 1


def test_penalty_decision_renders_to_an_a4_png_with_ink_on_it(world, tmp_path):
    doc = generate(world, decided(world))
    pdf = tmp_path / "decision.pdf"
    pdf.write_bytes(selectors.document_pdf_bytes(doc))
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p-*.png"))).convert("L")
    width, height = image.size
    assert abs(height / width - 297 / 210) < 0.02  # A4 portrait
    dark = sum(1 for value in image.getdata() if value < 128)
    assert dark > 0.005 * width * height  # text and the QR code, not a blank page


def test_generation_stops_naming_the_missing_field_when_the_case_is_not_decided(world):
    case = investigating(world)
    with pytest.raises(DocumentFieldMissing) as err:
        generate(world, case)
    assert err.value.code == "document_field_missing"
    assert "缺少必填项" in err.value.message
    assert err.value.extra["label"] in err.value.message
    assert not Document.objects.exists()
    assert not LedgerEntry.objects.filter(kind=services.EVENT_GENERATED).exists()


def test_regenerating_makes_a_new_version_and_the_old_one_stays(world):
    case = decided(world)
    first = generate(world, case)
    second = generate(world, case)
    assert (first.version, second.version) == (1, 2)
    assert Document.objects.filter(case=case, kind=K.PENALTY_DECISION).count() == 2
    assert selectors.document_public(first.pk).superseded
    assert not selectors.document_public(second.pk).superseded


def test_another_agencys_officer_gets_not_found(world):
    case = decided(world)
    other = make_world("另一局")
    with pytest.raises(NotFound):
        generate(world, case, user=other.officer)
    doc = generate(world, case)
    with pytest.raises(NotFound):
        selectors.document_get_for_user(user=other.officer, document_id=doc.pk)


def test_an_officer_not_on_the_case_may_not_draft(world):
    case = decided(world)
    with pytest.raises((Forbidden, NotFound)):
        generate(world, case, user=world.uncertified)


def test_a_record_kind_needs_its_step(world):
    with pytest.raises(ValidationFailed) as err:
        generate(world, investigating(world), kind=K.SITE_RECORD)
    assert err.value.code == "document_step_required"


# --- agency templates -----------------------------------------------------------------------------


def test_agency_template_version_is_used_for_the_next_document(world):
    case = decided(world)
    default = services.default_template_bytes(K.PENALTY_DECISION)
    edited = default.replace(b"</w:body>", b"</w:body>")  # same fields; a new version all the same
    template = document_template_upload(
        user=world.agency_head,
        agency_id=world.agency.pk,
        kind=K.PENALTY_DECISION,
        filename="决定书.docx",
        data=edited,
        note="按本局格式",
    )
    doc = generate(world, case)
    assert doc.template == template
    assert doc.template_sha256 == template.blob.sha256


def test_template_with_an_unknown_field_is_refused(world):
    import docx

    d = docx.Document()
    d.add_paragraph("{{ agency_name }} {{ party_secret_field }}")
    out = io.BytesIO()
    d.save(out)
    with pytest.raises(ValidationFailed) as err:
        document_template_upload(
            user=world.agency_head,
            agency_id=world.agency.pk,
            kind=K.PENALTY_DECISION,
            filename="x.docx",
            data=out.getvalue(),
        )
    assert err.value.code in {"template_field_unknown", "template_field_missing"}


def test_template_that_is_not_a_docx_is_refused(world):
    with pytest.raises(ValidationFailed) as err:
        document_template_upload(
            user=world.agency_head,
            agency_id=world.agency.pk,
            kind=K.PENALTY_DECISION,
            filename="x.docx",
            data=b"%PDF-1.7 not a word file",
        )
    assert err.value.code == "template_not_docx"


def test_officer_may_not_change_templates(world):
    with pytest.raises(Forbidden):
        document_template_upload(
            user=world.officer,
            agency_id=world.agency.pk,
            kind=K.PENALTY_DECISION,
            filename="x.docx",
            data=services.default_template_bytes(K.PENALTY_DECISION),
        )


# --- 当场处罚决定书 serials (处罚法 §52) ------------------------------------------------------------


def test_serial_books_refuse_overlaps_and_bad_ranges(world):
    serial_book_issue(
        user=world.agency_head, agency_id=world.agency.pk, prefix="晋", first=1, last=5
    )
    with pytest.raises(ValidationFailed) as err:
        serial_book_issue(
            user=world.agency_head, agency_id=world.agency.pk, prefix="晋", first=5, last=9
        )
    assert err.value.code == "serial_range_overlap"
    with pytest.raises(ValidationFailed):
        serial_book_issue(
            user=world.agency_head, agency_id=world.agency.pk, prefix="晋", first=9, last=6
        )
    with pytest.raises(ValidationFailed) as err:
        serial_book_issue(
            user=world.agency_head,
            agency_id=world.agency.pk,
            prefix="晋",
            first=10,
            last=10_000_000,
            width=6,
        )
    assert err.value.code == "serial_width_invalid"
    with pytest.raises(Forbidden):
        serial_book_issue(
            user=world.officer, agency_id=world.agency.pk, prefix="X", first=1, last=2
        )


def on_site_decided(world, form_number):
    case = act(world, register(world), A.APPLY_SUMMARY)
    return act(world, case, A.DECIDE_ON_SITE, form_number=form_number)


def test_article_52_on_site_decision_carries_its_pre_printed_number_from_an_issued_book(world):
    serial_book_issue(
        user=world.agency_head,
        agency_id=world.agency.pk,
        prefix="No.",
        first=100,
        last=199,
        width=7,
    )
    inside = on_site_decided(world, "No.0000150")
    doc = generate(world, inside, kind=K.ON_SITE_DECISION)
    assert doc.number == "No.0000150"
    assert "No.0000150" in pdf_text(selectors.document_pdf_bytes(doc))
    outside = on_site_decided(world, "No.0000999")
    with pytest.raises(RuleViolation) as err:
        generate(world, outside, kind=K.ON_SITE_DECISION)
    assert err.value.code == "serial_not_issued"
    assert "第五十二条" in err.value.citation


# --- on site ----------------------------------------------------------------------------------------


def test_onsite_record_is_recorded_signed_and_its_pdf_made(world):
    case = investigating(world)
    step, doc = onsite_record_submit(
        user=world.officer, case_id=case.pk, payload=onsite_payload(world), today=TODAY
    )
    assert step.content["signed_by_party"] is True
    assert HandSignature.objects.filter(step=step, refused=False).count() == 3
    assert doc.kind == K.SITE_RECORD
    assert doc.step == step
    pdf = selectors.document_pdf_bytes(doc)
    assert signing.validate_signed_pdf(pdf).ok
    assert "陵川县崇文街1号店铺内" in pdf_text(pdf)


def test_onsite_refusal_needs_a_note_and_a_witness(world):
    case = investigating(world)
    officers_only = onsite_payload(world)["signatures"][1:]
    with pytest.raises(RuleViolation) as err:
        onsite_record_submit(
            user=world.officer,
            case_id=case.pk,
            payload=onsite_payload(world, signatures=officers_only, party_refused=True),
            today=TODAY,
        )
    assert err.value.code == "record_unsigned"
    witness = {"role": "witness", "name": "李某（邻铺店主）", "png_base64": png()}
    step, doc = onsite_record_submit(
        user=world.officer,
        case_id=case.pk,
        payload=onsite_payload(
            world,
            signatures=[*officers_only, witness],
            party_refused=True,
            refusal_note="当事人拒绝签名",
        ),
        today=TODAY,
    )
    assert step.content["signed_by_party"] is False
    assert HandSignature.objects.get(step=step, refused=True).refusal_note == "当事人拒绝签名"
    assert "当事人拒绝签名" in pdf_text(selectors.document_pdf_bytes(doc))


def test_article_42_onsite_record_needs_two_officers_signatures(world):
    case = investigating(world)
    payload = onsite_payload(world)
    payload["signatures"] = payload["signatures"][:2]
    with pytest.raises(RuleViolation) as err:
        onsite_record_submit(user=world.officer, case_id=case.pk, payload=payload, today=TODAY)
    assert err.value.code == "officer_signatures_missing"


@pytest.mark.parametrize(
    ("image", "code"),
    [
        ("not base64 at all!", "signature_invalid"),
        (base64.b64encode(b"GIF89a....").decode(), "signature_invalid"),
        (base64.b64encode(b"\x89PNG" + b"0" * 524_396).decode(), "signature_too_large"),
    ],
)
def test_bad_signature_image_is_refused_and_nothing_is_written(world, image, code):
    case = investigating(world)
    payload = onsite_payload(world)
    payload["signatures"][0]["png_base64"] = image
    steps_before = case.steps.count()
    with pytest.raises(ValidationFailed) as err:
        onsite_record_submit(user=world.officer, case_id=case.pk, payload=payload, today=TODAY)
    assert err.value.code == code
    assert case.steps.count() == steps_before
    assert not HandSignature.objects.exists()
    assert not Document.objects.exists()


def test_record_documents_come_from_a_recorded_step(world):
    case = investigating(world)
    add_record(world, case)
    step = case.steps.filter(action="record").latest("sequence")
    doc = generate(world, case, kind=K.INTERVIEW_RECORD, step_id=step.pk)
    assert doc.step == step
    assert "当事人经营场所" in pdf_text(selectors.document_pdf_bytes(doc))


# --- reads are logged ----------------------------------------------------------------------------


def test_every_read_of_a_document_file_is_audited_and_ledgered(world):
    doc = generate(world, decided(world))
    got, data = services.document_file_read(user=world.agency_head, document_id=doc.pk, fmt="pdf")
    assert got == doc
    assert data.startswith(b"%PDF")
    services.document_file_read(user=world.officer, document_id=doc.pk, fmt="docx")
    entries = LedgerEntry.objects.filter(kind=services.EVENT_ACCESSED)
    assert entries.count() == 2
    assert doc.pdf.sha256 in entries.order_by("index").first().entry
    other = make_world("另一局")
    with pytest.raises(NotFound):
        services.document_file_read(user=other.agency_head, document_id=doc.pk, fmt="pdf")
    with pytest.raises(NotFound):
        services.document_file_read(user=world.officer, document_id=doc.pk, fmt="exe")
    assert entries.count() == 2


def _zip(files: dict[str, str]) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        _zip({}),
        _zip({"[Content_Types].xml": "<x/>"}),
        _zip({"[Content_Types].xml": "<<<", "word/document.xml": "<<<not xml"}),
        _zip({"xl/workbook.xml": "<x/>"}),
    ],
    ids=["empty", "no-parts", "broken-xml", "spreadsheet"],
)
def test_mangled_docx_template_is_refused_with_a_clear_error(world, data):
    from sanxiang.documents.models import DocumentTemplate

    with pytest.raises(ValidationFailed) as err:
        document_template_upload(
            user=world.agency_head,
            agency_id=world.agency.pk,
            kind=K.PENALTY_DECISION,
            filename="x.docx",
            data=data,
        )
    assert err.value.code == "template_not_docx"
    assert not DocumentTemplate.objects.exists()
