"""Writes to agency master data: agencies, units, officers, certificates, roles, accounts.

Every function is keyword-only, atomic, checks permission first, validates fully, and writes an
AuditEvent in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction

from sanxiang.core.errors import Forbidden, ValidationFailed
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.codes import region_code_problem, uscc_problem
from sanxiang.organisations.models import (
    ADMIN_ROLES,
    Agency,
    Certificate,
    CertificateStatus,
    EnforcementField,
    Officer,
    Region,
    Role,
    RoleAssignment,
    SubjectType,
    TrainingRecord,
    Unit,
)
from sanxiang.organisations.permissions import (
    can_assign_roles,
    can_create_agency,
    can_manage_agency,
    can_manage_users,
    forget_grants,
)

NOT_ALLOWED = "您没有执行此操作的权限"
THREE_ADMINS = "三员分立：同一账号不得同时担任系统管理员、安全管理员、审计管理员中的两个角色"
ENTRUSTED_NEEDS_BODY = "受委托组织必须填写委托机关"
UNIT_OTHER_AGENCY = "上级机构必须属于同一执法主体"
UNIT_CYCLE = "机构层级不能形成循环"
CERT_DATES = "执法证有效期止不得早于有效期起"
CERT_NUMBER_TAKEN = "执法证号 {number} 已存在"
QUALIFICATION_NUMBER = "具有法律职业资格的人员必须填写法律职业资格证书编号"
USERNAME_TAKEN = "用户名 {username} 已存在"


def _full_clean(obj: Any, exclude: Iterable[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except DjangoValidationError as exc:
        messages = "；".join(
            f"{obj._meta.get_field(f).verbose_name if f != '__all__' else ''}{'：' if f != '__all__' else ''}{m}"
            for f, ms in exc.message_dict.items()
            for m in ms
        )
        raise ValidationFailed(messages, extra={"fields": exc.message_dict}) from exc


def _require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden(NOT_ALLOWED)


# --- accounts and roles (三员分立) ---------------------------------------------------------


@transaction.atomic
def user_create(
    *, actor: Any, username: str, password: str, full_name: str = "", email: str = ""
) -> AbstractBaseUser:
    """系统管理员 creates a login account.

    Raises: Forbidden if the actor is not a system administrator; ValidationFailed on a taken
        username or a weak password.
    """
    _require(can_manage_users(actor))
    from django.contrib.auth.password_validation import validate_password

    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValidationFailed(USERNAME_TAKEN.format(username=username), code="username_taken")
    user = user_model(username=username, first_name=full_name, email=email)
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed("；".join(exc.messages), code="weak_password") from exc
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor, event="organisations.user.created", target=user, new={"username": username}
    )
    return user


def _grant(user: Any, role: str, agency: Agency) -> RoleAssignment:
    if role in ADMIN_ROLES:
        held = RoleAssignment.objects.select_for_update().filter(user=user, role__in=ADMIN_ROLES)
        if held.exclude(role=role).exists():
            raise ValidationFailed(THREE_ADMINS, code="three_admins_separated")
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, agency=agency)
    forget_grants(user)
    return assignment


@transaction.atomic
def role_assign(*, actor: Any, user: Any, role: str, agency: Agency) -> RoleAssignment:
    """安全管理员 grants a role in the scope of an agency.

    Raises: Forbidden unless the actor is a security administrator; ValidationFailed when the grant
        would give one account two of the three administrator roles (三员分立), or when a
        supervisor role is granted outside a 司法局.
    """
    _require(can_assign_roles(actor))
    if role == Role.SUPERVISOR and not agency.is_supervisory:
        raise ValidationFailed(
            "执法监督人员只能在司法局（执法监督机关）授权", code="supervisor_scope"
        )
    try:
        with transaction.atomic():
            assignment = _grant(user, role, agency)
    except IntegrityError as exc:  # the database constraint caught a concurrent grant
        raise ValidationFailed(THREE_ADMINS, code="three_admins_separated") from exc
    audit_record(
        actor=actor,
        event="organisations.role.assigned",
        target=assignment,
        agency_id=agency.pk,
        new={"user": user.username, "role": role},
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment, reason: str = "") -> None:
    """Raises: Forbidden unless the actor is a security administrator."""
    _require(can_assign_roles(actor))
    audit_record(
        actor=actor,
        event="organisations.role.revoked",
        target=assignment,
        agency_id=assignment.agency_id,
        old={"user": assignment.user.username, "role": assignment.role},
        reason=reason,
    )
    assignment.delete()
    forget_grants(assignment.user)


def bootstrap_grant(*, user: Any, role: str, agency: Agency) -> RoleAssignment:
    """Installation-time grant with no actor (demo data, `createsuperadmin`); still 三员分立-checked.

    Raises: ValidationFailed on a second administrator role.
    """
    with transaction.atomic():
        assignment = _grant(user, role, agency)
        audit_record(
            actor=None,
            event="organisations.role.assigned",
            target=assignment,
            agency_id=agency.pk,
            new={"user": user.username, "role": role},
            reason="安装初始化",
        )
    return assignment


# --- agencies and units ---------------------------------------------------------------------


AGENCY_FIELDS = (
    "name",
    "short_name",
    "uscc",
    "subject_type",
    "legal_basis",
    "responsibilities",
    "address",
    "phone",
    "website",
    "supervision_channels",
    "remedy_channels",
    "is_supervisory",
)


def _validate_agency(agency: Agency) -> None:
    problems: dict[str, str] = {}
    if p := uscc_problem(agency.uscc):
        problems["uscc"] = p
    if p := region_code_problem(agency.region_id or ""):
        problems["region"] = p
    if agency.subject_type == SubjectType.ENTRUSTED and agency.entrusting_agency_id is None:
        problems["entrusting_agency"] = ENTRUSTED_NEEDS_BODY
    if problems:
        raise ValidationFailed("；".join(problems.values()), extra={"fields": problems})


@transaction.atomic
def region_ensure(*, code: str, name: str, parent: Region | None = None) -> Region:
    """Reference data (GB/T 2260); idempotent. Raises: ValidationFailed on a malformed code."""
    if p := region_code_problem(code):
        raise ValidationFailed(p, code="region_invalid")
    region, created = Region.objects.get_or_create(
        code=code, defaults={"name": name, "parent": parent}
    )
    if created:
        audit_record(
            actor=None,
            event="organisations.region.created",
            target=region,
            new={"code": code, "name": name, "parent": parent.code if parent else None},
        )
    return region


@transaction.atomic
def enforcement_field_ensure(*, code: str, name: str) -> EnforcementField:
    """Reference data (执法类别); idempotent. Raises: ValidationFailed on an empty code or name."""
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise ValidationFailed("执法类别的代码和名称不能为空", code="field_invalid")
    field, created = EnforcementField.objects.get_or_create(code=code, defaults={"name": name})
    if created:
        audit_record(
            actor=None,
            event="organisations.field.created",
            target=field,
            new={"code": code, "name": name},
        )
    return field


@transaction.atomic
def agency_create(
    *,
    actor: Any,
    region: Region,
    data: Mapping[str, Any],
    entrusting_agency: Agency | None = None,
    supervising_agency: Agency | None = None,
    fields: Iterable[EnforcementField] = (),
) -> Agency:
    """Register an 执法主体.

    Raises: Forbidden unless system administrator (or actor None at installation);
        ValidationFailed on a bad USCC check character, region code or missing entrusting body.
    """
    if actor is not None:
        _require(can_create_agency(actor))
    agency = Agency(
        id=uuid.uuid4(),
        region=region,
        entrusting_agency=entrusting_agency,
        supervising_agency=supervising_agency,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{k: data[k] for k in AGENCY_FIELDS if k in data},
    )
    agency.uscc = agency.uscc.strip().upper()
    _validate_agency(agency)
    _full_clean(agency, exclude=["created_by", "updated_by"])
    agency.save()
    agency.fields.set(list(fields))
    audit_record(
        actor=actor,
        event="organisations.agency.created",
        target=agency,
        agency_id=agency.pk,
        new={k: getattr(agency, k) for k in AGENCY_FIELDS},
    )
    return agency


@transaction.atomic
def agency_update(*, actor: Any, agency: Agency, data: Mapping[str, Any]) -> Agency:
    """Raises: Forbidden outside the actor's agencies; ValidationFailed on invalid data."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    _require(can_manage_agency(actor, agency))
    old = {k: getattr(agency, k) for k in AGENCY_FIELDS}
    for key in AGENCY_FIELDS:
        if key in data and key != "is_supervisory":
            setattr(agency, key, data[key])
    agency.uscc = agency.uscc.strip().upper()
    agency.updated_by = actor
    _validate_agency(agency)
    _full_clean(agency, exclude=["created_by", "updated_by"])
    agency.save()
    new = {k: getattr(agency, k) for k in AGENCY_FIELDS}
    audit_record(
        actor=actor,
        event="organisations.agency.updated",
        target=agency,
        agency_id=agency.pk,
        old={k: v for k, v in old.items() if new[k] != v},
        new={k: v for k, v in new.items() if old[k] != v},
    )
    return agency


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    agency: Agency,
    name: str,
    parent: Unit | None = None,
    responsibilities: str = "",
    is_legal_review_unit: bool = False,
) -> Unit:
    """Raises: Forbidden outside the actor's agencies; ValidationFailed on a foreign parent or a
    duplicate name."""
    if actor is not None:
        _require(can_manage_agency(actor, agency))
    if parent is not None and parent.agency_id != agency.pk:
        raise ValidationFailed(UNIT_OTHER_AGENCY, code="unit_parent_foreign")
    unit = Unit(
        agency=agency,
        parent=parent,
        name=name.strip(),
        responsibilities=responsibilities,
        is_legal_review_unit=is_legal_review_unit,
    )
    _full_clean(unit, exclude=["created_by", "updated_by"])
    unit.save()
    audit_record(
        actor=actor,
        event="organisations.unit.created",
        target=unit,
        agency_id=agency.pk,
        new={"name": unit.name, "parent": parent.pk if parent else None},
    )
    return unit


