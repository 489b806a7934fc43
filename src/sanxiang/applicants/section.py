"""The case page's 网上办理 section. Penalty cases: the party's online 陈述申辩 with its
attachments and whether it came in time, the accounts linked to the case (with their 电子送达
consent), and — for the case's officers and the heads — the button that issues a 网上办理码.
Online licence applications: whether the applicant's 电子送达确认书 is in force, so the officer
knows before choosing 电子送达 (许可法 §44, 处罚法 §61). Inspections: the same links and code, and
the party's online 整改完成报告 instead of 陈述申辩."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sanxiang.applicants.models import (
    ElectronicServiceConsent,
    PartyCode,
    PartyLink,
    PartyStatement,
)
from sanxiang.applicants.permissions import can_issue_party_code
from sanxiang.applicants.services.party import PARTY_CODE_KINDS, party_case_number
from sanxiang.cases.models import Case, CaseKind
from sanxiang.cases.views_context import CaseSection, register_case_section
from sanxiang.inspections.party_report import party_reports
from sanxiang.licensing.models import LicenceApplication

SECTION_KEY = "applicants"


def _consents(accounts: list[Any]) -> dict[Any, ElectronicServiceConsent]:
    rows = ElectronicServiceConsent.objects.filter(account__in=accounts, withdrawn_at__isnull=True)
    return {c.account_id: c for c in rows}


def licence_context(case: Case) -> Mapping[str, Any] | None:
    """For an online licence application: may its documents be served electronically?"""
    application = LicenceApplication.objects.filter(case=case).first()
    if application is None or application.applicant_account_id is None:
        return None
    consent = _consents([application.applicant_account_id]).get(application.applicant_account_id)
    return {"case": case, "licence": True, "consent": consent}


def section_context(request: Any, case: Case, bound: Mapping[str, Any]) -> Mapping[str, Any] | None:
    if case.kind == CaseKind.LICENCE:
        return licence_context(case)
    if case.kind not in PARTY_CODE_KINDS:
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
    consents = _consents([link.account_id for link in links])
    for link in links:
        link.consent = consents.get(link.account_id)  # type: ignore[attr-defined]
    return {
        "case": case,
        "statements": statements,
        "links": links,
        "open_code": open_code,
        "can_issue": bool(party_case_number(case)) and can_issue_party_code(request.user, case),
        "inspection": case.kind == CaseKind.INSPECTION,
        "reports": party_reports(case) if case.kind == CaseKind.INSPECTION else [],
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
