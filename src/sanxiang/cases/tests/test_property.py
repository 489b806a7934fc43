"""Random action sequences by random people on random days never reach a penalty decision
without 告知 (处罚法 §44, §62), and every refusal leaves the case and the record untouched."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanxiang.cases.models import Case, Outcome, Procedure
from sanxiang.cases.states import CaseAction, CaseStatus, actions_from
from sanxiang.cases.tests.factories import ACTOR, TODAY, act, add_record, make_world, register
from sanxiang.core.errors import ApplicationError
from sanxiang.core.models import AuditEvent

ACTORS = ["officer", "assistant", "uncertified", "unit_head", "agency_head", "reviewer"]
# Each step picks among the actions the table offers from the current status (so sequences get
# deep into the procedure), sometimes any action at all, by the usual actor or by anyone.
step = st.tuples(
    st.integers(min_value=0, max_value=60),
    st.one_of(st.none(), st.sampled_from(ACTORS)),
    st.integers(min_value=0, max_value=4),
    st.booleans(),
)


@pytest.fixture
def world(db):
    return make_world()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=24))
def test_no_penalty_decision_without_notice(world, steps):
    case = register(world, assistant_ids=[world.assistant.officer.pk])
    today = TODAY
    for choice, who, advance, waive in steps:
        today += dt.timedelta(days=advance)
        offered = [a for a, _ in actions_from(CaseStatus(case.status))] + ["record"]
        pool = offered if choice < 50 else [*CaseAction, "record"]
        action = pool[choice % len(pool)]
        who = who or ACTOR.get(action, "officer")
        before = (
            Case.objects.get(pk=case.pk).status,
            case.steps.count(),
            AuditEvent.objects.count(),
        )
        try:
            if action == "record":
                add_record(world, case, today)
            elif action == CaseAction.RECEIVE_STATEMENT and waive:
                act(world, case, action, today, user=getattr(world, who), waived=True, statement="")
            else:
                act(world, case, action, today, user=getattr(world, who))
        except ApplicationError:
            after = (
                Case.objects.get(pk=case.pk).status,
                case.steps.count(),
                AuditEvent.objects.count(),
            )
            assert after == before  # a refusal writes nothing
        case.refresh_from_db()
        if case.outcome == Outcome.PENALISE:
            actions = list(case.steps.values_list("action", flat=True))
            decision = actions.index(
                "decide" if case.procedure == Procedure.GENERAL else "decide_on_site"
            )
            notice = "issue_notice" if case.procedure == Procedure.GENERAL else "apply_summary"
            assert notice in actions[:decision]
            assert case.notice_issued_on is not None
