"""法制审核 end to end in a real headless Chromium (Debian's), on today's date (issue 6 "Done when").

"A case over the threshold is routed, reviewed with one item failed, returned, fixed, approved,
decided": a small agency publishes a 目录清单 rule (an organisation's fine from 5000 yuan is a
重大执法决定); a case is walked through the services to the 告知 and 陈述申辩 of a 6000 yuan fine
(法制审核's doorstep), and everything after that happens in the browser, each step by the person
who takes it: the handler sends the case to 法制审核 and 送审 it, the 机关负责人 assigns the
reviewer (a reviewer who handled the case is shown but cannot be chosen), the reviewer finds one
checklist item wanting and returns it, the handler fixes it (a new 笔录, the investigation
concluded again, a new 告知) and submits again, the reviewer agrees, and the head decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.cases.tests.factories import make_world
from sanxiang.cases.tests.test_e2e_browser import Desk
from sanxiang.cases.tests.test_views import ensure_calendar_years
from sanxiang.cases.tests.walks import publish
from sanxiang.demo.data_people import DEMO_PASSWORD
from sanxiang.legal_review.checklist import ITEM_CODES
from sanxiang.legal_review.models import ReviewSubmission
from sanxiang.legal_review.tests.walks import MAJOR_FINE_RULES, at_statement, qualify
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import grant

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

FAILED_ITEM = "evidence"
FAILED_COMMENT = "仅有询问笔录，缺少对过期食品的现场检查笔录"


class ReviewDesk(Desk):
    """A desk that opens a case by its address and works the 法制审核 section."""

    def open(self, case_id: Any) -> None:
        self.page.goto(f"{self.base}/cases/{case_id}/")

    def section(self) -> str:
        return self.page.locator("#legal-review").inner_text()

    def post(self, scope: str, expect: str) -> None:
        """Unfold `scope` if needed, click its button and expect the success message."""
        details = self.page.locator(scope)
        if details.get_attribute("open") is None:
            self.page.locator(f"{scope} > summary").click()
        self.submit(scope, expect)


@pytest.fixture
def people(live_server, browser) -> Iterator[Any]:
    today = timezone.localdate()
    # The seeded notices (a transactional test before may have flushed them) and next year's,
    # which the 90-day 办案期限 may run into.
    ensure_calendar_years(today.year, today.year + 1)
    world = make_world()
    publish(world, "major_decision", MAJOR_FINE_RULES)
    qualify(world.reviewer)
    # The assistant handles the case and also holds the reviewer role: 回避.
    grant(world.assistant, Role.REVIEWER, world.agency)
    for user in (world.officer, world.unit_head, world.agency_head, world.reviewer):
        user.set_password(DEMO_PASSWORD)
        user.save()
    desks: dict[str, ReviewDesk] = {}

    def desk(key: str) -> ReviewDesk:
        if key not in desks:
            user = getattr(world, key)
            desks[key] = ReviewDesk(browser, live_server.url, user.username)
        return desks[key]

    yield world, desk
    for d in desks.values():
        d.close()


def fill_opinion(
    reviewer: ReviewDesk, conclusion: str, comment: str, failed: dict[str, str]
) -> None:
    page = reviewer.page
    scope = "#review-opinion"
    for code in ITEM_CODES:
        result = "fail" if code in failed else "pass"
        page.check(f'{scope} input[name="opinion-result_{code}"][value="{result}"]')
        if code in failed:
            page.fill(f'{scope} textarea[name="opinion-comment_{code}"]', failed[code])
    page.check(f'{scope} input[name="opinion-conclusion"][value="{conclusion}"]')
    page.fill(f'{scope} textarea[name="opinion-comment"]', comment)


def send_and_assign(world: Any, officer: ReviewDesk, head: ReviewDesk, case_id: str) -> None:
    """The handler 送审 (the materials complete), the head assigns the qualified reviewer."""
    officer.open(case_id)
    assert "✗ 缺少" not in officer.page.locator("#review-submit").inner_text()
    officer.post("#review-submit", "已送审")
    head.open(case_id)
    assistant = head.page.locator(f'#review-assign input[value="{world.assistant.officer.pk}"]')
    assert assistant.is_disabled()
    assert "曾承办本案，应当回避" in head.page.locator("#review-assign").inner_text()
    head.page.check(f'#review-assign input[value="{world.reviewer.officer.pk}"]')
    head.post("#review-assign", "已分配法制审核人员")


def test_article_58_routed_returned_on_a_failed_item_fixed_approved_and_decided(people):
    world, desk = people
    today = timezone.localdate()
    day = today.isoformat()
    case_id = str(at_statement(world, "6000", today).pk)
    officer, unit_head, head, reviewer = (
        desk("officer"),
        desk("unit_head"),
        desk("agency_head"),
        desk("reviewer"),
    )

    # Routed: the page names the 目录清单 rule that fired before anything is sent.
    officer.open(case_id)
    grounds = officer.page.locator("#major-grounds").inner_text()
    assert "MD-01" in grounds
    assert "对法人处以较大数额罚款" in grounds
    officer.act("submit_legal_review", "提交法制审核", opinion="罚款6000元，属于重大执法决定")
    assert officer.status() == "法制审核"
    assert "MD-01" in officer.page.locator("#review-grounds").inner_text()
    send_and_assign(world, officer, head, case_id)

    # Reviewed with one item failed, and returned for more evidence.
    reviewer.open(case_id)
    fill_opinion(reviewer, "return", "证据不足，退回补充", {FAILED_ITEM: FAILED_COMMENT})
    reviewer.submit("#review-opinion", "审核意见已出具")
    assert reviewer.status() == "调查取证"
    officer.open(case_id)
    assert officer.status() == "调查取证"
    assert FAILED_COMMENT in officer.page.locator("#timeline").inner_text()
    first = officer.page.locator("#opinion-v1-1").inner_text()
    assert "退回补充材料" in first
    assert FAILED_COMMENT in first

    # Fixed: the missing 笔录, the investigation concluded again, a new 告知 and 陈述申辩.
    officer.panel(
        "record",
        "笔录已记录",
        kind="site",
        occurred_on=day,
        place="当事人经营场所",
        persons="张某（店长）",
        certificate_shown=True,
        text="现场检查：货架上有超过保质期的食品12件，已拍照并登记保存。",
        signed_by_party=True,
    )
    officer.act(
        "conclude_investigation",
        "调查终结",
        facts="当事人销售超过保质期的食品12件",
        evidence_summary="询问笔录、现场检查笔录、照片",
        proposal="建议给予警告并处罚款6000元",
    )
    officer.act("submit_check", "提交案件审核", opinion="已补充现场检查笔录")
    unit_head.open(case_id)
    unit_head.act(
        "issue_notice",
        "送达事先告知书",
        penalties=["warning", "fine"],
        fine="6000",
        reasons="违反食品安全法第三十四条",
        basis="《中华人民共和国食品安全法》第一百二十四条",
        check_opinion="事实清楚，证据确凿，程序合法",
        served_on=day,
        service_method="direct",
    )
    officer.open(case_id)
    officer.act("receive_statement", "当事人陈述申辩", waived=True)
    officer.act("submit_legal_review", "提交法制审核", opinion="已补充证据，再次送审")
    assert officer.status() == "法制审核"
    send_and_assign(world, officer, head, case_id)

    # Approved.
    reviewer.open(case_id)
    fill_opinion(reviewer, "agree", "事实清楚，证据确凿，程序合法，同意", {})
    reviewer.submit("#review-opinion", "审核意见已出具")
    assert reviewer.status() == "待决定"

    # Decided by the head through the case's own panel, as reviewed.
    head.open(case_id)
    head.act(
        "decide",
        "作出处罚决定",
        reasons="适用一般裁量阶次",
        correction_order="立即停止销售过期食品",
    )
    assert head.status() == "作出处罚决定"

    section = head.section()
    assert "第1次送审" in section
    assert "第2次送审" in section
    assert "退回补充材料" in head.page.locator("#opinion-v1-1 .conclusion").inner_text()
    assert "同意" in head.page.locator("#opinion-v2-1 .conclusion").inner_text()
    assert head.page.locator("#opinion-v1-1 tr.result-fail").count() == 1
    assert head.page.locator("#opinion-v2-1 tr.result-fail").count() == 0
    versions = ReviewSubmission.objects.filter(case_id=case_id).order_by("version")
    assert [(s.version, s.status) for s in versions] == [(1, "opined"), (2, "opined")]
    for submission in versions:
        assert submission.draft_sha256 in section
    assert Case.objects.get(pk=case_id).fine == 6000


def test_a_refused_opinion_keeps_the_reviewers_input_in_the_browser(people):
    world, desk = people
    today = timezone.localdate()
    case_id = str(at_statement(world, "6000", today).pk)
    officer, head, reviewer = desk("officer"), desk("agency_head"), desk("reviewer")
    officer.open(case_id)
    officer.act("submit_legal_review", "提交法制审核", opinion="送审")
    send_and_assign(world, officer, head, case_id)

    reviewer.open(case_id)
    fill_opinion(reviewer, "return", "证据不足", {FAILED_ITEM: ""})
    reviewer.page.fill('#review-opinion textarea[name="opinion-comment_facts"]', "事实已核对")
    reviewer.page.locator("#review-opinion button[type=submit]").click()
    reviewer.page.wait_for_load_state()
    errors = reviewer.page.locator("#review-opinion .form-errors").inner_text()
    assert "证据合法充分" in errors
    page = reviewer.page
    assert page.locator('#review-opinion textarea[name="opinion-comment_facts"]').input_value() == (
        "事实已核对"
    )
    assert page.locator(f'input[name="opinion-result_{FAILED_ITEM}"][value="fail"]').is_checked()
    assert reviewer.status() == "法制审核"
    assert re.search(r"审核中", reviewer.section())
