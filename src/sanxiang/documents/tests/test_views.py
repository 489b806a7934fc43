"""The officers' 执法文书 pages: a case's documents, generating one (and the Chinese refusals),
downloads with their headers, 404 across agencies, and the on-site 笔录 form post with
signatures (the browser walk of the same page is in test_onsite_browser.py)."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import zipfile
from urllib.parse import quote

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw

from sanxiang.cases.models import Case, CaseStep
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY, World, act, make_world, register
from sanxiang.cases.tests.test_views import ensure_calendar_years
from sanxiang.core.models import AuditEvent
from sanxiang.documents.models import Document, HandSignature
from sanxiang.documents.services import document_generate
from sanxiang.documents.services_onsite import TWO_OFFICERS
from sanxiang.documents.signing import validate_signed_pdf

A = CaseAction
pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    today = timezone.localdate()
    ensure_calendar_years(today.year, today.year + 1)
    return make_world()


def investigating(world: World) -> Case:
    """A case in 调查取证 (registered, filed and approved by the unit head)."""
    case = register(world)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action, TODAY)
    assert case.status == "investigating"
    return case


def signature_png(seed: int = 0) -> bytes:
    """A real little PNG with a stroke on it, like signature-pad.js exports."""
    img = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.line([(10, 100 - seed), (80, 20), (150, 90), (290, 15 + seed)], fill="black", width=4)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def onsite_form(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "site",
        "occurred_on": timezone.localdate().isoformat(),
        "place": "崇文街1号某某商贸有限公司门店",
        "persons": "张某（店长）",
        "certificate_shown": "on",
        "text": "检查发现货架上有超过保质期的食品12件。",
        "party_name": "张某",
        "party_signature": data_url(signature_png(1)),
        "officer_name_1": world.officer.officer.name,
        "officer_signature_1": data_url(signature_png(2)),
        "officer_name_2": world.assistant.officer.name,
        "officer_signature_2": data_url(signature_png(3)),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_documents_page_requires_login_when_anonymous(client, world):
    case = investigating(world)
    for url in (f"/documents/cases/{case.pk}/", f"/documents/cases/{case.pk}/onsite/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_case_page_links_documents_and_onsite_when_investigating(client, world):
    case = investigating(world)
    client.force_login(world.officer)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/documents/cases/{case.pk}/"' in html
    assert f'href="/documents/cases/{case.pk}/onsite/"' in html
    assert "现场笔录（手机）" in html


def test_case_page_hides_onsite_link_when_not_investigating(client, world):
    case = register(world)
    client.force_login(world.officer)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/documents/cases/{case.pk}/"' in html
    assert "onsite-record-link" not in html


def test_documents_page_lists_versions_with_hash_and_links_when_generated(
    client, world, django_assert_max_num_queries
):
    case = investigating(world)
    first = document_generate(user=world.officer, case_id=case.pk, kind="filing_approval")
    second = document_generate(user=world.officer, case_id=case.pk, kind="filing_approval")
    client.force_login(world.officer)
    with django_assert_max_num_queries(25):
        response = client.get(f"/documents/cases/{case.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for doc in (first, second):
        assert f'id="document-{doc.pk}"' in html
        assert doc.pdf.sha256 in html
        assert f'href="/documents/{doc.pk}/pdf"' in html
        assert f'href="/documents/{doc.pk}/docx"' in html
    assert "立案审批表" in html
    assert "第1版" in html
    assert "第2版" in html
    assert world.officer.officer.name in html
    assert "no-documents" not in html


def test_generate_makes_a_signed_document_and_shows_it_when_posted(client, world):
    case = investigating(world)
    client.force_login(world.officer)
    response = client.post(f"/documents/cases/{case.pk}/", {"kind": "filing_approval"})
    assert response.status_code == 302
    doc = Document.objects.get(case=case, kind="filing_approval")
    assert response["Location"] == f"/documents/{doc.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "已生成《立案审批表》第1版" in page
    assert doc.pdf.sha256 in page
    pdf = client.get(f"/documents/{doc.pk}/pdf")
    assert validate_signed_pdf(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content).ok


def test_generate_names_the_missing_field_in_chinese_when_a_required_field_is_empty(client, world):
    case = investigating(world)  # no decision yet: the decision's number and penalties are empty
    client.force_login(world.officer)
    response = client.post(f"/documents/cases/{case.pk}/", {"kind": "penalty_decision"})
    assert response.status_code == 422
    html = response.content.decode()
    assert re.search(r"无法生成《行政处罚决定书》：缺少必填项“[^”]+”", html)
    assert 'id="generate-errors"' in html
    assert not Document.objects.filter(case=case).exists()


def test_generate_asks_for_the_record_when_a_record_kind_has_no_step(client, world):
    case = investigating(world)
    client.force_login(world.officer)
    response = client.post(f"/documents/cases/{case.pk}/", {"kind": "interview_record"})
    assert response.status_code == 400
    assert "《询问笔录》须选择所依据的笔录" in response.content.decode()


def test_generate_refused_when_the_user_sees_the_case_but_does_not_handle_it(client, world):
    case = investigating(world)
    client.force_login(world.reviewer)  # 法制审核人员: reads the agency's cases, drafts nothing
    response = client.post(f"/documents/cases/{case.pk}/", {"kind": "filing_approval"})
    assert response.status_code == 403
    assert "只有本案在办执法人员或负责人可以制作执法文书" in response.content.decode()


def test_pdf_and_docx_downloads_carry_type_length_and_chinese_filename_when_requested(
    client, world
):
    case = investigating(world)
    doc = document_generate(user=world.officer, case_id=case.pk, kind="filing_approval")
    client.force_login(world.officer)
    pdf = client.get(f"/documents/{doc.pk}/pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    body = pdf.content
    assert body.startswith(b"%PDF")
    assert hashlib.sha256(body).hexdigest() == doc.pdf.sha256
    assert pdf["Content-Length"] == str(len(body))
    encoded = quote("立案审批表-第1版.pdf")
    assert pdf["Content-Disposition"] == f"inline; filename*=utf-8''{encoded}"
    attached = client.get(f"/documents/{doc.pk}/pdf?download=1")
    assert attached["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    docx = client.get(f"/documents/{doc.pk}/docx")
    assert docx.status_code == 200
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert docx.content.startswith(b"PK")
    assert hashlib.sha256(docx.content).hexdigest() == doc.docx.sha256
    assert docx["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('立案审批表-第1版.docx')}"
    )


def test_document_pages_are_404_when_the_case_is_another_agencys(client, world):
    case = investigating(world)
    doc = document_generate(user=world.officer, case_id=case.pk, kind="filing_approval")
    other = make_world("他局")
    client.force_login(other.officer)
    for url in (
        f"/documents/cases/{case.pk}/",
        f"/documents/cases/{case.pk}/onsite/",
        f"/documents/{doc.pk}/",
        f"/documents/{doc.pk}/pdf",
        f"/documents/{doc.pk}/docx",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/documents/cases/{case.pk}/", {"kind": "filing_approval"}).status_code == (
        404
    )
    response = client.post(f"/documents/cases/{case.pk}/onsite/", onsite_form(world))
    assert response.status_code == 404
    assert Document.objects.filter(case=case).count() == 1


def test_onsite_page_offers_camera_upload_and_prefills_signers_when_opened(client, world):
    case = investigating(world)
    client.force_login(world.officer)
    response = client.get(f"/documents/cases/{case.pk}/onsite/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'accept="image/*,video/*"' in html
    assert 'capture="environment"' in html
    assert 'data-upload-endpoint="/api/v1/uploads/"' in html
    assert f'data-agency="{case.agency_id}"' in html
    assert "已出示执法证件" in html
    assert "当事人拒绝签名" in html
    assert html.count("data-signature-pad") == 4
    assert f'value="{world.officer.officer.name}"' in html
    assert f'value="{world.assistant.officer.name}"' in html
    assert f'value="{case.party_name}"' in html
    # Strict CSP: no inline script or style on the page.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "style=" not in html


def test_onsite_post_records_the_step_signatures_and_signed_record_when_the_party_signs(
    client, world
):
    case = investigating(world)
    client.force_login(world.officer)
    response = client.post(f"/documents/cases/{case.pk}/onsite/", onsite_form(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    step = CaseStep.objects.get(case=case, action="record")
    assert step.content["place"] == "崇文街1号某某商贸有限公司门店"
    assert step.content["signed_by_party"] is True
    doc = Document.objects.get(case=case, step=step)
    assert doc.kind == "site_record"
    assert response["Location"] == f"/documents/{doc.pk}/"
    roles = sorted(HandSignature.objects.filter(step=step).values_list("role", flat=True))
    assert roles == ["officer", "officer", "party"]
    assert all(s.blob and s.blob.media_type == "image/png" for s in HandSignature.objects.all())
    page = client.get(response["Location"]).content.decode()
    assert "笔录已记录" in page
    assert f'href="/documents/{doc.pk}/pdf"' in page


def test_onsite_post_notes_the_refusal_with_a_witness_when_the_party_refuses(client, world):
    case = investigating(world)
    client.force_login(world.officer)
    form = onsite_form(
        world,
        party_refused="on",
        refusal_note="当事人拒绝在笔录上签名",
        witness_name="李某（社区网格员）",
        witness_signature=data_url(signature_png(4)),
    )
    response = client.post(f"/documents/cases/{case.pk}/onsite/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    step = CaseStep.objects.get(case=case, action="record")
    assert step.content["signed_by_party"] is False
    assert step.content["refusal_note"] == "当事人拒绝在笔录上签名"
    rows = {(s.role, s.refused) for s in HandSignature.objects.filter(step=step)}
    assert rows == {("witness", False), ("officer", False), ("party", True)}


def test_onsite_post_reopens_at_the_signatures_when_one_officer_did_not_sign(client, world):
    case = investigating(world)
    client.force_login(world.officer)
    form = onsite_form(world, officer_signature_2="")
    response = client.post(f"/documents/cases/{case.pk}/onsite/", form)
    assert response.status_code == 409
    html = response.content.decode()
    assert TWO_OFFICERS in html
    assert 'data-start="sign"' in html
    # What was typed and signed comes back.
    assert "崇文街1号某某商贸有限公司门店" in html
    assert str(form["party_signature"]) in html
    assert not CaseStep.objects.filter(case=case, action="record").exists()
    assert not HandSignature.objects.exists()


def test_onsite_post_asks_for_the_signers_name_when_a_pad_has_a_signature_without_it(client, world):
    case = investigating(world)
    client.force_login(world.officer)
    response = client.post(f"/documents/cases/{case.pk}/onsite/", onsite_form(world, party_name=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写签名人姓名" in html
    assert 'data-start="sign"' in html


def test_onsite_post_refused_when_the_certificate_was_not_shown(client, world):
    case = investigating(world)
    client.force_login(world.officer)
    form = onsite_form(world)
    del form["certificate_shown"]
    response = client.post(f"/documents/cases/{case.pk}/onsite/", form)
    assert response.status_code == 409
    html = response.content.decode()
    assert "出示执法证件" in html
    assert "《行政处罚法》第五十五条" in html
    assert 'data-start="fill"' in html
    assert not Document.objects.exists()


def test_casefile_pdf_is_downloaded_and_audited_when_requested(client, world):
    case = investigating(world)
    document_generate(user=world.officer, case_id=case.pk, kind="filing_approval")
    client.force_login(world.officer)
    html = client.get(f"/documents/cases/{case.pk}/").content.decode()
    assert "生成电子案卷PDF" in html
    assert "导出案卷ZIP" in html
    assert client.get(f"/documents/cases/{case.pk}/casefile.pdf").status_code == 405
    response = client.post(f"/documents/cases/{case.pk}/casefile.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    name = quote(f"电子案卷-{case.number}.pdf")
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{name}"
    event = AuditEvent.objects.get(event="documents.casefile.downloaded")
    assert event.new["pdf_sha256"] == hashlib.sha256(response.content).hexdigest()


def test_casefile_zip_is_streamed_and_its_temporary_file_removed_when_exported(
    client, world, settings, tmp_path
):
    settings.SANXIANG_EXPORT_DIR = str(tmp_path / "exports")
    case = investigating(world)
    doc = document_generate(user=world.officer, case_id=case.pk, kind="filing_approval")
    client.force_login(world.officer)
    response = client.post(f"/documents/cases/{case.pk}/casefile.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment; filename*=utf-8''" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        manifest = next(n for n in names if n.endswith("manifest.json"))
        digest = hashlib.sha256(archive.read(manifest)).hexdigest()
        contents = [archive.read(n) for n in names]
    assert response["X-Casefile-Manifest-SHA256"] == digest
    assert any(hashlib.sha256(c).hexdigest() == doc.pdf.sha256 for c in contents)
    response.close()
    assert list((tmp_path / "exports").iterdir()) == []


def test_casefile_is_404_when_the_case_is_another_agencys(client, world):
    case = investigating(world)
    client.force_login(make_world("他局").officer)
    assert client.post(f"/documents/cases/{case.pk}/casefile.pdf").status_code == 404
    assert client.post(f"/documents/cases/{case.pk}/casefile.zip").status_code == 404
    assert not AuditEvent.objects.filter(event__startswith="documents.casefile").exists()
