"""The append-only ledger: entries with contiguous indexes, stored perfect-subtree hashes, signed
checkpoints. Rows are only ever inserted, by ledger.services; `sanxiang verify` detects any edit."""

from __future__ import annotations

from django.db import models


class LedgerHead(models.Model):
    """The single row every append locks: it serialises sequencing across processes."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField("日志长度", default=0)
    # [[level, hex hash], ...] of the perfect subtrees on the right edge, and the last leaf hash:
    # what the next append needs, so appending never reads stored nodes or entries.
    frontier = models.TextField("右边界子树", default="[]")
    last_leaf = models.CharField("最后叶哈希", max_length=64, blank=True, default="")

    class Meta:
        verbose_name = "日志头"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="ledger_head_single_row")
        ]

    def __str__(self) -> str:
        return f"size={self.size}"


class LedgerEntry(models.Model):
    index = models.BigIntegerField("序号", primary_key=True)
    identity_hash = models.CharField("标识摘要", max_length=64, unique=True)
    kind = models.CharField("事件类型", max_length=100, db_index=True)
    agency_id = models.UUIDField("所属主体", null=True, blank=True, db_index=True)
    subject_sha256 = models.CharField("文件摘要", max_length=64, blank=True, db_index=True)
    entry = models.TextField("条目（RFC 8785 规范化 JSON）")
    leaf_hash = models.CharField("叶哈希", max_length=64)
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        ordering = ["index"]
        verbose_name = "日志条目"
        verbose_name_plural = "日志条目"

    def __str__(self) -> str:
        return f"#{self.index} {self.kind}"


class LedgerNode(models.Model):
    """Hash of the perfect subtree of 2**level leaves starting at leaf index * 2**level."""

    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["level", "index"]
        constraints = [
            models.UniqueConstraint(fields=["level", "index"], name="ledger_node_unique"),
        ]

    def __str__(self) -> str:
        return f"({self.level},{self.index})"


class Checkpoint(models.Model):
    """A signed tree head in the C2SP tlog-checkpoint / signed-note format."""

    size = models.BigIntegerField("树大小", unique=True)
    root_hash = models.CharField("根哈希", max_length=64)
    note = models.TextField("签名检查点")
    key_id = models.CharField("密钥标识", max_length=8)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)

    class Meta:
        ordering = ["size"]
        verbose_name = "检查点"
        verbose_name_plural = "检查点"

    def __str__(self) -> str:
        return f"checkpoint {self.size}"