@transaction.atomic
def unit_move(*, actor: Any, unit: Unit, parent: Unit | None) -> Unit:
    """Raises: Forbidden; ValidationFailed when the move would create a cycle."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require(can_manage_agency(actor, unit.agency))
    node = parent
    while node is not None:
        if node.pk == unit.pk:
            raise ValidationFailed(UNIT_CYCLE, code="unit_cycle")
        node = node.parent
    if parent is not None and parent.agency_id != unit.agency_id:
        raise ValidationFailed(UNIT_OTHER_AGENCY, code="unit_parent_foreign")
    old_parent = unit.parent_id
    unit.parent = parent
    unit.save(update_fields=["parent", "updated_at"])
    audit_record(
        actor=actor,
        event="organisations.unit.moved",
        target=unit,
        agency_id=unit.agency_id,
        old={"parent": old_parent},
        new={"parent": parent.pk if parent else None},
    )
    return unit


# --- officers, certificates, training -------------------------------------------------------

OFFICER_FIELDS = (
    "name",
    "title",
    "staff_number",
    "phone",
    "has_legal_qualification",
    "legal_qualification_number",
    "is_external_advisor",
    "is_active",
)


@transaction.atomic
def officer_create(
    *,
    actor: Any,
    agency: Agency,
    data: Mapping[str, Any],
    unit: Unit | None = None,
    user: Any = None,
) -> Officer:
    """Raises: Forbidden outside the actor's agencies; ValidationFailed on invalid data."""
    if actor is not None:
        _require(can_manage_agency(actor, agency))
    if unit is not None and unit.agency_id != agency.pk:
        raise ValidationFailed("所属机构必须属于同一执法主体", code="unit_foreign")
    officer = Officer(
        agency=agency, unit=unit, user=user, **{k: data[k] for k in OFFICER_FIELDS if k in data}
    )
    if officer.has_legal_qualification and not officer.legal_qualification_number:
        raise ValidationFailed(QUALIFICATION_NUMBER, code="qualification_number_missing")
    _full_clean(officer, exclude=["created_by", "updated_by", "user"])
    officer.save()
    audit_record(
        actor=actor,
        event="organisations.officer.created",
        target=officer,
        agency_id=agency.pk,
        new={k: getattr(officer, k) for k in OFFICER_FIELDS if k != "phone"},
    )
    return officer


