"""case_party_transition's refusals: only registered party actions, only one's own matter."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from sanxiang.cases.services import case_party_transition
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import make_world, register
from sanxiang.core.errors import Forbidden, NotFound

pytestmark = pytest.mark.django_db


def test_an_officer_only_action_is_refused_to_a_party():
    world = make_world()
    case = register(world)
    with pytest.raises(Forbidden) as err:
        case_party_transition(
            user=world.officer, case_id=case.pk, action=CaseAction.DECIDE, payload={}
        )
    assert err.value.code == "not_a_party_action"
    assert case.steps.count() == 1


@pytest.mark.parametrize("case_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", 42])
def test_a_malformed_or_unknown_case_is_not_found(case_id):
    world = make_world()
    with pytest.raises(NotFound):
        case_party_transition(
            user=world.officer,
            case_id=case_id,
            action=CaseAction.LICENCE_WITHDRAW,
            payload={},
        )


def test_anonymous_is_not_found():
    world = make_world()
    case = register(world)
    with pytest.raises(NotFound):
        case_party_transition(
            user=AnonymousUser(), case_id=case.pk, action=CaseAction.LICENCE_WITHDRAW, payload={}
        )
