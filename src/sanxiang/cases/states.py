"""The case lifecycles as transition tables: 行政处罚 (处罚法 §51–§67), 行政许可 (许可法 §29–§50)
and 行政检查. One table per case kind (`LIFECYCLES`); statuses and actions are one enumeration each,
and the steps every kind shares (法制审核, 待决定, 结案, 归档) are the same values, so the review,
document and disclosure machinery built on them serves every kind.

Pure Python: no models, no Django app. The case app's `case_transition` service calls
`next_status`, and the public 流程图 is drawn from `TRANSITIONS`, so what is published is what
the software enforces. Guard rails (who may act, 告知 before 决定, the 法制审核 gate for major
decisions) are rules evaluated on top of this table, not encoded in it.
"""

from __future__ import annotations

from django.db.models import TextChoices

from sanxiang.core.errors import ApplicationError


class CaseStatus(TextChoices):
    # Order matters: the flowchart draws statuses in declaration order.
    LEAD = "lead", "案源登记"
    PENDING_FILING = "pending_filing", "立案审批"
    DECLINED = "declined", "不予立案"
    INVESTIGATING = "investigating", "调查取证"
    INVESTIGATION_CONCLUDED = "investigation_concluded", "调查终结"
    CASE_CHECK = "case_check", "案件审核"
    NOTIFIED = "notified", "事先告知"
    STATEMENT = "statement", "陈述申辩"
    HEARING = "hearing", "听证"
    LEGAL_REVIEW = "legal_review", "法制审核"
    PENDING_DECISION = "pending_decision", "待决定"
    DELIBERATION = "deliberation", "集体讨论"
    SUMMARY_NOTIFIED = "summary_notified", "当场告知（简易程序）"
    DECIDED = "decided", "作出处罚决定"
    NO_PENALTY = "no_penalty", "不予处罚"
    TRANSFERRED = "transferred", "移送司法机关"
    SERVED = "served", "送达"
    EXECUTING = "executing", "执行"
    CLOSED = "closed", "结案"
    ARCHIVED = "archived", "归档"
    # 行政许可 (许可法 §29–§44); 法制审核, 待决定, 结案, 归档 are shared with the penalty table.
    LICENCE_APPLIED = "licence_applied", "申请待受理"
    LICENCE_CORRECTION = "licence_correction", "补正材料"
    LICENCE_NOT_ACCEPTED = "licence_not_accepted", "不予受理"
    LICENCE_WITHDRAWN = "licence_withdrawn", "申请已撤回"
    LICENCE_EXAMINING = "licence_examining", "受理审查"
    LICENCE_HEARING = "licence_hearing", "许可听证"
    LICENCE_GRANTED = "licence_granted", "准予许可"
    LICENCE_DENIED = "licence_denied", "不予许可"
    LICENCE_DELIVERED = "licence_delivered", "已发证送达"
    # 行政检查 (a 检查计划 or a 双随机 draw opens it; 转立案 starts a penalty case).
    INSPECTION_PLANNED = "inspection_planned", "待检查"
    INSPECTION_CHECKED = "inspection_checked", "已现场检查"
    INSPECTION_RECTIFYING = "inspection_rectifying", "责令改正中"
    INSPECTION_CONCLUDED = "inspection_concluded", "检查结论已作出"


