"""Self-service accounts: registration and the 电子送达确认书 (sign, withdraw)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from sanxiang.applicants.consent_text import CONSENT_VERSION, consent_text_sha256
from sanxiang.applicants.identity import identifier_problem, normalise_identifier
from sanxiang.applicants.models import ApplicantKind, ApplicantProfile, ElectronicServiceConsent
from sanxiang.applicants.permissions import is_applicant
from sanxiang.core.errors import NotFound, RuleViolation, ValidationFailed
from sanxiang.ledger.audit import audit_record

EVENT_REGISTERED = "applicants.account.registered"
EVENT_CONSENT_SIGNED = "applicants.consent.signed"
EVENT_CONSENT_WITHDRAWN = "applicants.consent.withdrawn"

USERNAME_INVALID = "用户名应为4至30位字母、数字或下划线"
USERNAME_TAKEN = "该用户名已被使用，请换一个"
KIND_INVALID = "请选择申请人类型（自然人或法人、其他组织）"
NAME_REQUIRED = "请填写姓名或单位名称"
PHONE_REQUIRED = "请填写联系电话"
REPRESENTATIVE_REQUIRED = "法人或其他组织请填写法定代表人或负责人"
EMAIL_INVALID = "电子邮箱格式不正确"
PASSWORD_WEAK = "密码不符合要求：{problems}"  # noqa: S105 (a message, not a secret)
CONSENT_ALREADY = "您已签署电子送达确认书，无需重复签署"
CONSENT_NONE = "您没有在效的电子送达确认书"
NOT_APPLICANT = "仅申请人账号可以办理"
CONSENT_CITATION = "《行政处罚法》第六十一条"


def _require_applicant(user: Any) -> None:
    if not is_applicant(user):
        raise NotFound(NOT_APPLICANT)


def _check_username(username: str) -> str:
    username = username.strip()
    if not (4 <= len(username) <= 30) or not all(
        c.isascii() and (c.isalnum() or c == "_") for c in username
    ):
        raise ValidationFailed(USERNAME_INVALID, code="username_invalid")
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise ValidationFailed(USERNAME_TAKEN, code="username_taken")
    return username


def _check_profile(data: dict[str, str]) -> dict[str, str]:
    kind = data.get("kind", "")
    if kind not in ApplicantKind.values:
        raise ValidationFailed(KIND_INVALID, code="kind_invalid")
    clean = {
        k: str(data.get(k, "") or "").strip()
        for k in ("name", "identifier", "representative", "phone", "address", "email")
    }
    clean["kind"] = kind
    clean["identifier"] = normalise_identifier(clean["identifier"])
    if not clean["name"]:
        raise ValidationFailed(NAME_REQUIRED, code="name_required")
    problem = identifier_problem(kind, clean["identifier"])
    if problem:
        raise ValidationFailed(problem, code="identifier_invalid")
    if not clean["phone"]:
        raise ValidationFailed(PHONE_REQUIRED, code="phone_required")
    if kind == ApplicantKind.ORGANISATION and not clean["representative"]:
        raise ValidationFailed(REPRESENTATIVE_REQUIRED, code="representative_required")
    if clean["email"]:
        try:
            validate_email(clean["email"])
        except ValidationError as exc:
            raise ValidationFailed(EMAIL_INVALID, code="email_invalid") from exc
    return clean


@transaction.atomic
def applicant_register(*, username: str, password: str, profile: dict[str, str]) -> Any:
    """Create a self-service login with its profile. It never gets a staff role or Django staff.

    Raises: ValidationFailed (username, identifier checksum, Django's password validators,
        missing fields) with a Chinese message and a stable code.
    """
    username = _check_username(username)
    clean = _check_profile(profile)
    candidate = get_user_model()(
        username=username, first_name=clean["name"][:150], email=clean["email"]
    )
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        problems = "；".join(str(m) for m in exc.messages)
        raise ValidationFailed(
            PASSWORD_WEAK.format(problems=problems), code="password_weak"
        ) from exc
    candidate.set_password(password)
    candidate.is_staff = False
    candidate.is_superuser = False
    candidate.save()
    profile_row = ApplicantProfile(
        user=candidate, created_by=candidate, updated_by=candidate, **clean
    )
    profile_row.full_clean()
    profile_row.save()
    audit_record(
        actor=candidate,
        event=EVENT_REGISTERED,
        target=profile_row,
        new={"username": username, "kind": clean["kind"]},
    )
    return candidate


def consent_in_force(user: Any) -> ElectronicServiceConsent | None:
    return ElectronicServiceConsent.objects.filter(account=user, withdrawn_at__isnull=True).first()


@transaction.atomic
def consent_sign(
    *, user: Any, email: str = "", today: dt.date | None = None
) -> ElectronicServiceConsent:
    """Sign the current 电子送达确认书 (处罚法 §61: electronic service needs the party's consent).

    Raises: NotFound (not an applicant); RuleViolation when one is already in force;
        ValidationFailed for a malformed e-mail.
    """
    _require_applicant(user)
    profile = ApplicantProfile.objects.select_for_update().get(user=user)
    if consent_in_force(user) is not None:
        raise RuleViolation(
            CONSENT_ALREADY, code="consent_already_signed", citation=CONSENT_CITATION
        )
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ValidationFailed(EMAIL_INVALID, code="email_invalid") from exc
    now = timezone.now()
    consent = ElectronicServiceConsent.objects.create(
        account=user,
        text_version=CONSENT_VERSION,
        text_sha256=consent_text_sha256(),
        email=email,
        signer_name=profile.name,
        signed_on=today or timezone.localdate(),
        signed_at=now,
        created_by=user,
        updated_by=user,
    )
    audit_record(
        actor=user,
        event=EVENT_CONSENT_SIGNED,
        target=consent,
        subject_sha256=consent.text_sha256,
        new={
            "version": CONSENT_VERSION,
            "text_sha256": consent.text_sha256,
            "with_email": bool(email),
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, user: Any, reason: str = "", now: dt.datetime | None = None
) -> ElectronicServiceConsent:
    """Withdraw the consent in force: no new document is served electronically from now on
    (`now`, the moment of withdrawal, defaults to the current time).

    Raises: NotFound (not an applicant); RuleViolation when none is in force.
    """
    _require_applicant(user)
    consent = (
        ElectronicServiceConsent.objects.select_for_update()
        .filter(account=user, withdrawn_at__isnull=True)
        .first()
    )
    if consent is None:
        raise RuleViolation(CONSENT_NONE, code="consent_not_in_force", citation=CONSENT_CITATION)
    consent.withdrawn_at = now or timezone.now()
    consent.withdrawal_reason = reason.strip()[:300]
    consent.updated_by = user
    consent.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_by", "updated_at"])
    audit_record(
        actor=user,
        event=EVENT_CONSENT_WITHDRAWN,
        target=consent,
        old={"in_force": True},
        new={"in_force": False},
        reason=consent.withdrawal_reason,
    )
    return consent
