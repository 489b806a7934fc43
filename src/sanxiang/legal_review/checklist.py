"""The 法制审核 checklist (国办发〔2018〕118号 三(三); 处罚法 §58) and the 送审材料 list.

Codes are stable (stored in opinions' findings and submissions' materials); labels are what people read.
"""

from __future__ import annotations

from typing import NamedTuple


class ChecklistItem(NamedTuple):
    code: str
    label: str


# One finding per item, in this order, on every opinion.
ITEMS: tuple[ChecklistItem, ...] = (
    ChecklistItem("subject", "主体合法与执法人员资格"),
    ChecklistItem("procedure", "程序合法"),
    ChecklistItem("facts", "事实清楚"),
    ChecklistItem("evidence", "证据合法充分"),
    ChecklistItem("law", "法律适用准确"),
    ChecklistItem("discretion", "裁量基准运用适当"),
    ChecklistItem("authority", "是否超越职权或滥用职权"),
    ChecklistItem("documents", "文书完备规范"),
    ChecklistItem("criminal_transfer", "是否涉嫌犯罪需移送"),
)
ITEM_CODES: tuple[str, ...] = tuple(i.code for i in ITEMS)
ITEM_LABELS: dict[str, str] = {i.code: i.label for i in ITEMS}

PASS, FAIL, NA = "pass", "fail", "na"
RESULTS: dict[str, str] = {PASS: "符合", FAIL: "存在问题", NA: "不适用"}


# 送审材料 (国办发〔2018〕118号; LEGAL_RULES.md §1.3 F6): what the submission must carry.
class Material(NamedTuple):
    code: str
    label: str


MATERIALS: tuple[Material, ...] = (
    Material("investigation_report", "调查终结报告（含处理建议及理由）"),
    Material("notice", "行政处罚事先告知书及送达记录"),
    Material("statement", "陈述申辩记录、听证笔录或当事人放弃陈述申辩的记录"),
    Material("discretion", "裁量基准适用情况"),
    Material("evidence", "证据材料清单"),
    Material("draft_decision", "行政处罚决定书（送审稿）"),
)
MATERIAL_LABELS: dict[str, str] = {m.code: m.label for m in MATERIALS}
