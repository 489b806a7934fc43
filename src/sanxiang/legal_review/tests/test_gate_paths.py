"""The 法制审核 gate through every path (处罚法 §58; issue 6 "Done when"): the services, the cases and
documents JSON APIs, the pages, the (absent) Django admin, document generation, 送达, a stale
approval and its resubmission, and a handler who can never review their own case."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from sanxiang.accounts.services import api_token_create
from sanxiang.cases.models import Case, CaseStep
from sanxiang.cases.services import case_transition
from sanxiang.cases.services.recusal import case_officer_assign
from sanxiang.cases.states import CaseAction, CaseStatus, InvalidTransition
from sanxiang.cases.tests.factories import TODAY, act, make_world, payload_for
from sanxiang.cases.tests.test_views import ensure_calendar_years
from sanxiang.cases.tests.walks import decided, publish
from sanxiang.core.errors import Forbidden, RuleViolation
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.models import Document
from sanxiang.documents.services import document_generate
from sanxiang.legal_review.models import ReviewOpinion, ReviewSubmission
from sanxiang.legal_review.services import review_assign, review_submit
from sanxiang.legal_review.tests.walks import (
    MAJOR_FINE_RULES,
    at_statement,
    opine,
    pass_review,
    pass_review_as,
    qualify,
    routed_to_review,
    submit_and_assign,
)
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import grant

A = CaseAction
S = CaseStatus
K = DocumentKind
pytestmark = pytest.mark.django_db
CITATION = "《行政处罚法》第五十八条"


@pytest.fixture(autouse=True)
def document_keys(settings, tmp_path) -> Path:
    settings.SANXIANG_DOCUMENT_KEY_DIR = tmp_path / "document-keys"
    return tmp_path / "document-keys"


@pytest.fixture
def world():
    today = timezone.localdate()
    ensure_calendar_years(today.year, today.year + 1)
    world = make_world()
    publish(world, "major_decision", MAJOR_FINE_RULES)
    return world


def approved(world, today=TODAY) -> Case:
    """A routed case through review to 待决定, every step on `today`."""
    case = routed_to_review(world, today=today)
    return pass_review_as(
        case, submitter=world.officer, head=world.agency_head, reviewer=world.reviewer, today=today
    )


def decided_after_review(world, today=TODAY) -> Case:
    return act(world, approved(world, today), A.DECIDE, today, fine=Decimal("6000"))


def snapshot(case: Case) -> tuple:
    case.refresh_from_db()
    return (
        case.status,
        case.legal_review_passed,
        case.steps.count(),
        Document.objects.filter(case=case).count(),
        ReviewOpinion.objects.filter(submission__case=case).count(),
    )


class Api:
    """One user's Bearer token against /api/v1/."""

    def __init__(self, client, user):
        _, secret = api_token_create(user=user, name="手机执法终端")
        self.client = client
        self.headers = {"Authorization": f"Bearer {secret}"}

    def post(self, path, body):
        return self.client.post(
            f"/api/v1/{path}",
            json.dumps(body, default=str),
            content_type="application/json",
            headers=self.headers,
        )


# (a) entering 决定 -------------------------------------------------------------------------------


def test_article_58_major_case_cannot_be_decided_unreviewed_through_the_service(world):
    major = at_statement(world)
    assert major.is_major
    with pytest.raises(RuleViolation) as err:
        act(world, major, A.SUBMIT_FOR_DECISION)
    assert err.value.code == "legal_review_gate"
    # Marked major only once at 待决定 (a late correction of the record): still no decision.
    minor = act(world, at_statement(world, "3000"), A.SUBMIT_FOR_DECISION)
    assert not minor.is_major
    Case.objects.filter(pk=minor.pk).update(is_major=True)
    before = snapshot(minor)
    with pytest.raises(RuleViolation) as err:
        act(world, minor, A.DECIDE)
    assert err.value.code == "legal_review_gate"
    assert err.value.citation == CITATION
    assert snapshot(minor) == before


