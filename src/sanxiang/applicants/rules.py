"""A guard rail the applicant portal adds to licence cases: 电子送达 only under a consent in force.

The licensing app's `licence_delivery` rule asks the officer to confirm consent; when the applicant
applied online, the platform knows whether that account has signed the 电子送达确认书 (and not
withdrawn it), so the confirmation must match the record rather than a ticked box.
"""

from __future__ import annotations

from sanxiang.applicants.services.accounts import consent_in_force
from sanxiang.cases.models import ServiceMethod
from sanxiang.cases.rules.base import RuleContext, rule
from sanxiang.cases.states import CaseAction

CITATION = "《中华人民共和国民事诉讼法》第九十条（经受送达人同意，可以电子方式送达）"
NO_CONSENT = "申请人未签署电子送达确认书或已撤回，不能电子送达，请采用其他送达方式"


@rule(
    "licence_electronic_service_consent",
    citation=CITATION,
    title="网上申请人须已签署有效的电子送达确认书，才能电子送达",
    actions={CaseAction.LICENCE_DELIVER},
    needs_payload=True,
    kinds=("licence",),
)
def electronic_service_consented(ctx: RuleContext) -> str | None:
    if ctx.payload.get("method") != ServiceMethod.ELECTRONIC:
        return None
    application = getattr(ctx.case, "licence_application", None)
    account = application.applicant_account if application is not None else None
    if account is None:
        return None  # a counter applicant signs a paper 确认书; licensing's rule asks for it
    return None if consent_in_force(account) is not None else NO_CONSENT
