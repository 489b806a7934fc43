"""An agency's own 执法文书 templates and its 当场处罚决定书 serial books.

Staff download the template a kind is made from (the packaged default or the agency's version),
edit it in Word/WPS, and legal staff upload it again as the next version; the kind's page lists
the names the template may use. Heads register the pre-numbered serial books.

Views only parse and render: reads through `documents.selectors` (only agencies where the user
holds a role; anything else is a 404), changes through `documents.services_templates`, whose
refusals are shown in Chinese on the form that caused them.

A template upload is capped at MAX_TEMPLATE_BYTES while it is received: `TemplateSizeLimit` runs
before Django's own upload handlers and stops the upload past the limit, so an oversized file is
neither held in memory nor written out in full. Upload handlers must be set before the body is
parsed, and CsrfViewMiddleware parses it, so the view is csrf_exempt at dispatch and its POST
handler csrf_protect-ed after the handler is in place (Django's documented pattern).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from sanxiang.cases.permissions import is_head
from sanxiang.core.errors import ApplicationError, NotFound, ValidationFailed
from sanxiang.documents.contexts import all_fields
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.models import DocumentTemplate
from sanxiang.documents.permissions import can_manage_templates
from sanxiang.documents.selectors import (
    TemplateScope,
    serial_books_for_agency,
    template_docx_bytes,
    template_get_for_user,
    template_scope,
    template_versions,
    templates_for_agency,
)
from sanxiang.documents.services import DOCX_TYPE, default_template_bytes
from sanxiang.documents.services_templates import (
    MAX_TEMPLATE_BYTES,
    NOT_A_MANAGER,
    TOO_BIG,
    document_template_upload,
    serial_book_issue,
)
from sanxiang.documents.views import file_response, safe_filename

UPLOADED = "已上传《{label}》模板第{version}版，此后制作的文书将使用该版本"
ISSUED = "已登记编号册 {book}"
# A refusal of what was sent (not a DOCX, wrong field names, overlapping range): 422.
UNPROCESSABLE = 422


class TemplateSizeLimit(FileUploadHandler):
    """Stops a multipart upload once a file passes `limit` bytes (nothing of it is kept)."""

    def __init__(self, request: HttpRequest | None = None, limit: int = MAX_TEMPLATE_BYTES):
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class TemplateUploadForm(forms.Form):
    # The note comes first in the form, so it is kept when an oversized file stops the upload.
    note = forms.CharField(
        label="修订说明",
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "例如：按新版文书格式调整落款"}),
    )
    file = forms.FileField(
        label="模板文件（Word .docx）",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document"
            }
        ),
    )


class SerialBookForm(forms.Form):
    # Not "prefix": that name is the Form's own attribute.
    book_prefix = forms.CharField(label="编号前缀", max_length=40, required=False)
    first = forms.IntegerField(label="起始号", min_value=1, max_value=2_147_483_647)
    last = forms.IntegerField(label="终止号", min_value=1, max_value=2_147_483_647)
    width = forms.IntegerField(label="号码位数", min_value=1, max_value=12, initial=6)


def _scope(request: HttpRequest) -> TemplateScope:
    try:
        return template_scope(user=request.user, agency_id=request.GET.get("agency"))
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _kind(value: str) -> DocumentKind:
    try:
        return DocumentKind(value)
    except ValueError as exc:
        raise Http404("未知的文书种类") from exc


def _refusal_status(exc: ApplicationError) -> int:
    return UNPROCESSABLE if isinstance(exc, ValidationFailed) else exc.status


def template_filename(kind: DocumentKind, template: DocumentTemplate | None) -> str:
    """《label》-系统默认模板.docx or 《label》-模板第n版.docx."""
    which = "系统默认模板" if template is None else f"模板第{template.version}版"
    return safe_filename(f"{kind.label}-{which}.docx")


def _docx(data: bytes, kind: DocumentKind, template: DocumentTemplate | None) -> HttpResponse:
    return file_response(
        data, content_type=DOCX_TYPE, filename=template_filename(kind, template), inline=False
    )


class TemplateListView(LoginRequiredMixin, View):
    """Every kind with the version in use (系统默认 or 第N版) and its download."""

    def get(self, request: HttpRequest) -> HttpResponse:
        scope = _scope(request)
        try:
            rows = templates_for_agency(user=request.user, agency_id=scope.agency.pk)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        context = {
            "scope": scope,
            "agency": scope.agency,
            "rows": rows,
            "can_manage": can_manage_templates(request.user, scope.agency.pk),
        }
        return TemplateResponse(request, "documents/templates_list.html", context)


@method_decorator(csrf_exempt, name="dispatch")
class TemplateKindView(LoginRequiredMixin, View):
    """GET a kind's versions, its field list and the upload form; POST uploads a new version."""

    def _render(
        self,
        request: HttpRequest,
        scope: TemplateScope,
        kind: DocumentKind,
        form: TemplateUploadForm,
        status: int = 200,
    ) -> HttpResponse:
        try:
            entry = template_versions(user=request.user, agency_id=scope.agency.pk, kind=kind)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        context = {
            "scope": scope,
            "agency": scope.agency,
            "kind": kind,
            "entry": entry,
            "fields": all_fields(kind),
            "form": form,
            "can_manage": can_manage_templates(request.user, scope.agency.pk),
            "max_mb": MAX_TEMPLATE_BYTES // (1024 * 1024),
        }
        return TemplateResponse(request, "documents/templates_kind.html", context, status=status)

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        return self._render(request, _scope(request), _kind(kind), TemplateUploadForm())

    def post(self, request: HttpRequest, kind: str) -> HttpResponse:
        limit = TemplateSizeLimit(request)
        request.upload_handlers.insert(0, limit)
        return self._post(request, kind, limit)

    @method_decorator(csrf_protect)
    def _post(self, request: HttpRequest, kind: str, limit: TemplateSizeLimit) -> HttpResponse:
        scope = _scope(request)
        doc_kind = _kind(kind)
        form = TemplateUploadForm(request.POST, request.FILES)
        if limit.exceeded:
            # The service refuses the same way; the file never reached it. Who may not upload
            # at all is told so first, as the service would.
            if can_manage_templates(request.user, scope.agency.pk):
                form.is_valid()
                form.errors.pop("file", None)
                form.add_error(None, TOO_BIG)
                return self._render(request, scope, doc_kind, form, status=UNPROCESSABLE)
            form.add_error(None, NOT_A_MANAGER)
            return self._render(request, scope, doc_kind, form, status=403)
        if not form.is_valid():
            return self._render(request, scope, doc_kind, form, status=400)
        upload = form.cleaned_data["file"]
        try:
            template = document_template_upload(
                user=request.user,
                agency_id=scope.agency.pk,
                kind=doc_kind,
                filename=upload.name or "",
                data=upload.read(),
                note=form.cleaned_data["note"],
            )
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self._render(request, scope, doc_kind, form, status=_refusal_status(exc))
        messages.success(request, UPLOADED.format(label=doc_kind.label, version=template.version))
        url = reverse("documents:template-kind", args=[doc_kind.value])
        return HttpResponseRedirect(f"{url}?agency={scope.agency.pk}")