@transaction.atomic
def officer_update(
    *, actor: Any, officer: Officer, data: Mapping[str, Any], unit: Unit | None = None
) -> Officer:
    """Raises: Forbidden outside the actor's agencies; ValidationFailed on invalid data."""
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    _require(can_manage_agency(actor, officer.agency))
    old = {k: getattr(officer, k) for k in OFFICER_FIELDS}
    for key in OFFICER_FIELDS:
        if key in data:
            setattr(officer, key, data[key])
    if unit is not None:
        if unit.agency_id != officer.agency_id:
            raise ValidationFailed("所属机构必须属于同一执法主体", code="unit_foreign")
        officer.unit = unit
    if officer.has_legal_qualification and not officer.legal_qualification_number:
        raise ValidationFailed(QUALIFICATION_NUMBER, code="qualification_number_missing")
    _full_clean(officer, exclude=["created_by", "updated_by", "user"])
    officer.save()
    new = {k: getattr(officer, k) for k in OFFICER_FIELDS}
    audit_record(
        actor=actor,
        event="organisations.officer.updated",
        target=officer,
        agency_id=officer.agency_id,
        old={k: v for k, v in old.items() if new[k] != v and k != "phone"},
        new={k: v for k, v in new.items() if old[k] != v and k != "phone"},
    )
    return officer


