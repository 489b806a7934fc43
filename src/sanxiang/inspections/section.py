"""The case page's 行政检查 section: on an inspection case its source, plan or 双随机 task, result,
责令改正 and 复查, and the penalty case a 转立案 opened; on that penalty case, the link back.

Registered on the case page (cases.views_context.CaseSection) by the app's ready().
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from sanxiang.cases.alerts import horizons_on
from sanxiang.cases.deadlines import running_deadline
from sanxiang.cases.models import Case, DeadlineKind
from sanxiang.cases.selectors import clock_of
from sanxiang.cases.views_context import CaseSection, register_case_section
from sanxiang.inspections.selectors import inspection_of_case

SECTION_KEY = "inspection"


def section_context(request: Any, case: Case, bound: Mapping[str, Any]) -> Mapping[str, Any] | None:
    inspection = inspection_of_case(case)
    if inspection is None:
        return None
    if case.kind != "inspection":
        return {"origin": inspection}
    clock = None
    deadline = running_deadline(case, DeadlineKind.INSPECTION_CORRECTION)
    if deadline is not None:
        clock = clock_of(deadline, horizons_on(timezone.localdate()))
    return {"inspection": inspection, "clock": clock}


def register() -> None:
    """Put the section on the case page (called once, from the app's ready())."""
    register_case_section(
        CaseSection(
            key=SECTION_KEY, template="inspections/_case_section.html", context=section_context
        )
    )
