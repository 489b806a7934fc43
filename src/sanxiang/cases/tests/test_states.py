"""The whole transition table, every (status, action) pair, allowed and refused."""

from __future__ import annotations

import itertools

import pytest

from sanxiang.cases.payloads import PAYLOADS
from sanxiang.cases.permissions import ACTION_ACTORS
from sanxiang.cases.states import (
    FINAL_STATUSES,
    INITIAL_STATUS,
    INITIAL_STATUSES,
    LIFECYCLES,
    TRANSITIONS,
    CaseAction,
    CaseStatus,
    InvalidTransition,
    next_status,
)

PAIRS = list(itertools.product(CaseStatus, CaseAction))


@pytest.mark.parametrize(
    ("status", "action"), PAIRS, ids=[f"{s.value}-{a.value}" for s, a in PAIRS]
)
def test_every_pair_is_allowed_exactly_when_the_table_lists_it(status, action):
    if (status, action) in TRANSITIONS:
        assert next_status(status, action) == TRANSITIONS[(status, action)]
    else:
        with pytest.raises(InvalidTransition) as err:
            next_status(status, action)
        assert status.label in err.value.message
        assert action.label in err.value.message


def test_unknown_values_are_refused_not_crashing():
    with pytest.raises(InvalidTransition):
        next_status("nonsense", CaseAction.DECIDE)
    with pytest.raises(InvalidTransition):
        next_status(CaseStatus.LEAD, "nonsense")


def test_every_action_has_a_payload_model_and_an_actor():
    # The licence and inspection apps register theirs (cases.extensions) when Django starts.
    assert set(PAYLOADS) == set(CaseAction)
    assert set(ACTION_ACTORS) == set(CaseAction)


def test_every_status_and_action_belongs_to_some_lifecycle():
    used_statuses = {
        s for table in LIFECYCLES.values() for pair in table.items() for s in (pair[0][0], pair[1])
    }
    used_actions = {a for table in LIFECYCLES.values() for (_, a) in table}
    assert used_statuses == set(CaseStatus)
    assert used_actions == set(CaseAction)


@pytest.mark.parametrize("kind", sorted(LIFECYCLES))
def test_every_status_is_reachable_and_can_reach_the_archive(kind):
    table = LIFECYCLES[kind]
    used = {src for src, _ in table} | set(table.values())
    reachable = {INITIAL_STATUSES[kind]}
    frontier = [INITIAL_STATUSES[kind]]
    while frontier:
        status = frontier.pop()
        for (src, _), dst in table.items():
            if src == status and dst not in reachable:
                reachable.add(dst)
                frontier.append(dst)
    assert reachable == used
    can_finish = set(FINAL_STATUSES)
    changed = True
    while changed:
        changed = False
        for (src, _), dst in table.items():
            if dst in can_finish and src not in can_finish:
                can_finish.add(src)
                changed = True
    assert can_finish == used


def test_a_licence_action_is_refused_on_a_penalty_case_and_back():
    with pytest.raises(InvalidTransition):
        next_status(CaseStatus.PENDING_DECISION, CaseAction.LICENCE_GRANT)
    with pytest.raises(InvalidTransition):
        next_status(CaseStatus.PENDING_DECISION, CaseAction.DECIDE, "licence")
    assert next_status(CaseStatus.PENDING_DECISION, CaseAction.LICENCE_GRANT, "licence") == (
        CaseStatus.LICENCE_GRANTED
    )


def test_a_decision_is_reachable_only_through_a_notice_or_the_summary_path():
    """Graph form of 处罚法 §44/§62: remove the 告知 statuses and DECIDED is unreachable."""
    notice = {CaseStatus.NOTIFIED, CaseStatus.SUMMARY_NOTIFIED}
    reachable = {INITIAL_STATUS}
    frontier = [INITIAL_STATUS]
    while frontier:
        status = frontier.pop()
        for (src, _), dst in TRANSITIONS.items():
            if src == status and dst not in reachable and dst not in notice:
                reachable.add(dst)
                frontier.append(dst)
    assert CaseStatus.DECIDED not in reachable
