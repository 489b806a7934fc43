"""行政许可: the application behind a licence case, its 补正 rounds, excluded periods, and licences.

The case itself (status, steps, clocks, documents, review, disclosure) is a `cases.Case` of kind
`licence`; these rows hold what only a licence has. They change only through
`licensing.services`, each change audited and ledgered with the case step that made it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sanxiang.cases.models import Case
from sanxiang.catalog.models import ServiceGuide
from sanxiang.core.models import BaseModel
from sanxiang.organisations.models import Agency, Officer


class ApplicationChannel(models.TextChoices):
    COUNTER = "counter", "窗口受理"
    ONLINE = "online", "网上申请"


class ApplicationType(models.TextChoices):
    NEW = "new", "新办"
    CHANGE = "change", "变更（许可法第四十九条）"
    RENEWAL = "renewal", "延续（许可法第五十条）"


class LicenceApplication(BaseModel):
    """申请 (许可法 §29–§33): what was asked, with which materials, under which 服务指南."""

    case = models.OneToOneField(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="licence_application"
    )
    application_type = models.CharField(
        "申请类型", max_length=10, choices=ApplicationType, default=ApplicationType.NEW
    )
    channel = models.CharField("申请方式", max_length=10, choices=ApplicationChannel)
    # The applicant's own login when they applied online (applicants app); null at the counter.
    applicant_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licence_applications",
    )
    guide = models.ForeignKey(
        ServiceGuide,
        verbose_name="服务指南（版本）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_on = models.DateField("申请日期")
    request = models.TextField("申请事项及内容")
    # [{"name": 材料名称, "evidence_id": str, "sha256": str, "filename": str}] as submitted.
    materials = models.JSONField("申请材料", default=list, blank=True)
    # For 变更 / 延续: the licence concerned.
    licence = models.ForeignKey(
        "Licence",
        verbose_name="原许可证件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    joint_handling = models.BooleanField(
        "统一办理、联合办理或集中办理（许可法第四十二条第二款）", default=False
    )
    interested_parties = models.TextField("利害关系人", blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    # 许可法 §32: no 补正 notice within 5 working days — accepted from the day the material came in.
    acceptance_deemed = models.BooleanField(
        "逾期未告知补正，自收到材料之日起视为受理", default=False
    )
    extension_days = models.PositiveSmallIntegerField("决定期限延长（工作日）", default=0)
    extension_reason = models.TextField("延长理由（告知申请人）", blank=True)
    extension_approved_by = models.ForeignKey(
        Officer,
        verbose_name="延长批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-submitted_on", "-created_at"]
        verbose_name = "行政许可申请"
        verbose_name_plural = "行政许可申请"

    def __str__(self) -> str:
        return f"{self.case} {self.request[:30]}"


class CorrectionRequest(BaseModel):
    """补正告知 (许可法 §32 ④): every missing or defective item at once; the applicant's answer."""

    application = models.ForeignKey(
        LicenceApplication, on_delete=models.PROTECT, related_name="corrections"
    )
    round = models.PositiveSmallIntegerField("补正轮次")
    # [{"name": 材料或事项, "reason": 需要补正的内容}]
    items = models.JSONField("需要补正的全部内容")
    issued_on = models.DateField("告知日期")
    issued_by = models.ForeignKey(
        Officer, verbose_name="告知人", on_delete=models.PROTECT, related_name="+"
    )
    answered_on = models.DateField("补正日期", null=True, blank=True)
    answer_materials = models.JSONField("补正材料", default=list, blank=True)
    answer_note = models.TextField("补正说明", blank=True)

    class Meta:
        ordering = ["application_id", "round"]
        verbose_name = "补正告知"
        verbose_name_plural = "补正告知"
        constraints = [
            models.UniqueConstraint(fields=["application", "round"], name="correction_round_once"),
        ]

    def __str__(self) -> str:
        return f"{self.application} 第{self.round}次补正"


class ExcludedKind(models.TextChoices):
    """许可法 §45: time these take is not counted in the decision period."""

    HEARING = "hearing", "听证"
    TENDER = "tender", "招标"
    AUCTION = "auction", "拍卖"
    TEST = "test", "检验"
    DETECTION = "detection", "检测"
    QUARANTINE = "quarantine", "检疫"
    APPRAISAL = "appraisal", "鉴定"
    EXPERT_REVIEW = "expert_review", "专家评审"


class ExcludedPeriod(BaseModel):
    """A §45 period: recorded, told to the applicant in writing, and added to the decision clock."""

    application = models.ForeignKey(
        LicenceApplication, on_delete=models.PROTECT, related_name="excluded_periods"
    )
    kind = models.CharField("事项", max_length=20, choices=ExcludedKind)
    reason = models.TextField("说明")
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    applicant_notified_on = models.DateField("书面告知申请人日期", null=True, blank=True)
    working_days = models.PositiveSmallIntegerField("所用工作日", null=True, blank=True)

    class Meta:
        ordering = ["application_id", "started_on"]
        verbose_name = "不计入许可期限的时间"
        verbose_name_plural = "不计入许可期限的时间"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="excluded_period_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"


class LicenceStatus(models.TextChoices):
    VALID = "valid", "有效"
    CHANGED = "changed", "已变更（由新证件替代）"
    RENEWED = "renewed", "已延续（由新证件替代）"
    EXPIRED = "expired", "有效期届满"
    REVOKED = "revoked", "已撤销（许可法第六十九条）"
    CANCELLED = "cancelled", "已注销（许可法第七十条）"


class Licence(BaseModel):
    """许可证件 / 批准文件 issued on a 准予 decision; 变更 and 延续 issue a successor."""

    agency = models.ForeignKey(
        Agency, verbose_name="许可机关", on_delete=models.PROTECT, related_name="licences"
    )
    case = models.ForeignKey(
        Case, verbose_name="许可案件", on_delete=models.PROTECT, related_name="licences"
    )
    number = models.CharField("证件编号", max_length=64)
    name = models.CharField("证件名称", max_length=200)
    holder_name = models.CharField("持证人", max_length=200)
    # Personal data for natural persons: never published, masked in lists.
    holder_identifier = models.CharField("持证人证件号码/统一社会信用代码", max_length=30)
    content = models.TextField("许可内容")
    valid_from = models.DateField("有效期起")
    valid_to = models.DateField("有效期止（空为长期）", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=LicenceStatus, default=LicenceStatus.VALID, db_index=True
    )
    previous = models.ForeignKey(
        "self",
        verbose_name="原证件（变更/延续前）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    issued_on = models.DateField("发证日期")
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    ended_on = models.DateField("失效日期（撤销、注销、届满、变更、延续）", null=True, blank=True)
    end_reason = models.TextField("失效原因", blank=True)

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = "行政许可证件"
        verbose_name_plural = "行政许可证件"
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="licence_number_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="licence_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.number}"
