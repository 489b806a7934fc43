"""The one staff page in this app: issuing a 网上办理码 from the case page (shown once)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from sanxiang.applicants.services.party import party_code_issue


@login_required
@require_POST
def party_code_issue_page(request: HttpRequest, case_id: Any) -> HttpResponse:
    """Raises: NotFound / Forbidden / RuleViolation from the service (error page by middleware)."""
    row, code = party_code_issue(user=request.user, case_id=case_id)
    ctx = {"case": row.case, "code": code, "expires_at": row.expires_at}
    return TemplateResponse(request, "applicants/party_code.html", ctx)
