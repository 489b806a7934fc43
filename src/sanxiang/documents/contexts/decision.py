"""决定书: 行政处罚决定书 (处罚法 §59), 不予行政处罚决定书 (§33, §57), 当场行政处罚决定书 (§52).

The 决定书 carries the party's identifier: it is served on the party; what is published is a
redacted projection made by the disclosure app.
"""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case, Outcome, PenaltyKind
from sanxiang.documents.contexts import ContextInput, FieldSpec, KindSpec, register
from sanxiang.documents.contexts.formatting import (
    NOT_SUSPENDED,
    cn_date,
    money_text,
    payment_text,
    remedy_text,
    text,
)
from sanxiang.documents.contexts.sources import (
    case_basics,
    case_evidence,
    case_officers,
    decided_penalty,
    discretion,
    discretion_explanation,
    extra_text,
    latest_content,
    officers_line,
    party,
    party_specs,
    penalty_basis,
    violated_provision,
)
from sanxiang.documents.kinds import DocumentKind

F = FieldSpec
K = DocumentKind
PERFORM_NON_FINE = "请当事人自收到本决定书之日起按照本决定履行。"
NOTICE_SUMMARY = (
    "本机关于{day}向当事人送达《行政处罚事先告知书》，告知拟作出行政处罚的内容及事实、理由、依据，"
    "并告知当事人依法享有陈述、申辩{hearing}的权利。{statement}"
)
STATEMENT_WAIVED = "当事人明确放弃陈述、申辩。"
STATEMENT_NONE = "当事人在规定期限内未提出陈述、申辩。"
STATEMENT_HEARD = "当事人提出陈述、申辩：{statement}。经复核，{reconsideration}"
HEARING_HELD = "本机关于{day}依法举行听证。"

PARTY_SPECS = party_specs(address_required=True)
CASE_SPECS = (F("case_title", "案由", required=False), F("case_ref", "案号", required=False))


def remedies(inp: ContextInput) -> dict[str, str]:
    """复议 60 日 / 诉讼 6 个月, naming 复议机关 and court when the caller knows them."""
    body = extra_text(inp.extra, "review_body")
    court = extra_text(inp.extra, "court")
    return {"remedy_text": remedy_text(body, court), "not_suspended_text": NOT_SUSPENDED}


def performance(case: Case, inp: ContextInput) -> str:
    """履行方式和期限 (处罚法 §67, §72)."""
    if PenaltyKind.FINE in (case.penalties or []) and case.fine:
        return payment_text(extra_text(inp.extra, "payment_channel"))
    return PERFORM_NON_FINE


def _notice_summary(case: Case) -> str:
    if case.notice_issued_on is None:
        return ""
    statement_step = latest_content(case, "receive_statement")
    if case.statement_waived:
        statement = STATEMENT_WAIVED
    elif statement_step.get("statement"):
        statement = STATEMENT_HEARD.format(
            statement=text(statement_step["statement"]).rstrip("。"),
            reconsideration=_sentence(text(statement_step.get("reconsideration")) or "已复核"),
        )
    else:
        statement = STATEMENT_NONE
    hearing = getattr(case, "hearing", None)
    if hearing is not None and hearing.held_on is not None:
        statement += HEARING_HELD.format(day=cn_date(hearing.held_on))
    return NOTICE_SUMMARY.format(
        day=cn_date(case.notice_issued_on),
        hearing="、要求听证" if case.hearing_offered else "",
        statement=statement,
    )


def _sentence(value: str) -> str:
    return value if value.endswith(("。", "！", "？", "；")) else f"{value}。"


def _evidence_summary(case: Case, rows: list[dict[str, str]]) -> str:
    stated = text(latest_content(case, "conclude_investigation").get("evidence_summary"))
    return stated or "、".join(r["name"] for r in rows)


