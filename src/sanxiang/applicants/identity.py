"""Who an applicant says they are: the identifier must pass its check digit before an account
exists, so a typo is caught at registration rather than on a licence."""

from __future__ import annotations

from sanxiang.applicants.models import ApplicantKind
from sanxiang.disclosure.redaction.checks import is_resident_id
from sanxiang.organisations.codes import uscc_problem

ID_NUMBER_INVALID = "公民身份号码不正确：应为18位，出生日期有效且第18位校验码正确（GB 11643-1999）"


def normalise_identifier(value: str) -> str:
    return value.strip().upper()


def identifier_problem(kind: str, value: str) -> str | None:
    """A Chinese description of what is wrong with `value` for an applicant of `kind`, or None."""
    value = normalise_identifier(value)
    if kind == ApplicantKind.PERSON:
        return None if is_resident_id(value) else ID_NUMBER_INVALID
    return uscc_problem(value)
