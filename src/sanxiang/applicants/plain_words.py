"""Case statuses told to an applicant or a party in plain words (what it means for them)."""

from __future__ import annotations

from sanxiang.cases.states import CaseStatus

S = CaseStatus

PLAIN_STATUS: dict[str, str] = {
    S.LICENCE_APPLIED: "已提交，等待机关受理（机关应在5个工作日内受理或一次性告知需要补正的全部内容）",
    S.LICENCE_CORRECTION: "需要补正材料：请按补正告知补交全部材料",
    S.LICENCE_NOT_ACCEPTED: "机关决定不予受理，理由见不予受理决定书",
    S.LICENCE_WITHDRAWN: "您已撤回申请",
    S.LICENCE_EXAMINING: "已受理，正在审查",
    S.LICENCE_HEARING: "正在组织听证",
    S.LEGAL_REVIEW: "正在进行法制审核",
    S.PENDING_DECISION: "审查完毕，等待机关负责人作出决定",
    S.DELIBERATION: "正在集体讨论",
    S.LICENCE_GRANTED: "已准予许可，等待颁发证件、送达决定",
    S.LICENCE_DENIED: "机关决定不予许可，理由和救济途径见决定书",
    S.LICENCE_DELIVERED: "决定书和证件已送达",
    S.CLOSED: "已办结",
    S.ARCHIVED: "已办结归档",
    # Penalty cases the party has claimed.
    S.INVESTIGATING: "正在调查",
    S.INVESTIGATION_CONCLUDED: "调查已终结",
    S.CASE_CHECK: "正在审核",
    S.NOTIFIED: "已告知拟作出的行政处罚，您可以在期限内陈述、申辩",
    S.STATEMENT: "机关已听取陈述申辩，正在复核",
    S.HEARING: "正在听证程序中",
    S.DECIDED: "已作出行政处罚决定",
    S.NO_PENALTY: "决定不予行政处罚",
    S.TRANSFERRED: "已移送司法机关",
    S.SERVED: "决定书已送达",
    S.EXECUTING: "决定执行中",
    # Inspections the inspected party has claimed.
    S.INSPECTION_PLANNED: "已安排检查，执法人员将到场检查",
    S.INSPECTION_CHECKED: "已现场检查，等待检查结论",
    S.INSPECTION_RECTIFYING: "责令改正中：请在改正期限内按责令改正通知书改正，完成后可在网上报告整改完成",
    S.INSPECTION_CONCLUDED: "检查结论已作出，见检查结果告知书",
}


def plain_status(status: str) -> str:
    if status in PLAIN_STATUS:
        return PLAIN_STATUS[status]
    try:
        return CaseStatus(status).label
    except ValueError:
        return status
