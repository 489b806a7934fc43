"""法制审核: the versioned submissions (送审) of a case's proposed decision and the reviewers' opinions.

Mutated only by `legal_review.services`; every submission, assignment and opinion is an audit event
and a ledger entry. A submission freezes the draft decision it asks about (`draft`, `draft_sha256`):
an opinion answers that version, and the gate compares it with the case as it stands.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sanxiang.cases.models import Case
from sanxiang.core.models import BaseModel
from sanxiang.organisations.models import Officer


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "待分配审核人员"
    ASSIGNED = "assigned", "审核中"
    OPINED = "opined", "已出具审核意见"
    WITHDRAWN = "withdrawn", "已撤回"


class Conclusion(models.TextChoices):
    AGREE = "agree", "同意"
    MODIFY = "modify", "建议修改"
    DISAGREE = "disagree", "不同意"
    RETURN = "return", "退回补充材料"


OPEN_STATUSES = (SubmissionStatus.PENDING, SubmissionStatus.ASSIGNED)


class ReviewSubmission(BaseModel):
    """One 送审 of a case: version n of the draft decision with its materials."""

    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="review_submissions"
    )
    version = models.PositiveIntegerField("送审版本")
    submitted_by = models.ForeignKey(
        Officer, verbose_name="送审人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField("送审日期")
    # The proposed decision as it stood (outcome, penalties, amounts, facts, reasons, basis,
    # 裁量基准); draft_sha256 is the SHA-256 of its RFC 8785 canonical JSON.
    draft = models.JSONField("拟作出的决定（送审稿）", default=dict)
    draft_sha256 = models.CharField("送审稿摘要（SHA-256）", max_length=64)
    # [{"code", "label", "required", "found", "detail"}] (checklist.MATERIALS)
    materials = models.JSONField("送审材料", default=list)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=SubmissionStatus,
        default=SubmissionStatus.PENDING,
        db_index=True,
    )
    reviewer = models.ForeignKey(
        Officer,
        verbose_name="法制审核人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    assigned_on = models.DateField("分配日期", null=True, blank=True)

    class Meta:
        ordering = ["case_id", "version"]
        verbose_name = "法制审核送审"
        verbose_name_plural = "法制审核送审"
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="review_submission_version"),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="review_submission_version_positive"
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(status="withdrawn") | Q(reviewer__isnull=False),
                name="review_submission_assigned_has_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} 第{self.version}次送审"


class ReviewOpinion(BaseModel):
    """A reviewer's 审核意见 on one submission: one finding per checklist item and a conclusion."""

    submission = models.ForeignKey(
        ReviewSubmission,
        verbose_name="送审",
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    reviewer = models.ForeignKey(
        Officer, verbose_name="法制审核人员", on_delete=models.PROTECT, related_name="+"
    )
    conclusion = models.CharField("审核结论", max_length=20, choices=Conclusion)
    # [{"item", "label", "result": pass|fail|na, "comment"}] in checklist.ITEMS order
    findings = models.JSONField("逐项审核意见", default=list)
    comment = models.TextField("审核意见", blank=True)
    given_on = models.DateField("审核日期")

    class Meta:
        ordering = ["submission_id", "created_at"]
        verbose_name = "法制审核意见"
        verbose_name_plural = "法制审核意见"

    def __str__(self) -> str:
        return f"{self.submission}：{self.get_conclusion_display()}"
