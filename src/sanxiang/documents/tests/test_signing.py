"""PAdES signatures: valid and trusted when intact, refused after any change."""

from __future__ import annotations

import io
import re
import stat

import docx
import pytest

from sanxiang.documents import rendering, signing


@pytest.fixture(scope="module")
def pdf() -> bytes:
    doc = docx.Document()
    doc.add_paragraph("行政处罚决定书 {{ party_name }}")
    out = io.BytesIO()
    doc.save(out)
    return rendering.docx_to_pdf(rendering.render_docx(out.getvalue(), {"party_name": "张三"}))


def _signed(pdf: bytes) -> bytes:
    signer = signing.agency_signer(agency_id="a1", agency_name="长治市园林局")
    return signing.sign_pdf(pdf, signer=signer, reason="行政处罚决定书")


def test_signed_pdf_validates_intact_valid_trusted_whole_file(pdf):
    check = signing.validate_signed_pdf(_signed(pdf))
    assert check.ok
    assert "长治市园林局" in check.signer


def _signed_ranges(data: bytes) -> list[tuple[int, int]]:
    found = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    assert found, "a PAdES signature has a /ByteRange"
    a, b, c, d = (int(x) for x in found.groups())
    return [(a, a + b), (c, c + d)]


@pytest.mark.parametrize(("part", "where"), [(0, 0.1), (0, 0.5), (0, 0.95), (1, 0.5)])
def test_signature_fails_when_one_signed_byte_changed(pdf, part, where):
    # Every byte but the signature value itself is covered (its zero padding is not, which is
    # why the ledger records the whole file's SHA-256 as well).
    data = bytearray(_signed(pdf))
    start, end = _signed_ranges(bytes(data))[part]
    data[start + int((end - start - 1) * where)] ^= 0x01
    try:
        check = signing.validate_signed_pdf(bytes(data))
    except signing.SignatureInvalid:
        return  # the change broke the structure: refused outright
    assert not check.ok


def test_signature_fails_when_bytes_appended(pdf):
    check = signing.validate_signed_pdf(_signed(pdf) + b"\n%extra\n")
    assert not check.whole_file
    assert not check.ok


def test_signature_untrusted_when_checked_against_another_ca(pdf, settings, tmp_path):
    signed = _signed(pdf)
    settings.SANXIANG_DOCUMENT_KEY_DIR = tmp_path / "other-deployment"
    other_ca = signing.ca_certificate_pem()
    check = signing.validate_signed_pdf(signed, ca_pem=other_ca)
    assert check.intact
    assert not check.trusted
    assert not check.ok


def test_unsigned_pdf_is_refused_with_a_clear_error(pdf):
    with pytest.raises(signing.SignatureInvalid, match="没有电子签章"):
        signing.validate_signed_pdf(pdf)


def test_keys_are_created_once_with_private_permissions(document_keys):
    first = signing.agency_signer(agency_id="a1", agency_name="甲局")
    again = signing.agency_signer(agency_id="a1", agency_name="甲局")
    assert first.certificate_sha256 == again.certificate_sha256
    for path in document_keys.glob("*-key.pem"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert {p.name for p in document_keys.iterdir()} >= {
        "ca-key.pem",
        "ca-cert.pem",
        "agency-a1-key.pem",
        "agency-a1-cert.pem",
    }


def test_render_refuses_undefined_names_instead_of_printing_blanks():
    doc = docx.Document()
    doc.add_paragraph("{{ not_declared }}")
    out = io.BytesIO()
    doc.save(out)
    with pytest.raises(rendering.DocumentRenderFailed, match="not_declared"):
        rendering.render_docx(out.getvalue(), {})


def test_render_escapes_markup_in_values():
    doc = docx.Document()
    doc.add_paragraph("{{ v }}")
    out = io.BytesIO()
    doc.save(out)
    filled = rendering.render_docx(out.getvalue(), {"v": "<w:p>&"})
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(filled)).paragraphs)
    assert "<w:p>&" in text
