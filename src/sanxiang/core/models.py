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
