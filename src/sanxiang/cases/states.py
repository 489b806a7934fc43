"""The 行政处罚 case lifecycle as one transition table (处罚法 §51–§67).

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

# Statuses on the 简易程序 path only; the flowchart draws them as their own lane.
SUMMARY_STATUSES: frozenset[CaseStatus] = frozenset({S.SUMMARY_NOTIFIED})
INITIAL_STATUS = S.LEAD
FINAL_STATUSES: frozenset[CaseStatus] = frozenset({S.ARCHIVED})

INVALID_TRANSITION = "当前状态“{status}”下不能执行“{action}”"


class InvalidTransition(ApplicationError):
    """The action is not allowed from the case's current status."""

    code = "invalid_transition"
    status = 409


def next_status(status: CaseStatus | str, action: CaseAction | str) -> CaseStatus:
    """The status after `action` from `status`.

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
        return TRANSITIONS[key]
    except KeyError as exc:
        raise InvalidTransition(
            INVALID_TRANSITION.format(status=key[0].label, action=key[1].label),
            extra={"status": key[0].value, "action": key[1].value},
        ) from exc


def actions_from(status: CaseStatus) -> list[tuple[CaseAction, CaseStatus]]:
    """Allowed actions from `status` with their target, in table order."""
    return [(action, target) for (src, action), target in TRANSITIONS.items() if src == status]