def test_article_58_cases_api_decide_refused_with_a_stable_code_and_nothing_written(client, world):
    today = timezone.localdate()
    case = approved(world, today)
    Case.objects.filter(pk=case.pk).update(facts="当事人销售超过保质期的食品20件")  # draft changed
    before = snapshot(case)
    body = payload_for(A.DECIDE, today, fine=Decimal("6000"))
    response = Api(client, world.agency_head).post(f"cases/{case.pk}/actions/decide", body)
    assert response.status_code == 409
    out = response.json()
    assert out["code"] == "review_stale"
    assert out["citation"] == CITATION
    assert "第1次送审稿" in out["message"]
    assert snapshot(case) == before

    # Unreviewed and major: the cases rule's own code.
    minor = act(world, at_statement(world, "3000", today), A.SUBMIT_FOR_DECISION, today)
    Case.objects.filter(pk=minor.pk).update(is_major=True)
    body = payload_for(A.DECIDE, today, fine=Decimal("3000"))
    response = Api(client, world.agency_head).post(f"cases/{minor.pk}/actions/decide", body)
    assert response.status_code == 409
    assert response.json()["code"] == "legal_review_gate"
    minor.refresh_from_db()
    assert minor.status == S.PENDING_DECISION


# (b) the 决定书 ------------------------------------------------------------------------------------


def test_article_58_decision_document_generated_only_with_an_accepted_review(world):
    case = decided_after_review(world)
    doc = document_generate(
        user=world.officer, case_id=case.pk, kind=K.PENALTY_DECISION, today=TODAY
    )
    assert doc.number == case.decision_number

    # An unreviewed decision marked major afterwards: no 决定书.
    other = decided(world, party_identifier="91140524MA0000009X", party_name="另一公司")
    Case.objects.filter(pk=other.pk).update(is_major=True)
    with pytest.raises(RuleViolation) as err:
        document_generate(
            user=world.officer, case_id=other.pk, kind=K.PENALTY_DECISION, today=TODAY
        )
    assert err.value.code == "legal_review_required"
    assert err.value.citation == CITATION
    assert not Document.objects.filter(case=other).exists()
    # Other documents of the case are not the gate's business.
    assert document_generate(user=world.officer, case_id=other.pk, kind=K.FILING_APPROVAL).pk


def test_article_58_decision_document_refused_when_the_decision_differs_from_the_review(world):
    case = decided_after_review(world)
    Case.objects.filter(pk=case.pk).update(fine=Decimal("8000"))
    with pytest.raises(RuleViolation) as err:
        document_generate(user=world.officer, case_id=case.pk, kind=K.PENALTY_DECISION, today=TODAY)
    assert err.value.code == "review_stale"
    assert not Document.objects.filter(case=case).exists()


