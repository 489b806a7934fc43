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
    # The agency's time limit (ReviewPolicy), counted in working days from the submission; the
    # running clock is also a cases Deadline (kind legal_review) so the alert scan covers it.
    due_on = models.DateField("审核期限届满日", null=True, blank=True)
    extended_by = models.ForeignKey(
        Officer,
        verbose_name="批准延长人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_reason = models.CharField("延长理由", max_length=500, blank=True)

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


class ReviewPolicy(BaseModel):
    """An agency's own 法制审核 rules (its 法制审核办法): the time limit and the 送审材料 it requires.

    Without a row the defaults apply (`selectors.policy_of`). Which decisions need review at all
    is the 目录清单's business (catalog 'major_decision' rows; a rule without conditions extends
    review to every 普通程序 decision, seed 001 二(三)3).
    """

    agency = models.OneToOneField(
        "organisations.Agency",
        verbose_name="行政执法机关",
        on_delete=models.PROTECT,
        related_name="review_policy",
    )
    time_limit_days = models.PositiveSmallIntegerField("审核期限（工作日）", default=7)
    extension_days = models.PositiveSmallIntegerField("经批准可延长（工作日）", default=3)
    # {"penalty": ["investigation_report", …], "coercion": […]}: the material codes required for
    # a submission of a case whose 事项 is in that category; a missing category = all of them.
    required_materials = models.JSONField("各类事项须提交的送审材料", default=dict, blank=True)

    class Meta:
        verbose_name = "法制审核设置"
        verbose_name_plural = "法制审核设置"
        constraints = [
            models.CheckConstraint(
                condition=Q(time_limit_days__gte=1), name="review_policy_time_limit_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} 法制审核设置"


class AdviserRole(models.TextChoices):
    LEGAL_ADVISER = "legal_adviser", "法律顾问"
    PUBLIC_LAWYER = "public_lawyer", "公职律师"


class ExternalOpinion(BaseModel):
    """An external 法律顾问 / 公职律师 invited on a submission, and the opinion they gave.

    They hold no account: the reviewer (or a head) records the invitation and, later, the written
    opinion received, as the person who recorded it. The opinion informs the reviewer; it does not
    replace the 法制审核机构's own opinion (§58 is the agency's review).
    """

    submission = models.ForeignKey(
        ReviewSubmission,
        verbose_name="送审",
        on_delete=models.PROTECT,
        related_name="external_opinions",
    )
    adviser_name = models.CharField("姓名", max_length=60)
    adviser_role = models.CharField("身份", max_length=20, choices=AdviserRole)
    organisation = models.CharField("所在单位（律师事务所）", max_length=200, blank=True)
    licence_number = models.CharField("执业证号", max_length=40, blank=True)
    invited_by = models.ForeignKey(
        Officer, verbose_name="邀请人", on_delete=models.PROTECT, related_name="+"
    )
    invited_on = models.DateField("邀请日期")
    conclusion = models.CharField("意见结论", max_length=20, choices=Conclusion, blank=True)
    opinion = models.TextField("书面意见", blank=True)
    given_on = models.DateField("出具日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        Officer,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["submission_id", "invited_on", "created_at"]
        verbose_name = "外部法律顾问意见"
        verbose_name_plural = "外部法律顾问意见"

    def __str__(self) -> str:
        return f"{self.get_adviser_role_display()}{self.adviser_name}（{self.submission}）"


class DisputeForum(models.TextChoices):
    HEAD = "head", "报机关负责人决定"
    COLLECTIVE = "collective", "提交集体讨论决定"


class DisputeOutcome(models.TextChoices):
    UPHOLD_REVIEW = "uphold_review", "维持法制审核意见"
    ADOPT_PROPOSAL = "adopt_proposal", "采纳承办机构意见"


class ReviewDispute(BaseModel):
    """审核意见与拟处理意见不一致: the handler contests an opinion; a head or 集体讨论 settles it.

    The final position, who took it (the head, or the recorded participants with minutes) and
    when are on the record; the row freezes the draft it was about.
    """

    opinion = models.OneToOneField(
        ReviewOpinion,
        verbose_name="所争议的审核意见",
        on_delete=models.PROTECT,
        related_name="dispute",
    )
    raised_by = models.ForeignKey(
        Officer, verbose_name="提出人", on_delete=models.PROTECT, related_name="+"
    )
    raised_on = models.DateField("提出日期")
    grounds = models.TextField("承办机构的意见和理由")
    forum = models.CharField("处理方式", max_length=20, choices=DisputeForum)
    draft_sha256 = models.CharField("争议所涉送审稿摘要（SHA-256）", max_length=64)
    outcome = models.CharField("处理结果", max_length=20, choices=DisputeOutcome, blank=True)
    final_position = models.TextField("最终意见", blank=True)
    resolved_on = models.DateField("决定日期", null=True, blank=True)
    resolved_by = models.ForeignKey(
        Officer,
        verbose_name="决定人（机关负责人或集体讨论主持人）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 集体讨论: [{"officer": id, "name", "post"}]; empty for a head's decision.
    participants = models.JSONField("参加人员", default=list, blank=True)
    minutes = models.TextField("讨论记录", blank=True)

    class Meta:
        ordering = ["raised_on", "created_at"]
        verbose_name = "法制审核意见分歧处理"
        verbose_name_plural = "法制审核意见分歧处理"
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(resolved_by__isnull=False, resolved_on__isnull=False),
                name="review_dispute_resolved_has_decider",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return not self.outcome

    def __str__(self) -> str:
        return f"{self.opinion} 的分歧处理"
