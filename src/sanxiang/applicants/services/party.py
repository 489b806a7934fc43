"""The party of a penalty case online: the officer issues a one-time 网上办理码, the party claims
the case with it, and may then submit 陈述申辩 while the case waits for it (处罚法 §44, §45).
The inspected party of a 行政检查 claims its inspection the same way (by its 检查编号) to follow it
and report a 责令改正 done (services.party_inspection). Licence cases never: their applicant owns them.

A case is linked to an account only by a code the officer handed to the party — never by
guessing a case number: codes are random, stored as an HMAC, expire, link once, and an account
that keeps entering wrong codes is stopped for an hour.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any, NoReturn

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sanxiang.applicants.models import (
    ApplicantProfile,
    PartyCode,
    PartyLink,
    PartyStatement,
)
from sanxiang.applicants.permissions import can_issue_party_code, is_applicant
from sanxiang.applicants.services.uploads import MaterialFile, attachments_of
from sanxiang.cases.models import Case, CaseKind, Deadline, DeadlineKind
from sanxiang.cases.permissions import officer_of
from sanxiang.cases.selectors import case_get_for_user
from sanxiang.cases.services.common import case_audit
from sanxiang.cases.states import CaseStatus
from sanxiang.core.errors import (
    ApplicationError,
    Forbidden,
    NotFound,
    RuleViolation,
    ValidationFailed,
)
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.audit import audit_record

EVENT_CODE_ISSUED = "applicants.party_code.issued"
EVENT_LINKED = "applicants.party_link.created"
EVENT_CLAIM_REFUSED = "applicants.party_link.refused"
EVENT_STATEMENT = "applicants.statement.submitted"

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out over the phone
CODE_LENGTH = 8
CODE_VALID_DAYS = 30
CLAIM_ATTEMPTS_PER_HOUR = 5
STATEMENT_STATUSES = (CaseStatus.NOTIFIED, CaseStatus.STATEMENT)
STATEMENT_CITATION = "《行政处罚法》第四十四条、第四十五条"

# Case kinds whose party is not the account that opened them online (licence applicants are).
PARTY_CODE_KINDS = (CaseKind.PENALTY, CaseKind.INSPECTION)
NOT_PARTY_CASE = "网上办理码只用于行政处罚案件的当事人和行政检查的检查对象"
NOT_CASE_OFFICER = "只有本案办案人员或机关负责人可以签发网上办理码"
CASE_NOT_NOTIFIABLE = "案件尚未立案，不能签发网上办理码"
CODE_INVALID = "案号或网上办理码不正确"
CODE_EXPIRED = "该网上办理码已过期，请联系办案机关重新获取"
CODE_USED = "该网上办理码已使用过，每个办理码只能使用一次"
ALREADY_LINKED = "该案件已在您的“我的办件”中"
RATE_LIMITED = "尝试次数过多，请一小时后再试"
STATEMENT_CLOSED = "案件当前不在陈述申辩阶段（{status}），不能在网上提交陈述申辩"
STATEMENT_EMPTY = "请填写陈述申辩的内容"


class TooManyAttempts(ApplicationError):
    code = "party_code_rate_limited"
    status = 429


def code_digest(code: str) -> str:
    """HMAC of the normalised code (upper case, no separators) under the site secret."""
    plain = "".join(c for c in code.upper() if c.isalnum())
    return hmac.new(settings.SECRET_KEY.encode(), plain.encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


@transaction.atomic
def party_code_issue(
    *, user: Any, case_id: Any, now: dt.datetime | None = None
) -> tuple[PartyCode, str]:
    """Issue a 网上办理码 for the party of a penalty case or an inspection; returns the row and the
    code, shown once. Any earlier unused code of the case stops working.

    Raises: NotFound (case not visible); Forbidden (not the case's officer or a head; a licence
        case); RuleViolation (a penalty case without its 案号 yet).
    """
    case = case_get_for_user(user=user, case_id=case_id)
    if case.kind not in PARTY_CODE_KINDS:
        raise Forbidden(NOT_PARTY_CASE, code="party_code_not_party_case")
    if not can_issue_party_code(user, case):
        raise Forbidden(NOT_CASE_OFFICER, code="party_code_not_case_officer")
    if not party_case_number(case):
        raise RuleViolation(CASE_NOT_NOTIFIABLE, code="party_code_case_not_filed")
    officer = officer_of(user)
    if officer is None:  # can_issue_party_code checked it; kept for the type
        raise Forbidden(NOT_CASE_OFFICER, code="party_code_not_case_officer")
    moment = now or timezone.now()
    for old in PartyCode.objects.select_for_update().filter(
        case=case, used_at__isnull=True, revoked_at__isnull=True
    ):
        old.revoked_at = moment
        old.save(update_fields=["revoked_at", "updated_at"])
    code = _new_code()
    row = PartyCode.objects.create(
        case=case,
        code_hash=code_digest(code),
        issued_by=officer,
        expires_at=moment + dt.timedelta(days=CODE_VALID_DAYS),
        created_by=user,
        updated_by=user,
    )
    case_audit(
        user=user,
        event=EVENT_CODE_ISSUED,
        case=case,
        target=row,
        new={"expires_at": row.expires_at.isoformat()},
    )
    return row, code


def party_case_number(case: Case) -> str:
    """What the party enters with the code: the 案号 of a penalty case once filed; the 检查编号
    (lead_number, given when the inspection is opened) of an inspection."""
    if case.kind == CaseKind.INSPECTION:
        return case.lead_number
    return case.number


def _refuse(
    user: Any, profile: ApplicantProfile, error: ApplicationError, case_number: str
) -> NoReturn:
    """Record the failed attempt in its own committed transaction (it counts for the limit)."""
    with transaction.atomic():
        audit_record(
            actor=user,
            event=EVENT_CLAIM_REFUSED,
            target=profile,
            new={"code": error.code, "case_number": case_number[:64]},
        )
    raise error


def party_link_claim(
    *, user: Any, case_number: str, code: str, now: dt.datetime | None = None
) -> PartyLink:
    """Link the account to the case whose officer issued `code` for `case_number`.

    Raises: NotFound (not an applicant); TooManyAttempts (429, 5 refusals within an hour);
        ValidationFailed (wrong case number or code — one message, so nothing leaks);
        RuleViolation (expired, already used, already linked).
    """
    if not is_applicant(user):
        raise NotFound()
    profile = ApplicantProfile.objects.get(user=user)
    moment = now or timezone.now()
    since = timezone.now() - dt.timedelta(hours=1)
    refused = AuditEvent.objects.filter(
        actor=user, event=EVENT_CLAIM_REFUSED, occurred_at__gte=since
    )
    if refused.count() >= CLAIM_ATTEMPTS_PER_HOUR:
        raise TooManyAttempts(RATE_LIMITED)
    number = case_number.strip()
    with transaction.atomic():
        result = _claim(user, number, code, moment)
    if isinstance(result, PartyLink):
        return result
    _refuse(user, profile, result, number)


def _claim(user: Any, number: str, code: str, moment: dt.datetime) -> PartyLink | ApplicationError:
    """The link, or the refusal to record (the caller records it outside this transaction)."""
    row = (
        PartyCode.objects.select_for_update()
        .select_related("case")
        .filter(code_hash=code_digest(code), revoked_at__isnull=True)
        .filter(Q(case__number=number) | Q(case__lead_number=number))
        .first()
        if number
        else None
    )
    if row is None:
        return ValidationFailed(CODE_INVALID, code="party_code_invalid")
    if row.used_at is not None:
        return RuleViolation(CODE_USED, code="party_code_used")
    if row.expires_at <= moment:
        return RuleViolation(CODE_EXPIRED, code="party_code_expired")
    if PartyLink.objects.filter(account=user, case_id=row.case_id).exists():
        return RuleViolation(ALREADY_LINKED, code="party_already_linked")
    row.used_at = moment
    row.used_by = user
    row.save(update_fields=["used_at", "used_by", "updated_at"])
    link = PartyLink.objects.create(
        account=user, case=row.case, code=row, created_by=user, updated_by=user
    )
    case_audit(user=user, event=EVENT_LINKED, case=row.case, target=link, new={"code": str(row.pk)})
    return link


def party_link_get(*, user: Any, case_id: Any) -> PartyLink:
    """Raises: NotFound unless `user` has claimed the case."""
    try:
        link = PartyLink.objects.select_related("case", "case__agency").get(
            account=user, case_id=case_id
        )
    except (PartyLink.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    if not is_applicant(user):
        raise NotFound()
    return link


def linked_case_locked(*, user: Any, case_id: Any) -> tuple[PartyLink, Case]:
    """The account's link to the case and the case, locked for a submission by the party.

    Raises: NotFound (not linked: the same as a missing case)."""
    link = party_link_get(user=user, case_id=case_id)
    return link, Case.objects.select_for_update(of=("self",)).get(pk=link.case_id)


def statement_due_on(case: Case) -> dt.date | None:
    """The last day of the 陈述申辩 clock started by the 告知 (the newest one)."""
    row = (
        Deadline.objects.filter(case=case, kind=DeadlineKind.STATEMENT)
        .order_by("-starts_on", "-created_at")
        .first()
    )
    return row.due_on if row else None


@transaction.atomic
def party_statement_submit(
    *,
    user: Any,
    case_id: Any,
    text: str,
    attachment_ids: list[str] | None = None,
    files: list[MaterialFile] | None = None,
    today: dt.date | None = None,
) -> PartyStatement:
    """Submit 陈述申辩 online on one's own penalty case while it is in 事先告知/陈述申辩. After the
    clock has run out it is still taken (the agency decides what to do with it) but marked late.

    Raises: NotFound (not linked); RuleViolation (case not waiting for 陈述申辩);
        ValidationFailed (empty text, attachments not one's own uploads to this agency).
    """
    link, case = linked_case_locked(user=user, case_id=case_id)
    if case.status not in STATEMENT_STATUSES:
        raise RuleViolation(
            STATEMENT_CLOSED.format(status=CaseStatus(case.status).label),
            code="statement_not_open",
            citation=STATEMENT_CITATION,
        )
    text = text.strip()
    if not text:
        raise ValidationFailed(STATEMENT_EMPTY, code="statement_empty")
    uploads = attachments_of(
        user=user, agency_id=case.agency_id, item_ids=attachment_ids, files=files
    )
    day = today or timezone.localdate()
    due = statement_due_on(case)
    statement = PartyStatement.objects.create(
        case=case,
        link=link,
        text=text,
        submitted_at=timezone.now(),
        submitted_on=day,
        due_on=due,
        late=bool(due and day > due),
        created_by=user,
        updated_by=user,
    )
    statement.attachments.set([u.item for u in uploads])
    case_audit(
        user=user,
        event=EVENT_STATEMENT,
        case=case,
        target=statement,
        new={
            "submitted_on": day.isoformat(),
            "due_on": due.isoformat() if due else None,
            "late": statement.late,
            "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "attachments": [u.item.blob_id for u in uploads],
        },
    )
    return statement
