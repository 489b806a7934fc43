"""Evidence vault rows.

`Blob`, `EvidenceItem` and `AccessRecord` are insert-only: the services in
`sanxiang.evidence.services` create them and nothing updates or deletes them (no admin, no API,
no UI path). `Upload` is the transient state of a tus upload session; its byte offset moves as
chunks arrive, and it ends as sealed, terminated, refused or expired.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from sanxiang.core.models import BaseModel
from sanxiang.organisations.models import Agency, Officer


class Blob(models.Model):
    """The sealed bytes, identified by their SHA-256. Stored once however often uploaded."""

    sha256 = models.CharField("SHA-256", max_length=64, primary_key=True)
    size = models.BigIntegerField("字节数")
    media_type = models.CharField("媒体类型", max_length=100)
    backend = models.CharField("存储后端", max_length=20)
    key = models.CharField("存储键", max_length=200)
    sealed_at = models.DateTimeField("封存时间")
    retain_until = models.DateTimeField("保管期限")

    class Meta:
        ordering = ["sealed_at"]
        verbose_name = "证据文件"
        verbose_name_plural = "证据文件"
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=0), name="blob_size_non_negative"),
        ]

    def __str__(self) -> str:
        return self.sha256


class EvidenceItem(BaseModel):
    """证据 / 音像记录: one upload by an officer, with the metadata the ledger entry attests."""

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="evidence_items"
    )
    blob = models.ForeignKey(
        Blob, verbose_name="文件", on_delete=models.PROTECT, related_name="items"
    )
    filename = models.CharField("文件名", max_length=255)
    captured_at = models.DateTimeField("采集时间", null=True, blank=True)
    device_id = models.CharField("采集设备", max_length=100, blank=True)
    officer = models.ForeignKey(
        Officer,
        verbose_name="执法人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence_items",
    )
    gps_lat = models.DecimalField(
        "纬度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    gps_lon = models.DecimalField(
        "经度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    activity = models.CharField("执法环节", max_length=100, blank=True)
    case_step = models.CharField("所属案件环节", max_length=200, blank=True)
    note = models.TextField("备注", blank=True)
    probe = models.JSONField("媒体信息", default=dict, blank=True)
    thumbnail = models.ForeignKey(
        Blob,
        verbose_name="缩略图",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="thumbnail_of",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "证据"
        verbose_name_plural = "证据"
        constraints = [
            models.CheckConstraint(
                condition=Q(gps_lat__isnull=True) | Q(gps_lat__gte=-90, gps_lat__lte=90),
                name="evidence_gps_lat_range",
            ),
            models.CheckConstraint(
                condition=Q(gps_lon__isnull=True) | Q(gps_lon__gte=-180, gps_lon__lte=180),
                name="evidence_gps_lon_range",
            ),
        ]

    def __str__(self) -> str:
        return self.filename


class AccessAction(models.TextChoices):
    VIEW = "view", "查看"
    STREAM = "stream", "播放"
    DOWNLOAD = "download", "下载"


class AccessRecord(BaseModel):
    """调阅记录: who opened which item, how, when and why. Insert-only, and ledgered."""

    item = models.ForeignKey(
        EvidenceItem, verbose_name="证据", on_delete=models.PROTECT, related_name="accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="调阅人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("方式", max_length=20, choices=AccessAction.choices)
    reason = models.CharField("调阅事由", max_length=300, blank=True)
    request_id = models.CharField("请求标识", max_length=64, blank=True)
    client_ip = models.GenericIPAddressField("客户端地址", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "调阅记录"
        verbose_name_plural = "调阅记录"

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.item_id}"


class UploadStatus(models.TextChoices):
    ACTIVE = "active", "上传中"
    SEALED = "sealed", "已封存"
    TERMINATED = "terminated", "已取消"
    REFUSED = "refused", "已拒收"


class Upload(BaseModel):
    """A tus upload session. The bytes live in `temp_path` until the last one arrives."""

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    length = models.BigIntegerField("总字节数")
    offset = models.BigIntegerField("已接收字节数", default=0)
    metadata = models.JSONField("元数据", default=dict, blank=True)
    expires_at = models.DateTimeField("过期时间")
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    temp_path = models.CharField("临时文件", max_length=500)
    status = models.CharField(
        "状态", max_length=20, choices=UploadStatus.choices, default=UploadStatus.ACTIVE
    )
    refusal = models.CharField("拒收原因", max_length=300, blank=True)
    item = models.ForeignKey(
        EvidenceItem,
        verbose_name="证据",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "上传会话"
        verbose_name_plural = "上传会话"
        constraints = [
            models.CheckConstraint(
                condition=Q(offset__gte=0) & Q(offset__lte=models.F("length")),
                name="upload_offset_within_length",
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)
