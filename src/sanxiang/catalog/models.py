"""The 清单 catalog: every row versioned with effective dates, cross-referenced by code.

A change never edits a row in place: the service closes the current version (effective_to) and
adds the next one, so "what was in force on day D" and "what changed and when" stay answerable.
Rows refer to each other by `item_code`, not by foreign key, because the referenced row is itself
versioned.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from sanxiang.core.models import BaseModel
from sanxiang.organisations.models import Agency, EnforcementField, Unit


class LawLevel(models.TextChoices):
    LAW = "law", "法律"
    ADMIN_REGULATION = "admin_regulation", "行政法规"
    LOCAL_REGULATION = "local_regulation", "地方性法规"
    DEPARTMENT_RULE = "department_rule", "部门规章"
    LOCAL_RULE = "local_rule", "地方政府规章"
    NORMATIVE_DOCUMENT = "normative_document", "规范性文件"


class Law(BaseModel):
    """法律法规库: one version of one law (a revision is a new row)."""

    name = models.CharField("名称", max_length=200)
    version_label = models.CharField("版本", max_length=50)
    level = models.CharField("效力层级", max_length=30, choices=LawLevel.choices)
    issuer = models.CharField("制定机关", max_length=200, blank=True)
    promulgated_on = models.DateField("公布日期", null=True, blank=True)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        ordering = ["name", "-effective_from"]
        verbose_name = "法律法规"
        verbose_name_plural = "法律法规库"
        constraints = [
            models.UniqueConstraint(fields=["name", "version_label"], name="law_version_unique"),
        ]

    def __str__(self) -> str:
        return f"《{self.name}》（{self.version_label}）"

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


class LawArticle(BaseModel):
    """One article (条) of one law version."""

    law = models.ForeignKey(
        Law, verbose_name="法律法规", on_delete=models.PROTECT, related_name="articles"
    )
    number = models.CharField("条款号", max_length=50)
    position = models.PositiveIntegerField("序号", default=0)
    text = models.TextField("条文")

    class Meta:
        ordering = ["law_id", "position", "number"]
        verbose_name = "法律条款"
        verbose_name_plural = "法律条款"
        constraints = [
            models.UniqueConstraint(fields=["law", "number"], name="law_article_unique"),
        ]

    def __str__(self) -> str:
        return f"《{self.law.name}》{self.number}"


class CatalogRow(BaseModel):
    """Columns every catalog list shares: owner, code, version and effective dates."""

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField("编码", max_length=64)
    version = models.PositiveIntegerField("版本", default=1)
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["agency_id", "code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code", "version"], name="%(app_label)s_%(class)s_version_unique"
            ),
            models.UniqueConstraint(
                fields=["agency", "code"],
                condition=Q(effective_to__isnull=True),
                name="%(app_label)s_%(class)s_one_open_version",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="%(app_label)s_%(class)s_dates_ordered",
            ),
        ]

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


class ItemCategory(models.TextChoices):
    LICENCE = "licence", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LEVY = "levy", "行政征收"
    FEE = "fee", "行政收费"
    INSPECTION = "inspection", "行政检查"
    CONFIRMATION = "confirmation", "行政确认"
    BENEFIT = "benefit", "行政给付"
    REWARD = "reward", "行政奖励"
    ADJUDICATION = "adjudication", "行政裁决"
    OTHER = "other", "其他"


class DayCount(models.TextChoices):
    WORKING = "working", "工作日"
    CALENDAR = "calendar", "自然日"


class EnforcementItem(CatalogRow):
    """行政执法事项清单 row."""

    name = models.CharField("事项名称", max_length=300)
    category = models.CharField("事项类别", max_length=20, choices=ItemCategory.choices)
    field = models.ForeignKey(
        EnforcementField, verbose_name="执法类别", null=True, blank=True, on_delete=models.PROTECT
    )
    legal_basis = models.ManyToManyField(
        LawArticle, verbose_name="法律依据（条款）", related_name="+"
    )
    legal_basis_text = models.TextField("法律依据", blank=True)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name="承办机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    time_limit_days = models.PositiveIntegerField("办理时限（天）", null=True, blank=True)
    time_limit_day_count = models.CharField(
        "时限计算", max_length=10, choices=DayCount.choices, default=DayCount.WORKING
    )
    time_limit_note = models.CharField("时限说明", max_length=300, blank=True)
    remarks = models.TextField("备注", blank=True)

    class Meta(CatalogRow.Meta):
        verbose_name = "行政执法事项"
        verbose_name_plural = "行政执法事项清单"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DiscretionBenchmark(CatalogRow):
    """裁量基准 for one 违法行为 under one penalty item."""

    item_code = models.CharField("事项编码", max_length=64)
    violation = models.CharField("违法行为", max_length=500)
    violated_provision = models.TextField("违反条款")
    penalty_basis = models.TextField("处罚依据")
    issuer = models.CharField("制定机关", max_length=200, blank=True)

    class Meta(CatalogRow.Meta):
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"

    def __str__(self) -> str:
        return f"{self.code} {self.violation}"


class TierKind(models.TextChoices):
    EXEMPT = "exempt", "不予处罚"
    MITIGATED = "mitigated", "减轻处罚"
    LENIENT = "lenient", "从轻处罚"
    STANDARD = "standard", "一般处罚"
    SEVERE = "severe", "从重处罚"


TIER_ORDER = {
    TierKind.EXEMPT: 0,
    TierKind.MITIGATED: 1,
    TierKind.LENIENT: 2,
    TierKind.STANDARD: 3,
    TierKind.SEVERE: 4,
}


class DiscretionTier(models.Model):
    """One 裁量阶次 of a benchmark version: conditions and a fine as an amount range or a multiple."""

    benchmark = models.ForeignKey(
        DiscretionBenchmark, verbose_name="裁量基准", on_delete=models.CASCADE, related_name="tiers"
    )
    kind = models.CharField("裁量阶次", max_length=20, choices=TierKind.choices)
    position = models.PositiveSmallIntegerField("顺序", default=0)
    conditions = models.TextField("适用条件")
    fine_min = models.DecimalField(
        "罚款下限（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_max = models.DecimalField(
        "罚款上限（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    multiple_min = models.DecimalField(
        "倍数下限", max_digits=8, decimal_places=2, null=True, blank=True
    )
    multiple_max = models.DecimalField(
        "倍数上限", max_digits=8, decimal_places=2, null=True, blank=True
    )
    multiple_base = models.CharField("倍数基数", max_length=100, blank=True)
    other_penalties = models.CharField("其他处罚", max_length=300, blank=True)

    class Meta:
        ordering = ["benchmark_id", "position"]
        verbose_name = "裁量阶次"
        verbose_name_plural = "裁量阶次"
        constraints = [
            models.UniqueConstraint(fields=["benchmark", "kind"], name="tier_kind_unique"),
            models.CheckConstraint(
                condition=Q(fine_min__isnull=True)
                | Q(fine_max__isnull=True)
                | Q(fine_min__lte=models.F("fine_max")),
                name="tier_fine_ordered",
            ),
            models.CheckConstraint(
                condition=Q(multiple_min__isnull=True)
                | Q(multiple_max__isnull=True)
                | Q(multiple_min__lte=models.F("multiple_max")),
                name="tier_multiple_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class SpotCheckItem(CatalogRow):
    """随机抽查事项清单 row: 抽查主体, 依据, 对象, 内容, 比例, 方式, 频次."""

    name = models.CharField("抽查事项", max_length=300)
    item_code = models.CharField("对应执法事项编码", max_length=64, blank=True)
    check_type = models.CharField("抽查类别", max_length=50, blank=True)
    target = models.CharField("抽查对象", max_length=300)
    content = models.TextField("抽查内容")
    basis = models.TextField("抽查依据")
    method = models.CharField("抽查方式", max_length=200)
    ratio = models.CharField("抽查比例", max_length=100)
    frequency = models.CharField("抽查频次", max_length=100)

    class Meta(CatalogRow.Meta):
        verbose_name = "随机抽查事项"
        verbose_name_plural = "随机抽查事项清单"

    def __str__(self) -> str:
        return self.name


class RecordingLevel(models.TextChoices):
    NONE = "none", "可不音像记录"
    REQUIRED = "required", "应当音像记录"
    FULL_PROCESS = "full_process", "全过程音像记录"


class RecordingRequirement(CatalogRow):
    """音像记录事项清单 row: which 执法环节 must be recorded on audio/video, and how."""

    activity = models.CharField("执法环节", max_length=100)
    item_code = models.CharField("适用事项编码（空为全部事项）", max_length=64, blank=True)
    level = models.CharField("记录要求", max_length=20, choices=RecordingLevel.choices)
    basis = models.TextField("依据", blank=True)
    note = models.TextField("说明", blank=True)

    class Meta(CatalogRow.Meta):
        verbose_name = "音像记录事项"
        verbose_name_plural = "音像记录事项清单"

    def __str__(self) -> str:
        return f"{self.activity}：{self.get_level_display()}"


class PartyKind(models.TextChoices):
    ANY = "any", "不限"
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class MajorDecisionRule(CatalogRow):
    """重大执法决定法制审核目录清单 row. A case is major if any rule in force matches it.

    All present conditions must hold (AND); an empty condition does not restrict.
    """

    name = models.CharField("审核事项", max_length=300)
    item_code = models.CharField("适用事项编码（空为全部）", max_length=64, blank=True)
    party_kind = models.CharField(
        "当事人类型", max_length=20, choices=PartyKind.choices, default=PartyKind.ANY
    )
    fine_threshold = models.DecimalField(
        "罚款数额达到（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    confiscation_threshold = models.DecimalField(
        "没收数额达到（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    penalty_kinds = models.CharField("处罚种类（任一）", max_length=300, blank=True)
    after_hearing = models.BooleanField("经过听证", default=False)
    other_condition = models.TextField("其他情形", blank=True)
    basis = models.TextField("依据", blank=True)

    class Meta(CatalogRow.Meta):
        verbose_name = "重大执法决定法制审核事项"
        verbose_name_plural = "重大执法决定法制审核目录清单"

    def __str__(self) -> str:
        return self.name


class HearingThreshold(CatalogRow):
    """听证较大数额标准 (处罚法 §63 ①②): the fine or confiscation from which the party may ask for
    a hearing. The law leaves 较大数额 to provinces and sectors, so each agency lists what binds it.

    An empty threshold sets nothing; a row with an item code applies to that item only and wins over
    the agency-wide rows for the same amount.
    """

    party_kind = models.CharField("当事人类型", max_length=20, choices=PartyKind.choices)
    item_code = models.CharField("适用事项编码（空为全部）", max_length=64, blank=True)
    fine_threshold = models.DecimalField(
        "罚款数额达到（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    confiscation_threshold = models.DecimalField(
        "没收数额达到（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    basis = models.TextField("依据")
    note = models.TextField("说明", blank=True)

    class Meta(CatalogRow.Meta):
        verbose_name = "听证较大数额标准"
        verbose_name_plural = "听证较大数额标准"
        constraints = [
            *CatalogRow.Meta.constraints,
            models.CheckConstraint(
                condition=Q(fine_threshold__isnull=False) | Q(confiscation_threshold__isnull=False),
                name="hearing_threshold_sets_an_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_kind_display()}听证标准"


class ServiceGuide(CatalogRow):
    """服务指南: the fields seeds 001 二(一)2 and 003 二(一)2 require."""

    item_code = models.CharField("事项编码", max_length=64)
    name = models.CharField("事项名称", max_length=300)
    basis = models.TextField("设定依据")
    accepting_body = models.CharField("受理机构", max_length=200)
    approving_body = models.CharField("审批机构", max_length=200, blank=True)
    conditions = models.TextField("受理条件")
    preferential_policies = models.TextField("优惠政策", blank=True)
    materials = models.TextField("申请材料")
    procedure = models.TextField("办理流程")
    time_limit = models.CharField("办理时限", max_length=200)
    fees = models.CharField("收费标准", max_length=200, blank=True)
    supervision = models.TextField("监督方式")
    accountability = models.TextField("责任追究", blank=True)
    remedy = models.TextField("救济渠道")
    office_hours = models.CharField("办公时间", max_length=200)
    office_address = models.CharField("办公地址", max_length=300)
    office_phone = models.CharField("办公电话", max_length=50)

    class Meta(CatalogRow.Meta):
        verbose_name = "服务指南"
        verbose_name_plural = "服务指南"

    def __str__(self) -> str:
        return self.name