class TemplateDefaultDocxView(LoginRequiredMixin, View):
    """The packaged default template of a kind, to start an agency's own from."""

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        doc_kind = _kind(kind)
        return _docx(default_template_bytes(doc_kind.value), doc_kind, None)


class TemplateVersionDocxView(LoginRequiredMixin, View):
    """One uploaded version (only for users with a role in its agency)."""

    def get(self, request: HttpRequest, template_id: Any) -> HttpResponse:
        try:
            template = template_get_for_user(user=request.user, template_id=template_id)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        kind = DocumentKind(template.kind)
        return _docx(template_docx_bytes(template), kind, template)


class SerialBookView(LoginRequiredMixin, View):
    """GET the agency's 当场处罚决定书 serial books; POST registers one (heads only)."""

    def _render(
        self, request: HttpRequest, scope: TemplateScope, form: SerialBookForm, status: int = 200
    ) -> HttpResponse:
        try:
            books = serial_books_for_agency(user=request.user, agency_id=scope.agency.pk)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        context = {
            "scope": scope,
            "agency": scope.agency,
            "books": [{"book": b, "count": b.last - b.first + 1} for b in books],
            "form": form,
            "can_issue": is_head(request.user, scope.agency.pk),
        }
        return TemplateResponse(request, "documents/serial_books.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, _scope(request), SerialBookForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        scope = _scope(request)
        form = SerialBookForm(request.POST)
        if not form.is_valid():
            return self._render(request, scope, form, status=400)
        data = form.cleaned_data
        try:
            book = serial_book_issue(
                user=request.user,
                agency_id=scope.agency.pk,
                prefix=data["book_prefix"],
                first=data["first"],
                last=data["last"],
                width=data["width"],
            )
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self._render(request, scope, form, status=_refusal_status(exc))
        messages.success(request, ISSUED.format(book=book))
        return HttpResponseRedirect(f"{reverse('documents:serial-books')}?agency={scope.agency.pk}")
