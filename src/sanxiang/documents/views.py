"""Officers' pages for 执法文书: a case's documents, generating one, downloading the signed PDF or
the DOCX, the 电子案卷, and the on-site 笔录 made and signed on a phone.

Views only parse and render: reads go through `documents.selectors` (another agency's document
is a 404), every change through `documents.services`; a refusal is shown in Chinese on the form
that caused it, with the officer's input kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views import View

from sanxiang.cases.models import Case
from sanxiang.cases.selectors import case_get_for_user, case_officers
from sanxiang.core.errors import ApplicationError, NotFound, ValidationFailed
from sanxiang.documents.forms import GenerateForm, OnsiteRecordForm
from sanxiang.documents.models import Document
from sanxiang.documents.selectors import (
    document_get_for_user,
    documents_for_case,
)
from sanxiang.documents.services import DOCX_TYPE, document_file_read, document_generate
from sanxiang.documents.services_casefile import casefile_export, casefile_pdf
from sanxiang.documents.services_onsite import onsite_record_submit

GENERATED = "已生成《{title}》第{version}版"
ONSITE_DONE = "笔录已记录，当事人和执法人员的签名已保存，《{title}》已生成并签章"
# Refusals about the signatures: the page reopens at its signature step.
SIGNATURE_CODES = frozenset(
    {"officer_signatures_missing", "record_unsigned", "signature_invalid", "signature_too_large"}
)


def _case(request: HttpRequest, case_id: Any) -> Case:
    try:
        return case_get_for_user(user=request.user, case_id=case_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _document(request: HttpRequest, document_id: Any) -> Document:
    try:
        return document_get_for_user(user=request.user, document_id=document_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def download_name(document: Document, extension: str) -> str:
    """《title》number 第n版.ext, without characters a file system refuses."""
    parts = [document.title]
    if document.number:
        parts.append(document.number)
    parts.append(f"第{document.version}版")
    return safe_filename(f"{'-'.join(parts)}.{extension}")


def safe_filename(name: str) -> str:
    """Without the characters a file system refuses (case numbers may hold a slash)."""
    return "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in name)


def file_response(data: bytes, *, content_type: str, filename: str, inline: bool) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or ""
    response["Content-Length"] = len(data)
    response["Cache-Control"] = "private, no-store"
    return response


def _step_choices(case: Case) -> list[tuple[str, str]]:
    return [
        (str(s.pk), f"{s.sequence}. {s.label}（{s.occurred_on:%Y-%m-%d}）")
        for s in case.steps.order_by("sequence")
    ]


class CaseDocumentsView(LoginRequiredMixin, View):
    """GET the case's documents and the generate form; POST generates one (document_generate)."""

    def _render(
        self, request: HttpRequest, case: Case, form: GenerateForm, status: int = 200
    ) -> HttpResponse:
        try:
            documents = documents_for_case(user=request.user, case_id=case.pk)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        context = {
            "case": case,
            "documents": documents,
            "form": form,
        }
        return TemplateResponse(request, "documents/case.html", context, status=status)

    def get(self, request: HttpRequest, case_id: Any) -> HttpResponse:
        case = _case(request, case_id)
        return self._render(
            request, case, GenerateForm(steps=_step_choices(case), case_kind=case.kind)
        )

    def post(self, request: HttpRequest, case_id: Any) -> HttpResponse:
        case = _case(request, case_id)
        form = GenerateForm(request.POST, steps=_step_choices(case), case_kind=case.kind)
        if not form.is_valid():
            return self._render(request, case, form, status=400)
        try:
            document = document_generate(
                user=request.user,
                case_id=case.pk,
                kind=form.cleaned_data["kind"],
                step_id=form.cleaned_data["step_id"] or None,
            )
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self._render(request, case, form, status=exc.status)
        messages.success(request, GENERATED.format(title=document.title, version=document.version))
        return HttpResponseRedirect(reverse("documents:detail", args=[document.pk]))


