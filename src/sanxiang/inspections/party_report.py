"""The party's own report that it has carried out a 责令改正 (整改完成报告), taken online.

The report does not change the inspection's status — the inspectors still do the 复查 — so it is
not a transition: the applicants app records it as a CaseStep under `PARTY_REPORT_ACTION`
(party_user set, audited and ledgered in the same transaction). The 复查 rule reads it here: a
report recorded on or before the 复查 day allows a 复查 before the due date.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from sanxiang.cases.models import Case, CaseStep

PARTY_REPORT_ACTION = "inspection_party_report"
PARTY_REPORT_LABEL = "当事人报告整改完成"
MAX_REPORT_CHARS = 5000


class CorrectionReport(BaseModel):
    """What the step records; its field titles label the case page's timeline."""

    report: str = Field(title="整改完成情况", min_length=1, max_length=MAX_REPORT_CHARS)
    reported_on: dt.date = Field(title="报告日期")
    attachments: list[str] = Field(default_factory=list, title="整改材料")


def party_reports(case: Case) -> list[CaseStep]:
    return list(case.steps.filter(action=PARTY_REPORT_ACTION).order_by("sequence"))


def party_reported_done_by(case: Case, day: dt.date) -> bool:
    """Has the party reported the correction done on or before `day`?"""
    return case.steps.filter(action=PARTY_REPORT_ACTION, occurred_on__lte=day).exists()
