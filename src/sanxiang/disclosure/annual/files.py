"""A 年报's files as downloads: the sealed vault bytes, checked against their SHA-256 on the way
out so a damaged vault never serves a file that differs from the one the ledger records."""

from __future__ import annotations

import hashlib

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from sanxiang.disclosure.models_annual import AnnualReport
from sanxiang.evidence.models import Blob
from sanxiang.evidence.services import blob_read

FORMATS = ("xlsx", "pdf")


class SealedFileDamaged(Exception):
    """The vault returned bytes whose SHA-256 is not the recorded one."""


def report_blob(report: AnnualReport, fmt: str) -> Blob:
    if fmt == "xlsx":
        return report.xlsx
    if fmt == "pdf":
        return report.pdf
    raise Http404


def report_filename(report: AnnualReport, fmt: str) -> str:
    return f"{report.agency.name}{report.year}年度行政执法统计年报（第{report.version}版）.{fmt}"


def report_file_response(report: AnnualReport, fmt: str, *, public: bool = False) -> HttpResponse:
    """Raises: Http404 for an unknown format; SealedFileDamaged when the bytes do not match."""
    blob = report_blob(report, fmt)
    data = blob_read(blob)
    if hashlib.sha256(data).hexdigest() != blob.sha256:
        raise SealedFileDamaged(blob.sha256)
    response = HttpResponse(data, content_type=blob.media_type)
    response["Content-Disposition"] = (
        content_disposition_header(True, report_filename(report, fmt)) or ""
    )
    response["Content-Length"] = len(data)
    response["X-Content-SHA256"] = blob.sha256
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
