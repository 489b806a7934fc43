"""What a decision looks like in public: the 双公示 record and the text, built from the case.

`projection_of(case, category)` gives the *unredacted* record and text; `disclosure.services`
redacts them (disclosure.redaction, with the case's own known entities first) and stores only
the redacted result for the portal, keeping the source text in the version for the reviewer.
Field names follow the 信用中国 行政处罚 schema (LEGAL_RULES.md §5.4).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sanxiang.cases.models import (
    Case,
    CaseStep,
    CoerciveMeasure,
    MeasureKind,
    Outcome,
    PartyKind,
    PenaltyKind,
)
from sanxiang.cases.states import CaseAction
from sanxiang.disclosure.models import DisclosureCategory

A = CaseAction
PARTY_CATEGORY = {PartyKind.PERSON: "自然人", PartyKind.ORGANISATION: "法人及非法人组织"}


@dataclass(frozen=True)
class Projection:
    record: dict[str, str]
    text: str
    # The party and the entities the redaction engine must remove first.
    party: dict[str, str]
    known_entities: list[dict[str, str]]
    # Names that stay public: the case's officers, an organisation's 法定代表人 (a 双公示 field).
    keep: list[str]


def _step(case: Case, *actions: str) -> CaseStep | None:
    return case.steps.filter(action__in=actions).order_by("-sequence").first()


def _wan(amount: Decimal | None) -> str:
    """Amount in 万元 as the 双公示 schema wants it (6 decimals keep every 分)."""
    return "" if amount is None else f"{(amount / Decimal(10000)):.6f}".rstrip("0").rstrip(".")


def _yuan(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:,.2f}元"


def penalty_labels(case: Case) -> list[str]:
    return [PenaltyKind(k).label for k in case.penalties if k in PenaltyKind.values]


def _content(case: Case) -> str:
    parts = []
    for kind in case.penalties:
        if kind == PenaltyKind.FINE:
            parts.append(f"罚款{_yuan(case.fine)}")
        elif kind in (PenaltyKind.CONFISCATE_GAINS, PenaltyKind.CONFISCATE_PROPERTY):
            parts.append(f"{PenaltyKind(kind).label}{_yuan(case.confiscation)}")
        elif kind in PenaltyKind.values:
            parts.append(PenaltyKind(kind).label)
    return "；".join(parts)


def known_entities_of(case: Case) -> list[dict[str, str]]:
    """The party's personal data the case holds (a natural person's; an organisation's name,
    USCC and address are public in the 双公示 record)."""
    found: list[dict[str, str]] = []
    if case.party_kind == PartyKind.PERSON:
        found += [
            {"kind": "person_name", "value": case.party_name},
            {"kind": "id_number", "value": case.party_identifier},
            {"kind": "address", "value": case.party_address},
        ]
    found.append({"kind": "phone", "value": case.party_phone})
    return [e for e in found if e["value"].strip()]


def projection_of(case: Case, category: str, *, full_text: bool = True) -> Projection:
    """The public record and the full text, or the 行政处罚信息摘要 when `full_text` is False."""
    agency = case.agency
    notice = _step(case, A.ISSUE_NOTICE, A.APPLY_SUMMARY)
    decision = _step(case, A.DECIDE, A.DECIDE_NO_PENALTY, A.DECIDE_ON_SITE)
    told: dict[str, Any] = notice.content if notice else {}
    decided: dict[str, Any] = decision.content if decision else {}
    person = case.party_kind == PartyKind.PERSON
    basis = str(told.get("basis", ""))
    record = {
        "行政相对人名称": case.party_name,
        "行政相对人类别": PARTY_CATEGORY.get(PartyKind(case.party_kind), ""),
        "统一社会信用代码": "" if person else case.party_identifier,
        "法定代表人": "" if person else case.party_representative,
        "行政处罚决定书文号": case.decision_number,
        "违法行为类型": case.title,
        "违法事实": case.facts,
        "处罚依据": basis,
        "处罚类别": "、".join(penalty_labels(case)),
        "处罚内容": _content(case),
        "罚款金额（万元）": _wan(case.fine),
        "没收违法所得、没收非法财物的金额（万元）": _wan(case.confiscation),
        "处罚决定日期": case.decided_on.isoformat() if case.decided_on else "",
        "处罚机关": agency.name,
        "处罚机关统一社会信用代码": agency.uscc,
        "数据来源单位": agency.name,
        "数据来源单位统一社会信用代码": agency.uscc,
    }
    if category == DisclosureCategory.NO_PENALTY:
        record["处罚类别"] = "不予行政处罚"
        record["处罚内容"] = Outcome(case.outcome).label if case.outcome else ""
    reasons = str(decided.get("reasons") or told.get("reasons") or "")
    lines = (
        _text_lines(case, category, record, reasons)
        if full_text
        else _summary_lines(case, category, record)
    )
    party = {
        "type": "person" if person else "organisation",
        "name": case.party_name,
    }
    return Projection(record, "\n".join(lines), party, known_entities_of(case), public_names(case))


def _party_lines(case: Case) -> list[str]:
    person = case.party_kind == PartyKind.PERSON
    fields = [
        ("身份证件号码" if person else "统一社会信用代码", case.party_identifier),
        ("" if person else "法定代表人（负责人）", case.party_representative),
        ("住所（地址）", case.party_address),
        ("联系电话", case.party_phone),
    ]
    return [f"{label}：{value}" for label, value in fields if label and value]


def _text_lines(case: Case, category: str, record: dict[str, str], reasons: str) -> list[str]:
    """The decision's text as the portal shows it (before redaction)."""
    agency = case.agency
    title = "不予行政处罚决定书" if category == DisclosureCategory.NO_PENALTY else "行政处罚决定书"
    lines = [
        agency.name,
        title,
        case.decision_number,
        f"当事人：{case.party_name}",
    ]
    lines += _party_lines(case)
    lines.append(f"违法事实：{case.facts}")
    if reasons:
        lines.append(f"理由：{reasons}")
    if record["处罚依据"]:
        lines.append(f"依据：{record['处罚依据']}")
    if category == DisclosureCategory.NO_PENALTY:
        lines.append(f"决定：{record['处罚内容']}")
    else:
        lines.append(f"处罚决定：{record['处罚内容']}")
    if case.correction_order:
        lines.append(f"责令改正：{case.correction_order}")
    lines.append(f"{agency.name}　{record['处罚决定日期']}")
    return lines


