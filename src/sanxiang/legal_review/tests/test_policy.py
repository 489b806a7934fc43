"""The agency's 法制审核办法 (ReviewPolicy): who sets it, what it accepts, and the 送审材料 it
requires per 事项 category, through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

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
POLICY_URL = "/legal-review/policy/"
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


# The page ----------------------------------------------------------------------------------------


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def form(time_limit="10", extension="2", **materials):
    data = {"time_limit_days": time_limit, "extension_days": extension}
    for category, codes in materials.items():
        data[f"custom_{category}"] = "1"
        data[f"materials_{category}"] = codes
    return data


def test_policy_page_shows_the_default_then_saves_through_the_service(world):
    client = client_for(world.agency_head)
    html = client.get(POLICY_URL).content.decode()
    assert "默认值" in html
    assert 'name="time_limit_days" value="7"' in html
    response = client.post(POLICY_URL, form(penalty=["notice", "draft_decision"]))
    assert response.status_code == 302
    saved = policy_of(world.agency)
    assert (saved.time_limit_days, saved.extension_days) == (10, 2)
    assert saved.required_materials == {"penalty": ["notice", "draft_decision"]}
    html = client.get(response["Location"]).content.decode()
    assert "法制审核办法已保存" in html
    assert 'name="custom_penalty" value="1" checked' in html
    assert AuditEvent.objects.filter(event=PolicyEvent.SET).count() == 1


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (form(time_limit="31"), "1至30个工作日"),
        (form(time_limit="abc"), "审核期限（工作日）"),
        (form(time_limit=""), "审核期限（工作日）"),
        (form(penalty=["notice", "<script>"]), "不是送审材料"),
        ({}, "审核期限（工作日）"),
    ],
)
def test_policy_page_shows_the_refusal_and_keeps_the_input(world, data, words):
    response = client_for(world.agency_head).post(POLICY_URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert words in html
    assert "<script>" not in html.split('id="policy-error"')[1].split("</div>")[0]
    if data.get("time_limit_days") == "31":
        assert 'value="31"' in html
    assert not ReviewPolicy.objects.exists()


def test_policy_page_is_not_found_for_those_who_may_not_set_it(world):
    supervisor = user_with_role(Role.SUPERVISOR, SupervisoryAgencyFactory())
    for user in (world.officer, world.reviewer, world.unit_head, supervisor):
        client = client_for(user)
        assert client.get(POLICY_URL).status_code == 404
        assert client.post(POLICY_URL, form()).status_code == 404
    assert not ReviewPolicy.objects.exists()


def test_policy_page_never_sets_another_agencys_policy(world):
    elsewhere = make_world("另一局")
    data = {**form(), "agency": str(world.agency.pk)}
    assert client_for(elsewhere.agency_head).post(POLICY_URL, data).status_code == 302
    assert not ReviewPolicy.objects.filter(agency=world.agency).exists()
    assert policy_of(elsewhere.agency).time_limit_days == 10
