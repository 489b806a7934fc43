"""年报 pages: the staff's generate → preview → publish, the public list with downloads and
SHA-256s, and the reminder on the 工作台 and the 事后公开 list until the report is published."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanxiang.disclosure.annual.selectors import annual_report_alerts
from sanxiang.disclosure.annual.services import annual_report_generate, annual_report_publish
from sanxiang.disclosure.models_annual import AnnualReport, AnnualReportStatus
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role

ALERT = 'id="annual-report-alert"'


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def last_year() -> int:
    return timezone.localdate().year - 1


def generated(world, year: int | None = None) -> AnnualReport:
    return annual_report_generate(
        user=world.others["publisher"],
        agency_id=world.agency.pk,
        payload={"year": year or last_year()},
    )


def test_staff_generate_preview_and_publish(world):
    client = client_for(world.others["publisher"])
    page = client.get(reverse("disclosure_staff:annual_reports"))
    assert page.status_code == 200
    assert "生成年报" in page.content.decode()

    response = client.post(
        reverse("disclosure_staff:annual_report_generate"),
        {"agency": str(world.agency.pk), "year": "2026" if last_year() >= 2026 else last_year()},
    )
    report = AnnualReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("disclosure_staff:annual_report", args=[report.pk])

    preview = client.get(response["Location"]).content.decode()
    assert f"《{world.agency.name}{report.year}年度行政执法统计年报》" in preview
    assert preview.count('src="data:image/png;base64,') == 2
    assert "行政处罚（按执法主体）" in preview
    assert report.pdf_id in preview
    assert 'id="publish-form"' in preview

    pdf = client.get(reverse("disclosure_staff:annual_report_file", args=[report.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == report.pdf_id

    done = client.post(reverse("disclosure_staff:annual_report_publish", args=[report.pk]))
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == AnnualReportStatus.PUBLISHED
    after = client.get(done["Location"]).content.decode()
    assert "年报已发布到公示平台" in after
    assert 'id="publish-form"' not in after


def test_generate_refusal_is_shown_in_chinese(world):
    client = client_for(world.others["publisher"])
    year = timezone.localdate().year
    response = client.post(
        reverse("disclosure_staff:annual_report_generate"),
        {"agency": str(world.agency.pk), "year": str(year)},
        follow=True,
    )
    assert f"{year}年度尚未结束，不能生成该年度的统计年报" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_reader_sees_the_preview_without_publishing_and_outsiders_get_404(world):
    report = generated(world)
    page = client_for(world.unit_head).get(
        reverse("disclosure_staff:annual_report", args=[report.pk])
    )
    assert page.status_code == 200
    assert 'id="publish-form"' not in page.content.decode()
    refused = client_for(world.unit_head).post(
        reverse("disclosure_staff:annual_report_publish", args=[report.pk]), follow=True
    )
    assert "只有本机关的公示管理员或机关负责人可以生成和发布年报" in refused.content.decode()
    outsider = client_for(user_with_role(Role.DISCLOSURE_OFFICER, AgencyFactory()))
    for name, args in [
        ("annual_report", [report.pk]),
        ("annual_report_file", [report.pk, "xlsx"]),
    ]:
        assert outsider.get(reverse(f"disclosure_staff:{name}", args=args)).status_code == 404
    assert (
        outsider.post(
            reverse("disclosure_staff:annual_report_publish", args=[report.pk])
        ).status_code
        == 404
    )
    report.refresh_from_db()
    assert report.status == AnnualReportStatus.GENERATED


def test_public_page_lists_published_reports_with_downloads_and_hashes(world, client):
    report = generated(world)
    file_url = reverse("disclosure:annual_report_file", args=[report.pk, "pdf"])
    assert client.get(file_url).status_code == 404  # not yet published
    empty = client.get(reverse("disclosure:annual_reports")).content.decode()
    assert 'id="no-reports"' in empty

    annual_report_publish(user=world.others["publisher"], report_id=report.pk)
    page = client.get(reverse("disclosure:annual_reports")).content.decode()
    assert f"{world.agency.name}{report.year}年度行政执法统计年报" in page
    assert f"?sha256={report.pdf_id}" in page
    assert f"?sha256={report.xlsx_id}" in page
    xlsx = client.get(reverse("disclosure:annual_report_file", args=[report.pk, "xlsx"]))
    assert xlsx.status_code == 200
    assert hashlib.sha256(xlsx.content).hexdigest() == report.xlsx_id
    assert xlsx["X-Content-SHA256"] == report.xlsx_id
    assert "attachment" in xlsx["Content-Disposition"]
    assert client.get(file_url).content.startswith(b"%PDF")
    bad = reverse("disclosure:annual_report_file", args=[report.pk, "docx"])
    assert client.get(bad).status_code == 404
    for sha in (report.pdf_id, report.xlsx_id):  # what the 核验 page asks the ledger
        found = client.get("/api/v1/ledger/lookup", {"sha256": sha}).json()
        assert "disclosure.annual_report.published" in [r["kind"] for r in found["records"]]


def test_public_page_shows_only_the_current_version(world, client):
    first = generated(world)
    annual_report_publish(user=world.others["publisher"], report_id=first.pk)
    second = generated(world)
    annual_report_publish(user=world.others["publisher"], report_id=second.pk)
    page = client.get(reverse("disclosure:annual_reports")).content.decode()
    assert f'id="report-{second.pk}"' in page
    assert f'id="report-{first.pk}"' not in page
    old = reverse("disclosure:annual_report_file", args=[first.pk, "pdf"])
    assert client.get(old).status_code == 404


@pytest.mark.parametrize("page", ["accounts:home", "disclosure_staff:list"])
def test_reminder_shows_until_last_years_report_is_published(world, page):
    client = client_for(world.others["publisher"])
    before = client.get(reverse(page)).content.decode()
    assert ALERT in before
    assert f"{world.agency.name} {last_year()}年度年报尚未生成" in before
    report = generated(world)
    assert "已生成、尚未发布" in client.get(reverse(page)).content.decode()
    annual_report_publish(user=world.others["publisher"], report_id=report.pk)
    assert ALERT not in client.get(reverse(page)).content.decode()


def test_reminder_is_not_shown_to_officers(world):
    assert ALERT not in client_for(world.officer).get(reverse("accounts:home")).content.decode()


def test_alert_is_due_in_january_and_overdue_after_the_31st(world):
    user = world.others["publisher"]
    (january,) = annual_report_alerts(user=user, today=dt.date(2027, 1, 31))
    assert (january.year, january.due_on, january.overdue) == (2026, dt.date(2027, 1, 31), False)
    (february,) = annual_report_alerts(user=user, today=dt.date(2027, 2, 1))
    assert february.overdue is True
    report = annual_report_generate(
        user=user, agency_id=world.agency.pk, payload={"year": 2026}, today=dt.date(2027, 1, 5)
    )
    assert annual_report_alerts(user=user, today=dt.date(2027, 1, 6))[0].generated is True
    annual_report_publish(user=user, report_id=report.pk, today=dt.date(2027, 1, 6))
    assert annual_report_alerts(user=user, today=dt.date(2027, 1, 7)) == []
    assert annual_report_alerts(user=world.officer, today=dt.date(2027, 1, 7)) == []
