"""执法主体 (agencies), 内设机构 (units), 执法人员 (officers), 执法证 (certificates), roles."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from sanxiang.core.models import BaseModel


class Region(models.Model):
    """行政区划 (GB/T 2260)."""

    code = models.CharField("行政区划代码", max_length=6, primary_key=True)
    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name="上级区划", null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class EnforcementField(models.Model):
    """执法类别/领域, e.g. 林业, 园林绿化. Certificates and catalog items refer to it."""

    code = models.CharField("代码", max_length=32, primary_key=True)
    name = models.CharField("名称", max_length=100, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "执法类别"
        verbose_name_plural = "执法类别"

    def __str__(self) -> str:
        return self.name


class SubjectType(models.TextChoices):
    STATUTORY = "statutory", "法定行政机关"
    AUTHORISED = "authorised", "法律法规授权组织"
    ENTRUSTED = "entrusted", "受委托组织"


class Agency(BaseModel):
    """行政执法主体. A 司法局 is an agency with `is_supervisory` set; it supervises the others."""

    name = models.CharField("主体名称", max_length=200, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    subject_type = models.CharField("主体类型", max_length=20, choices=SubjectType.choices)
    entrusting_agency = models.ForeignKey(
        "self",
        verbose_name="委托机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entrusted_agencies",
    )
    region = models.ForeignKey(Region, verbose_name="行政区划", on_delete=models.PROTECT)
    legal_basis = models.TextField("职权依据", blank=True)
    responsibilities = models.TextField("主要职责", blank=True)
    address = models.CharField("地址", max_length=300, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    website = models.CharField("网址", max_length=200, blank=True)
    supervision_channels = models.TextField("监督方式", blank=True)
    remedy_channels = models.TextField("救济渠道", blank=True)
    is_supervisory = models.BooleanField("是否为执法监督机关（司法局）", default=False)
    supervising_agency = models.ForeignKey(
        "self",
        verbose_name="执法监督机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_agencies",
    )
    fields = models.ManyToManyField(EnforcementField, verbose_name="执法领域", blank=True)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = "执法主体"
        verbose_name_plural = "执法主体"
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject_type="entrusted") | Q(entrusting_agency__isnull=False),
                name="agency_entrusted_needs_entrusting_body",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("organisations:agency_detail", args=[self.pk])


class Unit(BaseModel):
    """内设机构 / 承办机构, a tree under one agency."""

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField("机构名称", max_length=200)
    responsibilities = models.TextField("职责", blank=True)
    is_legal_review_unit = models.BooleanField("法制审核机构", default=False)

    class Meta:
        ordering = ["agency_id", "name"]
        verbose_name = "内设机构"
        verbose_name_plural = "内设机构"
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="unit_name_unique_in_agency"),
        ]

    def __str__(self) -> str:
        return self.name


class Officer(BaseModel):
    """执法人员 (and any staff member of an agency): the profile of a login account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officer",
    )
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="officers"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="所属机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    name = models.CharField("姓名", max_length=50)
    title = models.CharField("职务", max_length=100, blank=True)
    staff_number = models.CharField("工号", max_length=32, blank=True)
    # Personal data: never published, masked in lists.
    phone = models.CharField("手机号码", max_length=20, blank=True)
    has_legal_qualification = models.BooleanField("具有法律职业资格", default=False)
    legal_qualification_number = models.CharField("法律职业资格证书编号", max_length=50, blank=True)
    is_external_advisor = models.BooleanField("外聘法律顾问/公职律师", default=False)
    is_active = models.BooleanField("在岗", default=True)

    class Meta:
        ordering = ["agency_id", "name"]
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        constraints = [
            models.CheckConstraint(
                condition=Q(has_legal_qualification=False) | ~Q(legal_qualification_number=""),
                name="officer_qualification_needs_number",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CertificateStatus(models.TextChoices):
    ACTIVE = "active", "有效"
    SUSPENDED = "suspended", "暂扣"
    REVOKED = "revoked", "吊销/注销"


class Certificate(BaseModel):
    """执法证: the officer may enforce only in its fields, between its dates, while active."""

    officer = models.ForeignKey(
        Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField("执法证号", max_length=50, unique=True)
    issuing_body = models.CharField("发证机关", max_length=200)
    fields = models.ManyToManyField(EnforcementField, verbose_name="执法类别")
    valid_from = models.DateField("有效期起")
    valid_to = models.DateField("有效期止")
    status = models.CharField(
        "状态", max_length=20, choices=CertificateStatus.choices, default=CertificateStatus.ACTIVE
    )
    status_reason = models.CharField("状态变更原因", max_length=300, blank=True)

    class Meta:
        ordering = ["officer_id", "-valid_to"]
        verbose_name = "执法证"
        verbose_name_plural = "执法证"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")), name="certificate_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, day: dt.date) -> bool:
        return self.status == CertificateStatus.ACTIVE and self.valid_from <= day <= self.valid_to


class TrainingRecord(BaseModel):
    """培训记录 of an officer."""

    officer = models.ForeignKey(
        Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="trainings"
    )
    title = models.CharField("培训名称", max_length=200)
    organiser = models.CharField("组织单位", max_length=200, blank=True)
    held_on = models.DateField("培训日期")
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    passed = models.BooleanField("考核合格", default=True)

    class Meta:
        ordering = ["officer_id", "-held_on"]
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"

    def __str__(self) -> str:
        return self.title


class Role(models.TextChoices):
    OFFICER = "officer", "执法人员"
    UNIT_HEAD = "unit_head", "承办机构负责人"
    AGENCY_HEAD = "agency_head", "机关负责人"
    REVIEWER = "reviewer", "法制审核人员"
    DISCLOSURE_OFFICER = "disclosure_officer", "公示管理员"
    SUPERVISOR = "supervisor", "执法监督人员（司法局）"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


ADMIN_ROLES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)


class RoleAssignment(BaseModel):
    """A role a user holds, in the scope of one agency (the 司法局 for supervisors)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="role_assignments"
    )

    class Meta:
        ordering = ["user_id", "role"]
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "agency"], name="role_unique"),
            # 三员分立: at most one of the three administrator roles per user, enforced by the
            # database as well as by the service.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role__in=["system_admin", "security_admin", "audit_admin"]),
                name="role_three_admins_separated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()} @ {self.agency}"
