"""行政许可 and 行政检查 decisions in public: their 双公示 / G6 record and text, built from the case.

Like `projection_of`, these give the *unredacted* record and text; the draft service redacts them.
The licence record follows the 信用中国 行政许可 fields (LEGAL_RULES.md §5.4: 许可决定书文号, 项目名称,
审批类别, 许可内容, 行政相对人名称/代码, 法定代表人, 许可决定日期, 许可截止期, 许可机关, 公示截止期);
the inspection record the 执法决定 fields of G6 (执法机关, 执法对象, 执法类别, 执法结论).
Rows of the licensing and inspections apps are read through the case's reverse relations.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.cases.models import Case, CaseStep, PartyKind
from sanxiang.disclosure.projection import (
    PARTY_CATEGORY,
    Projection,
    known_entities_of,
    public_names,
)

LONG_TERM = "长期"
DENIED = "不予行政许可"
INSPECTION_CATEGORY = "行政检查"
RESULT_ACTIONS = (
    "inspection_pass",
    "inspection_recheck",
    "inspection_transfer",
    "inspection_not_found",
)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _party(case: Case) -> tuple[dict[str, str], dict[str, str]]:
    """The party's public fields (an organisation's code and 法定代表人; a person's neither) and
    the party as the redaction engine needs it."""
    person = case.party_kind == PartyKind.PERSON
    fields = {
        "行政相对人名称": case.party_name,
        "行政相对人类别": PARTY_CATEGORY.get(PartyKind(case.party_kind), ""),
        "统一社会信用代码": "" if person else case.party_identifier,
        "法定代表人": "" if person else case.party_representative,
    }
    return fields, {"type": "person" if person else "organisation", "name": case.party_name}


def _agency(case: Case, role: str) -> dict[str, str]:
    agency = case.agency
    return {
        role: agency.name,
        f"{role}统一社会信用代码": agency.uscc,
        "数据来源单位": agency.name,
        "数据来源单位统一社会信用代码": agency.uscc,
    }


def _latest(case: Case, *actions: str) -> CaseStep | None:
    return case.steps.filter(action__in=actions).order_by("-sequence").first()


def licence_projection(case: Case, *, granted: bool) -> Projection:
    """A 准予 (with its licence) or 不予 行政许可 decision as the portal shows it."""
    step = _latest(case, "licence_grant" if granted else "licence_deny")
    content: dict[str, Any] = dict(step.content) if step is not None else {}
    licence = case.licences.order_by("-issued_on", "-created_at").first() if granted else None
    application = getattr(case, "licence_application", None)
    party, who = _party(case)
    valid_to = licence.valid_to if licence is not None else None
    content_text = (
        (licence.content if licence is not None else str(content.get("content", "")))
        if granted
        else f"{DENIED}：{content.get('reasons', '')}"
    )
    record = {
        **party,
        "许可决定书文号": case.decision_number,
        "项目名称": case.item.name if case.item is not None else case.title,
        "审批类别": application.get_application_type_display() if application else "",
        "许可内容": content_text,
        "许可证书名称": licence.name if licence is not None else "",
        "许可编号": licence.number if licence is not None else "",
        "许可决定日期": _iso(case.decided_on),
        "许可有效期自": _iso(licence.valid_from) if licence is not None else "",
        "许可截止期": (_iso(valid_to) or LONG_TERM) if licence is not None else "",
        **_agency(case, "许可机关"),
        # 公示截止期: the licence's own end when it has one, else set when published.
        "公示截止期": _iso(valid_to),
    }
    title = "准予行政许可决定书" if granted else "不予行政许可决定书"
    lines = [
        case.agency.name,
        title,
        case.decision_number,
        f"申请人：{case.party_name}",
        f"许可事项：{record['项目名称']}",
    ]
    if application is not None:
        lines.append(f"申请事项：{application.request}")
    if granted:
        lines.append(f"许可内容：{record['许可内容']}")
        if licence is not None:
            lines.append(f"许可证件：{licence.name}（编号：{licence.number}）")
            lines.append(f"有效期限：{record['许可有效期自']}至{record['许可截止期']}")
    else:
        lines.append(f"不予许可的理由：{content.get('reasons', '')}")
    if content.get("basis"):
        lines.append(f"依据：{content['basis']}")
    lines.append(f"{case.agency.name}　{record['许可决定日期']}")
    return Projection(record, "\n".join(lines), who, known_entities_of(case), public_names(case))


def inspection_projection(case: Case, *, concluded_on: dt.date) -> Projection:
    """An inspection's result (G6: 执法机关, 执法对象, 执法类别, 执法结论)."""
    found = getattr(case, "inspection", None)
    step = _latest(case, *RESULT_ACTIONS)
    label = step.label if step is not None else ""
    result = found.get_result_display() if found is not None and found.result else label
    conclusion = _conclusion(step, str(result))
    party, who = _party(case)
    record = {
        "执法对象": case.party_name,
        "行政相对人类别": party["行政相对人类别"],
        "统一社会信用代码": party["统一社会信用代码"],
        "执法类别": INSPECTION_CATEGORY,
        "检查事项": case.title,
        "检查日期": _iso(found.inspected_on if found is not None else None),
        "检查结果": str(result),
        "执法结论": conclusion,
        "结论日期": concluded_on.isoformat(),
        **_agency(case, "执法机关"),
    }
    lines = [
        case.agency.name,
        "行政检查结果",
        f"检查对象：{case.party_name}",
        f"检查事项：{case.title}",
        f"检查日期：{record['检查日期']}",
        f"检查结果：{record['检查结果']}",
        f"检查结论：{conclusion}",
        f"{case.agency.name}　{record['结论日期']}",
    ]
    return Projection(record, "\n".join(lines), who, known_entities_of(case), public_names(case))


def _conclusion(step: CaseStep | None, result: str) -> str:
    if step is None:
        return result
    content = step.content
    if step.action == "inspection_pass":
        return str(content.get("conclusion") or result)
    if step.action == "inspection_recheck":
        return f"责令改正后复查合格：{content.get('findings', '')}"
    if step.action == "inspection_transfer":
        # Only that a case was opened: the suspected facts are not a decision yet.
        return "发现涉嫌违法行为，已依法转立案查处"
    return f"未能实施检查：{content.get('reason', '')}"
