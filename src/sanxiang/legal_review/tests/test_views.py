"""The 法制审核 section of the case page, its forms and the queue, through HTTP.

Cases are routed to 法制审核 through the services on the server's date (the views never pass
`today`, so the services they call run on it too); the pages are then driven with the Django test
client: who sees which form, each form's happy path, its refusals shown in Chinese with the input
kept, and malformed posts answered 400/404, never 500.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.utils import timezone

from sanxiang.cases.states import CaseStatus
from sanxiang.cases.tests.factories import make_world
from sanxiang.cases.tests.test_views import ensure_calendar_years
from sanxiang.cases.tests.walks import publish
from sanxiang.legal_review.checklist import ITEM_CODES
from sanxiang.legal_review.models import (
    ExternalOpinion,
    ReviewDispute,
    ReviewSubmission,
    SubmissionStatus,
)
from sanxiang.legal_review.services import (
    ALREADY_OPEN,
    FAIL_NEEDS_COMMENT,
    FINDINGS_MISSING,
    NOT_ASSIGNER,
    NOT_SUBMITTER,
    NOT_THE_REVIEWER,
    REVIEWER_HANDLED,
    REVIEWER_UNKNOWN,
    review_submit,
)
from sanxiang.legal_review.services_disputes import TOO_FEW
from sanxiang.legal_review.services_external import GIVEN_IN_FUTURE
from sanxiang.legal_review.services_policy import EXTENSION_TWICE, NOT_EXTENDER
from sanxiang.legal_review.tests.walks import (
    MAJOR_FINE_RULES,
    opine,
    routed_to_review,
    submit_and_assign,
)
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import grant, user_with_role

S = CaseStatus
pytestmark = pytest.mark.django_db
FAILED_EVIDENCE = "缺少过期食品的抽样检验报告"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def section(response) -> str:
    page = text(response)
    start = page.find('<section id="legal-review"')
    assert start >= 0, "no 法制审核 section on the page"
    return page[start : page.find("</section>", start)]


@pytest.fixture
def world():
    today = timezone.localdate()
    ensure_calendar_years(today.year, today.year + 1)
    world = make_world()
    publish(world, "major_decision", MAJOR_FINE_RULES)
    return world


@pytest.fixture
def case(world):
    return routed_to_review(world, today=timezone.localdate())


@pytest.fixture
def submission(world, case):
    return review_submit(user=world.officer, case_id=case.pk)


@pytest.fixture
def assigned(world, case):
    return submit_and_assign(
        case,
        submitter=world.officer,
        head=world.agency_head,
        reviewer=world.reviewer,
        today=timezone.localdate(),
    )


def as_user(client, user):
    client.force_login(user)
    return client


def page(client, user, case):
    response = as_user(client, user).get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    return response


def opinion_data(conclusion="agree", comment="", **failed):
    data = {"opinion-conclusion": conclusion, "opinion-comment": comment}
    for code in ITEM_CODES:
        data[f"opinion-result_{code}"] = "fail" if code in failed else "pass"
        data[f"opinion-comment_{code}"] = failed.get(code, "")
    return data


# --- the section: what each person sees ----------------------------------------------------------


def test_handler_sees_the_rule_that_fired_and_the_materials_before_sending(client, world, case):
    shown = section(page(client, world.officer, case))
    assert "MD-01" in shown
    assert "对法人处以较大数额罚款" in shown
    assert 'id="review-submit"' in shown
    assert "调查终结报告（含处理建议及理由）" in shown
    assert "✓ 已具备" in shown
    assert 'id="review-assign"' not in shown
    assert 'id="review-opinion"' not in shown


def test_reviewer_sees_the_section_without_the_submit_form_a_head_with_it(client, world, case):
    shown = section(page(client, world.reviewer, case))
    assert "MD-01" in shown
    assert 'id="review-submit"' not in shown
    assert 'id="review-submit"' in section(page(client, world.agency_head, case))


def test_no_section_for_a_case_review_does_not_concern(client, world):
    ordinary = routed_to_review(world, fine="1000", today=timezone.localdate())
    ordinary.refresh_from_db()
    assert not ordinary.is_major
    # In 法制审核 by the handler's choice: the section is there, saying so.
    shown = section(page(client, world.officer, ordinary))
    assert "由承办人员提交法制审核" in shown


def test_another_agencys_case_and_forms_are_404(client, world, case, submission):
    other = make_world("另一局")
    as_user(client, other.agency_head)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    posts = [
        f"/legal-review/cases/{case.pk}/submit/",
        f"/legal-review/submissions/{submission.pk}/assign/",
        f"/legal-review/submissions/{submission.pk}/opinion/",
        f"/legal-review/submissions/{submission.pk}/external/",
    ]
    for url in posts:
        assert (
            client.post(url, {"assign-reviewer": str(other.reviewer.officer.pk)}).status_code == 404
        )
    assert ReviewSubmission.objects.get(pk=submission.pk).reviewer is None


def test_unknown_and_garbage_ids_are_404_not_500(client, world, case):
    as_user(client, world.agency_head)
    unknown = uuid.uuid4()
    for url in (
        f"/legal-review/cases/{unknown}/submit/",
        f"/legal-review/submissions/{unknown}/assign/",
        f"/legal-review/opinions/{unknown}/dispute/",
        f"/legal-review/disputes/{unknown}/resolve/",
        f"/legal-review/external/{unknown}/opinion/",
        "/legal-review/submissions/not-a-uuid/assign/",
        "/legal-review/submissions/1/opinion/",
    ):
        assert client.post(url, {}).status_code == 404, url


def test_forms_only_take_posts(client, world, case, submission):
    as_user(client, world.agency_head)
    assert client.get(f"/legal-review/submissions/{submission.pk}/assign/").status_code == 405


# --- 送审 ---------------------------------------------------------------------------------------


def test_handler_submits_and_the_version_is_listed(client, world, case):
    response = as_user(client, world.officer).post(f"/legal-review/cases/{case.pk}/submit/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/cases/{case.pk}/#legal-review")
    submission = ReviewSubmission.objects.get(case=case)
    assert submission.version == 1
    shown = section(client.get(response["Location"]))
    assert "第1次送审" in shown
    assert submission.draft_sha256 in shown
    assert "6000.00 元" in shown
    assert "待分配审核人员" in shown
    assert 'id="review-submit"' not in shown  # one open submission at a time


def test_submit_twice_is_refused_in_chinese(client, world, case, submission):
    response = as_user(client, world.officer).post(f"/legal-review/cases/{case.pk}/submit/")
    assert response.status_code == 409
    assert ALREADY_OPEN.format(version=1) in text(response)
    assert ReviewSubmission.objects.filter(case=case).count() == 1


def test_submit_by_the_reviewer_is_forbidden(client, world, case):
    response = as_user(client, world.reviewer).post(f"/legal-review/cases/{case.pk}/submit/")
    assert response.status_code == 403
    assert NOT_SUBMITTER in text(response)
    assert not ReviewSubmission.objects.filter(case=case).exists()


# --- 分配审核人员 ----------------------------------------------------------------------------------


@pytest.fixture
def handler_reviewer(world):
    """The assistant handles the case and also holds the reviewer role: 回避."""
    grant(world.assistant, Role.REVIEWER, world.agency)
    return world.assistant


@pytest.fixture
def novice(world):
    """A reviewer without 法律职业资格 who has never reviewed (§58 第二款)."""
    return user_with_role(Role.REVIEWER, world.agency, first_name="新审核员")


def test_head_sees_candidates_with_reasons_and_ineligible_ones_disabled(
    client, world, case, submission, handler_reviewer, novice
):
    shown = section(page(client, world.agency_head, case))
    assert 'id="review-assign"' in shown
    assistant = handler_reviewer.officer.pk
    assert re.search(rf'value="{assistant}" disabled', shown)
    assert "曾承办本案，应当回避" in shown
    assert re.search(rf'value="{novice.officer.pk}" disabled', shown)
    assert "初次从事法制审核，未取得法律职业资格" in shown
    assert re.search(rf'value="{world.reviewer.officer.pk}">', shown)
    assert "在审 0 件" in shown
    # The handler sees no assignment form.
    assert 'id="review-assign"' not in section(page(client, world.officer, case))


def test_head_assigns_the_reviewer(client, world, case, submission):
    url = f"/legal-review/submissions/{submission.pk}/assign/"
    data = {"assign-reviewer": str(world.reviewer.officer.pk)}
    response = as_user(client, world.agency_head).post(url, data)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.reviewer == world.reviewer.officer
    assert submission.status == SubmissionStatus.ASSIGNED
    shown = section(client.get(response["Location"]))
    assert f"{world.reviewer.officer.name}（" in shown
    assert "审核中" in shown


def test_assigning_a_handler_is_refused_with_the_reason(
    client, world, case, submission, handler_reviewer
):
    url = f"/legal-review/submissions/{submission.pk}/assign/"
    data = {"assign-reviewer": str(handler_reviewer.officer.pk)}
    response = as_user(client, world.agency_head).post(url, data)
    assert response.status_code == 409
    assert REVIEWER_HANDLED.format(name=handler_reviewer.officer.name) in text(response)
    assert 'id="review-assign" open' in text(response)
    assert ReviewSubmission.objects.get(pk=submission.pk).reviewer is None


@pytest.mark.parametrize(
    "posted",
    [{}, {"assign-reviewer": "nobody"}, {"assign-reviewer": str(uuid.uuid4())}, {"x": "1"}],
)
def test_assign_with_a_missing_or_unknown_officer_is_a_400(client, world, case, submission, posted):
    url = f"/legal-review/submissions/{submission.pk}/assign/"
    response = as_user(client, world.agency_head).post(url, posted)
    assert response.status_code == 400
    assert "请选择法制审核人员" in text(response) or REVIEWER_UNKNOWN in text(response)


def test_assign_by_the_handler_is_forbidden(client, world, case, submission):
    url = f"/legal-review/submissions/{submission.pk}/assign/"
    response = as_user(client, world.officer).post(
        url, {"assign-reviewer": str(world.reviewer.officer.pk)}
    )
    assert response.status_code == 403
    assert NOT_ASSIGNER in text(response)


# --- 出具审核意见 ----------------------------------------------------------------------------------


def test_only_the_assigned_reviewer_sees_the_opinion_form(client, world, case, assigned):
    assert 'id="review-opinion"' in section(page(client, world.reviewer, case))
    for user in (world.officer, world.agency_head):
        assert 'id="review-opinion"' not in section(page(client, user, case))


def test_reviewer_returns_the_case_on_one_failed_item(client, world, case, assigned):
    data = opinion_data("return", "请补充证据", evidence=FAILED_EVIDENCE)
    url = f"/legal-review/submissions/{assigned.pk}/opinion/"
    response = as_user(client, world.reviewer).post(url, data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.INVESTIGATING
    shown = page(client, world.officer, case)
    assert "调查取证" in text(shown)
    table = section(shown)
    assert "退回补充材料" in table
    assert FAILED_EVIDENCE in table
    assert table.count("result-fail") == 1
    assert table.count("result-pass") == len(ITEM_CODES) - 1


def test_a_refused_opinion_keeps_the_reviewers_input(client, world, case, assigned):
    data = opinion_data("return", "请补充证据", evidence="")
    data["opinion-comment_facts"] = "事实部分已核对"
    url = f"/legal-review/submissions/{assigned.pk}/opinion/"
    response = as_user(client, world.reviewer).post(url, data)
    assert response.status_code == 400
    page_text = text(response)
    assert FAIL_NEEDS_COMMENT.format(label="证据合法充分") in page_text
    assert 'id="review-opinion" open' in page_text
    assert "事实部分已核对" in page_text
    assert re.search(r'name="opinion-result_evidence" value="fail"[^>]*checked', page_text)
    assert re.search(r'name="opinion-conclusion" value="return"[^>]*checked', page_text)
    assert ReviewSubmission.objects.get(pk=assigned.pk).status == SubmissionStatus.ASSIGNED


def test_an_opinion_with_items_left_blank_names_them(client, world, case, assigned):
    data = opinion_data("agree")
    del data["opinion-result_law"]
    url = f"/legal-review/submissions/{assigned.pk}/opinion/"
    response = as_user(client, world.reviewer).post(url, data)
    assert response.status_code == 400
    assert FINDINGS_MISSING.format(labels="法律适用准确") in text(response)


@pytest.mark.parametrize(
    "change",
    [
        {"opinion-conclusion": "approve"},
        {"opinion-result_facts": "maybe"},
        {"opinion-comment": "长" * 20001},
        {"opinion-comment_facts": "长" * 5001},
    ],
)
def test_malformed_opinions_are_a_400_not_a_500(client, world, case, assigned, change):
    data = {**opinion_data("agree"), **change}
    url = f"/legal-review/submissions/{assigned.pk}/opinion/"
    response = as_user(client, world.reviewer).post(url, data)
    assert response.status_code == 400
    assert 'id="review-opinion" open' in text(response)
    assert ReviewSubmission.objects.get(pk=assigned.pk).status == SubmissionStatus.ASSIGNED


def test_an_empty_opinion_post_is_a_400(client, world, case, assigned):
    url = f"/legal-review/submissions/{assigned.pk}/opinion/"
    response = as_user(client, world.reviewer).post(url, {})
    assert response.status_code == 400


def test_opinion_by_anyone_else_is_forbidden(client, world, case, assigned):
    url = f"/legal-review/submissions/{assigned.pk}/opinion/"
    response = as_user(client, world.agency_head).post(url, opinion_data("agree"))
    assert response.status_code == 403
    assert NOT_THE_REVIEWER in text(response)


def test_agreement_passes_review_and_the_opinion_is_listed(client, world, case, assigned):
    url = f"/legal-review/submissions/{assigned.pk}/opinion/"
    response = as_user(client, world.reviewer).post(url, opinion_data("agree", "同意"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.PENDING_DECISION
    shown = section(page(client, world.officer, case))
    assert "审核意见：" in shown
    assert "同意" in shown
    assert 'id="review-opinion"' not in shown


# --- 延长审核期限 ---------------------------------------------------------------------------------


def test_head_extends_the_time_limit_once(client, world, case, assigned):
    assert 'id="review-extend"' not in section(page(client, world.reviewer, case))
    assert 'id="review-extend"' in section(page(client, world.agency_head, case))
    due = assigned.due_on
    url = f"/legal-review/submissions/{assigned.pk}/extend/"
    response = client.post(url, {"extend-reason": ""})
    assert response.status_code == 400
    assert 'id="review-extend" open' in text(response)
    response = client.post(url, {"extend-reason": "案情复杂，需要补充调阅材料"})
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.due_on > due
    shown = section(client.get(response["Location"]))
    assert "批准延长：案情复杂，需要补充调阅材料" in shown
    assert 'id="review-extend"' not in shown
    response = client.post(url, {"extend-reason": "再延长"})
    assert response.status_code == 409
    assert EXTENSION_TWICE.format(version=1) in text(response)


def test_the_reviewer_cannot_extend(client, world, case, assigned):
    url = f"/legal-review/submissions/{assigned.pk}/extend/"
    response = as_user(client, world.reviewer).post(url, {"extend-reason": "来不及"})
    assert response.status_code == 403
    assert NOT_EXTENDER in text(response)


# --- 审核意见分歧 ----------------------------------------------------------------------------------


@pytest.fixture
def disagreed(world, assigned):
    return opine(
        assigned,
        world.reviewer,
        timezone.localdate(),
        conclusion="disagree",
        comment="罚款数额过高，建议按从轻阶次处理",
    )


def test_handler_contests_and_the_head_upholds_the_review(client, world, case, disagreed):
    assert 'id="review-dispute-raise"' in section(page(client, world.officer, case))
    assert 'id="review-dispute-raise"' not in section(page(client, world.reviewer, case))
    url = f"/legal-review/opinions/{disagreed.pk}/dispute/"
    data = {"dispute_raise-grounds": "当事人系再次违法", "dispute_raise-forum": "head"}
    assert as_user(client, world.officer).post(url, data).status_code == 302
    dispute = ReviewDispute.objects.get(opinion=disagreed)
    assert 'id="review-dispute-resolve"' in section(page(client, world.agency_head, case))
    assert 'id="review-dispute-resolve"' not in section(page(client, world.officer, case))

    url = f"/legal-review/disputes/{dispute.pk}/resolve/"
    data = {"dispute_resolve-outcome": "uphold_review", "dispute_resolve-final_position": "维持"}
    assert as_user(client, world.agency_head).post(url, data).status_code == 302
    case.refresh_from_db()
    assert case.status == S.INVESTIGATING
    shown = section(page(client, world.officer, case))
    assert "维持法制审核意见" in shown
    assert "当事人系再次违法" in shown


def test_a_collective_discussion_without_enough_participants_is_refused(
    client, world, case, disagreed
):
    dispute = ReviewDispute.objects.create(
        opinion=disagreed,
        raised_by=world.officer.officer,
        raised_on=timezone.localdate(),
        grounds="理由",
        forum="collective",
        draft_sha256=disagreed.submission.draft_sha256,
    )
    url = f"/legal-review/disputes/{dispute.pk}/resolve/"
    data = {
        "dispute_resolve-outcome": "adopt_proposal",
        "dispute_resolve-final_position": "采纳",
        "dispute_resolve-participants": [str(world.agency_head.officer.pk)],
        "dispute_resolve-minutes": "讨论记录",
    }
    response = as_user(client, world.agency_head).post(url, data)
    assert response.status_code == 400
    assert TOO_FEW.format(n=3) in text(response)
    assert "讨论记录" in text(response)  # the minutes typed are kept
    data["dispute_resolve-participants"] = [str(uuid.uuid4())]
    assert as_user(client, world.agency_head).post(url, data).status_code == 400
    assert ReviewDispute.objects.get(pk=dispute.pk).is_open


# --- 法律顾问、公职律师 ------------------------------------------------------------------------------


def test_reviewer_invites_an_adviser_and_records_the_opinion(client, world, case, assigned):
    url = f"/legal-review/submissions/{assigned.pk}/external/"
    data = {
        "external_invite-adviser_name": "王律师",
        "external_invite-adviser_role": "legal_adviser",
        "external_invite-organisation": "某某律师事务所",
    }
    assert as_user(client, world.reviewer).post(url, data).status_code == 302
    external = ExternalOpinion.objects.get(submission=assigned)
    prefix = f"external_opinion_{external.pk.hex[:12]}"
    url = f"/legal-review/external/{external.pk}/opinion/"
    future = timezone.localdate() + dt.timedelta(days=3)
    data = {
        f"{prefix}-conclusion": "agree",
        f"{prefix}-opinion": "处罚适当",
        f"{prefix}-given_on": future.isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert GIVEN_IN_FUTURE in text(response)
    assert "处罚适当" in text(response)
    data[f"{prefix}-given_on"] = timezone.localdate().isoformat()
    assert client.post(url, data).status_code == 302
    shown = section(page(client, world.officer, case))
    assert "法律顾问 王律师" in shown
    assert "处罚适当" in shown


def test_the_handler_cannot_invite_an_adviser(client, world, case, assigned):
    assert 'id="review-external-invite"' not in section(page(client, world.officer, case))
    url = f"/legal-review/submissions/{assigned.pk}/external/"
    data = {
        "external_invite-adviser_name": "王律师",
        "external_invite-adviser_role": "legal_adviser",
    }
    assert as_user(client, world.officer).post(url, data).status_code == 403


# --- the queue ----------------------------------------------------------------------------------


def test_queue_lists_what_waits_for_the_reviewer_and_the_head(client, world, case, submission):
    response = as_user(client, world.agency_head).get("/legal-review/")
    assert response.status_code == 200
    assert f"/cases/{case.pk}/#legal-review" in text(response)
    assert 'id="queue-assign"' in text(response)
    response = as_user(client, world.reviewer).get("/legal-review/")
    assert 'id="no-reviews"' in text(response)

    url = f"/legal-review/submissions/{submission.pk}/assign/"
    as_user(client, world.agency_head).post(
        url, {"assign-reviewer": str(world.reviewer.officer.pk)}
    )
    response = as_user(client, world.reviewer).get("/legal-review/")
    page_text = text(response)
    assert f"/cases/{case.pk}/#legal-review" in page_text
    assert "第1次送审" in page_text
    submission.refresh_from_db()
    assert submission.due_on is not None
    assert f"至 {submission.due_on.isoformat()}" in page_text


def test_queue_is_scoped_by_agency(client, world, case, submission):
    other = make_world("另一局")
    response = as_user(client, other.agency_head).get("/legal-review/")
    assert response.status_code == 200
    assert str(case.pk) not in text(response)
    assert 'id="queue-assign"' not in text(response)


def test_queue_query_count_does_not_grow_with_submissions(
    client, world, case, submission, django_assert_max_num_queries
):
    as_user(client, world.agency_head)
    client.get("/legal-review/")  # warm the session and the permission caches
    with django_assert_max_num_queries(20) as one:
        client.get("/legal-review/")
    for _ in range(3):
        routed = routed_to_review(world, today=timezone.localdate())
        review_submit(user=world.officer, case_id=routed.pk)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/legal-review/")
    assert text(response).count('class="card case-card') == 4


# --- 工作台 ------------------------------------------------------------------------------------


def test_workbench_links_the_queue_with_its_count(client, world, case, submission):
    response = as_user(client, world.agency_head).get("/accounts/home/")
    assert 'id="legal-review-link"' in text(response)
    assert "1 件待办" in text(response)
    response = as_user(client, world.reviewer).get("/accounts/home/")
    assert 'id="legal-review-link"' in text(response)
    assert "暂无待办" in text(response)
    response = as_user(client, world.officer).get("/accounts/home/")
    assert 'id="legal-review-link"' not in text(response)


def test_queue_links_statistics_for_all_and_the_policy_for_the_head(world):
    from django.test import Client
    from django.urls import reverse

    def page(user):
        client = Client()
        client.force_login(user)
        return client.get(reverse("legal_review:queue")).content.decode()

    reviewer_html = page(world.reviewer)
    assert 'id="statistics-link"' in reviewer_html
    assert 'id="policy-link"' not in reviewer_html
    assert 'id="policy-link"' in page(world.agency_head)
