"""行政执法统计年报: an agency's figures for a finished year, as Excel and PDF, published by 1月31日.

Each generation is a new version with its figures frozen as JSON and both files sealed in the
evidence vault (content-addressed, write-once); the SHA-256 of each file is in the ledger. Only
one version per agency and year is on the portal: publishing a newer one supersedes the older.
Rows change only through `disclosure.annual.services`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sanxiang.core.models import BaseModel
from sanxiang.evidence.models import Blob
from sanxiang.organisations.models import Agency, Officer


class AnnualReportStatus(models.TextChoices):
    GENERATED = "generated", "已生成待发布"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被新版本替代"


class AnnualReport(BaseModel):
    """One version of an agency's 年报 for one year."""

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveIntegerField("版本")
    status = models.CharField(
        "状态",
        max_length=20,
        choices=AnnualReportStatus,
        default=AnnualReportStatus.GENERATED,
        db_index=True,
    )
    # The figures as computed at generation (disclosure.annual.figures.AnnualFigures as JSON).
    figures = models.JSONField("统计数据", default=dict)
    figures_sha256 = models.CharField("统计数据摘要（SHA-256）", max_length=64)
    xlsx = models.ForeignKey(
        Blob, verbose_name="Excel 文件", on_delete=models.PROTECT, related_name="+"
    )
    pdf = models.ForeignKey(
        Blob, verbose_name="PDF 文件", on_delete=models.PROTECT, related_name="+"
    )
    generated_on = models.DateField("生成日期")
    due_on = models.DateField("应公开日期")
    generated_by = models.ForeignKey(
        Officer, verbose_name="生成人", on_delete=models.PROTECT, related_name="+"
    )
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_by = models.ForeignKey(
        Officer,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    superseded_on = models.DateField("被替代日期", null=True, blank=True)

    class Meta:
        ordering = ["-year", "agency_id", "-version"]
        verbose_name = "行政执法统计年报"
        verbose_name_plural = "行政执法统计年报"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "version"], name="annual_report_version"
            ),
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=Q(status="published"),
                name="annual_report_one_published",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="annual_report_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency}{self.year}年度行政执法统计年报（第{self.version}版）"

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年度行政执法统计年报"
