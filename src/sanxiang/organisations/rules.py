"""Guard rails on who may be given enforcement work (处罚法 §42, 强制法 §17-18)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sanxiang.core.errors import RuleViolation
from sanxiang.organisations.models import Certificate, Officer

CITATION_CERTIFIED = "《行政处罚法》第四十二条、《行政强制法》第十七条"
CITATION_TWO_OFFICERS = "《行政处罚法》第四十二条、《行政强制法》第十八条"

NO_VALID_CERTIFICATE = "{name}没有{day}有效的“{field}”类执法证，不得从事执法工作（{citation}）。"
FEWER_THAN_TWO = "执法人员不得少于两人（{citation}），当前具备有效执法证的仅 {count} 人。"


def valid_certificate(officer: Officer, field_code: str, on: dt.date) -> Certificate | None:
    """The officer's certificate that covers `field_code` on `on`, if any (active, in date)."""
    for cert in officer.certificates.all():
        if cert.is_valid_on(on) and any(f.code == field_code for f in cert.fields.all()):
            return cert
    return None


def require_certified(
    officer: Officer, *, field_code: str, field_name: str, on: dt.date
) -> Certificate:
    """Raises: RuleViolation naming 处罚法 §42 / 强制法 §17 when the officer lacks a valid certificate."""
    cert = valid_certificate(officer, field_code, on)
    if cert is None:
        raise RuleViolation(
            NO_VALID_CERTIFICATE.format(
                name=officer.name, day=on.isoformat(), field=field_name, citation=CITATION_CERTIFIED
            ),
            code="certificate_invalid",
            citation=CITATION_CERTIFIED,
        )
    return cert


def require_enforcement_team(
    officers: Iterable[Officer], *, field_code: str, field_name: str, on: dt.date
) -> None:
    """At least two officers, each with a valid certificate for the field on the day.

    Raises: RuleViolation naming the first uncertified officer, or the two-officer rule.
    """
    team = list(officers)
    for officer in team:
        require_certified(officer, field_code=field_code, field_name=field_name, on=on)
    distinct = {o.pk for o in team}
    if len(distinct) < 2:
        raise RuleViolation(
            FEWER_THAN_TWO.format(citation=CITATION_TWO_OFFICERS, count=len(distinct)),
            code="too_few_officers",
            citation=CITATION_TWO_OFFICERS,
        )
