"""调查取证 documents: 先行登记保存证据通知书 (处罚法 §56), 查封（扣押）决定书 and its 清单
(强制法 §24–§25), 案件调查终结报告."""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case, CoerciveMeasure, MeasureKind
from sanxiang.documents.contexts import ContextInput, FieldSpec, KindSpec, register
from sanxiang.documents.contexts.formatting import NOT_SUSPENDED, cn_date, remedy_text, text
from sanxiang.documents.contexts.sources import (
    case_basics,
    case_evidence,
    case_officers,
    discretion,
    discretion_explanation,
    extra_text,
    latest_step,
    measure_items,
    measure_of,
    measure_step,
    officers_line,
    party,
    party_specs,
    penalty_basis,
    violated_provision,
)
from sanxiang.documents.kinds import DocumentKind

F = FieldSpec
K = DocumentKind
SEIZURE_KINDS = (MeasureKind.SEALING, MeasureKind.SEIZURE)
CASE_SPECS = (F("case_title", "案由", required=False), F("case_ref", "案号", required=False))


def _measure_officers(case: Case, measure: CoerciveMeasure) -> str:
    content = measure_step(case, measure)
    names = [o.get("name", "") for o in content.get("officers", []) if isinstance(o, dict)]
    team = case_officers(case, measure.started_on)
    if names:
        team = [o for o in team if o["name"] in names] or [
            {"name": n, "certificate_number": ""} for n in names
        ]
    return officers_line(team)


def _measure(inp: ContextInput, kinds: tuple[MeasureKind, ...]) -> dict[str, Any]:
    case: Case = inp.case
    values: dict[str, Any] = {**party(case), **case_basics(case)}
    measure = measure_of(inp, kinds)
    if measure is None:
        return values
    values.update(
        {
            "measure_kind_label": text(MeasureKind(measure.kind).label),
            "measure_reason": measure.reason,
            "items": measure_items(measure),
            "place": measure.place,
            "started_on": cn_date(measure.started_on),
            "due_on": cn_date(measure.due_on),
            "approved_by": measure.approved_by.name if measure.approved_by else "",
            "extended_text": "已经负责人批准延长期限" if measure.extended else "",
            "officers_line": _measure_officers(case, measure),
            "remedy_text": remedy_text(
                extra_text(inp.extra, "review_body"), extra_text(inp.extra, "court")
            ),
            "not_suspended_text": NOT_SUSPENDED,
        }
    )
    return values


MEASURE_SPECS = (
    *party_specs(),
    *CASE_SPECS,
    F("measure_reason", "理由和依据"),
    F("items", "物品清单"),
    F("place", "地点"),
    F("started_on", "实施日期"),
    F("officers_line", "执法人员及执法证号", required=False),
)

register(
    KindSpec(
        kind=K.EVIDENCE_PRESERVATION_NOTICE,
        fields=(
            *MEASURE_SPECS,
            F("due_on", "处理期限届满日"),
            F("approved_by", "批准负责人", required=False),
        ),
        build=lambda inp: _measure(inp, (MeasureKind.PRESERVATION,)),
    )
)
register(
    KindSpec(
        kind=K.SEIZURE_DECISION,
        fields=(
            *MEASURE_SPECS,
            F("measure_kind_label", "措施种类（查封/扣押）"),
            F("due_on", "期限届满日"),
            F("approved_by", "批准负责人", required=False),
            F("extended_text", "延长情况", required=False),
            F("remedy_text", "申请行政复议或者提起行政诉讼的途径和期限"),
            F("not_suspended_text", "复议诉讼期间不停止执行", required=False),
        ),
        build=lambda inp: _measure(inp, SEIZURE_KINDS),
    )
)
register(
    KindSpec(
        kind=K.SEIZURE_LIST,
        fields=(
            *party_specs(),
            *CASE_SPECS,
            F("measure_kind_label", "措施种类（查封/扣押）"),
            F("items", "物品清单"),
            F("place", "地点"),
            F("started_on", "实施日期"),
            F("officers_line", "执法人员及执法证号", required=False),
        ),
        build=lambda inp: _measure(inp, SEIZURE_KINDS),
    )
)


# --- 案件调查终结报告 -------------------------------------------------------------------------------


def _report(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    step = latest_step(case, "conclude_investigation")
    content = dict(step.content) if step else {}
    officers = case_officers(case, step.occurred_on if step else None)
    return {
        **party(case),
        **case_basics(case),
        **discretion(case),
        "concluded_on": cn_date(step.occurred_on) if step else "",
        "facts": text(content.get("facts")),
        "evidence_summary": text(content.get("evidence_summary")),
        "evidence": case_evidence(case),
        "proposal": text(content.get("proposal")),
        "violated_provision": violated_provision(case),
        "penalty_basis": penalty_basis(case),
        "discretion_explanation": discretion_explanation(case),
        "officers": officers,
        "officers_line": officers_line(officers),
    }


register(
    KindSpec(
        kind=K.INVESTIGATION_REPORT,
        fields=(
            *party_specs(),
            F("case_title", "案由"),
            F("case_ref", "案号", required=False),
            F("filed_on", "立案日期", required=False),
            F("concluded_on", "调查终结日期"),
            F("facts", "违法事实"),
            F("evidence_summary", "证据情况"),
            F("evidence", "证据清单", required=False),
            F("violated_provision", "违反的法律规定", required=False),
            F("penalty_basis", "处罚依据", required=False),
            F("benchmark_name", "裁量基准", required=False),
            F("benchmark_version", "裁量基准版本", required=False),
            F("tier_label", "裁量阶次", required=False),
            F("discretion_circumstances", "裁量情节", required=False),
            F("discretion_reason", "裁量理由", required=False),
            F("discretion_explanation", "裁量基准适用说明", required=False),
            F("proposal", "处理意见"),
            F("officers", "承办人"),
            F("officers_line", "承办人及执法证号"),
        ),
        build=_report,
    )
)
