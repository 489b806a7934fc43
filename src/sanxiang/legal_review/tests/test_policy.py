"""The agency's 法制审核办法 (ReviewPolicy): who sets it, what it accepts, and the 送审材料 it
requires per 事项 category, through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY, act, make_world, register
from sanxiang.cases.tests.walks import checked, publish
from sanxiang.catalog.tests.factories import item_row, law_with_articles
from sanxiang.core.errors import Forbidden, NotFound, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry
from sanxiang.legal_review.models import ReviewPolicy, ReviewSubmission
from sanxiang.legal_review.selectors import case_category, policy_of
from sanxiang.legal_review.services import materials_of, review_submit
from sanxiang.legal_review.services_policy import PolicyEvent, review_policy_set
from sanxiang.legal_review.tests.walks import qualify
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import SupervisoryAgencyFactory, user_with_role

A = CaseAction
pytestmark = pytest.mark.django_db
ALL_BUT_STATEMENT = ["investigation_report", "notice", "discretion", "evidence", "draft_decision"]


@pytest.fixture
def world():
    world = make_world()
    qualify(world.reviewer)
    return world


def policy(time_limit=7, extension=3, **materials):
    return {
        "time_limit_days": time_limit,
        "extension_days": extension,
        "required_materials": materials,
    }


def without_statement(world):
    """A case sent to 法制审核 right after the 告知: no 陈述申辩 record yet."""
    return act(world, act(world, checked(world), A.ISSUE_NOTICE), A.SUBMIT_LEGAL_REVIEW)


# Defaults and who sets it --------------------------------------------------------------------


def test_policy_of_an_agency_without_one_is_an_unsaved_default_of_7_plus_3(world):
    default = policy_of(world.agency)
    assert (default.time_limit_days, default.extension_days) == (7, 3)
    assert default.required_materials == {}
    assert default._state.adding
    assert not ReviewPolicy.objects.exists()


def test_agency_head_sets_the_policy_audited_and_ledgered(world):
    saved = review_policy_set(
        user=world.agency_head,
        agency_id=world.agency.pk,
        payload=policy(10, 5, penalty=["draft_decision", "investigation_report", "notice"]),
    )
    assert policy_of(world.agency).pk == saved.pk
    assert (saved.time_limit_days, saved.extension_days) == (10, 5)
    # Stored in checklist order, whatever order was submitted.
    assert saved.required_materials == {
        "penalty": ["investigation_report", "notice", "draft_decision"]
    }
    event = AuditEvent.objects.get(event=PolicyEvent.SET)
    assert not event.old
    assert event.new["time_limit_days"] == 10
    assert LedgerEntry.objects.filter(kind=PolicyEvent.SET.value).count() == 1

    review_policy_set(user=world.agency_head, agency_id=world.agency.pk, payload=policy(8, 2))
    assert ReviewPolicy.objects.count() == 1
    second = AuditEvent.objects.filter(event=PolicyEvent.SET).order_by("-occurred_at").first()
    assert second is not None
    assert second.old["time_limit_days"] == 10
    assert second.new["required_materials"] == {}


def test_the_agencys_system_admin_sets_the_policy(world):
    admin = user_with_role(Role.SYSTEM_ADMIN, world.agency)
    saved = review_policy_set(user=admin, agency_id=world.agency.pk, payload=policy(5, 0))
    assert saved.time_limit_days == 5


@pytest.mark.parametrize("who", ["officer", "unit_head", "reviewer"])
def test_policy_set_refused_when_not_head_or_system_admin(world, who):
    with pytest.raises(Forbidden) as err:
        review_policy_set(user=getattr(world, who), agency_id=world.agency.pk, payload=policy())
    assert err.value.code == "review_policy_not_permitted"
    assert not ReviewPolicy.objects.exists()


def test_policy_set_for_another_agency_is_not_found(world):
    elsewhere = make_world("另一局")
    with pytest.raises(NotFound):
        review_policy_set(user=elsewhere.agency_head, agency_id=world.agency.pk, payload=policy())
    supervisor = user_with_role(Role.SUPERVISOR, SupervisoryAgencyFactory())
    world.agency.supervising_agency = supervisor.role_assignments.get().agency
    world.agency.save()
    with pytest.raises(NotFound):  # the 司法局 watches; it does not set an agency's rules
        review_policy_set(user=supervisor, agency_id=world.agency.pk, payload=policy())
    with pytest.raises(NotFound):
        review_policy_set(user=world.agency_head, agency_id="not-a-uuid", payload=policy())
    assert not ReviewPolicy.objects.exists()


@pytest.mark.parametrize(
    ("payload", "code", "words"),
    [
        (policy(0), "review_policy_time_limit_out_of_range", "1至30个工作日"),
        (policy(31), "review_policy_time_limit_out_of_range", "1至30个工作日"),
        (policy(7, 16), "review_policy_extension_out_of_range", "0至15个工作日"),
        (policy(7, -1), "review_policy_extension_out_of_range", "0至15个工作日"),
        (policy(penalties=["notice"]), "review_policy_category_unknown", "不是执法事项类别"),
        (policy(penalty=["notice", "photos"]), "review_policy_material_unknown", "“photos”"),
    ],
)
def test_policy_set_refused_with_a_clear_error_when_out_of_range_or_unknown(
    world, payload, code, words
):
    with pytest.raises(ValidationFailed) as err:
        review_policy_set(user=world.agency_head, agency_id=world.agency.pk, payload=payload)
    assert err.value.code == code
    assert words in err.value.message
    assert not ReviewPolicy.objects.exists()
    assert not AuditEvent.objects.filter(event=PolicyEvent.SET).exists()


def test_policy_set_refused_when_fields_are_missing_or_not_numbers(world):
    with pytest.raises(ValidationFailed) as err:
        review_policy_set(
            user=world.agency_head,
            agency_id=world.agency.pk,
            payload={"time_limit_days": "七", "extension_days": 3},
        )
    assert "审核期限（工作日）" in err.value.message


# 送审材料 per 事项 category ----------------------------------------------------------------------


def test_fewer_required_materials_let_through_a_case_the_default_refuses(world):
    other = make_world("另一局")
    qualify(other.reviewer, "A20201100000008")
    refused = without_statement(other)  # the default: every applicable material
    with pytest.raises(ValidationFailed) as err:
        review_submit(user=other.officer, case_id=refused.pk, today=TODAY)
    assert err.value.code == "review_materials_missing"
    assert err.value.extra["missing"] == ["statement"]

    review_policy_set(
        user=world.agency_head,
        agency_id=world.agency.pk,
        payload=policy(penalty=ALL_BUT_STATEMENT),
    )
    case = without_statement(world)
    submission = review_submit(user=world.officer, case_id=case.pk, today=TODAY)
    statement = next(m for m in submission.materials if m["code"] == "statement")
    assert (statement["required"], statement["found"]) == (False, False)


def test_a_policy_requiring_a_material_refuses_what_another_policy_lets_through(world):
    lenient = make_world("另一局")
    qualify(lenient.reviewer, "A20201100000008")
    review_policy_set(
        user=lenient.agency_head,
        agency_id=lenient.agency.pk,
        payload=policy(penalty=["investigation_report", "draft_decision"]),
    )
    review_policy_set(
        user=world.agency_head,
        agency_id=world.agency.pk,
        payload=policy(penalty=["statement", "draft_decision"]),
    )
    assert (
        review_submit(
            user=lenient.officer, case_id=without_statement(lenient).pk, today=TODAY
        ).version
        == 1
    )
    case = without_statement(world)
    with pytest.raises(ValidationFailed) as err:
        review_submit(user=world.officer, case_id=case.pk, today=TODAY)
    assert err.value.extra["missing"] == ["statement"]
    assert "陈述申辩记录" in err.value.message
    assert not ReviewSubmission.objects.filter(case=case).exists()


def test_a_policy_for_another_category_leaves_penalty_cases_at_the_default(world):
    review_policy_set(
        user=world.agency_head,
        agency_id=world.agency.pk,
        payload=policy(licence=["draft_decision"]),
    )
    case = without_statement(world)
    assert case_category(case) == "penalty"
    required = [m["code"] for m in materials_of(case, TODAY) if m["required"]]
    assert required == ["investigation_report", "notice", "statement", "evidence", "draft_decision"]


def test_the_category_is_read_from_the_cases_catalog_item(world):
    law_with_articles()
    publish(world, "item", [item_row("QZ-01", category="行政强制")])
    review_policy_set(
        user=world.agency_head,
        agency_id=world.agency.pk,
        payload=policy(coercion=["evidence"], penalty=ALL_BUT_STATEMENT),
    )
    case = register(world, item_code="QZ-01")
    assert case_category(case) == "coercion"
    required = [m["code"] for m in materials_of(case, TODAY) if m["required"]]
    assert required == ["evidence"]


def test_a_routed_case_keeps_its_fine_in_the_draft_under_any_policy(world):
    # The policy changes what must be attached, never what is frozen for the review.
    review_policy_set(user=world.agency_head, agency_id=world.agency.pk, payload=policy(penalty=[]))
    case = act(world, checked(world), A.ISSUE_NOTICE, fine=Decimal("4000"))
    case = act(world, case, A.SUBMIT_LEGAL_REVIEW)
    submission = review_submit(user=world.officer, case_id=case.pk, today=TODAY)
    assert submission.draft["fine"] == "4000.00"
    assert not any(m["required"] for m in submission.materials)
