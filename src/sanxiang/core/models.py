"""The base model every agency-owned row inherits, and the audit trail written by services."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """UUID primary key (public references never expose sequence numbers) and who/when stamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更新人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["created_at"]


class AuditEvent(models.Model):
    """One state change, written by the service that made it, in the same transaction.

    Rows are never updated or deleted; the ledger (issue 3) makes that checkable.
    """

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField("发生时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    event = models.CharField("事件", max_length=100, db_index=True)
    target_type = models.CharField("对象类型", max_length=100)
    target_id = models.CharField("对象标识", max_length=64, db_index=True)
    agency_id = models.UUIDField("所属主体", null=True, blank=True, db_index=True)
    old = models.JSONField("变更前", default=dict, blank=True)
    new = models.JSONField("变更后", default=dict, blank=True)
    reason = models.TextField("原因", blank=True)
    request_id = models.CharField("请求标识", max_length=64, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"

    def __str__(self) -> str:
        return f"{self.event} {self.target_type}:{self.target_id}"


class DayKind(models.TextChoices):
    """The two ways a State Council notice departs from the plain Monday–Friday week."""

    HOLIDAY = "holiday", "法定节假日"
    MAKEUP_WORKDAY = "makeup_workday", "调休上班日"


class CalendarYear(BaseModel):
    """A year whose official holiday notice is loaded. Deadlines are computed only over such years.

    Its days are the ones the notice set, which can include the last days of the previous December
    (元旦 breaks such as 2018-12-30 to 2019-01-01 are in the 2019 notice).
    """

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField(
        "来源",
        max_length=300,
        help_text="通知标题，例如 国务院办公厅关于2026年部分节假日安排的通知",
    )
    notice = models.CharField(
        "文号", max_length=200, blank=True, help_text="例如 国办发明电〔2025〕7号"
    )
    published_on = models.DateField("发布日期", null=True, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = "法定节假日安排年度"
        verbose_name_plural = "法定节假日安排年度"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1999, year__lte=2200), name="calendar_year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.notice}".strip()


class CalendarDay(BaseModel):
    """One day the notice makes a holiday, or a weekend day it makes a 调休 workday."""

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name="所属年度", on_delete=models.PROTECT, related_name="days"
    )
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=20, choices=DayKind.choices)
    name = models.CharField("节日", max_length=100, help_text="例如 春节")

    class Meta:
        ordering = ["date"]
        verbose_name = "法定节假日安排日"
        verbose_name_plural = "法定节假日安排日"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DayKind.values), name="calendar_day_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}（{self.get_kind_display()}）"
