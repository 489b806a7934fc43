"""Applicant and party self-service: who the account is, its 电子送达 consent, the penalty cases it
has claimed with a 网上办理码, the 陈述申辩 it submitted online, and the files it uploaded.

Rows are written only by `applicants.services`, each write audited and ledgered. An applicant
account never holds a staff role; staff accounts never hold a profile (applicants.permissions).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sanxiang.cases.models import Case
from sanxiang.core.models import BaseModel
from sanxiang.evidence.models import EvidenceItem
from sanxiang.organisations.models import Agency, Officer


class ApplicantKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class ApplicantProfile(BaseModel):
    """The person or organisation behind a self-service login (申请人 / 当事人)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.PROTECT,
        related_name="applicant_profile",
    )
    kind = models.CharField("类型", max_length=20, choices=ApplicantKind)
    name = models.CharField("姓名/名称", max_length=200)
    # Personal data: 公民身份号码 (GB 11643) or 统一社会信用代码 (GB 32100), checksum-validated.
    identifier = models.CharField("身份证号/统一社会信用代码", max_length=18, db_index=True)
    representative = models.CharField("法定代表人/负责人", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    address = models.CharField("住所/地址", max_length=300, blank=True)
    email = models.EmailField("电子邮箱", blank=True)

    class Meta:
        ordering = ["name", "created_at"]
        verbose_name = "申请人"
        verbose_name_plural = "申请人"

    def __str__(self) -> str:
        return self.name


class ElectronicServiceConsent(BaseModel):
    """电子送达确认书 (处罚法 §61, 民诉法 §90): the account agrees to receive documents on the
    platform (and at an e-mail address) from `signed_at` until it withdraws."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.PROTECT,
        related_name="service_consents",
    )
    text_version = models.CharField("确认书版本", max_length=20)
    text_sha256 = models.CharField("确认书文本SHA-256", max_length=64)
    email = models.EmailField("电子邮箱（同时送达）", blank=True)
    signer_name = models.CharField("签署人", max_length=200)
    signed_on = models.DateField("签署日期")
    signed_at = models.DateTimeField("签署时间")
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawal_reason = models.CharField("撤回原因", max_length=300, blank=True)

    class Meta:
        ordering = ["account_id", "-signed_at"]
        verbose_name = "电子送达确认书"
        verbose_name_plural = "电子送达确认书"
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_consent_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} {self.signed_on}"


class ApplicantUpload(BaseModel):
    """A file an applicant put into the evidence vault (the item records no officer)."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传账号",
        on_delete=models.PROTECT,
        related_name="applicant_uploads",
    )
    agency = models.ForeignKey(
        Agency, verbose_name="接收机关", on_delete=models.PROTECT, related_name="+"
    )
    item = models.OneToOneField(
        EvidenceItem, verbose_name="文件", on_delete=models.PROTECT, related_name="applicant_upload"
    )
    purpose = models.CharField("用途", max_length=100, blank=True)

    class Meta:
        ordering = ["account_id", "-created_at"]
        verbose_name = "申请人上传的文件"
        verbose_name_plural = "申请人上传的文件"

    def __str__(self) -> str:
        return str(self.item.filename)


class PartyCode(BaseModel):
    """网上办理码: issued by the officer to the party of a penalty case, shown once, stored as an
    HMAC; expires, and links one account once."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    code_hash = models.CharField("办理码摘要", max_length=64, unique=True)
    issued_by = models.ForeignKey(
        Officer, verbose_name="签发人", on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField("有效期至")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="使用账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)

    class Meta:
        ordering = ["case_id", "-created_at"]
        verbose_name = "网上办理码"
        verbose_name_plural = "网上办理码"

    def __str__(self) -> str:
        return f"{self.case} 办理码"


class PartyLink(BaseModel):
    """An account is the party of this (penalty) case: made only by claiming a PartyCode."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.PROTECT,
        related_name="party_links",
    )
    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="party_links"
    )
    code = models.OneToOneField(
        PartyCode, verbose_name="办理码", on_delete=models.PROTECT, related_name="link"
    )

    class Meta:
        ordering = ["account_id", "-created_at"]
        verbose_name = "当事人网上办理关联"
        verbose_name_plural = "当事人网上办理关联"
        constraints = [
            models.UniqueConstraint(fields=["account", "case"], name="party_link_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case} ↔ {self.account_id}"


class PartyStatement(BaseModel):
    """陈述申辩 submitted online (处罚法 §44, §45); the officer hears it and records the step."""

    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="online_statements"
    )
    link = models.ForeignKey(
        PartyLink, verbose_name="当事人", on_delete=models.PROTECT, related_name="statements"
    )
    text = models.TextField("陈述申辩内容")
    attachments = models.ManyToManyField(
        EvidenceItem, verbose_name="附件", blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间")
    submitted_on = models.DateField("提交日期")
    due_on = models.DateField("陈述申辩期限届满日", null=True, blank=True)
    late = models.BooleanField("逾期提交", default=False)

    class Meta:
        ordering = ["case_id", "submitted_at"]
        verbose_name = "网上陈述申辩"
        verbose_name_plural = "网上陈述申辩"

    def __str__(self) -> str:
        return f"{self.case} 陈述申辩 {self.submitted_on}"
