"""Put the 行政许可 actions on the shared case engine (called once from AppConfig.ready).

For each LICENCE_* action: the payload model, who may take it (cases.permissions roles), the
handler. Decisions are the 机关负责人's (许可法 §38); acceptance, 补正告知 and 不予受理 the
receiving officer's (窗口受理人) or the unit head's. The applicant's own login may submit a 补正
and withdraw (cases.services.party).
"""

from __future__ import annotations

from typing import Any

from sanxiang.cases.extensions import action_register, shared_action_handler
from sanxiang.cases.models import Case
from sanxiang.cases.payloads import Payload
from sanxiang.cases.permissions import ASSIGNED
from sanxiang.cases.services.handlers import Handler, HandlerContext
from sanxiang.cases.services.party import party_action_register
from sanxiang.cases.states import CaseAction
from sanxiang.licensing import handlers as h
from sanxiang.licensing import payloads as p
from sanxiang.licensing.review import licence_major_refresh
from sanxiang.organisations.models import Role

A = CaseAction
OFFICER_OR_HEAD = (ASSIGNED, Role.UNIT_HEAD)

ACTIONS: dict[str, tuple[type[Payload], tuple[str, ...], Handler | None]] = {
    A.LICENCE_ACCEPT: (p.AcceptPayload, OFFICER_OR_HEAD, h.licence_accept),
    A.LICENCE_REQUEST_CORRECTION: (
        p.CorrectionRequestPayload,
        OFFICER_OR_HEAD,
        h.licence_request_correction,
    ),
    A.LICENCE_SUBMIT_CORRECTION: (
        p.CorrectionAnswerPayload,
        (ASSIGNED,),
        h.licence_submit_correction,
    ),
    A.LICENCE_REFUSE: (p.RefusePayload, OFFICER_OR_HEAD, h.licence_refuse),
    A.LICENCE_WITHDRAW: (p.WithdrawPayload, (ASSIGNED,), h.licence_withdraw),
    A.LICENCE_HOLD_HEARING: (p.HoldHearingPayload, OFFICER_OR_HEAD, h.licence_hold_hearing),
    A.LICENCE_CONCLUDE_HEARING: (
        p.ConcludeHearingPayload,
        OFFICER_OR_HEAD,
        h.licence_conclude_hearing,
    ),
    A.LICENCE_SUBMIT_DECISION: (p.SubmitDecisionPayload, (ASSIGNED,), None),
    A.LICENCE_GRANT: (p.GrantPayload, (Role.AGENCY_HEAD,), h.licence_grant),
    A.LICENCE_DENY: (p.DenyPayload, (Role.AGENCY_HEAD,), h.licence_deny),
    A.LICENCE_DELIVER: (p.DeliverPayload, (ASSIGNED,), h.licence_deliver),
}


def _to_decision(case: Case, data: Any, ctx: HandlerContext) -> dict[str, Any]:
    """提请决定 on a licence case: record which 目录清单 rows route it to 法制审核."""
    grounds = licence_major_refresh(case, ctx.today)
    content: dict[str, Any] = data.model_dump(
        mode="json", exclude={"evidence_ids", "av_absence_reason"}
    )
    return {**content, "is_major": case.is_major, "major_grounds": grounds}


def _to_review(case: Case, data: Any, ctx: HandlerContext) -> dict[str, Any]:
    # Also from 待决定 when an approval went stale: the case has not passed the review it enters.
    case.legal_review_passed = False
    return _to_decision(case, data, ctx)


def is_the_applicant(user: Any, case: Case) -> bool:
    """The applicant's own login of this application (online applications only)."""
    if case.kind != "licence" or not getattr(user, "is_authenticated", False):
        return False
    application = getattr(case, "licence_application", None)
    return application is not None and application.applicant_account_id == user.pk


def register() -> None:
    for action, (payload, actors, handler) in ACTIONS.items():
        action_register(action, payload=payload, actors=actors, handler=handler or _to_decision)
    shared_action_handler("licence", A.SUBMIT_LEGAL_REVIEW, _to_review)
    for action in (A.LICENCE_SUBMIT_CORRECTION, A.LICENCE_WITHDRAW):
        party_action_register(action, is_the_applicant)
    # The guard rails join the cases rule registry on import.
    from sanxiang.licensing import rules  # noqa: F401
