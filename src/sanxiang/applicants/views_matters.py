"""Applicant portal pages for one matter: 在线申请, 办件详情 (status, clocks, 补正, documents,
decision, 告知 and 陈述申辩, an inspection's 整改完成报告), the PDF of a document served electronically, and the files the
applicant uploaded for the matter."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from sanxiang.applicants.forms import (
    ApplyForm,
    CorrectionForm,
    CorrectionReportForm,
    StatementForm,
    WithdrawForm,
)
from sanxiang.applicants.plain_words import plain_status
from sanxiang.applicants.selectors import (
    licence_guide_get,
    licence_guides,
    material_names,
    matter_clocks,
    matter_get,
    statements_of,
)
from sanxiang.applicants.selectors_delivery import delivered_document_get, documents_delivered
from sanxiang.applicants.selectors_uploads import matter_uploads
from sanxiang.applicants.services.accounts import consent_in_force
from sanxiang.applicants.services.applications import (
    applicant_apply_with_files,
    applicant_correction_answer,
    applicant_withdraw,
)
from sanxiang.applicants.services.documents import delivered_document_read, own_upload_read
from sanxiang.applicants.services.party import STATEMENT_STATUSES, party_statement_submit
from sanxiang.applicants.services.party_inspection import REPORT_ATTACHMENT, party_correction_report
from sanxiang.applicants.services.uploads import MAX_UPLOAD_BYTES, MaterialFile
from sanxiang.applicants.views import applicant_required, render
from sanxiang.cases.models import Case, CaseKind
from sanxiang.cases.states import CaseStatus
from sanxiang.core.errors import ApplicationError, NotFound
from sanxiang.documents.views import download_name, file_response, safe_filename
from sanxiang.inspections.models import Inspection
from sanxiang.inspections.party_report import party_reports


def _file(upload: UploadedFile[Any], name: str) -> MaterialFile:
    # One byte past the limit is enough for the service to refuse an oversized file.
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    return MaterialFile(name=name, filename=upload.name or "", data=data)


@applicant_required
def apply_choose_page(request: HttpRequest) -> HttpResponse:
    return render(request, "apply_choose.html", {"guides": licence_guides()})


@applicant_required
def apply_page(request: HttpRequest, agency_id: Any, code: str) -> HttpResponse:
    guide = licence_guide_get(agency_id=agency_id, item_code=code)
    names = material_names(guide)
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        files = [
            _file(f, names[i] if i < len(names) else "其他材料")
            for i in range(len(names) + 1)
            if (f := request.FILES.get(f"material_{i}")) is not None
        ]
        try:
            case = applicant_apply_with_files(
                user=request.user,
                agency_id=guide.agency_id,
                item_code=guide.item_code,
                request=form.cleaned_data["request"],
                files=files,
                interested_parties=form.cleaned_data["interested_parties"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, "申请已提交。机关应在5个工作日内受理或一次性告知需要补正的全部内容。"
            )
            return redirect("applicants:matter", case_id=case.pk)
    ctx = {
        "guide": guide,
        "materials": names,
        "form": form,
        "consent": consent_in_force(request.user),
    }
    return render(request, "apply.html", ctx)


def _licence_context(case: Case) -> dict[str, Any]:
    application = getattr(case, "licence_application", None)
    if application is None:
        return {}
    corrections = list(application.corrections.all().order_by("round"))
    open_round = next((c for c in reversed(corrections) if c.answered_on is None), None)
    return {
        "application": application,
        "corrections": corrections,
        "open_correction": open_round if case.status == CaseStatus.LICENCE_CORRECTION else None,
        "licences": list(case.licences.all()),
        "can_withdraw": case.status
        in (
            CaseStatus.LICENCE_APPLIED,
            CaseStatus.LICENCE_CORRECTION,
            CaseStatus.LICENCE_EXAMINING,
        ),
    }


def _inspection_context(case: Case) -> dict[str, Any]:
    """What the inspected party sees: the 责令改正 with its due date, and its own reports."""
    return {
        "is_inspection": True,
        "inspection": Inspection.objects.filter(case=case).first(),
        "reports": party_reports(case),
        "report_open": case.status == CaseStatus.INSPECTION_RECTIFYING,
    }


def _post(request: HttpRequest, case: Case) -> tuple[dict[str, Any], HttpResponse | None]:
    """Handle one of the matter page's forms; returns bound forms to re-render, or a redirect."""
    op = request.POST.get("op", "")
    user: Any = request.user
    bound: dict[str, Any] = {}
    form: Form
    try:
        if op == "correction":
            form = bound["correction_form"] = CorrectionForm(request.POST)
            if form.is_valid():
                names = request.POST.getlist("material_name")
                uploads = request.FILES.getlist("material_file")
                files = [
                    _file(f, (names[i] if i < len(names) else "") or "补正材料")
                    for i, f in enumerate(uploads)
                ]
                applicant_correction_answer(
                    user=user,
                    case_id=case.pk,
                    materials=[],
                    files=files,
                    note=form.cleaned_data["note"],
                )
                messages.success(request, "补正材料已提交")
                return bound, redirect("applicants:matter", case_id=case.pk)
        elif op == "withdraw":
            form = bound["withdraw_form"] = WithdrawForm(request.POST)
            if form.is_valid():
                applicant_withdraw(user=user, case_id=case.pk, reason=form.cleaned_data["reason"])
                messages.success(request, "申请已撤回")
                return bound, redirect("applicants:matter", case_id=case.pk)
        elif op == "statement":
            form = bound["statement_form"] = StatementForm(request.POST)
            if form.is_valid():
                files = [_file(f, "陈述申辩附件") for f in request.FILES.getlist("attachments")]
                party_statement_submit(
                    user=user, case_id=case.pk, text=form.cleaned_data["text"], files=files
                )
                messages.success(request, "陈述申辩已提交，办案机关将听取并复核")
                return bound, redirect("applicants:matter", case_id=case.pk)
        elif op == "correction_report":
            form = bound["report_form"] = CorrectionReportForm(request.POST)
            if form.is_valid():
                files = [_file(f, REPORT_ATTACHMENT) for f in request.FILES.getlist("attachments")]
                party_correction_report(
                    user=user, case_id=case.pk, text=form.cleaned_data["report"], files=files
                )
                messages.success(request, "整改完成情况已报告，执法人员将进行复查")
                return bound, redirect("applicants:matter", case_id=case.pk)
    except ApplicationError as exc:
        bound["error"] = exc.message
    return bound, None