@transaction.atomic
def certificate_issue(
    *,
    actor: Any,
    officer: Officer,
    number: str,
    issuing_body: str,
    fields: Iterable[EnforcementField],
    valid_from: dt.date,
    valid_to: dt.date,
) -> Certificate:
    """Record an officer's 执法证.

    Raises: Forbidden outside the actor's agencies; ValidationFailed on reversed dates, a
        duplicate number or no 执法类别.
    """
    if actor is not None:
        _require(can_manage_agency(actor, officer.agency))
    field_list = list(fields)
    if valid_to < valid_from:
        raise ValidationFailed(CERT_DATES, code="certificate_dates")
    if not field_list:
        raise ValidationFailed("执法证必须至少载明一个执法类别", code="certificate_fields")
    number = number.strip()
    if Certificate.objects.filter(number=number).exists():
        raise ValidationFailed(
            CERT_NUMBER_TAKEN.format(number=number), code="certificate_number_taken"
        )
    cert = Certificate(
        officer=officer,
        number=number,
        issuing_body=issuing_body,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    _full_clean(cert, exclude=["created_by", "updated_by"])
    cert.save()
    cert.fields.set(field_list)
    audit_record(
        actor=actor,
        event="organisations.certificate.issued",
        target=cert,
        agency_id=officer.agency_id,
        new={
            "number": number,
            "officer": officer.pk,
            "fields": [f.code for f in field_list],
            "valid_from": valid_from,
            "valid_to": valid_to,
        },
    )
    return cert


@transaction.atomic
def certificate_set_status(
    *, actor: Any, certificate: Certificate, status: str, reason: str
) -> Certificate:
    """Suspend (暂扣), revoke (吊销/注销) or reinstate a certificate. A revocation is final.

    Raises: Forbidden; ValidationFailed without a reason or when reinstating a revoked one.
    """
    cert = (
        Certificate.objects.select_for_update()
        .select_related("officer__agency")
        .get(pk=certificate.pk)
    )
    _require(can_manage_agency(actor, cert.officer.agency))
    if status not in CertificateStatus.values:
        raise ValidationFailed("执法证状态不正确", code="certificate_status")
    if not reason.strip():
        raise ValidationFailed("变更执法证状态必须说明原因", code="reason_required")
    if cert.status == CertificateStatus.REVOKED:
        raise ValidationFailed(
            "已吊销/注销的执法证不能恢复，请重新核发", code="certificate_revoked"
        )
    old = cert.status
    cert.status = status
    cert.status_reason = reason
    cert.updated_by = actor
    cert.save(update_fields=["status", "status_reason", "updated_by", "updated_at"])
    audit_record(
        actor=actor,
        event="organisations.certificate.status_changed",
        target=cert,
        agency_id=cert.officer.agency_id,
        old={"status": old},
        new={"status": status},
        reason=reason,
    )
    return cert


@transaction.atomic
def training_record_add(
    *,
    actor: Any,
    officer: Officer,
    title: str,
    held_on: dt.date,
    hours: Any,
    organiser: str = "",
    passed: bool = True,
) -> TrainingRecord:
    """Raises: Forbidden outside the actor's agencies; ValidationFailed on invalid data."""
    if actor is not None:
        _require(can_manage_agency(actor, officer.agency))
    record = TrainingRecord(
        officer=officer,
        title=title,
        held_on=held_on,
        hours=hours,
        organiser=organiser,
        passed=passed,
    )
    _full_clean(record, exclude=["created_by", "updated_by"])
    record.save()
    audit_record(
        actor=actor,
        event="organisations.training.recorded",
        target=record,
        agency_id=officer.agency_id,
        new={"officer": officer.pk, "title": title, "held_on": held_on, "hours": hours},
    )
    return record
