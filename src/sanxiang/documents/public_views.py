"""Where the QR code on a 文书 leads: public facts about it (no personal data) and its hash."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from sanxiang.core.errors import NotFound
from sanxiang.documents.selectors import document_public
from sanxiang.documents.signing import ca_certificate_pem


def document_verify_page(request: HttpRequest, document_id: str) -> HttpResponse:
    try:
        doc = document_public(document_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return TemplateResponse(request, "documents_public/document.html", {"doc": doc})


def ca_certificate(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(ca_certificate_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="sanxiang-document-ca.pem"'
    return response