@applicant_required
def matter_page(request: HttpRequest, case_id: Any) -> HttpResponse:
    user: Any = request.user
    case = matter_get(user=user, case_id=case_id)
    bound: dict[str, Any] = {}
    if request.method == "POST":
        bound, done = _post(request, case)
        if done is not None:
            return done
        case = matter_get(user=user, case_id=case_id)
    ctx: dict[str, Any] = {
        "case": case,
        "status_plain": plain_status(case.status),
        "clocks": matter_clocks(case, today=timezone.localdate()),
        "documents": documents_delivered(user=user, case=case),
        "uploads": matter_uploads(user=user, case=case),
        "consent": consent_in_force(user),
        "correction_form": CorrectionForm(),
        "withdraw_form": WithdrawForm(),
        "statement_form": StatementForm(),
        "is_licence": case.kind == CaseKind.LICENCE,
        **bound,
    }
    if case.kind == CaseKind.LICENCE:
        ctx.update(_licence_context(case))
    elif case.kind == CaseKind.INSPECTION:
        ctx.update(_inspection_context(case))
        ctx.setdefault("report_form", CorrectionReportForm())
    else:
        ctx["statements"] = statements_of(user=user, case=case)
        ctx["statement_open"] = case.status in STATEMENT_STATUSES
    status = 400 if bound.get("error") else 200
    return render(request, "matter.html", ctx, status=status)


@applicant_required
def document_pdf(request: HttpRequest, case_id: Any, document_id: Any) -> HttpResponse:
    case = matter_get(user=request.user, case_id=case_id)
    if delivered_document_get(user=request.user, document_id=document_id).case_id != case.pk:
        raise NotFound()
    doc, data = delivered_document_read(user=request.user, document_id=document_id)
    return file_response(
        data, content_type="application/pdf", filename=download_name(doc, "pdf"), inline=False
    )


@applicant_required
def upload_file(request: HttpRequest, case_id: Any, item_id: Any) -> HttpResponse:
    """A file the applicant uploaded for this matter; the download is in its 调阅记录."""
    item, data = own_upload_read(
        user=request.user,
        case_id=case_id,
        item_id=item_id,
        client_ip=request.META.get("REMOTE_ADDR") or None,
    )
    return file_response(
        data,
        content_type=item.blob.media_type,
        filename=safe_filename(item.filename),
        inline=False,
    )
