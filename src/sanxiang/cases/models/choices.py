"""Enumerations shared by the case models, the rules and the forms (处罚法 §9, §57, §61)."""

from __future__ import annotations

from django.db import models


class CaseKind(models.TextChoices):
    """The kinds of matter the case engine runs; each has its own table in `cases.states`."""

    PENALTY = "penalty", "行政处罚"
    LICENCE = "licence", "行政许可"
    INSPECTION = "inspection", "行政检查"


class Procedure(models.TextChoices):
    GENERAL = "general", "普通程序"
    SUMMARY = "summary", "简易程序"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class LeadSource(models.TextChoices):
    INSPECTION = "inspection", "监督检查发现"
    COMPLAINT = "complaint", "投诉举报"
    REFERRAL = "referral", "有关部门移送"
    ASSIGNED = "assigned", "上级交办"
    MONITORING = "monitoring", "电子技术监控"
    OTHER = "other", "其他"


class PenaltyKind(models.TextChoices):
    """处罚法 §9. `HEARING_KINDS` lists those that always carry the right to a hearing (§63)."""

    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATE_GAINS = "confiscate_gains", "没收违法所得"
    CONFISCATE_PROPERTY = "confiscate_property", "没收非法财物"
    SUSPEND_LICENCE = "suspend_licence", "暂扣许可证件"
    DEMOTE = "demote", "降低资质等级"
    REVOKE_LICENCE = "revoke_licence", "吊销许可证件"
    RESTRICT_BUSINESS = "restrict_business", "限制开展生产经营活动"
    SUSPEND_BUSINESS = "suspend_business", "责令停产停业"
    CLOSE = "close", "责令关闭"
    RESTRICT_EMPLOYMENT = "restrict_employment", "限制从业"
    OTHER = "other", "法律、行政法规规定的其他行政处罚"


# 处罚法 §63 ②–④: these kinds carry hearing rights whatever the amount.
HEARING_KINDS = frozenset(
    {
        PenaltyKind.DEMOTE,
        PenaltyKind.REVOKE_LICENCE,
        PenaltyKind.SUSPEND_BUSINESS,
        PenaltyKind.CLOSE,
        PenaltyKind.RESTRICT_EMPLOYMENT,
    }
)
# 处罚法 §51: the only penalties a 简易程序 may impose.
SUMMARY_KINDS = frozenset({PenaltyKind.WARNING, PenaltyKind.FINE})


class Outcome(models.TextChoices):
    """处罚法 §57."""

    PENALISE = "penalise", "给予行政处罚"
    NO_PENALTY_MINOR = "no_penalty_minor", "不予行政处罚（违法行为轻微等）"
    NO_PENALTY_FIRST = "no_penalty_first", "不予行政处罚（首违不罚）"
    NO_PENALTY_UNFOUNDED = "no_penalty_unfounded", "不予行政处罚（违法事实不能成立）"
    TRANSFER = "transfer", "移送司法机关"


class OfficerRole(models.TextChoices):
    LEAD = "lead", "主办人"
    ASSIST = "assist", "协办人"


class RecordKind(models.TextChoices):
    """笔录 kinds (处罚法 §55) and the 音像记录 activity each belongs to."""

    INTERVIEW = "interview", "询问笔录"
    SITE = "site", "现场笔录"
    INSPECTION = "inspection", "勘验笔录"
    SAMPLING = "sampling", "抽样取证记录"


class ServiceMethod(models.TextChoices):
    """送达方式 (民事诉讼法 §87–§95 as applied by 处罚法 §61)."""

    DIRECT = "direct", "直接送达"
    LEFT = "left", "留置送达"
    ELECTRONIC = "electronic", "电子送达"
    POST = "post", "邮寄送达"
    ENTRUSTED = "entrusted", "委托送达"
    PUBLIC_NOTICE = "public_notice", "公告送达"


class ServedDocument(models.TextChoices):
    NOTICE = "notice", "行政处罚事先告知书"
    DECISION = "decision", "行政处罚决定书"
    DEMAND = "demand", "催告书"
    COERCION = "coercion", "查封（扣押）决定书"
    OTHER = "other", "其他文书"


class MeasureKind(models.TextChoices):
    PRESERVATION = "preservation", "先行登记保存"
    SEALING = "sealing", "查封"
    SEIZURE = "seizure", "扣押"


class MeasureStatus(models.TextChoices):
    ACTIVE = "active", "执行中"
    DECIDED = "decided", "已作出处理决定"
    RELEASED = "released", "已解除"


class RecusalStatus(models.TextChoices):
    PENDING = "pending", "待决定"
    GRANTED = "granted", "决定回避"
    REFUSED = "refused", "驳回申请"


class DayUnit(models.TextChoices):
    """Values match `core.calendar.DayUnit`, which computes them."""

    WORKING = "working_days", "工作日"
    CALENDAR = "calendar_days", "自然日"


class DeadlineKind(models.TextChoices):
    """The clocks a case runs. Each names its statute in `cases.deadlines.DEADLINE_RULES`."""

    FILING_CHECK = "filing_check", "立案核查期限"
    CASE_DECISION = "case_decision", "办案期限"
    STATEMENT = "statement", "陈述申辩期限"
    HEARING_REQUEST = "hearing_request", "听证申请期限"
    HEARING_NOTICE = "hearing_notice", "听证通知期限"
    SERVICE = "service", "决定书送达期限"
    PAYMENT = "payment", "罚款缴纳期限"
    PRESERVATION = "preservation", "先行登记保存处理期限"
    SEIZURE = "seizure", "查封扣押期限"
    MEASURE_APPROVAL = "measure_approval", "紧急强制措施补办批准期限"
    DEMAND = "demand", "催告后申请强制执行等待期"
    COURT_APPLICATION = "court_application", "申请法院强制执行期限"
    LEGAL_REVIEW = "legal_review", "法制审核期限"
    # 行政许可 (许可法 §32, §42, §44, §47); all in 工作日 (§82).
    LICENCE_INTAKE = "licence_intake", "受理或一次性告知补正期限"
    LICENCE_DECISION = "licence_decision", "许可决定期限"
    LICENCE_HEARING_REQUEST = "licence_hearing_request", "许可听证申请期限"
    LICENCE_HEARING = "licence_hearing", "许可听证组织期限"
    LICENCE_DELIVERY = "licence_delivery", "颁发、送达许可证件期限"
    # 行政检查: the 责令改正 period the order sets, then the 复查.
    INSPECTION_CORRECTION = "inspection_correction", "责令改正期限"


class DeadlineState(models.TextChoices):
    RUNNING = "running", "进行中"
    PAUSED = "paused", "暂停"
    MET = "met", "已完成"
    CANCELLED = "cancelled", "已撤销"


class AlertLevel(models.TextChoices):
    DUE_SOON = "due_soon", "临期"
    OVERDUE = "overdue", "超期"