def _summary_lines(case: Case, category: str, record: dict[str, str]) -> list[str]:
    """行政处罚信息摘要 (《市场监督管理行政处罚信息公示规定》第四条): 文号, the party, the
    type of violation, the decision's content, the agency, the date."""
    return [
        "行政处罚信息摘要" if category != DisclosureCategory.NO_PENALTY else "不予行政处罚信息摘要",
        f"决定书文号：{case.decision_number}",
        f"当事人：{case.party_name}（{record['行政相对人类别']}）",
        f"违法行为类型：{case.title}",
        f"处罚内容：{record['处罚内容']}",
        f"作出决定机关：{case.agency.name}",
        f"作出决定日期：{record['处罚决定日期']}",
    ]


def public_names(case: Case) -> list[str]:
    officers = case.assignments.select_related("officer").values_list("officer__name", flat=True)
    names = [str(n) for n in officers if n]
    if case.party_kind == PartyKind.ORGANISATION and case.party_representative:
        names.append(case.party_representative)
    return names


def measure_projection(case: Case, measure: CoerciveMeasure) -> Projection:
    """A 查封/扣押 decision in public: who, which measure, why, what (counted, not listed: the
    list may name third parties' property), where and until when."""
    agency = case.agency
    person = case.party_kind == PartyKind.PERSON
    kind = MeasureKind(measure.kind).label
    record = {
        "行政相对人名称": case.party_name,
        "行政相对人类别": PARTY_CATEGORY.get(PartyKind(case.party_kind), ""),
        "统一社会信用代码": "" if person else case.party_identifier,
        "法定代表人": "" if person else case.party_representative,
        "行政强制措施种类": kind,
        "违法行为类型": case.title,
        "行政强制措施理由和依据": measure.reason,
        "涉及财物": f"共{len(measure.items or [])}项（详见{kind}决定书及清单）",
        "实施日期": measure.started_on.isoformat(),
        "期限届满日": measure.due_on.isoformat(),
        "实施机关": agency.name,
        "实施机关统一社会信用代码": agency.uscc,
        "数据来源单位": agency.name,
        "数据来源单位统一社会信用代码": agency.uscc,
    }
    lines = [
        agency.name,
        f"{kind}决定",
        f"当事人：{case.party_name}",
        *_party_lines(case),
        f"理由和依据：{measure.reason}",
        f"{kind}场所：{measure.place}",
        f"{kind}财物：{record['涉及财物']}",
        f"期限：{record['实施日期']}至{record['期限届满日']}",
        f"{agency.name}　{record['实施日期']}",
    ]
    party = {"type": "person" if person else "organisation", "name": case.party_name}
    return Projection(record, "\n".join(lines), party, known_entities_of(case), public_names(case))
