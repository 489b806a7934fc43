"""案件 and what hangs off it one-to-many: the officers, the recorded steps, 回避, extensions."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from sanxiang.cases.models.choices import (
    CaseKind,
    LeadSource,
    OfficerRole,
    Outcome,
    PartyKind,
    Procedure,
    RecusalStatus,
)
from sanxiang.cases.states import CaseStatus
from sanxiang.catalog.models import DiscretionBenchmark, DiscretionTier, EnforcementItem
from sanxiang.core.models import BaseModel
from sanxiang.organisations.models import Agency, EnforcementField, Officer, Unit


def money(
    verbose_name: str, *, optional: bool = True, default: int | None = None
) -> models.DecimalField:  # type: ignore[type-arg]
    """An amount in 元: never negative, to the fen."""
    nullable = optional and default is None
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        default=default if default is not None else models.NOT_PROVIDED,
        null=nullable,
        blank=nullable,
    )


class Case(BaseModel):
    """One 行政处罚 case. Mutated only by `cases.services`; every change is a `CaseStep`.

    The notice (告知) and decision fields hold the current content; each step keeps what was
    recorded at that moment, so the history is in the steps and the ledger, not here.
    """

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="cases"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="承办机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    kind = models.CharField("案件类型", max_length=20, choices=CaseKind, default=CaseKind.PENALTY)
    procedure = models.CharField(
        "程序", max_length=10, choices=Procedure, default=Procedure.GENERAL
    )
    status = models.CharField(
        "状态", max_length=30, choices=CaseStatus, default=CaseStatus.LEAD, db_index=True
    )
    lead_number = models.CharField("案源编号", max_length=64, unique=True)
    number = models.CharField("案号", max_length=64, blank=True, db_index=True)
    title = models.CharField("案由", max_length=300)
    item = models.ForeignKey(
        EnforcementItem,
        verbose_name="执法事项（版本）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    field = models.ForeignKey(
        EnforcementField, verbose_name="执法领域", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField("案源类型", max_length=20, choices=LeadSource)
    source_detail = models.TextField("案源情况", blank=True)
    facts = models.TextField("违法事实", blank=True)
    # 处罚法 §36: limitation runs from the act, or from its end when it is continuing.
    discovered_on = models.DateField("发现日期")
    act_date = models.DateField("违法行为发生日期", null=True, blank=True)
    act_ended_on = models.DateField("连续或继续状态终了日期", null=True, blank=True)
    act_continuing = models.BooleanField("违法行为仍处于连续或继续状态", default=False)
    harms_life_or_finance = models.BooleanField(
        "涉及公民生命健康安全、金融安全且有危害后果", default=False
    )

    party_kind = models.CharField("当事人类型", max_length=20, choices=PartyKind)
    party_name = models.CharField("当事人", max_length=200)
    # Personal data: 身份证号 or 统一社会信用代码; never published, masked in lists.
    party_identifier = models.CharField("证件号码", max_length=30, blank=True, db_index=True)
    party_address = models.CharField("住所/地址", max_length=300, blank=True)
    party_phone = models.CharField("联系电话", max_length=30, blank=True)
    party_birth_date = models.DateField("出生日期", null=True, blank=True)
    party_representative = models.CharField("法定代表人/负责人", max_length=100, blank=True)

    filed_on = models.DateField("立案日期", null=True, blank=True)
    complex_or_major = models.BooleanField("情节复杂或重大违法", default=False)
    is_major = models.BooleanField("属重大执法决定（需法制审核）", default=False)
    # Why: the 目录清单 rules that matched ({"code", "name"}) and the handler's flags
    # ({"code", "name", "by_hand": true, "reason"}); never shrinks once a rule fired.
    major_grounds = models.JSONField("重大执法决定依据", default=list, blank=True)
    legal_review_passed = models.BooleanField("法制审核通过", default=False)
    deliberated = models.BooleanField("已经集体讨论", default=False)

    # 事先告知 (§44): what the agency proposes; §45 caps the decision at it.
    notice_issued_on = models.DateField("告知日期", null=True, blank=True)
    notice_penalties = models.JSONField("拟处罚种类", default=list, blank=True)
    notice_fine = money("拟罚款金额（元）")
    notice_confiscation = money("拟没收金额（元）")
    hearing_offered = models.BooleanField("告知听证权利", default=False)
    statement_waived = models.BooleanField("当事人明确放弃陈述申辩", default=False)
    statement_heard = models.BooleanField("已听取陈述申辩并复核", default=False)

    # 裁量基准 (国办发〔2022〕27号): the benchmark version and tier applied, and why.
    benchmark = models.ForeignKey(
        DiscretionBenchmark,
        verbose_name="裁量基准（版本）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tier = models.ForeignKey(
        DiscretionTier,
        verbose_name="裁量阶次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    discretion_reason = models.TextField("裁量理由", blank=True)
    outside_tier = models.BooleanField("超出裁量阶次", default=False)
    discretion_circumstances = models.TextField("裁量情节", blank=True)
    # 违法所得/货值 etc. that a tier's 倍数 multiplies; the officer states it with the tier.
    discretion_base_amount = money("倍数罚款基数（元）")
    # 国办发〔2022〕27号: departing from the tier needs a written reason, 法制审核 and 集体讨论.
    outside_tier_reason = models.TextField("超出裁量阶次的理由", blank=True)

    outcome = models.CharField("决定类型", max_length=30, choices=Outcome, blank=True)
    decision_number = models.CharField("决定书文号", max_length=64, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    penalties = models.JSONField("处罚种类", default=list, blank=True)
    fine = money("罚款金额（元）")
    confiscation = money("没收金额（元）")
    correction_order = models.TextField("责令改正内容", blank=True)
    served_on = models.DateField("决定书送达日期", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "案件"
        verbose_name_plural = "案件"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number"], condition=~Q(number=""), name="case_number_unique"
            ),
            models.UniqueConstraint(
                fields=["agency", "decision_number"],
                condition=~Q(decision_number=""),
                name="case_decision_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.lead_number


class CaseOfficer(BaseModel):
    """An officer assigned to a case. Leaving (回避, reassignment) ends the row, never deletes it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assignments")
    officer = models.ForeignKey(
        Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="case_assignments"
    )
    role = models.CharField("分工", max_length=10, choices=OfficerRole)
    active = models.BooleanField("在办", default=True)
    ended_reason = models.CharField("退出原因", max_length=200, blank=True)

    class Meta:
        ordering = ["case_id", "role", "created_at"]
        verbose_name = "办案人员"
        verbose_name_plural = "办案人员"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "officer"], condition=Q(active=True), name="case_officer_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer} ({self.get_role_display()})"