def _penalty_decision(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    decide = latest_content(case, "decide")
    notice = latest_content(case, "issue_notice")
    evidence = case_evidence(case)
    reasons = text(decide.get("reasons"))
    return {
        **party(case),
        **case_basics(case),
        **discretion(case),
        **remedies(inp),
        "decision_number": case.decision_number,
        "decided_on": cn_date(case.decided_on),
        "facts": case.facts or text(notice.get("facts")),
        "evidence_summary": _evidence_summary(case, evidence),
        "evidence": evidence,
        "violated_provision": violated_provision(case),
        "penalty_basis": penalty_basis(case, text(notice.get("basis"))),
        "reasons": reasons,
        "notice_summary": _notice_summary(case),
        "discretion_explanation": discretion_explanation(case, reasons),
        "penalty_text": decided_penalty(case),
        "fine_text": money_text(case.fine) if case.fine else "",
        "confiscation_text": money_text(case.confiscation) if case.confiscation else "",
        "correction_order": case.correction_order,
        "payment_text": performance(case, inp),
    }


REMEDY_SPECS = (
    F("remedy_text", "申请行政复议或者提起行政诉讼的途径和期限"),
    F("not_suspended_text", "复议诉讼期间不停止执行", required=False),
)
DISCRETION_SPECS = (
    F("benchmark_name", "裁量基准", required=False),
    F("benchmark_version", "裁量基准版本", required=False),
    F("tier_label", "裁量阶次", required=False),
    F("discretion_circumstances", "裁量情节", required=False),
    F("discretion_reason", "裁量理由", required=False),
)

register(
    KindSpec(
        kind=K.PENALTY_DECISION,
        fields=(
            F("decision_number", "决定书文号"),
            F("decided_on", "决定日期"),
            *PARTY_SPECS,
            *CASE_SPECS,
            F("facts", "违法事实"),
            F("evidence_summary", "证据"),
            F("evidence", "证据清单", required=False),
            F("violated_provision", "违反的法律规定", required=False),
            F("penalty_basis", "处罚依据"),
            F("reasons", "决定理由", required=False),
            F("notice_summary", "告知及陈述申辩情况", required=False),
            F("discretion_explanation", "裁量基准适用说明"),
            *DISCRETION_SPECS,
            F("penalty_text", "处罚种类和内容"),
            F("fine_text", "罚款金额", required=False),
            F("confiscation_text", "没收金额", required=False),
            F("correction_order", "责令改正内容"),
            F("payment_text", "履行方式和期限"),
            *REMEDY_SPECS,
        ),
        build=_penalty_decision,
    )
)


# --- 不予行政处罚决定书 ---------------------------------------------------------------------------

LAW = "《中华人民共和国行政处罚法》"
NO_PENALTY_BASIS: dict[str, str] = {
    Outcome.NO_PENALTY_MINOR: f"{LAW}第三十三条第一款、第五十七条第一款第二项",
    Outcome.NO_PENALTY_FIRST: f"{LAW}第三十三条第一款、第五十七条第一款第二项",
    Outcome.NO_PENALTY_UNFOUNDED: f"{LAW}第五十七条第一款第三项",
}
NO_PENALTY_OUTCOME: dict[str, str] = {
    Outcome.NO_PENALTY_MINOR: "违法行为轻微并及时改正，没有造成危害后果",
    Outcome.NO_PENALTY_FIRST: "初次违法且危害后果轻微并及时改正",
    Outcome.NO_PENALTY_UNFOUNDED: "违法事实不能成立",
}


def _no_penalty(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    content = latest_content(case, "decide_no_penalty")
    outcome = text(content.get("outcome") or case.outcome)
    return {
        **party(case),
        **case_basics(case),
        **remedies(inp),
        "decided_on": cn_date(case.decided_on),
        "facts": case.facts,
        "outcome_label": NO_PENALTY_OUTCOME.get(outcome, ""),
        "legal_basis": NO_PENALTY_BASIS.get(outcome, ""),
        "reasons": text(content.get("reasons")),
        "education": text(content.get("education")),
    }


register(
    KindSpec(
        kind=K.NO_PENALTY_DECISION,
        fields=(
            F("decided_on", "决定日期"),
            *PARTY_SPECS,
            *CASE_SPECS,
            F("facts", "案件事实", required=False),
            F("outcome_label", "不予处罚情形"),
            F("legal_basis", "不予处罚依据"),
            F("reasons", "不予处罚理由"),
            F("education", "教育情况", required=False),
            *REMEDY_SPECS,
        ),
        build=_no_penalty,
    )
)


# --- 当场行政处罚决定书 (简易程序) ----------------------------------------------------------------


def _on_site(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    summary = latest_content(case, "apply_summary")
    decided = latest_content(case, "decide_on_site")
    officers = case_officers(case, case.decided_on)
    return {
        **party(case),
        **case_basics(case),
        **remedies(inp),
        "decision_number": text(decided.get("form_number")) or case.decision_number,
        "decided_on": cn_date(case.decided_on),
        "place": text(summary.get("place")),
        "facts": case.facts or text(summary.get("facts")),
        "penalty_basis": penalty_basis(case, text(summary.get("basis"))),
        "party_statement": text(summary.get("statement")),
        "penalty_text": decided_penalty(case),
        "fine_text": money_text(case.fine) if case.fine else "",
        "correction_order": case.correction_order,
        "payment_text": performance(case, inp),
        "officers": officers,
        "officers_line": officers_line(officers),
        "refusal_note": text(decided.get("refusal_note")),
    }


register(
    KindSpec(
        kind=K.ON_SITE_DECISION,
        fields=(
            F("decision_number", "当场处罚决定书编号"),
            F("decided_on", "处罚时间"),
            F("place", "处罚地点"),
            *party_specs(),
            *CASE_SPECS,
            F("facts", "违法行为"),
            F("penalty_basis", "处罚依据"),
            F("party_statement", "当事人陈述申辩", required=False),
            F("penalty_text", "处罚种类和内容"),
            F("fine_text", "罚款数额", required=False),
            F("correction_order", "责令改正内容", required=False),
            F("payment_text", "履行方式和期限"),
            *REMEDY_SPECS,
            F("officers", "执法人员"),
            F("officers_line", "执法人员及执法证号"),
            F("refusal_note", "当事人拒收情况", required=False),
        ),
        build=_on_site,
    )
)