def test_article_58_documents_api_generate_refused_with_a_stable_code_and_nothing_written(
    client, world
):
    today = timezone.localdate()
    case = decided_after_review(world, today)
    Case.objects.filter(pk=case.pk).update(fine=Decimal("5000"))
    before = snapshot(case)
    response = Api(client, world.officer).post(
        f"documents/cases/{case.pk}/documents", {"kind": "penalty_decision"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "review_stale"
    assert response.json()["citation"] == CITATION
    assert snapshot(case) == before


# (c) 送达 ---------------------------------------------------------------------------------------


def test_article_58_serve_refused_without_an_accepted_review_or_when_stale(world):
    other = decided(world, party_identifier="91140524MA0000009X", party_name="另一公司")
    Case.objects.filter(pk=other.pk).update(is_major=True)
    with pytest.raises(RuleViolation) as err:
        act(world, other, A.SERVE)
    assert err.value.code == "legal_review_required"

    case = decided_after_review(world)
    Case.objects.filter(pk=case.pk).update(fine=Decimal("7000"))
    with pytest.raises(RuleViolation) as err:
        act(world, case, A.SERVE)
    assert err.value.code == "review_stale"
    Case.objects.filter(pk=case.pk).update(fine=Decimal("6000"))
    assert act(world, case, A.SERVE).status == S.SERVED


# A stale approval and its resubmission ----------------------------------------------------------


def test_article_58_stale_approval_is_resubmitted_from_pending_decision(world):
    case = approved(world)
    assert case.legal_review_passed
    Case.objects.filter(pk=case.pk).update(facts="当事人销售超过保质期的食品20件")
    with pytest.raises(RuleViolation) as err:
        act(world, case, A.DECIDE)
    assert err.value.code == "review_stale"

    case = act(world, case, A.SUBMIT_LEGAL_REVIEW)
    assert case.status == S.LEGAL_REVIEW
    assert not case.legal_review_passed
    with pytest.raises(InvalidTransition):
        act(world, case, A.DECIDE)
    second = submit_and_assign(
        case, submitter=world.officer, head=world.agency_head, reviewer=world.reviewer
    )
    assert second.version == 2
    assert second.draft["facts"] == "当事人销售超过保质期的食品20件"
    opine(second, world.reviewer)
    case.refresh_from_db()
    assert case.status == S.PENDING_DECISION
    assert act(world, case, A.DECIDE, fine=Decimal("6000")).status == S.DECIDED


# The admin and the pages -------------------------------------------------------------------------


def test_article_58_no_admin_site_can_pass_review_or_record_an_opinion(world):
    assert "django.contrib.admin" not in django_settings.INSTALLED_APPS
    case = routed_to_review(world)
    submission = submit_and_assign(
        case, submitter=world.officer, head=world.agency_head, reviewer=world.reviewer
    )
    before = snapshot(case)
    browser = Client()
    browser.force_login(world.agency_head)
    for url in (
        "/admin/legal_review/reviewopinion/add/",
        f"/admin/legal_review/reviewsubmission/{submission.pk}/change/",
        f"/admin/cases/case/{case.pk}/change/",
    ):
        response = browser.post(url, {"conclusion": "agree", "legal_review_passed": "on"})
        assert response.status_code == 404, url
    assert snapshot(case) == before


def test_article_58_case_page_cannot_pass_review_for_the_handler_or_without_an_opinion(world):
    case = routed_to_review(world)
    submit_and_assign(
        case, submitter=world.officer, head=world.agency_head, reviewer=world.reviewer
    )
    before = snapshot(case)
    url = f"/cases/{case.pk}/actions/{A.PASS_LEGAL_REVIEW.value}/"
    form = {f"{A.PASS_LEGAL_REVIEW.value}-opinion": "同意"}
    for user, status in ((world.officer, 403), (world.reviewer, 409), (world.agency_head, 409)):
        browser = Client()
        browser.force_login(user)
        assert browser.post(url, form).status_code == status
    assert snapshot(case) == before


# A handler never reviews their own case ---------------------------------------------------------


def test_article_58_handler_can_never_review_their_own_case(client, world):
    grant(world.officer, Role.REVIEWER, world.agency)
    qualify(world.officer, "A20201100000005")
    case = routed_to_review(world)
    submission = review_submit(user=world.officer, case_id=case.pk, today=TODAY)
    with pytest.raises(RuleViolation) as err:
        review_assign(
            user=world.agency_head,
            submission_id=submission.pk,
            reviewer_officer_id=world.officer.officer.pk,
        )
    assert err.value.code == "reviewer_handled_case"
    submission = review_assign(
        user=world.agency_head,
        submission_id=submission.pk,
        reviewer_officer_id=world.reviewer.officer.pk,
    )
    with pytest.raises(Forbidden) as forbidden:
        opine(submission, world.officer)
    assert forbidden.value.code == "review_not_assigned_reviewer"
    with pytest.raises(RuleViolation) as err:
        case_transition(
            user=world.officer,
            case_id=case.pk,
            action=A.PASS_LEGAL_REVIEW,
            payload=payload_for(A.PASS_LEGAL_REVIEW),
            today=TODAY,
        )
    assert err.value.code == "review_opinion_missing"

    # The assigned reviewer put on the case team afterwards may no longer give the opinion.
    case_officer_assign(
        user=world.agency_head,
        case_id=case.pk,
        payload={"officer_id": str(world.reviewer.officer.pk), "reason": "增派办案人员"},
        today=TODAY,
    )
    with pytest.raises(RuleViolation) as err:
        opine(submission, world.reviewer)
    assert err.value.code == "reviewer_handled_case"
    assert not ReviewOpinion.objects.exists()
    assert ReviewSubmission.objects.get(pk=submission.pk).status == "assigned"
    assert not CaseStep.objects.filter(case=case, action=A.PASS_LEGAL_REVIEW).exists()


def test_article_58_reviewed_case_passes_every_gate(world):
    case = pass_review(world, routed_to_review(world))
    case = act(world, case, A.DECIDE, fine=Decimal("6000"))
    document_generate(user=world.officer, case_id=case.pk, kind=K.PENALTY_DECISION, today=TODAY)
    assert act(world, case, A.SERVE).status == S.SERVED
