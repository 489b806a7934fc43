"""The case actions 事后公开 reacts to (registered on import by DisclosureConfig.ready)."""

from __future__ import annotations

from sanxiang.cases.services.hooks import StepTaken, after_action
from sanxiang.cases.states import CaseAction
from sanxiang.disclosure.services import (
    disclosure_draft_for_case,
    disclosure_draft_for_measure,
    disclosure_party_informed,
)
from sanxiang.disclosure.services_draft_kinds import (
    disclosure_draft_for_inspection,
    disclosure_draft_for_licence,
    disclosure_follow_licence,
)
from sanxiang.licensing.hooks import LicenceChanged, on_licence_changed

A = CaseAction


@after_action({A.DECIDE, A.DECIDE_NO_PENALTY, A.DECIDE_ON_SITE})
def draft_on_decision(taken: StepTaken) -> None:
    disclosure_draft_for_case(case=taken.case, user=taken.user, on=taken.today)
    if taken.action == A.DECIDE_ON_SITE:  # 当场交付: served with the decision
        disclosure_party_informed(case=taken.case, user=taken.user, on=taken.today)


@after_action({A.LICENCE_GRANT, A.LICENCE_DENY})
def draft_on_licence_decision(taken: StepTaken) -> None:
    granted = taken.action == A.LICENCE_GRANT
    disclosure_draft_for_licence(case=taken.case, user=taken.user, on=taken.today, granted=granted)


@after_action(
    {A.INSPECTION_PASS, A.INSPECTION_RECHECK, A.INSPECTION_TRANSFER, A.INSPECTION_NOT_FOUND}
)
def draft_on_inspection_result(taken: StepTaken) -> None:
    disclosure_draft_for_inspection(case=taken.case, user=taken.user, on=taken.today)


@on_licence_changed
def follow_licence(change: LicenceChanged) -> None:
    """A licence changed, renewed, revoked, cancelled or expired: its 公示 follows (§40)."""
    licence = change.licence
    successor = licence.successors.order_by("-issued_on").first()
    disclosure_follow_licence(
        case=licence.case,
        event=str(change.event),
        reason=licence.end_reason,
        successor=successor.number if successor is not None else "",
        user=change.user,
        on=change.today,
    )


@after_action({A.SERVE, A.LICENCE_DELIVER})
def party_informed_on_service(taken: StepTaken) -> None:
    disclosure_party_informed(case=taken.case, user=taken.user, on=taken.today)


@after_action({"measure_apply", "measure_approve"})
def draft_on_measure(taken: StepTaken) -> None:
    """A 查封/扣押 decided (approved beforehand, or approved afterwards in an emergency)."""
    measure = taken.case.measures.filter(pk=taken.step.content.get("measure")).first()
    if measure is not None:
        disclosure_draft_for_measure(
            case=taken.case, measure=measure, user=taken.user, on=taken.today
        )
