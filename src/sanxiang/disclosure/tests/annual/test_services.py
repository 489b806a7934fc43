"""年报 services: generate (figures frozen, files sealed, ledgered) and publish (one version public,
supersession, the 1月31日 deadline of 国办发〔2018〕118号 recorded), with every refusal."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.disclosure.annual.figures import AnnualFigures
from sanxiang.disclosure.annual.services import (
    AnnualReportEvent,
    annual_report_generate,
    annual_report_publish,
    figures_sha256,
)
from sanxiang.disclosure.models_annual import AnnualReport, AnnualReportStatus
from sanxiang.evidence.services import blob_read
from sanxiang.ledger.models import LedgerEntry
from sanxiang.ledger.selectors import lookup
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role

S = AnnualReportStatus
JANUARY = dt.date(2027, 1, 11)


def generate(world, user=None, year=2026, today=JANUARY) -> AnnualReport:
    return annual_report_generate(
        user=user or world.others["publisher"],
        agency_id=world.agency.pk,
        payload={"year": year},
        today=today,
    )


def publish(world, report, user=None, today=JANUARY) -> AnnualReport:
    return annual_report_publish(
        user=user or world.others["publisher"], report_id=report.pk, today=today
    )


def test_generate_freezes_the_figures_and_seals_both_files_in_the_ledger(world):
    report = generate(world)
    assert (report.year, report.version, report.status) == (2026, 1, S.GENERATED)
    assert report.due_on == dt.date(2027, 1, 31)
    assert report.generated_by == world.others["publisher"].officer
    figures = AnnualFigures.model_validate(report.figures)
    assert figures.total.penalty.penalised == 1
    assert figures.total.penalty.fines == Decimal("3000.00")
    assert report.figures_sha256 == figures_sha256(figures)

    xlsx, pdf = blob_read(report.xlsx), blob_read(report.pdf)
    assert hashlib.sha256(xlsx).hexdigest() == report.xlsx_id
    assert hashlib.sha256(pdf).hexdigest() == report.pdf_id
    assert pdf.startswith(b"%PDF")
    assert load_workbook(io.BytesIO(xlsx))["行政处罚（按执法主体）"]["B3"].value == 1

    events = AuditEvent.objects.filter(event=AnnualReportEvent.GENERATED.value)
    assert sorted(e.new["file"] for e in events) == ["pdf", "xlsx"]
    assert {e.new["figures_sha256"] for e in events} == {report.figures_sha256}
    for sha in (report.pdf_id, report.xlsx_id):
        assert [r.kind for r in lookup(sha256=sha)] == [AnnualReportEvent.GENERATED.value]
    assert (
        LedgerEntry.objects.filter(
            agency_id=world.agency.pk, kind__startswith="disclosure.annual"
        ).count()
        == 2
    )


def test_generate_again_makes_the_next_version(world):
    first = generate(world)
    second = generate(world, today=JANUARY + dt.timedelta(days=1))
    assert (first.version, second.version) == (1, 2)
    assert second.generated_on == dt.date(2027, 1, 12)


def test_generate_refused_when_the_year_has_not_ended(world):
    with pytest.raises(RuleViolation) as err:
        generate(world, year=2026, today=dt.date(2026, 12, 31))
    assert err.value.code == "annual_report_year_not_ended"
    assert "118号" in err.value.citation
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("year", ["", "二〇二六", 1999, 2101])
def test_generate_refuses_a_malformed_year(world, year):
    with pytest.raises(ValidationFailed) as err:
        generate(world, year=year)
    assert "年度" in err.value.message


def test_generate_by_a_reader_is_forbidden_and_by_another_agency_not_found(world):
    with pytest.raises(Forbidden) as err:
        generate(world, user=world.unit_head)
    assert err.value.code == "annual_report_not_permitted"
    outsider = user_with_role(Role.DISCLOSURE_OFFICER, AgencyFactory())
    with pytest.raises(NotFound):
        generate(world, user=outsider)
    with pytest.raises(NotFound):  # an officer is no reader of 事后公开 records
        generate(world, user=world.officer)
    assert not AnnualReport.objects.exists()


def test_publish_puts_the_report_on_the_portal_on_time_and_ledgers_each_file(world):
    report = publish(world, generate(world))
    assert report.status == S.PUBLISHED
    assert report.published_on == JANUARY
    assert report.published_by == world.others["publisher"].officer
    events = AuditEvent.objects.filter(event=AnnualReportEvent.PUBLISHED.value)
    assert sorted(e.new["file"] for e in events) == ["pdf", "xlsx"]
    assert all(e.new["on_time"] is True and e.new["due_on"] == "2027-01-31" for e in events)
    assert [r.kind for r in lookup(sha256=report.pdf_id)] == [
        AnnualReportEvent.GENERATED.value,
        AnnualReportEvent.PUBLISHED.value,
    ]


def test_publish_after_31_january_is_recorded_as_late(world):
    publish(world, generate(world), today=dt.date(2027, 2, 1))
    events = AuditEvent.objects.filter(event=AnnualReportEvent.PUBLISHED.value)
    assert {e.new["on_time"] for e in events} == {False}


def test_publishing_a_new_version_supersedes_the_published_one(world):
    first = publish(world, generate(world))
    second = publish(world, generate(world), today=JANUARY + dt.timedelta(days=2))
    first.refresh_from_db()
    assert first.status == S.SUPERSEDED
    assert first.superseded_on == dt.date(2027, 1, 13)
    assert second.status == S.PUBLISHED
    published = AuditEvent.objects.filter(event=AnnualReportEvent.PUBLISHED.value)
    assert {e.new["supersedes"] for e in published if e.new["version"] == 2} == {str(first.pk)}


def test_publish_refuses_an_older_version_and_a_second_publication(world):
    old, new = generate(world), generate(world)
    with pytest.raises(RuleViolation) as err:
        publish(world, old)
    assert err.value.code == "annual_report_not_latest"
    publish(world, new)
    with pytest.raises(RuleViolation) as err:
        publish(world, new)
    assert err.value.code == "annual_report_wrong_status"
    assert AnnualReport.objects.filter(status=S.PUBLISHED).count() == 1


def test_publish_by_a_reader_is_forbidden_and_by_another_agency_not_found(world):
    report = generate(world)
    with pytest.raises(Forbidden):
        publish(world, report, user=world.reviewer)
    with pytest.raises(NotFound):
        publish(world, report, user=user_with_role(Role.AGENCY_HEAD, AgencyFactory()))
    with pytest.raises(NotFound):
        annual_report_publish(user=world.others["publisher"], report_id="not-a-uuid")
    report.refresh_from_db()
    assert report.status == S.GENERATED


def test_the_agency_head_may_generate_and_publish(world):
    report = publish(world, generate(world, user=world.agency_head), user=world.agency_head)
    assert report.published_by == world.agency_head.officer
