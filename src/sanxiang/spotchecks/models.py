"""双随机一公开: the 检查对象名录库, the 执法检查人员名录库, 回避 relations, spot-check tasks, their
verifiable draws (INTEGRITY.md §3), the per-object assignments and the multi-inspection alerts.

Rows change only through `spotchecks.services`. A draw's published inputs and picks are stored as
the exact JSON that was published (and ledgered by its SHA-256), never rebuilt from live rows.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sanxiang.cases.models import PartyKind
from sanxiang.catalog.models import SpotCheckItem
from sanxiang.core.models import BaseModel
from sanxiang.organisations.models import Agency, EnforcementField, Officer


class EntityStatus(models.TextChoices):
    ACTIVE = "active", "存续"
    DEREGISTERED = "deregistered", "注销/吊销"


class RiskGrade(models.TextChoices):
    LOW = "low", "低风险"
    MEDIUM = "medium", "中风险"
    HIGH = "high", "高风险"


class CreditGrade(models.TextChoices):
    A = "A", "A（守信）"
    B = "B", "B（基本守信）"
    C = "C", "C（失信）"
    D = "D", "D（严重失信）"


class MarketEntity(BaseModel):
    """检查对象名录库 row, kept by one agency."""

    agency = models.ForeignKey(
        Agency, verbose_name="名录库所属机关", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    party_kind = models.CharField(
        "对象类型", max_length=20, choices=PartyKind.choices, default=PartyKind.ORGANISATION
    )
    industry = models.CharField("行业", max_length=100, blank=True)
    region_code = models.CharField("行政区划代码", max_length=6, blank=True)
    region_name = models.CharField("行政区划", max_length=100, blank=True)
    address = models.CharField("地址", max_length=300, blank=True)
    legal_representative = models.CharField("法定代表人/负责人", max_length=100, blank=True)
    risk_grade = models.CharField(
        "风险等级", max_length=10, choices=RiskGrade.choices, default=RiskGrade.LOW
    )
    credit_grade = models.CharField(
        "信用等级", max_length=1, choices=CreditGrade.choices, default=CreditGrade.A
    )
    status = models.CharField(
        "状态", max_length=20, choices=EntityStatus.choices, default=EntityStatus.ACTIVE
    )

    class Meta:
        ordering = ["agency_id", "name"]
        verbose_name = "检查对象"
        verbose_name_plural = "检查对象名录库"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "uscc"], condition=~Q(uscc=""), name="spotcheck_entity_uscc"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InspectorEntry(BaseModel):
    """执法检查人员名录库 row: an officer available for 双随机 draws in some fields."""

    officer = models.OneToOneField(
        Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="所属机关", on_delete=models.PROTECT, related_name="+"
    )
    fields = models.ManyToManyField(EnforcementField, verbose_name="可抽检领域", related_name="+")
    is_active = models.BooleanField("在库", default=True)

    class Meta:
        ordering = ["agency_id", "officer__name"]
        verbose_name = "执法检查人员"
        verbose_name_plural = "执法检查人员名录库"

    def __str__(self) -> str:
        return str(self.officer)


class Relation(BaseModel):
    """回避: the officer is related to the entity and is never drawn to inspect it."""

    officer = models.ForeignKey(
        Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="+"
    )
    entity = models.ForeignKey(
        MarketEntity, verbose_name="检查对象", on_delete=models.PROTECT, related_name="relations"
    )
    reason = models.CharField("回避事由", max_length=300)
    recorded_by = models.ForeignKey(
        Officer, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["entity_id", "officer_id"]
        verbose_name = "回避关系"
        verbose_name_plural = "回避关系"
        constraints = [
            models.UniqueConstraint(fields=["officer", "entity"], name="spotcheck_relation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.officer} ↔ {self.entity}"


class TaskStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "已批准"
    INPUTS_PUBLISHED = "inputs_published", "抽取输入已公布"
    DRAWN = "drawn", "已抽取"
    INSPECTING = "inspecting", "检查中"
    RESULTS_PUBLISHED = "results_published", "结果已公示"


class SpotCheckTask(BaseModel):
    """抽查任务: from the 随机抽查事项清单, one agency alone or several (跨部门联合抽查)."""

    agency = models.ForeignKey(
        Agency, verbose_name="牵头机关", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("任务名称", max_length=200)
    field = models.ForeignKey(
        EnforcementField, verbose_name="执法领域", on_delete=models.PROTECT, related_name="+"
    )
    items = models.ManyToManyField(SpotCheckItem, verbose_name="抽查事项", related_name="+")
    filter_industry = models.CharField("对象范围：行业", max_length=100, blank=True)
    filter_region_code = models.CharField("对象范围：行政区划代码", max_length=6, blank=True)
    filter_risk_grade = models.CharField(
        "对象范围：风险等级", max_length=10, choices=RiskGrade.choices, blank=True
    )
    count = models.PositiveIntegerField("抽取数量", null=True, blank=True)
    ratio_percent = models.PositiveSmallIntegerField("抽取比例（%）", null=True, blank=True)
    window_start = models.DateField("检查期间起")
    window_end = models.DateField("检查期间止")
    status = models.CharField(
        "状态", max_length=20, choices=TaskStatus.choices, default=TaskStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        Officer,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField("批准日期", null=True, blank=True)
    results_due_on = models.DateField("结果公示期限", null=True, blank=True)
    results_published_at = models.DateTimeField("结果公示时间", null=True, blank=True)
    results = models.JSONField("公示的检查结果", default=list, blank=True)
    results_sha256 = models.CharField("检查结果 SHA-256", max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "抽查任务"
        verbose_name_plural = "抽查任务"
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")),
                name="spotcheck_task_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_joint(self) -> bool:
        return self.participants.count() > 1


class TaskParticipant(BaseModel):
    """An agency in the task and how many of its inspectors go to each object."""

    task = models.ForeignKey(
        SpotCheckTask,
        verbose_name="抽查任务",
        on_delete=models.CASCADE,
        related_name="participants",
    )
    agency = models.ForeignKey(
        Agency, verbose_name="参与机关", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField("顺序")
    inspectors_per_object = models.PositiveSmallIntegerField("每个对象的检查人员数")

    class Meta:
        ordering = ["task_id", "position"]
        verbose_name = "参与机关"
        verbose_name_plural = "参与机关"
        constraints = [
            models.UniqueConstraint(fields=["task", "agency"], name="spotcheck_participant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.agency}"


class Draw(BaseModel):
    """The draw record of INTEGRITY.md §3, as published: inputs first, values and picks after."""

    task = models.OneToOneField(
        SpotCheckTask, verbose_name="抽查任务", on_delete=models.PROTECT, related_name="draw"
    )
    algorithm = models.CharField("算法", max_length=32)
    inputs = models.JSONField("公布的抽取输入")
    inputs_sha256 = models.CharField("抽取输入 SHA-256", max_length=64)
    inputs_published_at = models.DateTimeField("输入公布时间")
    labels = models.JSONField("名单显示名称", default=dict)
    entropy_values = models.JSONField("随机数来源的值", null=True, blank=True)
    entropy_recorded_at = models.DateTimeField("随机数录入时间", null=True, blank=True)
    key = models.CharField("密钥串", max_length=2000, blank=True)
    picks = models.JSONField("抽取结果", null=True, blank=True)
    steps = models.JSONField("抽取过程", null=True, blank=True)
    result_sha256 = models.CharField("抽取结果 SHA-256", max_length=64, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)

    class Meta:
        ordering = ["-inputs_published_at"]
        verbose_name = "随机抽取"
        verbose_name_plural = "随机抽取"

    def __str__(self) -> str:
        return f"{self.task} 抽取"


class Assignment(BaseModel):
    """One agency's share of one drawn object: its inspectors and, once opened, its case."""

    task = models.ForeignKey(
        SpotCheckTask, verbose_name="抽查任务", on_delete=models.PROTECT, related_name="assignments"
    )
    position = models.PositiveIntegerField("抽取顺序")
    entity = models.ForeignKey(
        MarketEntity, verbose_name="检查对象", on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="检查机关", on_delete=models.PROTECT, related_name="+"
    )
    inspector_ids = models.JSONField("检查人员（抽取顺序）")
    case_id = models.UUIDField("检查案件", null=True, blank=True)
    planned_on = models.DateField("检查日期", null=True, blank=True)

    class Meta:
        ordering = ["task_id", "position", "agency_id"]
        verbose_name = "抽查分派"
        verbose_name_plural = "抽查分派"
        constraints = [
            models.UniqueConstraint(
                fields=["task", "entity", "agency"], name="spotcheck_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.position} {self.entity}"


class AlertConfig(BaseModel):
    """多头检查预警 threshold of one 司法局: more than `threshold` agencies in `window_days`."""

    supervisor = models.OneToOneField(
        Agency, verbose_name="执法监督机关", on_delete=models.PROTECT, related_name="+"
    )
    threshold = models.PositiveSmallIntegerField("预警阈值（不同机关检查次数超过）", default=2)
    window_days = models.PositiveSmallIntegerField("统计期间（日）", default=30)

    class Meta:
        ordering = ["supervisor_id"]
        verbose_name = "多头检查预警设置"
        verbose_name_plural = "多头检查预警设置"

    def __str__(self) -> str:
        return f"{self.supervisor} >{self.threshold}/{self.window_days}日"


class MultiInspectionAlert(BaseModel):
    """One entity inspected by more than N different agencies within the window."""

    supervisor = models.ForeignKey(
        Agency, verbose_name="执法监督机关", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    uscc = models.CharField("统一社会信用代码", max_length=18, db_index=True)
    entity_name = models.CharField("检查对象", max_length=200)
    window_start = models.DateField("期间起")
    window_end = models.DateField("期间止")
    agency_ids = models.JSONField("检查机关")
    case_ids = models.JSONField("检查案件")
    threshold = models.PositiveSmallIntegerField("阈值")

    class Meta:
        ordering = ["-window_end", "uscc"]
        verbose_name = "多头检查预警"
        verbose_name_plural = "多头检查预警"
        constraints = [
            models.UniqueConstraint(fields=["uscc", "window_end"], name="spotcheck_alert_once")
        ]

    def __str__(self) -> str:
        return f"{self.entity_name} {self.window_start}–{self.window_end}"
