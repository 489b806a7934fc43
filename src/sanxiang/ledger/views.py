"""The public verification page: drop a file or paste a SHA-256; the browser does the checking."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def verify_page(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "ledger/verify.html", {})