class CaseStep(BaseModel):
    """One recorded step of the 全过程记录: who did what, when, with what content and evidence."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="steps")
    sequence = models.PositiveIntegerField("序号")
    action = models.CharField("操作", max_length=40)
    label = models.CharField("环节", max_length=100)
    status_before = models.CharField("操作前状态", max_length=30, blank=True)
    status_after = models.CharField("操作后状态", max_length=30, blank=True)
    # An officer; or, for what a party does online (补正, 撤回申请), null with `party_user` set.
    actor = models.ForeignKey(
        Officer,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人/当事人账号（网上办理）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_on = models.DateField("日期")
    content = models.JSONField("记录内容", default=dict, blank=True)
    evidence = models.ManyToManyField(
        "evidence.EvidenceItem", verbose_name="音像记录/证据", blank=True, related_name="+"
    )
    av_absence_reason = models.TextField("未进行音像记录的原因", blank=True)
    av_absence_approved_by = models.ForeignKey(
        Officer,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["case_id", "sequence"]
        verbose_name = "办案环节记录"
        verbose_name_plural = "办案环节记录"
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="case_step_sequence"),
            models.CheckConstraint(
                condition=Q(actor__isnull=False) | Q(party_user__isnull=False),
                name="case_step_has_an_actor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} #{self.sequence} {self.label}"

    @property
    def actor_label(self) -> str:
        """Who took the step, as the 全过程记录 shows it."""
        if self.actor is not None:
            return str(self.actor.name)
        return "申请人/当事人（网上办理）"


class Recusal(BaseModel):
    """回避 (处罚法 §43): applied for by the party or declared by the officer; the head decides."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="recusals")
    officer = models.ForeignKey(Officer, verbose_name="申请回避人员", on_delete=models.PROTECT)
    by_party = models.BooleanField("当事人申请", default=True)
    reason = models.TextField("回避理由")
    status = models.CharField(
        "状态", max_length=10, choices=RecusalStatus, default=RecusalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        Officer,
        verbose_name="决定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_reason = models.TextField("决定理由", blank=True)

    class Meta:
        ordering = ["case_id", "created_at"]
        verbose_name = "回避"
        verbose_name_plural = "回避"

    def __str__(self) -> str:
        return f"{self.case} 回避 {self.officer}"


class CaseExtension(BaseModel):
    """办案期限延长 (处罚法 §60, sector rules): approved by the head, or by 集体讨论 beyond that."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="extensions")
    days = models.PositiveSmallIntegerField("延长天数")
    reason = models.TextField("延长理由")
    approved_by = models.ForeignKey(Officer, verbose_name="批准人", on_delete=models.PROTECT)
    by_deliberation = models.BooleanField("经集体讨论决定", default=False)
    minutes = models.TextField("集体讨论记录", blank=True)
    approved_on = models.DateField("批准日期")

    class Meta:
        ordering = ["case_id", "approved_on"]
        verbose_name = "办案期限延长"
        verbose_name_plural = "办案期限延长"

    def __str__(self) -> str:
        return f"{self.case} +{self.days}"
