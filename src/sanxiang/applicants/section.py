"""The case page's 网上办理 section (penalty cases): the party's online 陈述申辩 with its
attachments and whether it came in time, the accounts linked to the case, and — for the case's
officers and the heads — the button that issues a 网上办理码 for the party."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sanxiang.applicants.models import PartyCode, PartyLink, PartyStatement
from sanxiang.applicants.permissions import can_issue_party_code
from sanxiang.cases.models import Case, CaseKind
from sanxiang.cases.views_context import CaseSection, register_case_section

SECTION_KEY = "applicants"


def section_context(request: Any, case: Case, bound: Mapping[str, Any]) -> Mapping[str, Any] | None:
    if case.kind != CaseKind.PENALTY:
        return None
    statements = list(
        PartyStatement.objects.filter(case=case)
        .select_related("link__account__applicant_profile")
        .prefetch_related("attachments")
        .order_by("submitted_at")
    )
    links = list(PartyLink.objects.filter(case=case).select_related("account__applicant_profile"))
    open_code = (
        PartyCode.objects.filter(case=case, used_at__isnull=True, revoked_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    return {
        "case": case,
        "statements": statements,
        "links": links,
        "open_code": open_code,
        "can_issue": bool(case.number) and can_issue_party_code(request.user, case),
    }


def register() -> None:
    """Put the section on the case page (called once, from the app's ready())."""
    register_case_section(
        CaseSection(
            key=SECTION_KEY,
            template="applicants/_case_section.html",
            context=section_context,
        )
    )
