import datetime as dt

import pytest
from django.urls import reverse

from sanxiang.core.models import AuditEvent
from sanxiang.organisations.models import Certificate, CertificateStatus, Officer, Role, Unit
from sanxiang.organisations.tests.factories import (
    AgencyFactory,
    CertificateFactory,
    FieldFactory,
    OfficerFactory,
    SupervisoryAgencyFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory(supervising_agency=SupervisoryAgencyFactory())


@pytest.fixture
def head_client(client, agency):
    client.force_login(user_with_role(Role.AGENCY_HEAD, agency))
    return client


def test_head_edits_remedy_channels(head_client, agency):
    url = reverse("organisations:agency_edit", args=[agency.pk])
    form = head_client.get(url)
    assert form.status_code == 200
    data = {
        "name": agency.name,
        "uscc": agency.uscc,
        "subject_type": agency.subject_type,
        "remedy_channels": "向陵川县人民政府申请行政复议",
        "supervision_channels": "监督电话 0356-6212345",
    }
    response = head_client.post(url, data)
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.remedy_channels == "向陵川县人民政府申请行政复议"
    assert AuditEvent.objects.filter(event="organisations.agency.updated").exists()


def test_edit_with_wrong_uscc_shows_chinese_error_and_saves_nothing(head_client, agency):
    bad = agency.uscc[:-1] + ("0" if agency.uscc[-1] != "0" else "1")
    response = head_client.post(
        reverse("organisations:agency_edit", args=[agency.pk]),
        {"name": "改名", "uscc": bad, "subject_type": agency.subject_type},
    )
    assert response.status_code == 200
    assert "校验位错误" in response.content.decode()
    agency.refresh_from_db()
    assert agency.name != "改名"


def test_supervisor_cannot_open_edit_page(client, agency):
    client.force_login(user_with_role(Role.SUPERVISOR, agency.supervising_agency))
    response = client.get(reverse("organisations:agency_edit", args=[agency.pk]))
    assert response.status_code == 403
    assert "只有查看权限" in response.content.decode()


def test_head_adds_unit_officer_and_certificate(head_client, agency):
    head_client.post(reverse("organisations:unit_add", args=[agency.pk]), {"name": "执法大队"})
    unit = Unit.objects.get(agency=agency, name="执法大队")
    head_client.post(
        reverse("organisations:officer_add", args=[agency.pk]),
        {"name": "赵建国", "unit": unit.pk, "title": "队长", "phone": "13912345678"},
    )
    officer = Officer.objects.get(agency=agency, name="赵建国")
    field = FieldFactory()
    response = head_client.post(
        reverse("organisations:certificate_add", args=[officer.pk]),
        {
            "number": "14052400888",
            "issuing_body": "山西省人民政府",
            "enforcement_fields": [field.pk],
            "valid_from": "2024-01-01",
            "valid_to": "2028-12-31",
        },
    )
    assert response.status_code == 302
    detail = head_client.get(
        reverse("organisations:agency_detail", args=[agency.pk])
    ).content.decode()
    assert "139****5678" in detail
    assert "13912345678" not in detail
    assert "持有效执法证" in detail


def test_expired_certificate_is_refused_on_form_and_flagged_on_page(head_client, agency):
    officer = OfficerFactory(agency=agency)
    response = head_client.post(
        reverse("organisations:certificate_add", args=[officer.pk]),
        {
            "number": "X1",
            "issuing_body": "山西省人民政府",
            "enforcement_fields": [FieldFactory().pk],
            "valid_from": "2024-01-01",
            "valid_to": "2023-12-31",
        },
    )
    assert "有效期止不得早于有效期起" in response.content.decode()
    assert not Certificate.objects.filter(number="X1").exists()
    CertificateFactory(
        officer=officer, valid_to=dt.date(2020, 12, 31), valid_from=dt.date(2018, 1, 1)
    )
    page = head_client.get(
        reverse("organisations:agency_detail", args=[agency.pk])
    ).content.decode()
    assert "无有效执法证，不得从事执法工作" in page


def test_suspend_certificate_requires_reason(head_client, agency):
    cert = CertificateFactory(officer=OfficerFactory(agency=agency))
    url = reverse("organisations:certificate_status", args=[cert.pk])
    response = head_client.post(url, {"status": CertificateStatus.SUSPENDED, "reason": ""})
    assert response.status_code == 200
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.ACTIVE
    head_client.post(url, {"status": CertificateStatus.SUSPENDED, "reason": "涉嫌违纪，暂扣"})
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.SUSPENDED


def test_other_agency_certificate_is_404(head_client):
    foreign = CertificateFactory()
    url = reverse("organisations:certificate_status", args=[foreign.pk])
    assert head_client.get(url).status_code == 404