class CaseAction(TextChoices):
    SUBMIT_FILING = "submit_filing", "提请立案"
    APPROVE_FILING = "approve_filing", "批准立案"
    DECLINE_FILING = "decline_filing", "不予立案"
    CONCLUDE_INVESTIGATION = "conclude_investigation", "调查终结"
    SUBMIT_CHECK = "submit_check", "提交案件审核"
    RETURN_FOR_INVESTIGATION = "return_for_investigation", "退回补充调查"
    ISSUE_NOTICE = "issue_notice", "送达事先告知书"
    RECEIVE_STATEMENT = "receive_statement", "当事人陈述申辩"
    REQUEST_HEARING = "request_hearing", "当事人申请听证"
    SUBMIT_LEGAL_REVIEW = "submit_legal_review", "提交法制审核"
    PASS_LEGAL_REVIEW = "pass_legal_review", "法制审核通过"
    SUBMIT_FOR_DECISION = "submit_for_decision", "报请负责人决定"
    SUBMIT_DELIBERATION = "submit_deliberation", "提交集体讨论"
    DECIDE = "decide", "作出处罚决定"
    DECIDE_NO_PENALTY = "decide_no_penalty", "决定不予处罚"
    TRANSFER = "transfer", "移送司法机关"
    APPLY_SUMMARY = "apply_summary", "适用简易程序（当场处罚）"
    DECIDE_ON_SITE = "decide_on_site", "当场作出处罚决定"
    SWITCH_TO_GENERAL = "switch_to_general", "转为普通程序"
    SERVE = "serve", "送达决定书"
    EXECUTE = "execute", "履行或强制执行"
    CLOSE = "close", "结案"
    ARCHIVE = "archive", "立卷归档"
    # 行政许可
    LICENCE_ACCEPT = "licence_accept", "受理申请"
    LICENCE_REQUEST_CORRECTION = "licence_request_correction", "一次性告知补正"
    LICENCE_SUBMIT_CORRECTION = "licence_submit_correction", "提交补正材料"
    LICENCE_REFUSE = "licence_refuse", "不予受理"
    LICENCE_WITHDRAW = "licence_withdraw", "撤回申请"
    LICENCE_HOLD_HEARING = "licence_hold_hearing", "组织许可听证"
    LICENCE_CONCLUDE_HEARING = "licence_conclude_hearing", "听证结束"
    LICENCE_SUBMIT_DECISION = "licence_submit_decision", "报请许可决定"
    LICENCE_GRANT = "licence_grant", "作出准予行政许可决定"
    LICENCE_DENY = "licence_deny", "作出不予行政许可决定"
    LICENCE_DELIVER = "licence_deliver", "颁发证件并送达决定"
    # 行政检查
    INSPECTION_RECORD = "inspection_record", "实施现场检查"
    INSPECTION_NOT_FOUND = "inspection_not_found", "无法实施检查（查无下落等）"
    INSPECTION_PASS = "inspection_pass", "检查合格"
    INSPECTION_ORDER_CORRECTION = "inspection_order_correction", "责令改正"
    INSPECTION_RECHECK = "inspection_recheck", "复查合格"
    INSPECTION_TRANSFER = "inspection_transfer", "转立案查处"


S = CaseStatus
A = CaseAction

# 普通程序 (处罚法 §54–§65) and 简易程序 (§51–§53). Keys are (from, action); values the next status.
TRANSITIONS: dict[tuple[CaseStatus, CaseAction], CaseStatus] = {
    # 案源登记 → 立案 (审批) or 不予立案 (§54)
    (S.LEAD, A.SUBMIT_FILING): S.PENDING_FILING,
    (S.PENDING_FILING, A.APPROVE_FILING): S.INVESTIGATING,
    (S.PENDING_FILING, A.DECLINE_FILING): S.DECLINED,
    (S.DECLINED, A.ARCHIVE): S.ARCHIVED,
    # 调查取证 → 调查终结 → 案件审核 (§55–§57)
    (S.INVESTIGATING, A.CONCLUDE_INVESTIGATION): S.INVESTIGATION_CONCLUDED,
    (S.INVESTIGATING, A.TRANSFER): S.TRANSFERRED,
    (S.INVESTIGATION_CONCLUDED, A.SUBMIT_CHECK): S.CASE_CHECK,
    (S.CASE_CHECK, A.RETURN_FOR_INVESTIGATION): S.INVESTIGATING,
    (S.CASE_CHECK, A.ISSUE_NOTICE): S.NOTIFIED,
    (S.CASE_CHECK, A.DECIDE_NO_PENALTY): S.NO_PENALTY,
    (S.CASE_CHECK, A.TRANSFER): S.TRANSFERRED,
    # 事先告知 → 陈述申辩 / 听证 (§44, §45, §63–§65)
    (S.NOTIFIED, A.RECEIVE_STATEMENT): S.STATEMENT,
    (S.NOTIFIED, A.REQUEST_HEARING): S.HEARING,
    (S.NOTIFIED, A.SUBMIT_LEGAL_REVIEW): S.LEGAL_REVIEW,
    (S.NOTIFIED, A.SUBMIT_FOR_DECISION): S.PENDING_DECISION,
    (S.STATEMENT, A.SUBMIT_LEGAL_REVIEW): S.LEGAL_REVIEW,
    (S.STATEMENT, A.SUBMIT_FOR_DECISION): S.PENDING_DECISION,
    (S.HEARING, A.SUBMIT_LEGAL_REVIEW): S.LEGAL_REVIEW,
    (S.HEARING, A.SUBMIT_FOR_DECISION): S.PENDING_DECISION,
    # 法制审核 (§58) → 集体讨论 (§57 ②) → 决定
    (S.LEGAL_REVIEW, A.PASS_LEGAL_REVIEW): S.PENDING_DECISION,
    (S.LEGAL_REVIEW, A.RETURN_FOR_INVESTIGATION): S.INVESTIGATING,
    # An approval gone stale (the draft changed after it) is submitted again before the decision.
    (S.PENDING_DECISION, A.SUBMIT_LEGAL_REVIEW): S.LEGAL_REVIEW,
    (S.PENDING_DECISION, A.SUBMIT_DELIBERATION): S.DELIBERATION,
    (S.PENDING_DECISION, A.DECIDE): S.DECIDED,
    (S.PENDING_DECISION, A.DECIDE_NO_PENALTY): S.NO_PENALTY,
    (S.PENDING_DECISION, A.TRANSFER): S.TRANSFERRED,
    (S.DELIBERATION, A.DECIDE): S.DECIDED,
    (S.DELIBERATION, A.DECIDE_NO_PENALTY): S.NO_PENALTY,
    (S.DELIBERATION, A.TRANSFER): S.TRANSFERRED,
    # 简易程序: 当场告知, 当场决定, 当场交付 (§51–§52)
    (S.LEAD, A.APPLY_SUMMARY): S.SUMMARY_NOTIFIED,
    (S.SUMMARY_NOTIFIED, A.DECIDE_ON_SITE): S.DECIDED,
    (S.SUMMARY_NOTIFIED, A.SWITCH_TO_GENERAL): S.PENDING_FILING,
    # 送达 → 执行 → 结案 → 归档 (§61, §66–§73)
    (S.DECIDED, A.SERVE): S.SERVED,
    (S.SERVED, A.EXECUTE): S.EXECUTING,
    (S.EXECUTING, A.CLOSE): S.CLOSED,
    (S.NO_PENALTY, A.SERVE): S.SERVED,
    (S.NO_PENALTY, A.CLOSE): S.CLOSED,
    (S.TRANSFERRED, A.CLOSE): S.CLOSED,
    (S.CLOSED, A.ARCHIVE): S.ARCHIVED,
}

