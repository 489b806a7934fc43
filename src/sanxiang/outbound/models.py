"""Outbound push of published decisions to a provincial or national 公示平台 (issue 7 item 6).

An OutboxMessage is written in the transaction that publishes, corrects, withdraws or expires a
disclosure (so it exists iff that change committed); the worker delivers it later, at least once,
with the same Idempotency-Key and the same signed body on every attempt, so the receiver can
drop duplicates. Rows change only through `outbound.services` / `outbound.delivery`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sanxiang.core.models import BaseModel
from sanxiang.disclosure.models import Disclosure
from sanxiang.organisations.models import Agency, Region


class PushEvent(models.TextChoices):
    PUBLISH = "publish", "发布"
    CORRECT = "correct", "更正"
    WITHDRAW = "withdraw", "撤回"
    EXPIRE = "expire", "公示期满下网"


class MessageStatus(models.TextChoices):
    PENDING = "pending", "待推送"
    DELIVERED = "delivered", "已送达"
    FAILED = "failed", "被拒收"  # the receiver refused it (4xx): retrying alone will not help
    DEAD = "dead", "重试耗尽"  # every allowed attempt failed


class AttemptOutcome(models.TextChoices):
    DELIVERED = "delivered", "送达"
    DUPLICATE = "duplicate", "对方已有（409）"
    RETRY = "retry", "暂时失败，将重试"
    REJECTED = "rejected", "被拒收"
    GAVE_UP = "gave_up", "暂时失败，已达最大次数"


class PushTarget(BaseModel):
    """A receiving platform: where to POST, whose decisions it gets, how fields are named there."""

    name = models.CharField("平台名称", max_length=100, unique=True)
    endpoint = models.URLField("接收地址", max_length=500)
    enabled = models.BooleanField("启用", default=True)
    # Receives every agency of this region and its sub-regions, plus the agencies listed.
    region = models.ForeignKey(
        Region,
        verbose_name="接收行政区划内全部主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agencies = models.ManyToManyField(
        Agency, verbose_name="另行指定的执法主体", blank=True, related_name="+"
    )
    # {target field: source 双公示 field}; empty means the 双公示 names unchanged (mapping.py).
    field_mapping = models.JSONField("字段映射", default=dict, blank=True)
    # The name of the Ed25519 key file (outside the database) that signs this target's bodies.
    key_name = models.SlugField("签名密钥", max_length=50, default="default")
    connect_timeout = models.FloatField("连接超时（秒）", default=5)
    read_timeout = models.FloatField("响应超时（秒）", default=30)
    max_attempts = models.PositiveSmallIntegerField("最多尝试次数", default=12)

    class Meta:
        ordering = ["name"]
        verbose_name = "推送目标平台"
        verbose_name_plural = "推送目标平台"
        constraints = [
            models.CheckConstraint(condition=Q(max_attempts__gte=1), name="push_target_attempts"),
            models.CheckConstraint(
                condition=Q(connect_timeout__gt=0) & Q(read_timeout__gt=0),
                name="push_target_timeouts",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OutboxMessage(BaseModel):
    """One public change of one disclosure, for one target."""

    target = models.ForeignKey(
        PushTarget, verbose_name="目标平台", on_delete=models.PROTECT, related_name="messages"
    )
    disclosure = models.ForeignKey(
        Disclosure, verbose_name="公示", on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    event = models.CharField("推送事项", max_length=20, choices=PushEvent)
    version = models.PositiveIntegerField("公示版本")
    # Order of the changes of one disclosure for one target; also sent, so the receiver can order.
    sequence = models.PositiveIntegerField("序号")
    # Stable per (target, disclosure, version, event): every retry sends the same key.
    idempotency_key = models.CharField("幂等键", max_length=64, unique=True)
    payload = models.JSONField("推送内容")
    body = models.TextField("报文（按字节签名）")
    body_sha256 = models.CharField("报文SHA-256", max_length=64)
    signature = models.CharField("签名（Base64）", max_length=128, blank=True)
    key_id = models.CharField("签名密钥标识", max_length=16, blank=True)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=MessageStatus,
        default=MessageStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveIntegerField("已尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间")
    # Set when a worker claims the message; its result is applied only under the same token.
    lease_token = models.UUIDField("领取标识", null=True, blank=True)
    last_status = models.PositiveSmallIntegerField("最近HTTP状态", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "推送消息"
        verbose_name_plural = "推送消息"
        constraints = [
            models.UniqueConstraint(
                fields=["target", "disclosure", "sequence"], name="outbox_sequence"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.target} {self.get_event_display()} {self.disclosure}"


class DeliveryAttempt(BaseModel):
    """One HTTP attempt: when, how long, what came back."""

    message = models.ForeignKey(
        OutboxMessage, verbose_name="推送消息", on_delete=models.PROTECT, related_name="log"
    )
    number = models.PositiveIntegerField("第几次")
    at = models.DateTimeField("时间")
    http_status = models.PositiveSmallIntegerField("HTTP状态", null=True, blank=True)
    duration_ms = models.PositiveIntegerField("耗时（毫秒）")
    outcome = models.CharField("结果", max_length=20, choices=AttemptOutcome)
    error = models.TextField("错误摘要", blank=True)

    class Meta:
        ordering = ["message_id", "number", "at"]
        verbose_name = "推送尝试"
        verbose_name_plural = "推送尝试"

    def __str__(self) -> str:
        return f"{self.message} 第{self.number}次"
