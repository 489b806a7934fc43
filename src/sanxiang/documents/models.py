"""执法文书: agency template versions, generated (signed) documents, on-screen signatures,
and the pre-numbered serial books of 当场处罚决定书.

Bytes live in the evidence vault as sealed, content-addressed blobs; rows here only point at
them. Rows are written by `documents.services` only, never edited after creation: a corrected
document is a new version, and the old one stays in the file.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from sanxiang.cases.models import Case, CaseStep
from sanxiang.core.models import BaseModel
from sanxiang.documents.kinds import DocumentKind, SignerRole
from sanxiang.evidence.models import Blob
from sanxiang.organisations.models import Agency, Officer


class DocumentTemplate(BaseModel):
    """One version of an agency's own DOCX template for a kind. Without one, the packaged
    default applies. Versions are never edited; uploading again makes the next version."""

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("文书种类", max_length=40, choices=DocumentKind)
    version = models.PositiveIntegerField("版本")
    blob = models.ForeignKey(Blob, verbose_name="模板文件", on_delete=models.PROTECT)
    filename = models.CharField("文件名", max_length=255)
    note = models.CharField("修订说明", max_length=300, blank=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["agency_id", "kind", "-version"]
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "version"], name="document_template_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class Document(BaseModel):
    """A generated 执法文书: the filled fields, the signed PDF in the vault, its ledger entry."""

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="documents"
    )
    step = models.ForeignKey(
        CaseStep,
        verbose_name="办案环节记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("文书种类", max_length=40, choices=DocumentKind)
    version = models.PositiveIntegerField("版本", default=1)
    number = models.CharField("文书编号", max_length=80, blank=True)
    title = models.CharField("标题", max_length=200)
    # The exact template bytes used: the agency's version, or the packaged default.
    template = models.ForeignKey(
        DocumentTemplate,
        verbose_name="模板版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    template_sha256 = models.CharField("模板SHA-256", max_length=64)
    # What was filled in, as filled (personal data: stays here, never in the ledger).
    fields = models.JSONField("填写内容", default=dict)
    docx = models.ForeignKey(Blob, verbose_name="DOCX", on_delete=models.PROTECT, related_name="+")
    pdf = models.ForeignKey(
        Blob, verbose_name="签章PDF", on_delete=models.PROTECT, related_name="+"
    )
    pages = models.PositiveIntegerField("页数")
    signer_certificate_sha256 = models.CharField("签章证书SHA-256", max_length=64)
    generated_by = models.ForeignKey(
        Officer, verbose_name="制作人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["case_id", "created_at"]
        verbose_name = "执法文书"
        verbose_name_plural = "执法文书"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "version"],
                condition=Q(step__isnull=True),
                name="document_version",
            ),
            models.UniqueConstraint(
                fields=["case", "kind", "step", "version"],
                condition=Q(step__isnull=False),
                name="document_step_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()


class HandSignature(BaseModel):
    """A signature written on the officer's screen on site, or the record that it was refused
    (then `refusal_note` says why and a 见证人 signs: 行政强制法 §18, 处罚法 §55)."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    step = models.ForeignKey(
        CaseStep, verbose_name="办案环节记录", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("签名人身份", max_length=10, choices=SignerRole)
    name = models.CharField("签名人", max_length=100)
    blob = models.ForeignKey(
        Blob, verbose_name="签名图像", null=True, blank=True, on_delete=models.PROTECT
    )
    refused = models.BooleanField("拒绝签名", default=False)
    refusal_note = models.CharField("拒签情况", max_length=500, blank=True)

    class Meta:
        ordering = ["step_id", "created_at"]
        verbose_name = "现场签名"
        verbose_name_plural = "现场签名"
        constraints = [
            models.CheckConstraint(
                condition=Q(refused=True) | Q(blob__isnull=False), name="signature_has_image"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class SerialBook(BaseModel):
    """A range of pre-printed 当场处罚决定书 numbers issued to an agency (处罚法 §52). Once an
    agency registers books, an on-site decision's document is made only for a number in one;
    the case workflow already refuses a number used twice."""

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    prefix = models.CharField("编号前缀", max_length=40)
    first = models.PositiveIntegerField("起始号")
    last = models.PositiveIntegerField("终止号")
    width = models.PositiveSmallIntegerField("号码位数", default=6)

    class Meta:
        ordering = ["agency_id", "prefix", "first"]
        verbose_name = "当场处罚决定书编号册"
        verbose_name_plural = "当场处罚决定书编号册"
        constraints = [
            models.CheckConstraint(condition=Q(first__lte=F("last")), name="serial_range"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}{self.first:0{self.width}d}–{self.last:0{self.width}d}"
