"""事后公开: the published projection of an enforcement decision and its versions.

The portal reads only these rows (never case tables): `DisclosureVersion.record` holds the 双公示
fields and `text` the redacted full text or 摘要, both as they were reviewed. Rows change only
through `disclosure.services`; every step is an audit event with its ledger entry, and a
published version's `content_sha256` (RFC 8785 JSON of record + text) is what the ledger records,
so anyone can check a page against the ledger.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sanxiang.cases.models import Case
from sanxiang.core.models import BaseModel
from sanxiang.organisations.models import Agency, Officer


class DisclosureCategory(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    LICENCE = "licence", "行政许可"
    COERCION = "coercion", "行政强制"
    INSPECTION = "inspection", "行政检查结果"


class DisclosureStatus(models.TextChoices):
    DRAFT = "draft", "待审核"
    REVIEWED = "reviewed", "已审核待发布"
    PUBLISHED = "published", "已公开"
    CORRECTED = "corrected", "已更正"
    WITHDRAWN = "withdrawn", "已撤回"
    EXPIRED = "expired", "公示期满"
    WITHHELD = "withheld", "不予公开"


# Statuses in which the decision is on the portal.
PUBLIC_STATUSES = (DisclosureStatus.PUBLISHED, DisclosureStatus.CORRECTED)


class WithholdGround(models.TextChoices):
    MINOR = "minor", "当事人为未成年人"
    STATE_SECRET = "state_secret", "涉及国家秘密"
    TRADE_SECRET = "trade_secret", "主要内容涉及商业秘密"
    PRIVACY = "privacy", "主要内容涉及个人隐私"
    WARNING_ONLY = "warning_only", "仅给予警告（本机关规定不予公示）"
    SECURITY = "security", "可能危及国家安全、公共安全、经济安全和社会稳定"
    TRANSFER = "transfer", "移送司法机关，不属于行政执法决定"


class WithdrawGround(models.TextChoices):
    CHANGED = "changed", "行政执法决定被依法变更"
    REVOKED = "revoked", "行政执法决定被依法撤销"
    UNLAWFUL = "unlawful", "行政执法决定被确认违法"
    VOID = "void", "行政执法决定被确认无效"


class Disclosure(BaseModel):
    """The 公示 of one decision, from its draft to its withdrawal or the end of its display."""

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="disclosures"
    )
    case = models.ForeignKey(
        Case,
        verbose_name="案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    category = models.CharField("公示类别", max_length=20, choices=DisclosureCategory)
    # The decision's own object when a case has several (a 查封/扣押 measure's id); "" otherwise.
    subject_id = models.CharField("关联对象", max_length=64, blank=True, default="")
    status = models.CharField(
        "状态",
        max_length=20,
        choices=DisclosureStatus,
        default=DisclosureStatus.DRAFT,
        db_index=True,
    )
    decision_number = models.CharField("决定书文号", max_length=64, blank=True)
    decided_on = models.DateField("决定日期")
    due_on = models.DateField("应公开日期（届满日）")
    due_provisional = models.BooleanField("届满日暂定", default=False)
    full_text = models.BooleanField("公开全文（否则公开摘要）", default=True)
    withhold_ground = models.CharField(
        "不予公开情形", max_length=20, choices=WithholdGround, blank=True
    )
    withhold_reason = models.TextField("不予公开理由", blank=True)
    party_informed_on = models.DateField("书面告知当事人将予公开的日期", null=True, blank=True)
    published_on = models.DateField("首次公开日期", null=True, blank=True)
    display_until = models.DateField("公示截止日期", null=True, blank=True)
    changed_on = models.DateField("决定被变更/撤销/确认违法或无效的日期", null=True, blank=True)
    withdraw_ground = models.CharField(
        "撤回情形", max_length=20, choices=WithdrawGround, blank=True
    )
    withdraw_reason = models.TextField("撤回理由（公开）", blank=True)
    withdraw_due_on = models.DateField("应撤回日期", null=True, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    expired_on = models.DateField("下网日期", null=True, blank=True)

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        verbose_name = "行政执法决定公示"
        verbose_name_plural = "行政执法决定公示"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "category", "subject_id"],
                condition=Q(case__isnull=False),
                name="disclosure_one_per_case_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status="withheld") | ~Q(withhold_ground=""),
                name="disclosure_withheld_has_ground",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="disclosure_status_due")]

    def __str__(self) -> str:
        return f"{self.get_category_display()}公示 {self.decision_number or self.pk}"


class DisclosureVersion(BaseModel):
    """One version of the published projection (version 1 is the draft; corrections add more)."""

    disclosure = models.ForeignKey(
        Disclosure, verbose_name="公示", on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveIntegerField("版本")
    # 双公示 fields (LEGAL_RULES.md §5.4), already redacted: {field label: value}
    record = models.JSONField("公示信息", default=dict)
    # The unredacted record (not public): the reviewer's span edits are re-applied to its
    # free-text fields, so what is hidden in the text is hidden in the record too.
    source_record = models.JSONField("未脱敏公示信息（不公开）", default=dict)
    source_text = models.TextField("未脱敏原文（不公开）")
    text = models.TextField("公开文本（已脱敏）")
    # [{"start", "end", "kind", "replacement", "source": auto|manual}] over source_text
    spans = models.JSONField("脱敏处理", default=list)
    correction_reason = models.TextField("更正理由", blank=True)
    reviewed_by = models.ForeignKey(
        Officer,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    content_sha256 = models.CharField("公开内容摘要（SHA-256）", max_length=64, blank=True)

    class Meta:
        ordering = ["disclosure_id", "version"]
        verbose_name = "公示版本"
        verbose_name_plural = "公示版本"
        constraints = [
            models.UniqueConstraint(fields=["disclosure", "version"], name="disclosure_version"),
        ]

    def __str__(self) -> str:
        return f"{self.disclosure} 第{self.version}版"


class DisclosurePolicy(BaseModel):
    """An agency's 公示 choices where the rules leave one (LEGAL_RULES.md §5.2–5.3)."""

    agency = models.OneToOneField(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="disclosure_policy"
    )
    full_text = models.BooleanField("公开决定书全文（否则公开摘要）", default=True)
    # 市场监管: 仅警告的行政处罚不予公示 (《市场监督管理行政处罚信息公示规定》第二条)
    withhold_warning_only = models.BooleanField("仅警告的处罚决定不予公示", default=False)
    short_display_months = models.PositiveSmallIntegerField(
        "警告、通报批评、较低数额罚款公示期限（月）", default=3
    )
    display_months = models.PositiveSmallIntegerField("其他处罚决定公示期限（月）", default=36)
    low_fine_threshold = models.DecimalField(
        "较低数额罚款标准（元）", max_digits=12, decimal_places=2, default=10000
    )
    # 许可法 §40 makes 准予 decisions public; 不予 ones only where the agency chooses to.
    publish_licence_denials = models.BooleanField("公示不予行政许可决定", default=False)

    class Meta:
        verbose_name = "公示设置"
        verbose_name_plural = "公示设置"

    def __str__(self) -> str:
        return f"{self.agency} 公示设置"


