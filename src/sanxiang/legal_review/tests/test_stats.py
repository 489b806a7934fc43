"""法制审核 statistics, with every figure computed by hand from a small set of submissions.

Agency A, period 2026-03-12 … 2026-03-31, as of 2026-04-01 (no holiday in the period):

| case | version | submitted | last day | opinion | given | 工作日 | failed item |
|------|---------|-----------|----------|---------|-------|--------|-------------|
| C1 | 1 | Thu 03-12 | 03-23 | 同意 | Mon 03-16 | 2 | |
| C2 | 1 | Thu 03-12 | 03-23 | 建议修改 | Wed 03-25 (late) | 9 | 裁量基准运用适当 |
| C2 | 2 | Thu 03-26 | — | 同意 | Fri 03-27 | 1 | |
| C3 | 1 | Thu 03-12 | 03-23 | 退回补充材料 | Mon 03-16 | 2 | 证据合法充分 |
| C4 | 1 | Thu 03-12 | 03-23 | (open on 04-01: late) | | | |
| C5 | 1 | Wed 03-11 (before the period) | | 不同意 | Wed 03-11 | | 法律适用准确 |

submissions 5; opinions 4 (同意 2, 建议修改 1, 退回 1); first time: C1 agreed of C1, C2, C3 → 1/3;
average (2 + 9 + 1 + 2) / 4 = 3.5 working days; overdue 2 (C2 v1, C4); fails: 裁量 1, 证据 1.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sanxiang.cases.tests.factories import make_world
from sanxiang.cases.tests.walks import publish
from sanxiang.core.calendar import calendar_snapshot
from sanxiang.legal_review.models import Conclusion
from sanxiang.legal_review.services import review_submit
from sanxiang.legal_review.stats import (
    Period,
    agencies_for_stats,
    review_stats,
    supervision_table,
    working_days_between,
)
from sanxiang.legal_review.tests.walks import (
    MAJOR_FINE_RULES,
    opine,
    routed_to_review,
    submit_and_assign,
)
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import SupervisoryAgencyFactory, user_with_role

pytestmark = pytest.mark.django_db
D = dt.date
PERIOD = Period(D(2026, 3, 12), D(2026, 3, 31))
AS_OF = D(2026, 4, 1)


def world_with_rules(name: str):
    world = make_world(name)
    publish(world, "major_decision", MAJOR_FINE_RULES)
    return world


def submitted(world, on: dt.date, case=None):
    return submit_and_assign(
        case or routed_to_review(world),
        submitter=world.officer,
        head=world.agency_head,
        reviewer=world.reviewer,
        today=on,
    )


@pytest.fixture
def agency_a():
    world = world_with_rules("甲局")
    c1 = submitted(world, D(2026, 3, 12))
    opine(c1, world.reviewer, D(2026, 3, 16))
    c2 = submitted(world, D(2026, 3, 12))
    opine(
        c2,
        world.reviewer,
        D(2026, 3, 25),
        conclusion="modify",
        comment="请按从轻阶次说明理由",
        discretion="未说明适用阶次的理由",
    )
    c2_again = submitted(world, D(2026, 3, 26), case=c2.case)
    assert c2_again.version == 2
    opine(c2_again, world.reviewer, D(2026, 3, 27))
    c3 = submitted(world, D(2026, 3, 12))
    opine(
        c3,
        world.reviewer,
        D(2026, 3, 16),
        conclusion="return",
        comment="补充证据",
        evidence="缺少抽样检验报告",
    )
    review_submit(user=world.officer, case_id=routed_to_review(world).pk, today=D(2026, 3, 12))
    c5 = submitted(world, D(2026, 3, 11))
    opine(c5, world.reviewer, D(2026, 3, 11), conclusion="disagree", comment="x", law="适用错误")
    return world


@pytest.fixture
def agency_b():
    """One agreed submission; 21 officers and one reviewer: fewer than 5% (2 needed)."""
    world = world_with_rules("乙局")
    opine(submitted(world, D(2026, 3, 20)), world.reviewer, D(2026, 3, 20))
    for _ in range(18):
        user_with_role(Role.OFFICER, world.agency)
    return world


def test_working_days_between_counts_the_days_after_the_submission():
    cal = calendar_snapshot()
    assert working_days_between(D(2026, 3, 12), D(2026, 3, 16), cal) == 2
    assert working_days_between(D(2026, 3, 12), D(2026, 3, 25), cal) == 9
    assert working_days_between(D(2026, 3, 16), D(2026, 3, 16), cal) == 0


def test_agency_figures_match_the_hand_count(agency_a, django_assert_num_queries):
    # Fixed whatever the number of agencies: submissions, their opinions, the period's opinions and
    # the calendar (two).
    with django_assert_num_queries(5):
        stats = review_stats([agency_a.agency], PERIOD, AS_OF)[agency_a.agency.pk]
    assert stats.submissions == 5
    assert stats.opinions == 4
    assert stats.by_conclusion == {
        Conclusion.AGREE: 2,
        Conclusion.MODIFY: 1,
        Conclusion.DISAGREE: 0,
        Conclusion.RETURN: 1,
    }
    assert (stats.first_agreed, stats.first_submitted) == (1, 3)
    assert stats.first_pass_rate == pytest.approx(1 / 3)
    assert stats.average_days == 3.5
    assert stats.overdue == 2
    fails = {f.item: f.fails for f in stats.item_fails}
    assert fails == {
        "subject": 0,
        "procedure": 0,
        "facts": 0,
        "evidence": 1,
        "law": 0,
        "discretion": 1,
        "authority": 0,
        "documents": 0,
        "criminal_transfer": 0,
    }


def test_an_open_submission_is_not_overdue_before_its_last_day(agency_a):
    stats = review_stats([agency_a.agency], PERIOD, D(2026, 3, 23))[agency_a.agency.pk]
    assert stats.overdue == 1  # only C2 v1's late opinion; C4 still has its last day


def test_an_agency_without_reviews_has_zeros_and_no_rates(agency_a):
    quiet = make_world("丙局")
    stats = review_stats([quiet.agency], PERIOD, AS_OF)[quiet.agency.pk]
    assert (stats.submissions, stats.opinions, stats.overdue) == (0, 0, 0)
    assert stats.first_pass_rate is None
    assert stats.average_days is None


def test_staff_see_their_own_agency_and_the_supervisor_those_it_supervises(agency_a, agency_b):
    sfj = SupervisoryAgencyFactory()
    supervisor = user_with_role(Role.SUPERVISOR, sfj)
    for world in (agency_a, agency_b):
        world.agency.supervising_agency = sfj
        world.agency.save()
    assert list(agencies_for_stats(agency_a.reviewer)) == [agency_a.agency]
    assert list(agencies_for_stats(agency_b.officer)) == [agency_b.agency]
    assert set(agencies_for_stats(supervisor)) == {agency_a.agency, agency_b.agency}
    assert not agencies_for_stats(user_with_role(Role.AUDIT_ADMIN, agency_a.agency)).exists()

    rows = {r.stats.agency.pk: r for r in supervision_table(supervisor, PERIOD, AS_OF)}
    assert set(rows) == {agency_a.agency.pk, agency_b.agency.pk}
    a, b = rows[agency_a.agency.pk], rows[agency_b.agency.pk]
    assert (a.stats.submissions, a.stats.overdue) == (5, 2)
    assert (b.stats.submissions, b.stats.opinions, b.stats.first_pass_rate) == (1, 1, 1.0)
    assert (b.stats.average_days, b.stats.overdue) == (0.0, 0)
    assert (a.ratio.reviewers, a.ratio.officers, a.ratio.sufficient) == (1, 3, True)
    assert (b.ratio.reviewers, b.ratio.officers, b.ratio.required) == (1, 21, 2)
    assert not b.ratio.sufficient
    assert supervision_table(agency_a.agency_head, PERIOD, AS_OF) == []


# The page ------------------------------------------------------------------------------------------


def page(user, **query):
    client = Client()
    client.force_login(user)
    return client.get("/legal-review/statistics/", query)


def test_statistics_page_shows_the_own_agency_only(agency_a, agency_b):
    response = page(agency_a.agency_head, start="2026-03-12", end="2026-03-31")
    assert response.status_code == 200
    html = response.content.decode()
    assert agency_a.agency.name in html
    assert agency_b.agency.name not in html
    assert "33%（1/3）" in html
    assert "3.5" in html
    assert "supervision-table" not in html


def test_statistics_page_gives_the_supervisor_every_agency_with_reviewer_shortfall(
    agency_a, agency_b
):
    sfj = SupervisoryAgencyFactory()
    supervisor = user_with_role(Role.SUPERVISOR, sfj)
    for world in (agency_a, agency_b):
        world.agency.supervising_agency = sfj
        world.agency.save()
    html = page(supervisor, start="2026-03-12", end="2026-03-31").content.decode()
    assert 'id="supervision-table"' in html
    assert agency_a.agency.name in html
    assert agency_b.agency.name in html
    assert "不足" in html
    assert "100%（1/1）" in html


def test_statistics_page_explains_a_bad_period_instead_of_failing(agency_a):
    response = page(agency_a.reviewer, start="2026-13-40", end="x" * 500)
    assert response.status_code == 200
    assert "格式不正确" in response.content.decode()
    response = page(agency_a.reviewer, start="2026-04-01", end="2026-03-01")
    assert "开始日期不能晚于结束日期" in response.content.decode()


def test_statistics_page_requires_login():
    response = Client().get("/legal-review/statistics/")
    assert response.status_code == 302
    assert "login" in response["Location"]
