"""Consent to 电子送达 that the platform knows of, besides an uploaded 送达地址确认书 (处罚法 §61 ②).

An app above cases (the applicant portal) knows when the party of a case signed an 电子送达确认书
online. It registers a provider from its AppConfig.ready (through `cases.extensions`), so the
service rules and handlers can rely on that consent without cases importing the app. A provider
answers for one case and one service day with a short description of the consent in force — what
the 送达回证 and the step record cite — or None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sanxiang.cases.models import Case, ServiceMethod

ConsentProvider = Callable[[Case, dt.date], str | None]
CONSENT_PROVIDERS: list[ConsentProvider] = []
CONSENT_NOTE = "电子送达依据："


def consent_provider_register(provider: ConsentProvider) -> None:
    """Add `provider` (idempotent: AppConfig.ready may run more than once in tests)."""
    if provider not in CONSENT_PROVIDERS:
        CONSENT_PROVIDERS.append(provider)


def platform_consent_on(case: Case, on: dt.date) -> str | None:
    """The first registered consent in force for the party of `case` on day `on`, described."""
    for provider in CONSENT_PROVIDERS:
        found = provider(case, on)
        if found:
            return found
    return None


def consent_relied_on(case: Case, method: str, on: dt.date) -> str:
    """What an electronic service without an uploaded 确认书 relies on ("" for other methods)."""
    if method != ServiceMethod.ELECTRONIC:
        return ""
    return platform_consent_on(case, on) or ""


def consent_note(relied_on: str) -> str:
    """The 送达回证's 送达情况说明 for a service relying on `relied_on` ("" when none)."""
    return f"{CONSENT_NOTE}{relied_on}" if relied_on else ""
