"""The case actions 事后公开 reacts to (registered on import by DisclosureConfig.ready)."""

from __future__ import annotations

from sanxiang.cases.services.hooks import StepTaken, after_action
from sanxiang.cases.states import CaseAction
from sanxiang.disclosure.services import (
    disclosure_draft_for_case,
    disclosure_draft_for_measure,
    disclosure_party_informed,
)

A = CaseAction


@after_action({A.DECIDE, A.DECIDE_NO_PENALTY, A.DECIDE_ON_SITE})
def draft_on_decision(taken: StepTaken) -> None:
    disclosure_draft_for_case(case=taken.case, user=taken.user, on=taken.today)
    if taken.action == A.DECIDE_ON_SITE:  # 当场交付: served with the decision
        disclosure_party_informed(case=taken.case, user=taken.user, on=taken.today)


@after_action({A.SERVE})
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
