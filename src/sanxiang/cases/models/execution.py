"""送达, 听证, 执行 and 行政强制措施 records of a case."""

from __future__ import annotations

from django.db import models

from sanxiang.cases.models.case import Case, money
from sanxiang.cases.models.choices import (
    MeasureKind,
    MeasureStatus,
    ServedDocument,
    ServiceMethod,
)
from sanxiang.core.models import BaseModel
from sanxiang.organisations.models import Officer


class ServiceRecord(BaseModel):
    """送达回证: which document reached the party, how and when (处罚法 §61, 民诉法 §87–§95)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="service_records")
    document = models.CharField("送达文书", max_length=20, choices=ServedDocument)
    method = models.CharField("送达方式", max_length=20, choices=ServiceMethod)
    served_on = models.DateField("送达日期")
    recipient = models.CharField("受送达人", max_length=200)
    address = models.CharField("送达地址", max_length=300, blank=True)
    # 电子送达 needs the party's consent in a signed 送达地址确认书 (§61 ②).
    consent_evidence = models.ForeignKey(
        "evidence.EvidenceItem",
        verbose_name="送达地址确认书",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField("送达情况说明", blank=True)

    class Meta:
        ordering = ["case_id", "served_on", "created_at"]
        verbose_name = "送达记录"
        verbose_name_plural = "送达记录"

    def __str__(self) -> str:
        return f"{self.get_document_display()} {self.served_on}"


class Hearing(BaseModel):
    """听证 (处罚法 §64): requested within 5 working days, notified 7 working days ahead."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="hearing")
    requested_on = models.DateField("申请日期")
    notice_served_on = models.DateField("听证通知送达日期", null=True, blank=True)
    scheduled_on = models.DateField("听证日期", null=True, blank=True)
    held_on = models.DateField("举行日期", null=True, blank=True)
    chair = models.ForeignKey(
        Officer,
        verbose_name="听证主持人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    public = models.BooleanField("公开举行", default=True)
    record = models.TextField("听证笔录", blank=True)
    party_absent = models.BooleanField("当事人无正当理由拒不参加（视为放弃）", default=False)

    class Meta:
        ordering = ["requested_on"]
        verbose_name = "听证"
        verbose_name_plural = "听证"

    def __str__(self) -> str:
        return f"{self.case} 听证"


class Payment(BaseModel):
    """A payment of the fine (罚缴分离: through a bank or 电子支付, 处罚法 §67)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="payments")
    amount = money("金额（元）", optional=False)
    late_fee = money("其中加处罚款（元）", default=0)
    paid_on = models.DateField("缴款日期")
    receipt_number = models.CharField("缴款凭证号", max_length=64)

    class Meta:
        ordering = ["case_id", "paid_on"]
        verbose_name = "缴款记录"
        verbose_name_plural = "缴款记录"

    def __str__(self) -> str:
        return f"{self.amount} {self.paid_on}"


class PaymentPlan(BaseModel):
    """延期/分期缴纳 (处罚法 §66): on the party's application, approved by the agency."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="payment_plans")
    deferred_to = models.DateField("延期至", null=True, blank=True)
    instalments = models.JSONField("分期计划", default=list, blank=True)
    reason = models.TextField("理由")
    approved_by = models.ForeignKey(Officer, verbose_name="批准人", on_delete=models.PROTECT)
    approved_on = models.DateField("批准日期")

    class Meta:
        ordering = ["case_id", "approved_on"]
        verbose_name = "延期/分期缴纳"
        verbose_name_plural = "延期/分期缴纳"

    def __str__(self) -> str:
        return f"{self.case} 延期/分期"


class RemedyPause(BaseModel):
    """行政复议 / 行政诉讼 period: 加处罚款 is not counted meanwhile (处罚法 §73)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="remedy_pauses")
    kind = models.CharField(
        "救济途径", max_length=20, choices=[("review", "行政复议"), ("litigation", "行政诉讼")]
    )
    started_on = models.DateField("申请/起诉日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        ordering = ["case_id", "started_on"]
        verbose_name = "复议/诉讼期间"
        verbose_name_plural = "复议/诉讼期间"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"


class Demand(BaseModel):
    """催告 (强制法 §35, §54) and, after it, the application to the court."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="demands")
    served_on = models.DateField("催告书送达日期")
    amount = money("催告金额（元）", optional=False)
    content = models.TextField("催告内容")
    court_applied_on = models.DateField("申请法院强制执行日期", null=True, blank=True)
    court = models.CharField("受理法院", max_length=200, blank=True)

    class Meta:
        ordering = ["case_id", "served_on"]
        verbose_name = "催告"
        verbose_name_plural = "催告"

    def __str__(self) -> str:
        return f"{self.case} 催告 {self.served_on}"


class CoerciveMeasure(BaseModel):
    """先行登记保存 (处罚法 §56) or 查封/扣押 (强制法 §18, §24–§28) within an investigation."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField("措施", max_length=20, choices=MeasureKind)
    status = models.CharField(
        "状态", max_length=10, choices=MeasureStatus, default=MeasureStatus.ACTIVE
    )
    # 清单: [{"name": ..., "spec": ..., "quantity": ..., "unit": ..., "note": ...}]
    items = models.JSONField("物品清单")
    place = models.CharField("地点", max_length=300)
    reason = models.TextField("理由和依据")
    approved_by = models.ForeignKey(
        Officer,
        verbose_name="批准负责人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    emergency = models.BooleanField("情况紧急，当场实施后报告（强制法第十九条）", default=False)
    # 强制法 §19 counts hours: an emergency measure is approved within 24 hours of starting.
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    started_on = models.DateField("实施日期")
    started_at = models.DateTimeField("实施时间", null=True, blank=True)
    due_on = models.DateField("期限届满日")
    extended = models.BooleanField("已延长", default=False)
    ended_on = models.DateField("处理/解除日期", null=True, blank=True)
    outcome = models.TextField("处理结果", blank=True)

    class Meta:
        ordering = ["case_id", "started_on"]
        verbose_name = "行政强制措施"
        verbose_name_plural = "行政强制措施"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"
