"""电子送达 of a licence decision to an online applicant needs their 电子送达确认书 in force."""

from __future__ import annotations

import pytest

from sanxiang.applicants.services.accounts import consent_sign, consent_withdraw
from sanxiang.applicants.tests.factories import make_applicant
from sanxiang.applicants.tests.licence_walk import apply_online, assign
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY
from sanxiang.core.errors import RuleViolation
from sanxiang.licensing.tests.factories import examine, lact, licence_world

pytestmark = pytest.mark.django_db
A = CaseAction


def granted_online(world, user):
    case = assign(world, apply_online(world, user))
    case = lact(world, case, A.LICENCE_ACCEPT)
    examine(world, case)
    case = lact(world, case, A.LICENCE_SUBMIT_DECISION)
    return lact(world, case, A.LICENCE_GRANT)


def deliver_electronically(world, case):
    return lact(world, case, A.LICENCE_DELIVER, method="electronic", consent=True)


def test_electronic_delivery_refused_without_the_applicants_consent_even_if_ticked():
    world = licence_world()
    user = make_applicant()
    case = granted_online(world, user)
    with pytest.raises(RuleViolation) as err:
        deliver_electronically(world, case)
    assert err.value.code == "licence_electronic_service_consent"
    consent_sign(user=user)
    consent_withdraw(user=user)
    with pytest.raises(RuleViolation):
        deliver_electronically(world, case)


def test_electronic_delivery_allowed_under_a_consent_in_force():
    world = licence_world()
    user = make_applicant()
    case = granted_online(world, user)
    consent_sign(user=user)
    delivered = deliver_electronically(world, case)
    assert delivered.status == "licence_delivered"
    assert delivered.steps.last().content["method"] == "electronic"
    assert TODAY <= delivered.licences.get().delivered_on