# 行政许可 (许可法 §32 受理/补正, §42 决定, §44 发证, §46–§48 听证, §58 法制审核 per the 目录清单).
LICENCE_TRANSITIONS: dict[tuple[CaseStatus, CaseAction], CaseStatus] = {
    (S.LICENCE_APPLIED, A.LICENCE_ACCEPT): S.LICENCE_EXAMINING,
    (S.LICENCE_APPLIED, A.LICENCE_REQUEST_CORRECTION): S.LICENCE_CORRECTION,
    (S.LICENCE_APPLIED, A.LICENCE_REFUSE): S.LICENCE_NOT_ACCEPTED,
    (S.LICENCE_APPLIED, A.LICENCE_WITHDRAW): S.LICENCE_WITHDRAWN,
    (S.LICENCE_CORRECTION, A.LICENCE_SUBMIT_CORRECTION): S.LICENCE_APPLIED,
    (S.LICENCE_CORRECTION, A.LICENCE_REFUSE): S.LICENCE_NOT_ACCEPTED,
    (S.LICENCE_CORRECTION, A.LICENCE_WITHDRAW): S.LICENCE_WITHDRAWN,
    (S.LICENCE_EXAMINING, A.LICENCE_HOLD_HEARING): S.LICENCE_HEARING,
    (S.LICENCE_HEARING, A.LICENCE_CONCLUDE_HEARING): S.LICENCE_EXAMINING,
    (S.LICENCE_EXAMINING, A.LICENCE_WITHDRAW): S.LICENCE_WITHDRAWN,
    (S.LICENCE_EXAMINING, A.SUBMIT_LEGAL_REVIEW): S.LEGAL_REVIEW,
    (S.LICENCE_EXAMINING, A.LICENCE_SUBMIT_DECISION): S.PENDING_DECISION,
    (S.LEGAL_REVIEW, A.PASS_LEGAL_REVIEW): S.PENDING_DECISION,
    (S.LEGAL_REVIEW, A.RETURN_FOR_INVESTIGATION): S.LICENCE_EXAMINING,
    (S.PENDING_DECISION, A.SUBMIT_LEGAL_REVIEW): S.LEGAL_REVIEW,
    (S.PENDING_DECISION, A.RETURN_FOR_INVESTIGATION): S.LICENCE_EXAMINING,
    (S.PENDING_DECISION, A.LICENCE_GRANT): S.LICENCE_GRANTED,
    (S.PENDING_DECISION, A.LICENCE_DENY): S.LICENCE_DENIED,
    (S.LICENCE_GRANTED, A.LICENCE_DELIVER): S.LICENCE_DELIVERED,
    (S.LICENCE_DENIED, A.LICENCE_DELIVER): S.LICENCE_DELIVERED,
    (S.LICENCE_DELIVERED, A.CLOSE): S.CLOSED,
    (S.LICENCE_NOT_ACCEPTED, A.CLOSE): S.CLOSED,
    (S.LICENCE_WITHDRAWN, A.CLOSE): S.CLOSED,
    (S.CLOSED, A.ARCHIVE): S.ARCHIVED,
}

