"""结案 and the 案卷: 结案审批表, 案卷封面, 卷内目录 (page index of the documents made)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.cases.states import CaseStatus
from sanxiang.documents.contexts import ContextInput, FieldSpec, KindSpec, register
from sanxiang.documents.contexts.formatting import cn_date, money_text, text
from sanxiang.documents.contexts.sources import (
    case_basics,
    case_officers,
    decided_penalty,
    extra_text,
    latest_content,
    latest_step,
    officers_line,
    party,
    party_specs,
)
from sanxiang.documents.kinds import DocumentKind

F = FieldSpec
K = DocumentKind


def outcome_label(case: Case) -> str:
    if case.outcome:
        return text(case.get_outcome_display())
    if case.status in (CaseStatus.DECLINED, CaseStatus.ARCHIVED) and not case.filed_on:
        return "不予立案"
    return ""


def _execution(case: Case) -> str:
    payments = list(case.payments.all())
    if not payments:
        return ""
    total = sum((p.amount for p in payments), Decimal(0))
    late = sum((p.late_fee for p in payments), Decimal(0))
    last = max(p.paid_on for p in payments)
    line = f"当事人已缴纳{money_text(total)}"
    if late:
        line += f"，其中加处罚款{money_text(late)}"
    return f"{line}（最后一次缴款日期{cn_date(last)}）。"


def _outcome(case: Case) -> dict[str, str]:
    return {
        "outcome_label": outcome_label(case),
        "decision_number": case.decision_number,
        "decided_on": cn_date(case.decided_on),
        "penalty_text": decided_penalty(case) if case.penalties else "",
    }


def _closing(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    closed = latest_step(case, "close")
    officers = case_officers(case)
    return {
        **party(case),
        **case_basics(case),
        **_outcome(case),
        "execution_text": _execution(case),
        "closing_summary": extra_text(
            inp.extra, "summary", text(closed.content.get("summary")) if closed else ""
        ),
        "closed_on": cn_date(case.closed_on),
        "officers": officers,
        "officers_line": officers_line(officers),
    }


OUTCOME_SPECS = (
    F("decision_number", "决定书文号", required=False),
    F("decided_on", "决定日期", required=False),
    F("penalty_text", "处罚内容", required=False),
)

register(
    KindSpec(
        kind=K.CLOSING_APPROVAL,
        fields=(
            F("case_title", "案由"),
            F("case_ref", "案号"),
            *party_specs(),
            F("filed_on", "立案日期", required=False),
            F("outcome_label", "处理结果"),
            *OUTCOME_SPECS,
            F("execution_text", "执行情况", required=False),
            F("closing_summary", "结案报告"),
            F("closed_on", "结案日期", required=False),
            F("officers", "承办人", required=False),
            F("officers_line", "承办人及执法证号"),
        ),
        build=_closing,
    )
)


# --- 案卷封面 -------------------------------------------------------------------------------------


def _cover(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    archived = latest_content(case, "archive")
    return {
        **case_basics(case),
        **_outcome(case),
        "party_name": case.party_name,
        "closed_on": cn_date(case.closed_on),
        "archived_on": cn_date(case.archived_on),
        "archive_number": extra_text(
            inp.extra, "archive_number", text(archived.get("archive_number"))
        ),
        "retention": extra_text(inp.extra, "retention", text(archived.get("retention"))),
        "officers_line": officers_line(case_officers(case)),
        "total_pages": extra_text(inp.extra, "total_pages"),
    }


register(
    KindSpec(
        kind=K.FILE_COVER,
        fields=(
            F("case_title", "案由"),
            F("case_ref", "案号"),
            F("party_name", "当事人"),
            F("unit_name", "承办机构", required=False),
            F("filed_on", "立案日期", required=False),
            F("outcome_label", "处理结果", required=False),
            *OUTCOME_SPECS,
            F("closed_on", "结案日期", required=False),
            F("archived_on", "归档日期", required=False),
            F("archive_number", "档案号", required=False),
            F("retention", "保管期限", required=False),
            F("officers_line", "承办人", required=False),
            F("total_pages", "卷内页数", required=False),
        ),
        build=_cover,
    )
)


# --- 卷内目录 -------------------------------------------------------------------------------------


def _documents(case: Case) -> list[dict[str, str]]:
    """The latest version of each document made for the case, in the order first made, with
    cumulative page ranges."""
    from sanxiang.documents.models import Document

    latest: dict[tuple[str, Any], Any] = {}
    for doc in Document.objects.filter(case=case).order_by("created_at", "version"):
        key = (doc.kind, doc.step_id)
        first = latest.get(key)
        latest[key] = (first[0] if first else doc.created_at, doc)
    rows: list[dict[str, str]] = []
    page = 1
    for made, doc in sorted(latest.values(), key=lambda pair: pair[0]):
        last = page + max(doc.pages, 1) - 1
        rows.append(
            {
                "no": str(len(rows) + 1),
                "title": doc.title,
                "number": doc.number,
                "date": cn_date(timezone.localtime(made).date()),
                "pages": f"{page}" if last == page else f"{page}–{last}",
                "note": "",
            }
        )
        page = last + 1
    return rows


def _entries(inp: ContextInput) -> list[dict[str, str]]:
    given = inp.extra.get("entries")
    if given:
        return [
            {k: text(row.get(k)) for k in ("no", "title", "number", "date", "pages", "note")}
            | {"no": text(row.get("no")) or str(i)}
            for i, row in enumerate(given, start=1)
        ]
    return _documents(inp.case)


def _index(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    return {
        **case_basics(case),
        "party_name": case.party_name,
        "archive_number": extra_text(
            inp.extra, "archive_number", text(latest_content(case, "archive").get("archive_number"))
        ),
        "entries": _entries(inp),
    }


register(
    KindSpec(
        kind=K.FILE_INDEX,
        fields=(
            F("case_title", "案由"),
            F("case_ref", "案号"),
            F("party_name", "当事人", required=False),
            F("archive_number", "档案号", required=False),
            F("entries", "卷内文件"),
        ),
        build=_index,
    )
)
