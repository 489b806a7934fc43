"""行政执法统计年报: generate a year's report (Excel + PDF) and publish it to the portal.

国办发〔2018〕118号 asks every agency to publish the previous year's 行政执法总体情况 data by
31 January and report it to the government at its level and the superior department. Generation
freezes the figures and seals both files in the evidence vault; publication puts that version on
the portal and supersedes any version published before. Each step is one transaction with its
audit events: the ledger lookup indexes one SHA-256 per entry, so each file gets its own entry
(`file`: "pdf" / "xlsx"), naming the other file's hash and the figures' hash too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Max
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.services.common import acting_officer, today_or
from sanxiang.cases.services.validation import parse
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.disclosure.annual.excel import annual_workbook
from sanxiang.disclosure.annual.figures import AnnualFigures, compute
from sanxiang.disclosure.annual.pdf import annual_pdf
from sanxiang.disclosure.annual.records import collect
from sanxiang.disclosure.annual.selectors import (
    ANNUAL_REPORT_CITATION,
    annual_reports_visible_to,
    can_handle_annual_report,
    report_due,
)
from sanxiang.disclosure.models_annual import AnnualReport, AnnualReportStatus
from sanxiang.disclosure.permissions import HANDLERS, READERS
from sanxiang.evidence.services import blob_store
from sanxiang.ledger.audit import audit_record
from sanxiang.ledger.canonical import canonical_json
from sanxiang.organisations.models import Agency
from sanxiang.organisations.permissions import agency_ids_with_role

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
S = AnnualReportStatus

NOT_HANDLER = "只有本机关的公示管理员或机关负责人可以生成和发布年报"
YEAR_NOT_ENDED = "{year}年度尚未结束，不能生成该年度的统计年报"
WRONG_STATUS = "该年报当前状态为“{status}”，不能发布"
NOT_LATEST = "该年度已生成更新的第{latest}版年报，请发布最新版本"


class AnnualReportEvent(StrEnum):
    GENERATED = "disclosure.annual_report.generated"
    PUBLISHED = "disclosure.annual_report.published"


class Generation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: int = Field(title="年度", ge=2000, le=2100)


def figures_sha256(figures: AnnualFigures) -> str:
    """SHA-256 of the figures exactly as stored: RFC 8785 JSON."""
    return hashlib.sha256(canonical_json(figures.model_dump(mode="json"))).hexdigest()


def _agency_for_handler(user: Any, agency_id: Any) -> Agency:
    """Raises: NotFound (not the user's agency in any role); Forbidden (a reader, not a handler)."""
    pk = uuid_or_not_found(agency_id)
    if pk not in agency_ids_with_role(user, *READERS):
        raise NotFound()
    if pk not in agency_ids_with_role(user, *HANDLERS):
        raise Forbidden(NOT_HANDLER, code="annual_report_not_permitted")
    agency = Agency.objects.select_for_update().select_related("region").filter(pk=pk).first()
    if agency is None:
        raise NotFound()
    return agency


def _audit_files(user: Any, event: AnnualReportEvent, report: AnnualReport, **new: Any) -> None:
    common = {
        "year": report.year,
        "version": report.version,
        "pdf_sha256": report.pdf_id,
        "xlsx_sha256": report.xlsx_id,
        "figures_sha256": report.figures_sha256,
        **new,
    }
    for file, sha in (("pdf", report.pdf_id), ("xlsx", report.xlsx_id)):
        audit_record(
            actor=user,
            event=event.value,
            target=report,
            agency_id=report.agency_id,
            new={"file": file, **common},
            subject_sha256=str(sha),
        )


@transaction.atomic
def annual_report_generate(
    *, user: Any, agency_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> AnnualReport:
    """Compute the year's figures from the records and make the next version of the report.

    Raises: NotFound (not the user's agency); Forbidden (not its 公示管理员 or 机关负责人; no
        officer profile); ValidationFailed (year); RuleViolation annual_report_year_not_ended.
    """
    day = today_or(today)
    agency = _agency_for_handler(user, agency_id)
    officer = acting_officer(user)
    data = parse(Generation, payload)
    if data.year >= day.year:
        raise RuleViolation(
            YEAR_NOT_ENDED.format(year=data.year),
            code="annual_report_year_not_ended",
            citation=ANNUAL_REPORT_CITATION,
        )
    previous = AnnualReport.objects.filter(agency=agency, year=data.year).aggregate(
        v=Max("version")
    )
    version = (previous["v"] or 0) + 1
    figures = compute(collect(agency=agency, year=data.year, today=day))
    xlsx = blob_store(data=annual_workbook(figures), media_type=XLSX_TYPE)
    pdf = blob_store(data=annual_pdf(figures, version=version), media_type="application/pdf")
    report = AnnualReport(
        agency=agency,
        year=data.year,
        version=version,
        figures=figures.model_dump(mode="json"),
        figures_sha256=figures_sha256(figures),
        xlsx=xlsx,
        pdf=pdf,
        generated_on=day,
        due_on=report_due(data.year),
        generated_by=officer,
        created_by=user,
        updated_by=user,
    )
    report.full_clean()
    report.save(force_insert=True)
    _audit_files(user, AnnualReportEvent.GENERATED, report)
    return report


@transaction.atomic
def annual_report_publish(
    *, user: Any, report_id: Any, today: dt.date | None = None
) -> AnnualReport:
    """Put a generated version on the portal; the version published before is superseded.

    Publishing after 31 January is allowed (the figures must still come out) and recorded as late.

    Raises: NotFound; Forbidden (not a handler of the agency); RuleViolation
        annual_report_wrong_status (not 已生成待发布), annual_report_not_latest (a newer version
        of the same year exists).
    """
    day = today_or(today)
    pk = uuid_or_not_found(report_id)
    report = (
        annual_reports_visible_to(user)
        .select_for_update()
        .select_related("agency")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise NotFound()
    if not can_handle_annual_report(user, report):
        raise Forbidden(NOT_HANDLER, code="annual_report_not_permitted")
    officer = acting_officer(user)
    if report.status != S.GENERATED:
        raise RuleViolation(
            WRONG_STATUS.format(status=report.get_status_display()),
            code="annual_report_wrong_status",
        )
    siblings = AnnualReport.objects.select_for_update().filter(
        agency_id=report.agency_id, year=report.year
    )
    latest = max(siblings.values_list("version", flat=True))
    if report.version != latest:
        raise RuleViolation(NOT_LATEST.format(latest=latest), code="annual_report_not_latest")
    replaced = siblings.filter(status=S.PUBLISHED).first()
    if replaced is not None:
        replaced.status, replaced.superseded_on = S.SUPERSEDED, day
        replaced.save(update_fields=["status", "superseded_on", "updated_at"])
    report.status, report.published_on, report.published_by = S.PUBLISHED, day, officer
    report.updated_by = user
    report.save(
        update_fields=["status", "published_on", "published_by", "updated_by", "updated_at"]
    )
    _audit_files(
        user,
        AnnualReportEvent.PUBLISHED,
        report,
        due_on=report.due_on.isoformat(),
        on_time=day <= report.due_on,
        supersedes=str(replaced.pk) if replaced is not None else None,
        citation=ANNUAL_REPORT_CITATION,
    )
    return report
