"""行政检查 文书: 现场检查笔录 (from the recorded `inspection_record` step, like 现场笔录),
责令改正通知书, and 检查结果告知书.

The inspection's own row is read through the case's reverse relation (`case.inspection`), so
documents never imports the inspections app.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.cases.models import Case
from sanxiang.documents.contexts import ContextInput, FieldSpec, KindSpec, register
from sanxiang.documents.contexts.formatting import cn_date, text, yes_no
from sanxiang.documents.contexts.sources import (
    case_basics,
    case_officers,
    latest_step,
    officers_line,
    party,
    party_specs,
    step_evidence,
    step_of,
)
from sanxiang.documents.kinds import DocumentKind

F = FieldSpec
K = DocumentKind
CERTIFICATE_SHOWN = "检查人员已向被检查人出示执法证件，表明身份，并告知其依法享有的权利和义务"
CERTIFICATE_NOT_RECORDED = "未记录出示执法证件情况"
# 行政处罚法 §28 第一款: 责令改正 with a period; the sector law is named in `basis`.
CORRECTION_CONSEQUENCE = (
    "请你（单位）在上述期限内改正，并将改正情况书面报告本机关。本机关将在期限届满后进行复查；"
    "逾期不改正或者改正不符合要求的，本机关将依法予以查处。"
)
RESULT_ACTIONS = (
    "inspection_pass",
    "inspection_recheck",
    "inspection_transfer",
    "inspection_not_found",
)
RESULT_CONCLUSIONS = {
    "inspection_pass": "经检查，未发现违法违规问题。",
    "inspection_recheck": "经复查，你（单位）已按要求改正。",
    "inspection_transfer": "经检查，发现你（单位）涉嫌违法，本机关已依法立案查处。",
    "inspection_not_found": "本次检查未能实施。",
}


def inspection(case: Case) -> Any:
    """The case's Inspection row, or None (not an inspection case)."""
    return getattr(case, "inspection", None)


# --- 现场检查笔录 -------------------------------------------------------------------------------


