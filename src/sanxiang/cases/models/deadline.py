"""Running clocks (期限) of a case and the alerts the worker raises on them."""

from __future__ import annotations

from django.db import models

from sanxiang.cases.models.case import Case
from sanxiang.cases.models.choices import AlertLevel, DayUnit, DeadlineKind, DeadlineState
from sanxiang.core.models import BaseModel


class Deadline(BaseModel):
    """One legal time limit, computed by `core.calendar` from its start under its statute."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines")
    kind = models.CharField("期限", max_length=30, choices=DeadlineKind)
    citation = models.CharField("依据", max_length=200)
    starts_on = models.DateField("起算日")
    days = models.PositiveSmallIntegerField("天数")
    unit = models.CharField("计算方式", max_length=16, choices=DayUnit)
    due_on = models.DateField("届满日")
    # Computed before the next year's 节假日安排 was loaded: settled when it is (alerts scan).
    provisional = models.BooleanField("届满日暂定（节假日安排未录入）", default=False)
    state = models.CharField(
        "状态", max_length=10, choices=DeadlineState, default=DeadlineState.RUNNING
    )
    ended_on = models.DateField("完成日期", null=True, blank=True)
    object_id = models.CharField("关联对象", max_length=64, blank=True)

    class Meta:
        ordering = ["due_on", "kind"]
        verbose_name = "期限"
        verbose_name_plural = "期限"
        indexes = [models.Index(fields=["state", "due_on"], name="deadline_state_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"


class DeadlineAlert(BaseModel):
    """临期 / 超期 alert, raised once per level by the background worker."""

    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="alerts")
    level = models.CharField("级别", max_length=10, choices=AlertLevel)
    raised_on = models.DateField("预警日期")

    class Meta:
        ordering = ["-raised_on"]
        verbose_name = "期限预警"
        verbose_name_plural = "期限预警"
        constraints = [
            models.UniqueConstraint(fields=["deadline", "level"], name="deadline_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.deadline} {self.get_level_display()}"
