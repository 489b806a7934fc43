"""事后公开 lifecycle: draft → reviewed → published → corrected / withdrawn / expired; withheld.

A decision creates its draft in the decision's own transaction (`hooks`, services_draft). The
公示管理员 adjusts the redaction, reviews and publishes (services_review); corrections add a
version and keep the old one with the reason, withdrawal (处罚法 §48) takes it off the portal
with a public reason, the worker ends the display period (services_published). Every step is one
transaction with its audit event and ledger entry.
"""

from sanxiang.disclosure.services_common import DisclosureEvent, content_sha256, policy_of
from sanxiang.disclosure.services_draft import (
    disclosure_draft_for_case,
    disclosure_draft_for_measure,
    disclosure_party_informed,
)
from sanxiang.disclosure.services_policy import disclosure_policy_update
from sanxiang.disclosure.services_published import (
    disclosure_correct,
    disclosure_withdraw,
    disclosures_expire,
)
from sanxiang.disclosure.services_review import (
    disclosure_publish,
    disclosure_redaction_update,
    disclosure_review,
    disclosure_withhold,
    display_until,
)

__all__ = [
    "DisclosureEvent",
    "content_sha256",
    "disclosure_correct",
    "disclosure_draft_for_case",
    "disclosure_draft_for_measure",
    "disclosure_party_informed",
    "disclosure_policy_update",
    "disclosure_publish",
    "disclosure_redaction_update",
    "disclosure_review",
    "disclosure_withdraw",
    "disclosure_withhold",
    "disclosures_expire",
    "display_until",
    "policy_of",
]