class DisclosureSearch(models.Model):
    """The portal's search row for one decision on the portal (maintained by disclosure.search).

    Only public disclosures have a row, holding their current version. The tokens are jieba
    `cut_for_search` output joined by spaces; migration 0002_search indexes them with FTS5 on
    SQLite and a generated tsvector + GIN on PostgreSQL. The integer key is the FTS5 rowid (a
    UUID table's implicit rowid may change on VACUUM); it never leaves the server.
    """

    id = models.BigAutoField(primary_key=True)
    disclosure = models.OneToOneField(
        Disclosure, on_delete=models.CASCADE, related_name="search_row"
    )
    version = models.ForeignKey(DisclosureVersion, on_delete=models.CASCADE, related_name="+")
    # Copied from the disclosure and its agency so filters and ordering need no join.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField(max_length=6)
    category = models.CharField(max_length=20, choices=DisclosureCategory)
    decided_on = models.DateField()
    published_on = models.DateField()  # of the current version: the feed's "updated"
    record_tokens = models.TextField()
    text_tokens = models.TextField()

    class Meta:
        db_table = "disclosure_search"
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["-decided_on", "-id"], name="disclosure_search_newest"),
            models.Index(fields=["agency", "-decided_on"], name="disclosure_search_agency"),
            models.Index(fields=["category", "-decided_on"], name="disclosure_search_category"),
            models.Index(fields=["region_code", "-decided_on"], name="disclosure_search_region"),
            models.Index(fields=["-published_on", "-id"], name="disclosure_search_published"),
        ]

    def __str__(self) -> str:
        return f"检索：{self.disclosure_id}"


# 行政执法统计年报 lives in its own module; imported here so Django registers it with the app.
from sanxiang.disclosure.models_annual import AnnualReport, AnnualReportStatus  # noqa: E402, F401