def _record(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    step = step_of(inp, "inspection_record")
    values: dict[str, Any] = {
        **party(case),
        **case_basics(case),
    }
    if step is None:
        return values
    content = dict(step.content)
    on = (
        dt.date.fromisoformat(str(content["inspected_on"])[:10])
        if content.get("inspected_on")
        else step.occurred_on
    )
    officers = case_officers(case, on)
    checked = [text(c) for c in content.get("checked_items") or [] if text(c)]
    return {
        **values,
        "inspected_on": cn_date(on),
        "place": text(content.get("place")),
        "officers": officers,
        "officers_line": officers_line(officers),
        "recorder": step.actor_label,
        "certificate_statement": CERTIFICATE_SHOWN
        if content.get("certificate_shown")
        else CERTIFICATE_NOT_RECORDED,
        "persons": text(content.get("party_present")),
        "attestor": text(content.get("attestor")),
        "checked_items": [{"no": str(i), "name": c} for i, c in enumerate(checked, start=1)],
        "record_text": text(content.get("findings")),
        "evidence": step_evidence(step),
        "signed_by_party": yes_no(content.get("signed_by_party")),
        "refusal_note": text(content.get("refusal_note")),
    }


register(
    KindSpec(
        kind=K.INSPECTION_RECORD,
        fields=(
            *party_specs(),
            F("case_title", "检查事由", required=False),
            F("case_ref", "检查编号", required=False),
            F("inspected_on", "检查时间"),
            F("place", "检查地点"),
            F("officers", "检查人员"),
            F("officers_line", "检查人员及执法证号"),
            F("recorder", "记录人", required=False),
            F("certificate_statement", "出示执法证件情况"),
            F("persons", "当事人在场人员", required=False),
            F("attestor", "见证人", required=False),
            F("checked_items", "检查项目"),
            F("record_text", "检查情况"),
            F("evidence", "现场取证（音像记录）", required=False),
            F("signed_by_party", "当事人已核对签名", required=False),
            F("refusal_note", "拒绝签名情况", required=False),
        ),
        build=_record,
    )
)


# --- 责令改正通知书 -------------------------------------------------------------------------------


def _correction_order(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    step = step_of(inp, "inspection_order_correction")
    found = inspection(case)
    content = dict(step.content) if step is not None else {}
    due = found.correction_due_on if found is not None else None
    if due is None and step is not None and content.get("days"):
        due = step.occurred_on + dt.timedelta(days=int(content["days"]))
    checked = latest_step(case, "inspection_record")
    return {
        **party(case),
        **case_basics(case),
        "inspected_on": cn_date(
            (found.inspected_on if found is not None else None)
            or (checked.occurred_on if checked is not None else None)
        ),
        "findings": text(found.findings if found is not None else "")
        or text(checked.content.get("findings") if checked is not None else ""),
        "ordered_on": cn_date(step.occurred_on if step is not None else None),
        "correction_items": text(content.get("items"))
        or text(found.correction_order if found is not None else ""),
        "basis": text(content.get("basis")),
        "due_on": cn_date(due),
        "consequence_text": CORRECTION_CONSEQUENCE,
        "officers_line": officers_line(case_officers(case)),
    }


register(
    KindSpec(
        kind=K.CORRECTION_ORDER,
        fields=(
            *party_specs(),
            F("case_title", "检查事由", required=False),
            F("case_ref", "检查编号", required=False),
            F("inspected_on", "检查日期", required=False),
            F("findings", "发现的问题", required=False),
            F("ordered_on", "责令改正日期"),
            F("correction_items", "责令改正内容"),
            F("basis", "法律依据"),
            F("due_on", "改正期限"),
            F("consequence_text", "逾期不改正的后果"),
            F("officers_line", "检查人员", required=False),
        ),
        build=_correction_order,
    )
)


# --- 检查结果告知书 -------------------------------------------------------------------------------


def result_text(case: Case, action: str, content: dict[str, Any]) -> str:
    """The conclusion in words: the officer's own, else the fixed sentence of the result."""
    if action == "inspection_pass":
        return text(content.get("conclusion")) or RESULT_CONCLUSIONS[action]
    if action == "inspection_recheck":
        return f"{RESULT_CONCLUSIONS[action]}复查情况：{text(content.get('findings'))}"
    if action == "inspection_transfer":
        found = inspection(case)
        moved = found.transferred_case if found is not None else None
        number = f"（案号：{moved.number or moved.lead_number}）" if moved is not None else ""
        return f"{RESULT_CONCLUSIONS[action]}{number}涉嫌违法行为：{text(content.get('title'))}。"
    return f"{RESULT_CONCLUSIONS[action]}原因：{text(content.get('reason'))}"


def _result(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    found = inspection(case)
    step = step_of(inp, *RESULT_ACTIONS)
    values: dict[str, Any] = {
        **party(case),
        **case_basics(case),
        "inspected_on": cn_date(found.inspected_on if found is not None else None),
        "findings": text(found.findings if found is not None else ""),
        "correction_order": text(found.correction_order if found is not None else ""),
        "rechecked_on": cn_date(found.rechecked_on if found is not None else None),
        "officers_line": officers_line(case_officers(case)),
    }
    if step is None:
        return values
    content = dict(step.content)
    label = found.get_result_display() if found is not None and found.result else ""
    return {
        **values,
        "result_label": text(label) or text(step.label),
        "concluded_on": cn_date(
            (found.concluded_on if found is not None else None) or step.occurred_on
        ),
        "result_text": result_text(case, step.action, content),
    }


register(
    KindSpec(
        kind=K.INSPECTION_RESULT,
        fields=(
            *party_specs(),
            F("case_title", "检查事由", required=False),
            F("case_ref", "检查编号", required=False),
            F("inspected_on", "检查日期", required=False),
            F("findings", "检查情况", required=False),
            F("correction_order", "责令改正内容", required=False),
            F("rechecked_on", "复查日期", required=False),
            F("result_label", "检查结果"),
            F("concluded_on", "检查结论日期"),
            F("result_text", "检查结论"),
            F("officers_line", "检查人员", required=False),
        ),
        build=_result,
    )
)
