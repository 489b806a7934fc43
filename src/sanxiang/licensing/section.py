"""The case page's 行政许可 section: application, materials, 补正 rounds, excluded periods, the
extension, hearings and the licence (registered by AppConfig.ready; licence cases only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.states import CaseAction
from sanxiang.cases.views_context import CaseSection, register_case_section
from sanxiang.licensing.models import LicenceApplication
from sanxiang.licensing.services.intake import RECEIVED_STEP

A = CaseAction
SECTION_KEY = "licensing"


def _step_contents(case: Case, action: str) -> list[dict[str, Any]]:
    return [
        {"on": s.occurred_on, **s.content}
        for s in case.steps.filter(action=action).order_by("sequence")
    ]


def section_context(request: Any, case: Case, bound: Mapping[str, Any]) -> Mapping[str, Any] | None:
    if str(case.kind) != "licence":
        return None
    application = (
        LicenceApplication.objects.filter(case=case)
        .select_related("guide", "licence", "extension_approved_by", "applicant_account")
        .first()
    )
    if application is None:
        return None
    received = case.steps.filter(action=RECEIVED_STEP).order_by("sequence").first()
    return {
        "application": application,
        "missing": received.content.get("missing", []) if received else [],
        "corrections": list(application.corrections.select_related("issued_by")),
        "periods": list(application.excluded_periods.all()),
        "hearings": _step_contents(case, A.LICENCE_CONCLUDE_HEARING),
        "examinations": _step_contents(case, "licence_examination"),
        "denials": _step_contents(case, A.LICENCE_DENY),
        "licences": list(case.licences.select_related("previous")),
    }


def register() -> None:
    register_case_section(
        CaseSection(
            key=SECTION_KEY, template="licensing/_case_section.html", context=section_context
        )
    )
