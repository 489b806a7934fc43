"""The party's 电子送达确认书 signed online, offered to the penalty service rules (处罚法 §61 ②).

When the party of a penalty case claimed it with a 网上办理码 (PartyLink) and the account's
电子送达确认书 is in force on the service day, the officer may serve electronically without
uploading a paper 送达地址确认书. Registered with `cases.extensions.consent_provider_register`
from the AppConfig, so cases never imports this app.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from sanxiang.applicants.models import ElectronicServiceConsent, PartyLink
from sanxiang.cases.models import Case

RELIED_ON = (
    "当事人（{signer}）于{signed}在网上办理平台签署的电子送达确认书（文本版本{version}，编号{pk}）"
)


def in_force_on_q(on: dt.date) -> Q:
    """Consents in force on a day: signed on or before it, and not withdrawn that day or earlier
    (a withdrawal takes effect on its own day: a document served that day is not covered)."""
    return Q(signed_on__lte=on) & (Q(withdrawn_at__isnull=True) | Q(withdrawn_at__date__gt=on))


def consent_in_force_on(case: Case, on: dt.date) -> ElectronicServiceConsent | None:
    """The earliest-signed consent of an account linked to `case` that is in force on `on`."""
    accounts = PartyLink.objects.filter(case=case).values("account_id")
    return (
        ElectronicServiceConsent.objects.filter(in_force_on_q(on), account_id__in=accounts)
        .order_by("signed_at")
        .first()
    )


def describe(consent: ElectronicServiceConsent) -> str:
    signed = consent.signed_on
    return RELIED_ON.format(
        signer=consent.signer_name,
        signed=f"{signed.year}年{signed.month}月{signed.day}日",
        version=consent.text_version,
        pk=consent.pk,
    )


def party_consent_on(case: Case, on: dt.date) -> str | None:
    """The consent provider: what the 送达回证 cites, or None when no consent covers the day."""
    consent = consent_in_force_on(case, on)
    return describe(consent) if consent is not None else None
