"""Hooks other apps attach to case actions run in the step's transaction: all or nothing."""

from __future__ import annotations

import pytest

from sanxiang.cases.models import Case
from sanxiang.cases.services import hooks
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import act, make_world
from sanxiang.cases.tests.walks import checked
from sanxiang.core.models import AuditEvent

A = CaseAction


class HookFailed(Exception):
    pass


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def registered(monkeypatch):
    """Register hooks on a copy of the registry, restored after the test."""
    monkeypatch.setattr(hooks, "HOOKS", {k: list(v) for k, v in hooks.HOOKS.items()})
    return hooks.after_action


def test_hook_sees_the_step_just_taken(world, registered):
    seen = []

    @registered({A.ISSUE_NOTICE})
    def note(taken):
        seen.append((taken.action, taken.case.status, taken.step.action, taken.today))

    case = act(world, checked(world), A.ISSUE_NOTICE)
    assert seen == [(A.ISSUE_NOTICE.value, CaseStatus.NOTIFIED, A.ISSUE_NOTICE.value, seen[0][3])]
    assert case.status == CaseStatus.NOTIFIED


def test_a_failing_hook_undoes_the_step_its_audit_and_its_ledger_entry(world, registered):
    @registered({A.ISSUE_NOTICE})
    def explode(taken):
        raise HookFailed("下游处理失败")

    case = checked(world)
    events_before = AuditEvent.objects.count()
    with pytest.raises(HookFailed):
        act(world, case, A.ISSUE_NOTICE)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == CaseStatus.CASE_CHECK
    assert not fresh.steps.filter(action=A.ISSUE_NOTICE).exists()
    assert AuditEvent.objects.count() == events_before


def test_registering_the_same_function_twice_runs_it_once(world, registered):
    calls = []

    def once(taken):
        calls.append(taken.action)

    registered({A.ISSUE_NOTICE})(once)
    registered({A.ISSUE_NOTICE})(once)
    act(world, checked(world), A.ISSUE_NOTICE)
    assert calls == [A.ISSUE_NOTICE.value]
