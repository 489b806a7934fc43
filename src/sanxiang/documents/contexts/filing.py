"""立案审批表 (处罚法 §54): the lead, the officers' proposal with their 执法证号, the approval."""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case, LeadSource
from sanxiang.documents.contexts import ContextInput, FieldSpec, KindSpec, register
from sanxiang.documents.contexts.formatting import cn_date, text
from sanxiang.documents.contexts.sources import (
    case_basics,
    case_officers,
    latest_step,
    officers_line,
    party,
    party_specs,
)
from sanxiang.documents.kinds import DocumentKind

F = FieldSpec


def _filing(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    submitted = latest_step(case, "submit_filing")
    approved = latest_step(case, "approve_filing")
    officers = case_officers(case, submitted.occurred_on if submitted else None)
    return {
        **party(case),
        **case_basics(case),
        "source_label": text(LeadSource(case.source).label) if case.source else "",
        "source_detail": case.source_detail,
        "discovered_on": cn_date(case.discovered_on),
        "act_date": cn_date(case.act_date),
        "filing_reason": text(submitted.content.get("opinion")) if submitted else "",
        "submitted_on": cn_date(submitted.occurred_on) if submitted else "",
        "officers": officers,
        "officers_line": officers_line(officers),
        "approval_opinion": text(approved.content.get("opinion")) if approved else "",
        "approver": approved.actor_label if approved else "",
        "approved_on": cn_date(approved.occurred_on) if approved else "",
    }


register(
    KindSpec(
        kind=DocumentKind.FILING_APPROVAL,
        fields=(
            F("case_title", "案由"),
            F("case_ref", "案号", required=False),
            *party_specs(),
            F("source_label", "案件来源"),
            F("source_detail", "案源情况", required=False),
            F("discovered_on", "发现日期", required=False),
            F("act_date", "违法行为发生日期", required=False),
            F("unit_name", "承办机构", required=False),
            F("filing_reason", "案情及立案理由（承办人意见）"),
            F("submitted_on", "承办人意见日期", required=False),
            F("officers", "承办人"),
            F("officers_line", "承办人及执法证号"),
            F("approval_opinion", "负责人审批意见", required=False),
            F("approver", "审批人", required=False),
            F("approved_on", "审批日期", required=False),
        ),
        build=_filing,
    )
)