# 行政检查: 检查 → 合格 / 责令改正 (→ 复查) / 转立案 → 结案.
INSPECTION_TRANSITIONS: dict[tuple[CaseStatus, CaseAction], CaseStatus] = {
    (S.INSPECTION_PLANNED, A.INSPECTION_RECORD): S.INSPECTION_CHECKED,
    (S.INSPECTION_PLANNED, A.INSPECTION_NOT_FOUND): S.INSPECTION_CONCLUDED,
    (S.INSPECTION_CHECKED, A.INSPECTION_PASS): S.INSPECTION_CONCLUDED,
    (S.INSPECTION_CHECKED, A.INSPECTION_ORDER_CORRECTION): S.INSPECTION_RECTIFYING,
    (S.INSPECTION_CHECKED, A.INSPECTION_TRANSFER): S.INSPECTION_CONCLUDED,
    (S.INSPECTION_RECTIFYING, A.INSPECTION_RECHECK): S.INSPECTION_CONCLUDED,
    (S.INSPECTION_RECTIFYING, A.INSPECTION_TRANSFER): S.INSPECTION_CONCLUDED,
    (S.INSPECTION_CONCLUDED, A.CLOSE): S.CLOSED,
    (S.CLOSED, A.ARCHIVE): S.ARCHIVED,
}

PENALTY = "penalty"
LICENCE = "licence"
INSPECTION = "inspection"
# Case kind (cases.models.CaseKind value) → its table and first status.
LIFECYCLES: dict[str, dict[tuple[CaseStatus, CaseAction], CaseStatus]] = {
    PENALTY: TRANSITIONS,
    LICENCE: LICENCE_TRANSITIONS,
    INSPECTION: INSPECTION_TRANSITIONS,
}
ALL_KINDS: tuple[str, ...] = tuple(LIFECYCLES)
INITIAL_STATUSES: dict[str, CaseStatus] = {
    PENALTY: S.LEAD,
    LICENCE: S.LICENCE_APPLIED,
    INSPECTION: S.INSPECTION_PLANNED,
}

# Statuses on the 简易程序 path only; the flowchart draws them as their own lane.
SUMMARY_STATUSES: frozenset[CaseStatus] = frozenset({S.SUMMARY_NOTIFIED})
INITIAL_STATUS = S.LEAD
FINAL_STATUSES: frozenset[CaseStatus] = frozenset({S.ARCHIVED})

INVALID_TRANSITION = "当前状态“{status}”下不能执行“{action}”"


class InvalidTransition(ApplicationError):
    """The action is not allowed from the case's current status."""

    code = "invalid_transition"
    status = 409


def table_for(kind: str) -> dict[tuple[CaseStatus, CaseAction], CaseStatus]:
    return LIFECYCLES.get(str(kind), {})


def next_status(
    status: CaseStatus | str, action: CaseAction | str, kind: str = PENALTY
) -> CaseStatus:
    """The status after `action` from `status` in the table of case kind `kind`.

    Raises: InvalidTransition when the table has no such (status, action) pair or either
    value is unknown.
    """
    try:
        key = (CaseStatus(status), CaseAction(action))
    except ValueError as exc:
        raise InvalidTransition(
            INVALID_TRANSITION.format(status=status, action=action),
            extra={"status": str(status), "action": str(action)},
        ) from exc
    try:
        return table_for(kind)[key]
    except KeyError as exc:
        raise InvalidTransition(
            INVALID_TRANSITION.format(status=key[0].label, action=key[1].label),
            extra={"status": key[0].value, "action": key[1].value},
        ) from exc


def actions_from(status: CaseStatus, kind: str = PENALTY) -> list[tuple[CaseAction, CaseStatus]]:
    """Allowed actions from `status` with their target, in table order."""
    table = table_for(kind)
    return [(action, target) for (src, action), target in table.items() if src == status]
