"""A document served electronically, fetched by an API token (/api/v1/applicant/documents/…/pdf).

The matter detail's `documents[].url` points at the API's own download, so a mobile client holding
only a token can read what was served; each read is audited like the portal page's."""

from __future__ import annotations

import pytest
from django.test import Client

from sanxiang.applicants.services.accounts import consent_sign, consent_withdraw
from sanxiang.applicants.tests.factories import bearer, make_applicant
from sanxiang.applicants.tests.licence_walk import apply_online, assign, request_correction
from sanxiang.core.models import AuditEvent
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.services import document_generate
from sanxiang.evidence.services import blob_read
from sanxiang.licensing.tests.factories import licence_world

pytestmark = pytest.mark.django_db
READ = "applicants.document.read"


@pytest.fixture
def world():
    return licence_world()


def pdf_url(document_id) -> str:
    return f"/api/v1/applicant/documents/{document_id}/pdf"


def served_notice(world, user):
    """A 补正通知书 on the applicant's matter, served electronically under their consent."""
    case = request_correction(world, assign(world, apply_online(world, user)))
    notice = document_generate(
        user=world.officer, case_id=case.pk, kind=DocumentKind.LICENCE_CORRECTION_NOTICE
    )
    consent_sign(user=user)
    return case, notice


def assert_api_404(response):
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert body["message"]


def test_art61_served_document_downloads_by_token_and_the_read_is_audited(world):
    user = make_applicant()
    case, notice = served_notice(world, user)
    client, auth = Client(), bearer(user)
    detail = client.get(f"/api/v1/applicant/matters/{case.pk}", **auth).json()
    [row] = detail["documents"]
    assert row["id"] == str(notice.pk)
    assert row["url"] == pdf_url(notice.pk)

    response = client.get(row["url"], **auth)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    notice.refresh_from_db()
    assert response.content == blob_read(notice.pdf)
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(event=READ, target_id=str(notice.pk))
    assert event.actor == user
    assert event.new["sha256"] == notice.pdf_id


def test_another_applicants_document_is_the_api_404_and_not_audited(world):
    owner = make_applicant()
    _, notice = served_notice(world, owner)
    client = Client()
    assert_api_404(client.get(pdf_url(notice.pk), **bearer(make_applicant(consent=True))))
    assert_api_404(client.get(pdf_url(notice.pk), **bearer(world.officer)))  # a staff token
    assert not AuditEvent.objects.filter(event=READ).exists()


def test_art61_undelivered_document_is_the_api_404(world):
    user = make_applicant()
    case, notice = served_notice(world, user)
    consent_withdraw(user=user)
    later = document_generate(
        user=world.officer, case_id=case.pk, kind=DocumentKind.LICENCE_CORRECTION_NOTICE
    )
    client, auth = Client(), bearer(user)
    detail = client.get(f"/api/v1/applicant/matters/{case.pk}", **auth).json()
    assert [d["id"] for d in detail["documents"]] == [str(notice.pk)]
    assert_api_404(client.get(pdf_url(later.pk), **auth))
    assert not AuditEvent.objects.filter(event=READ, target_id=str(later.pk)).exists()
    assert (
        client.get(pdf_url(notice.pk), **auth).status_code == 200
    )  # served before: still readable
