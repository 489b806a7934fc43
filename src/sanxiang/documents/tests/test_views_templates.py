"""The pages where an agency manages its 执法文书 templates (download, edit in Word/WPS, upload a
new version) and registers its 当场处罚决定书 serial books: what each role sees, the Chinese
refusals with nothing saved, the scope (other agencies are a 404), and the query count."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from urllib.parse import quote

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanxiang.cases.tests.factories import World, make_world
from sanxiang.core.models import AuditEvent
from sanxiang.documents import views_templates
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.models import DocumentTemplate, SerialBook
from sanxiang.documents.services import DOCX_TYPE, default_template_bytes
from sanxiang.documents.services_templates import (
    BAD_RANGE,
    NOT_A_HEAD,
    NOT_A_MANAGER,
    NOT_DOCX,
    OVERLAP,
    TOO_BIG,
    document_template_upload,
)
from sanxiang.evidence.models import Blob

pytestmark = pytest.mark.django_db

LIST = "/documents/templates/"
BOOKS = "/documents/serial-books/"


@pytest.fixture
def world() -> World:
    return make_world()


def kind_url(kind: str = "filing_approval", world: World | None = None) -> str:
    url = f"/documents/templates/{kind}/"
    return f"{url}?agency={world.agency.pk}" if world is not None else url


def docx_file(data: bytes, name: str = "立案审批表.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=DOCX_TYPE)


def default_with_paragraph(text: str, kind: str = "filing_approval") -> bytes:
    """The packaged default, edited as in Word: one more paragraph."""
    document = docx.Document(io.BytesIO(default_template_bytes(kind)))
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(client: Client, data: bytes, *, kind: str = "filing_approval", note: str = "调整落款"):
    return client.post(kind_url(kind), {"note": note, "file": docx_file(data)})


def row_of(html: str, kind: str) -> str:
    match = re.search(rf'<tr id="kind-{kind}".*?</tr>', html, re.S)
    assert match, kind
    return match.group(0)


def test_template_list_shows_the_default_for_every_kind_when_nothing_was_uploaded(client, world):
    client.force_login(world.officer)
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert world.agency.name in html
    for kind in DocumentKind:
        row = row_of(html, kind.value)
        assert kind.label in row
        assert "系统默认" in row
        assert f"/documents/templates/{kind.value}/default.docx" in row
        assert f"/documents/templates/{kind.value}/?agency={world.agency.pk}" in row
    assert html.count('data-kind="') == len(DocumentKind) == 33


def test_default_download_is_the_packaged_docx_with_an_rfc5987_filename_when_requested(
    client, world
):
    client.force_login(world.officer)
    response = client.get("/documents/templates/filing_approval/default.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    body = response.content
    assert body == default_template_bytes("filing_approval")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert "word/document.xml" in archive.namelist()
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('立案审批表-系统默认模板.docx')}"
    )
    assert response["Content-Length"] == str(len(body))
    assert client.get("/documents/templates/no_such_kind/default.docx").status_code == 404


def test_upload_of_the_default_makes_version_1_shown_everywhere_when_a_reviewer_posts(
    client, world
):
    data = default_template_bytes("filing_approval")
    client.force_login(world.reviewer)
    response = upload(client, data, note="按本局格式调整")
    assert response.status_code == 302
    assert response["Location"] == kind_url(world=world)
    template = DocumentTemplate.objects.get(agency=world.agency, kind="filing_approval")
    assert template.version == 1
    assert template.note == "按本局格式调整"
    assert template.blob.sha256 == hashlib.sha256(data).hexdigest()
    assert AuditEvent.objects.filter(
        event="documents.template.uploaded", target_id=str(template.pk)
    ).exists()

    row = row_of(client.get(LIST).content.decode(), "filing_approval")
    assert "第1版" in row
    assert "系统默认" not in row
    assert "按本局格式调整" in row
    assert f"/documents/templates/versions/{template.pk}.docx" in row
    assert "系统默认" in row_of(client.get(LIST).content.decode(), "penalty_notice")

    page = client.get(kind_url(world=world)).content.decode()
    assert "第1版" in page
    assert template.blob.sha256 in page
    assert "当前使用" in page
    assert "上传后即成为第2版" in page

    download = client.get(f"/documents/templates/versions/{template.pk}.docx")
    assert download.status_code == 200
    assert download.content == data
    assert download["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('立案审批表-模板第1版.docx')}"
    )


def test_second_upload_becomes_current_and_keeps_the_first_when_posted_again(client, world):
    client.force_login(world.agency_head)
    assert upload(client, default_template_bytes("filing_approval"), note="一").status_code == 302
    edited = default_with_paragraph("{{ case_number }}")
    assert upload(client, edited, note="加案号").status_code == 302
    versions = list(DocumentTemplate.objects.filter(kind="filing_approval").order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    page = client.get(kind_url(world=world)).content.decode()
    assert 'id="version-1"' in page
    assert 'id="version-2"' in page
    current = re.search(r'id="current-template".*?</p>', page, re.S)
    assert current
    assert "第2版" in current.group(0)
    assert "加案号" in row_of(client.get(LIST).content.decode(), "filing_approval")


def test_kind_page_lists_the_fields_a_template_may_use_when_opened(client, world):
    client.force_login(world.officer)
    page = client.get(kind_url("penalty_decision")).content.decode()
    assert "{{ agency_name }}" in page
    assert "执法主体名称" in page
    match = re.search(r'<tr data-field="case_number">.*?</tr>', page, re.S)
    assert match
    assert "选填" in match.group(0)
    match = re.search(r'<tr data-field="qr">.*?</tr>', page, re.S)
    assert match
    assert "必填" in match.group(0)


def test_upload_refused_naming_the_unknown_field_and_nothing_stored_when_undeclared(client, world):
    client.force_login(world.reviewer)
    blobs = Blob.objects.count()
    response = upload(client, default_with_paragraph("罚款大写：{{ fine_in_words_cn }}"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "模板使用了本文书没有的字段" in html
    assert "fine_in_words_cn" in html
    assert 'id="upload-errors"' in html
    assert not DocumentTemplate.objects.exists()
    assert Blob.objects.count() == blobs
    assert not AuditEvent.objects.filter(event="documents.template.uploaded").exists()


def test_upload_refused_naming_the_missing_label_when_a_required_field_is_left_out(client, world):
    document = docx.Document()
    document.add_paragraph("{{ agency_name }} {{ document_title }}")
    out = io.BytesIO()
    document.save(out)
    client.force_login(world.reviewer)
    response = upload(client, out.getvalue())
    assert response.status_code == 422
    html = response.content.decode()
    assert "模板缺少本文书的必填项" in html
    assert "核验二维码" in html
    assert not DocumentTemplate.objects.exists()


def test_upload_refused_when_the_file_is_not_a_docx(client, world):
    client.force_login(world.reviewer)
    response = client.post(
        kind_url(), {"note": "x", "file": SimpleUploadedFile("模板.doc", b"\xd0\xcf\x11\xe0 old")}
    )
    assert response.status_code == 422
    assert NOT_DOCX in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_upload_asks_for_the_note_and_file_when_left_empty(client, world):
    client.force_login(world.reviewer)
    response = client.post(kind_url(), {"note": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="errorlist') >= 2
    assert not DocumentTemplate.objects.exists()


def test_upload_over_10mb_refused_before_the_service_reads_it_when_posted(
    client, world, monkeypatch
):
    def never(**kwargs):
        raise AssertionError("the oversized file reached the service")

    monkeypatch.setattr(views_templates, "document_template_upload", never)
    client.force_login(world.reviewer)
    data = default_template_bytes("filing_approval")
    big = data + b"\0" * (10 * 1024 * 1024 + 1 - len(data))
    response = upload(client, big, note="太大的模板")
    assert response.status_code == 422
    html = response.content.decode()
    assert TOO_BIG in html
    assert 'value="太大的模板"' in html  # the note, sent before the file, is kept
    assert not DocumentTemplate.objects.exists()


def test_officer_sees_no_form_and_a_post_is_403_when_not_allowed_to_manage_templates(client, world):
    client.force_login(world.officer)
    page = client.get(kind_url()).content.decode()
    assert 'id="upload-form"' not in page
    assert 'id="upload-hint"' in page
    response = upload(client, default_template_bytes("filing_approval"))
    assert response.status_code == 403
    assert NOT_A_MANAGER in response.content.decode()
    assert not DocumentTemplate.objects.exists()
    data = default_template_bytes("filing_approval")
    big = data + b"\0" * (10 * 1024 * 1024 + 1 - len(data))
    assert upload(client, big).status_code == 403


def test_reviewer_sees_the_upload_form_when_allowed_to_manage_templates(client, world):
    client.force_login(world.reviewer)
    page = client.get(kind_url()).content.decode()
    assert 'id="upload-form"' in page
    assert 'enctype="multipart/form-data"' in page


def test_another_agencys_user_gets_404_and_sees_only_defaults_when_scoped_to_own_agency(
    client, world
):
    template = document_template_upload(
        user=world.reviewer,
        agency_id=world.agency.pk,
        kind="filing_approval",
        filename="t.docx",
        data=default_template_bytes("filing_approval"),
        note="本局第一版",
    )
    other = make_world("他局")
    client.force_login(other.reviewer)
    mine = client.get(LIST).content.decode()
    assert other.agency.name in mine
    assert "本局第一版" not in mine
    assert "系统默认" in row_of(mine, "filing_approval")
    theirs = f"?agency={world.agency.pk}"
    for url in (
        LIST + theirs,
        kind_url(world=world),
        f"/documents/templates/versions/{template.pk}.docx",
        BOOKS + theirs,
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        kind_url(world=world),
        {"note": "x", "file": docx_file(default_template_bytes("filing_approval"))},
    )
    assert response.status_code == 404
    response = client.post(BOOKS + theirs, {"book_prefix": "", "first": 1, "last": 5, "width": 6})
    assert response.status_code == 404
    assert DocumentTemplate.objects.count() == 1
    assert not SerialBook.objects.exists()


def test_user_without_any_role_gets_404_when_opening_the_pages(client, django_user_model):
    user = django_user_model.objects.create_user(username="norole", password="x")
    client.force_login(user)
    assert client.get(LIST).status_code == 404
    assert client.get(BOOKS).status_code == 404


def test_user_with_roles_in_two_agencies_defaults_to_the_officers_own_when_no_agency_given(
    client, world
):
    from sanxiang.organisations.tests.factories import grant

    other = make_world("他局")
    grant(world.reviewer, "reviewer", other.agency)
    client.force_login(world.reviewer)
    html = client.get(LIST).content.decode()
    picker = re.search(r'id="agency-picker".*?</p>', html, re.S)
    assert picker
    assert f"<strong>{world.agency.name}</strong>" in picker.group(0)
    assert f'href="?agency={other.agency.pk}"' in picker.group(0)
    html = client.get(f"{LIST}?agency={other.agency.pk}").content.decode()
    assert f'id="agency-name">{other.agency.name}<' in html


def test_serial_book_registered_and_an_overlap_refused_when_a_head_posts(client, world):
    client.force_login(world.agency_head)
    response = client.post(
        BOOKS, {"book_prefix": "陵市监当罚", "first": 1, "last": 100, "width": 6}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{BOOKS}?agency={world.agency.pk}"
    book = SerialBook.objects.get(agency=world.agency)
    assert (book.prefix, book.first, book.last, book.width) == ("陵市监当罚", 1, 100, 6)
    page = client.get(BOOKS).content.decode()
    assert "陵市监当罚000001–000100" in page
    assert 'id="book-form"' in page

    response = client.post(
        BOOKS, {"book_prefix": "陵市监当罚", "first": 50, "last": 150, "width": 6}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert OVERLAP in html
    assert 'id="book-errors"' in html
    assert 'value="150"' in html  # the head's input is kept
    response = client.post(
        BOOKS, {"book_prefix": "陵市监当罚", "first": 300, "last": 200, "width": 6}
    )
    assert response.status_code == 422
    assert BAD_RANGE in response.content.decode()
    assert SerialBook.objects.count() == 1
    # Another prefix may use the same numbers.
    response = client.post(BOOKS, {"book_prefix": "陵市监简", "first": 50, "last": 150, "width": 6})
    assert response.status_code == 302
    assert SerialBook.objects.count() == 2


def test_serial_book_form_hidden_and_a_post_403_when_not_a_head(client, world):
    client.force_login(world.officer)
    page = client.get(BOOKS).content.decode()
    assert 'id="book-form"' not in page
    assert 'id="issue-hint"' in page
    assert 'id="no-books"' in page
    response = client.post(BOOKS, {"book_prefix": "X", "first": 1, "last": 10, "width": 6})
    assert response.status_code == 403
    assert NOT_A_HEAD in response.content.decode()
    assert not SerialBook.objects.exists()


def test_serial_book_form_refuses_a_number_beyond_the_database_when_posted(client, world):
    client.force_login(world.unit_head)
    response = client.post(BOOKS, {"book_prefix": "X", "first": 1, "last": 2**31, "width": 6})
    assert response.status_code == 400
    assert not SerialBook.objects.exists()


def test_upload_needs_the_csrf_token_when_checks_are_enforced(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.reviewer)
    data = default_template_bytes("filing_approval")
    refused = client.post(kind_url(), {"note": "x", "file": docx_file(data)})
    assert refused.status_code == 403
    assert not DocumentTemplate.objects.exists()
    client.get(kind_url())
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        kind_url(), {"csrfmiddlewaretoken": token, "note": "x", "file": docx_file(data)}
    )
    assert accepted.status_code == 302
    assert DocumentTemplate.objects.count() == 1


def test_template_list_query_count_does_not_grow_with_versions(
    client, world, django_assert_num_queries
):
    client.force_login(world.reviewer)
    client.get(LIST)  # session and CSRF cookie settled
    with CaptureQueriesContext(connection) as first:
        assert client.get(LIST).status_code == 200
    assert len(first.captured_queries) <= 10
    for kind in ("filing_approval", "penalty_notice", "penalty_decision", "service_receipt"):
        for _ in range(2):
            document_template_upload(
                user=world.reviewer,
                agency_id=world.agency.pk,
                kind=kind,
                filename=f"{kind}.docx",
                data=default_template_bytes(kind),
            )
    with django_assert_num_queries(len(first.captured_queries)):
        html = client.get(LIST).content.decode()
    assert html.count('<span class="badge">第2版</span>') == 4


def test_workbench_links_the_template_pages_when_the_user_holds_a_role(client, world):
    client.force_login(world.officer)
    html = client.get(reverse("accounts:home")).content.decode()
    assert 'id="document-templates-link" href="/documents/templates/"' in html