class CasefilePdfView(LoginRequiredMixin, View):
    """POST: the 电子案卷 as one page-numbered PDF (casefile_pdf audits the download)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, case_id: Any) -> HttpResponse:
        case = _case(request, case_id)
        try:
            pdf = casefile_pdf(user=request.user, case_id=case.pk)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(reverse("documents:case", args=[case.pk]))
        label = case.number or case.lead_number
        return file_response(
            pdf,
            content_type="application/pdf",
            filename=safe_filename(f"电子案卷-{label}.pdf"),
            inline=False,
        )


class CasefileExportView(LoginRequiredMixin, View):
    """POST: the 电子案卷 ZIP (files, ledger entries, proofs, checkpoint), verifiable offline.

    The service leaves the ZIP in a temporary file; it is unlinked at once and streamed from the
    open handle, so nothing is left behind whether or not the download completes.
    """

    http_method_names = ["post"]

    def post(self, request: HttpRequest, case_id: Any) -> HttpResponseBase:
        case = _case(request, case_id)
        try:
            result = casefile_export(user=request.user, case_id=case.pk)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(reverse("documents:case", args=[case.pk]))
        handle = result.path.open("rb")
        result.path.unlink(missing_ok=True)
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=result.filename,
            content_type="application/zip",
        )
        response["Content-Length"] = result.size
        response["Cache-Control"] = "private, no-store"
        response["X-Casefile-Manifest-SHA256"] = result.manifest_sha256
        return response


class DocumentDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, document_id: Any) -> HttpResponse:
        document = _document(request, document_id)
        context = {"document": document, "case": document.case}
        return TemplateResponse(request, "documents/detail.html", context)


class DocumentPdfView(LoginRequiredMixin, View):
    """The signed PDF, shown in the browser's viewer (Content-Disposition: inline)."""

    def get(self, request: HttpRequest, document_id: Any) -> HttpResponse:
        document, data = document_file_read(user=request.user, document_id=document_id, fmt="pdf")
        return file_response(
            data,
            content_type="application/pdf",
            filename=download_name(document, "pdf"),
            inline=request.GET.get("download") != "1",
        )


class DocumentDocxView(LoginRequiredMixin, View):
    """The filled DOCX (unsigned: the PDF is the document of record)."""

    def get(self, request: HttpRequest, document_id: Any) -> HttpResponse:
        document, data = document_file_read(user=request.user, document_id=document_id, fmt="docx")
        return file_response(
            data,
            content_type=DOCX_TYPE,
            filename=download_name(document, "docx"),
            inline=False,
        )


def service_problems(exc: ApplicationError) -> list[dict[str, Any]]:
    """The per-field problems a ValidationFailed carries (`detail.errors`), if any."""
    problems: Any = exc.extra.get("errors") if isinstance(exc, ValidationFailed) else None
    return [p for p in problems or [] if isinstance(p, dict)]


def _start_step(form: OnsiteRecordForm, exc: ApplicationError | None) -> str:
    """Where the page reopens after a refusal: at the signatures when they were the problem."""
    pads = {name for _, n, i in OnsiteRecordForm.PADS for name in (n, i)}
    if any(name in pads for name in form.errors):
        return "sign"
    if exc is None:
        return "fill"
    if exc.code in SIGNATURE_CODES:
        return "sign"
    fields = [str(p.get("field", "")) for p in service_problems(exc)]
    return "sign" if any(f.startswith("signatures") for f in fields) else "fill"


class OnsiteRecordView(LoginRequiredMixin, View):
    """The phone page: 笔录 + photos/videos (tus) → 给当事人确认 → signatures → signed PDF."""

    def _render(
        self,
        request: HttpRequest,
        case: Case,
        form: OnsiteRecordForm,
        *,
        status: int = 200,
        exc: ApplicationError | None = None,
    ) -> HttpResponse:
        context = {
            "case": case,
            "form": form,
            "start": _start_step(form, exc) if form.is_bound else "fill",
        }
        return TemplateResponse(request, "documents/onsite.html", context, status=status)

    def get(self, request: HttpRequest, case_id: Any) -> HttpResponse:
        case = _case(request, case_id)
        officers = case_officers(case)
        initial: dict[str, Any] = {"party_name": case.party_name}
        for n, row in enumerate(officers[:2], start=1):
            initial[f"officer_name_{n}"] = row.name
        return self._render(request, case, OnsiteRecordForm(initial=initial))

    def post(self, request: HttpRequest, case_id: Any) -> HttpResponse:
        case = _case(request, case_id)
        form = OnsiteRecordForm(request.POST)
        if not form.is_valid():
            return self._render(request, case, form, status=400)
        try:
            _step, document = onsite_record_submit(
                user=request.user, case_id=case.pk, payload=form.payload()
            )
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except ApplicationError as exc:
            names = [str(p.get("field", "")).split(".")[0] for p in service_problems(exc)]
            form.add_service_error(exc.message, names)
            return self._render(request, case, form, status=exc.status, exc=exc)
        messages.success(request, ONSITE_DONE.format(title=document.title))
        return HttpResponseRedirect(reverse("documents:detail", args=[document.pk]))
