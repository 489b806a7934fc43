"""行政检查: inspection plans and what only an inspection case holds.

An inspection is a `cases.Case` of kind `inspection` (status, steps with 现场检查笔录 and 音像记录,
documents, disclosure of results); `Inspection` keeps its source, result, 责令改正 and 复查, and
the penalty case a 转立案 opened. Rows change only through `inspections.services`.
"""

from __future__ import annotations

from django.db import models

from sanxiang.cases.models import Case
from sanxiang.catalog.models import EnforcementItem
from sanxiang.core.models import BaseModel
from sanxiang.organisations.models import Agency, Officer


class InspectionSource(models.TextChoices):
    PLAN = "plan", "检查计划"
    RANDOM = "random", "双随机抽查"
    COMPLAINT = "complaint", "投诉举报"
    ASSIGNED = "assigned", "上级交办、部门移送"
    OTHER = "other", "其他"


class InspectionResult(models.TextChoices):
    PASSED = "passed", "未发现问题"
    CORRECTED = "corrected", "责令改正后复查合格"
    TRANSFERRED = "transferred", "发现违法行为，转立案查处"
    NOT_FOUND = "not_found", "未发现检查对象或无法实施检查"


class InspectionPlan(BaseModel):
    """年度（专项）检查计划: approved by the head, published (事前公开), then carried out."""

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="inspection_plans"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("计划名称", max_length=200)
    item = models.ForeignKey(
        EnforcementItem,
        verbose_name="检查事项（版本）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope = models.TextField("检查对象范围")
    content = models.TextField("检查内容")
    method = models.CharField("检查方式", max_length=200)
    frequency = models.CharField("检查频次", max_length=100)
    approved_by = models.ForeignKey(
        Officer,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField("批准日期", null=True, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = "检查计划"
        verbose_name_plural = "检查计划"

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class Inspection(BaseModel):
    """The inspection case's own facts: why, when, what was found, and what followed."""

    case = models.OneToOneField(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="inspection"
    )
    source = models.CharField("检查来源", max_length=20, choices=InspectionSource)
    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name="检查计划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    # The 双随机 task and 检查对象 (spotchecks app, above this one: ids, not foreign keys).
    spot_check_task_id = models.CharField("抽查任务", max_length=64, blank=True, db_index=True)
    entity_id = models.CharField("检查对象（名录库）", max_length=64, blank=True, db_index=True)
    planned_on = models.DateField("计划检查日期")
    inspected_on = models.DateField("检查日期", null=True, blank=True)
    findings = models.TextField("检查情况", blank=True)
    result = models.CharField("检查结果", max_length=20, choices=InspectionResult, blank=True)
    correction_order = models.TextField("责令改正内容", blank=True)
    correction_due_on = models.DateField("改正期限", null=True, blank=True)
    rechecked_on = models.DateField("复查日期", null=True, blank=True)
    recheck_findings = models.TextField("复查情况", blank=True)
    transferred_case = models.ForeignKey(
        Case,
        verbose_name="转立案的处罚案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    concluded_on = models.DateField("检查结论日期", null=True, blank=True)

    class Meta:
        ordering = ["-planned_on", "-created_at"]
        verbose_name = "行政检查"
        verbose_name_plural = "行政检查"

    def __str__(self) -> str:
        return f"{self.case} {self.get_result_display() or '未完成'}"
