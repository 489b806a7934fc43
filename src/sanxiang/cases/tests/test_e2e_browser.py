"""End to end in a real headless Chromium (Debian's), on the demo data, on today's date.

Two cases of 长治市园林局 (the demo agency whose officers 赵磊 and 刘芳 hold valid 园林绿化
certificates and whose 清单 has penalty items) are walked through the workbench pages by the
people who take each step: a 普通程序 case from 案源 to 归档 and a 简易程序 (当场处罚) case.
Nothing is set up behind the pages except the demo load itself and, when today's date needs it,
next year's holiday notice, which the 系统管理员 loads on the calendar page like any year whose
notice is not seeded yet (the 90-day 办案期限 may run into it).

The walk respects the rules as they run today: the party explicitly waives 陈述申辩 instead of
the test waiting out the five working days, and the unit head approves, with its reason, that
the interview is recorded without audio/video (调查取证 is on the 音像记录事项清单).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.core.data.holidays import seed_calendar
from sanxiang.core.models import AuditEvent, CalendarDay, CalendarYear
from sanxiang.demo.data_people import DEMO_PASSWORD
from sanxiang.demo.services import demo_load
from sanxiang.ledger.models import LedgerEntry
from sanxiang.legal_review.tests.walks import pass_review_as

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

OFFICER, UNIT_HEAD, AGENCY_HEAD = "yl_officer", "yl_unithead", "yl_head"
REVIEWER, SYSADMIN = "yl_reviewer", "sysadmin"
CASE_URL = re.compile(r"/cases/([0-9a-f-]{36})/$")


class Desk:
    """One person's phone: a browser context logged in with their demo account."""

    def __init__(self, browser: Any, base: str, username: str) -> None:
        self.base = base
        self.context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
        self.page = self.context.new_page()
        self.page.set_default_timeout(20000)
        self.page.goto(f"{base}/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_url(re.compile(r"/accounts/home/$"))

    def open_case(self, case_id: str) -> None:
        self.page.goto(f"{self.base}/cases/")
        self.page.locator(f'#case-list a[href="/cases/{case_id}/"]').click()
        self.page.wait_for_url(re.compile(rf"/cases/{case_id}/$"))

    def status(self) -> str:
        return self.page.locator("#case-status").inner_text()

    def fill(self, scope: str, prefix: str, values: dict[str, Any]) -> None:
        """Fill a generated form: text, dates, selects, checkboxes and lists of checkboxes."""
        page = self.page
        for name, value in values.items():
            key = f"{prefix}-{name}" if prefix else name
            field = f'{scope} [name="{key}"]'
            if isinstance(value, bool):
                box = page.locator(field)
                box.check() if value else box.uncheck()
            elif isinstance(value, list):
                for option in value:
                    page.locator(f'{field}[value="{option}"]').check()
            elif page.locator(field).evaluate("e => e.tagName") == "SELECT":
                page.select_option(field, str(value))
            else:
                page.fill(field, str(value))

    def submit(self, scope: str, expect: str) -> None:
        page = self.page
        page.locator(f"{scope} button[type=submit]").click()
        page.wait_for_load_state()
        errors = page.locator(".form-errors, .errorlist")
        assert errors.count() == 0, errors.all_inner_texts()
        assert expect in page.locator(".messages").inner_text()

    def act(self, action: str, label: str, **values: Any) -> None:
        scope = f"#action-{action}"
        self.page.locator(f"{scope} > summary").click()
        self.fill(scope, action, values)
        self.submit(scope, f"已办理：{label}")

    def panel(self, key: str, done: str, **values: Any) -> None:
        scope = f"#panel-{key}"
        self.page.locator(f"{scope} > summary").click()
        self.fill(scope, key, values)
        self.submit(scope, done)

    def refusal(self, action: str) -> str:
        return self.page.locator(f"#refused-{action}").inner_text()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def demo(live_server, browser) -> Iterator[Any]:
    """The demo data, and a desk per person; next year's notice loaded by the 系统管理员."""
    # The holiday notices the migration seeds (an earlier transactional test may have flushed them).
    seed_calendar(year_model=CalendarYear, day_model=CalendarDay)
    # Without the demo cases: the assertions below count every case event of the agency.
    assert demo_load(cases=False).loaded
    desks: dict[str, Desk] = {}

    def desk(username: str) -> Desk:
        if username not in desks:
            desks[username] = Desk(browser, live_server.url, username)
        return desks[username]

    next_year = timezone.localdate().year + 1
    if not CalendarYear.objects.filter(year=next_year).exists():
        admin = desk(SYSADMIN)
        admin.page.goto(f"{live_server.url}/accounts/admin/calendar/")
        admin.page.fill("#id_year", str(next_year))
        admin.page.fill("#id_source", f"浏览器测试用：{next_year}年安排（正式通知载入前的假定）")
        admin.page.fill("#id_holidays", f"元旦 {next_year}-01-01")
        admin.page.get_by_role("button", name="载入").click()
        admin.page.wait_for_load_state()
        assert f"已载入{next_year}年法定节假日安排" in admin.page.content()
    yield desk
    for d in desks.values():
        d.close()


def register_lead(officer: Desk, **values: Any) -> str:
    page = officer.page
    page.goto(f"{officer.base}/cases/")
    page.locator("#register-link").click()
    page.wait_for_url(re.compile(r"/cases/new/$"))
    officer.fill("#register-form", "", values)
    officer.submit("#register-form", "案源已登记")
    match = CASE_URL.search(page.url)
    assert match, page.url
    return match.group(1)


def assistant_value(officer: Desk, name: str) -> str:
    label = officer.page.locator("#register-form label.check", has_text=name)
    return str(label.locator("input").get_attribute("value"))


def demo_user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def lead(officer: Desk, *, title: str, item: str, party: dict[str, str]) -> str:
    page = officer.page
    page.goto(f"{officer.base}/cases/new/")
    assistant = assistant_value(officer, "刘芳")
    today = timezone.localdate()
    return register_lead(
        officer,
        title=title,
        field_code="landscaping",
        item_code=item,
        source="inspection",
        source_detail="日常巡查发现",
        discovered_on=today.isoformat(),
        act_date=today.isoformat(),
        assistant_ids=[assistant],
        **party,
    )


def test_general_procedure_from_lead_to_archive(demo):
    officer, unit_head, agency_head = demo(OFFICER), demo(UNIT_HEAD), demo(AGENCY_HEAD)
    reviewer = demo(REVIEWER)
    today = timezone.localdate().isoformat()
    case_id = lead(
        officer,
        title="擅自修剪城市行道树案",
        item="YL-CF-03",
        party={
            "party_kind": "organisation",
            "party_name": "长治市某某物业服务有限公司",
            "party_identifier": "91140400MA0K000001",
            "party_address": "长治市潞州区英雄中路1号",
        },
    )
    assert officer.status() == "案源登记"
    assert "立案核查期限" in officer.page.locator("#case-clocks").inner_text()
    officer.act("submit_filing", "提请立案", opinion="当事人擅自修剪行道树2株，建议立案调查")
    assert officer.status() == "立案审批"
    assert "需要机关负责人或承办机构负责人办理" in officer.refusal("approve_filing")

    unit_head.open_case(case_id)
    unit_head.act("approve_filing", "批准立案", opinion="同意立案")
    assert unit_head.status() == "调查取证"
    assert "立〔" in unit_head.page.locator("#case-number").inner_text()
    assert "办案期限" in unit_head.page.locator("#case-clocks").inner_text()

    # 调查取证 is on the 音像记录事项清单: without a recording the 笔录 is refused, citing §47 …
    officer.open_case(case_id)
    record = {
        "kind": "interview",
        "occurred_on": today,
        "place": "当事人办公室",
        "persons": "李某（物业经理）",
        "certificate_shown": True,
        "text": "问：行道树是谁修剪的？答：我公司绿化工修剪的，未经批准。",
        "signed_by_party": True,
    }
    page = officer.page
    page.locator("#panel-record > summary").click()
    officer.fill("#panel-record", "record", record)
    page.locator("#panel-record button[type=submit]").click()
    page.wait_for_load_state()
    assert "《行政处罚法》第四十七条" in page.locator("#panel-record .form-errors").inner_text()
    assert "未经批准" in page.locator('[name="record-text"]').input_value()  # nothing lost

    # … until the unit head approves, with its reason, that this one goes without.
    unit_head.open_case(case_id)
    unit_head.panel(
        "av-absence",
        "已批准未进行音像记录的原因",
        activity="调查取证",
        reason="执法记录仪电量耗尽，询问在办公室进行并由当事人核对签名",
    )
    officer.open_case(case_id)
    officer.panel("record", "笔录已记录", **record)
    officer.act(
        "conclude_investigation",
        "调查终结",
        facts="当事人未经批准修剪行道树2株，已补植",
        evidence_summary="询问笔录、现场照片",
        proposal="建议处罚款1000元",
    )
    # 裁量基准: the violation and its tier; the 告知 and 决定 must then stay within ¥500–2000.
    officer.panel(
        "discretion",
        "裁量基准已适用",
        benchmark_code="YL-CF-03-J1",
        tier="lenient",
        circumstances="涉及行道树2株，当事人已及时补植",
        reason="符合从轻情形",
    )
    assert "500" in officer.page.locator("#timeline").inner_text()
    officer.act("submit_check", "提交案件审核", opinion="请审核")
    assert officer.status() == "案件审核"

    unit_head.open_case(case_id)
    unit_head.act(
        "issue_notice",
        "送达事先告知书",
        penalties=["fine"],
        fine="1000",
        reasons="违反《城市绿化条例》第二十条",
        basis="《城市绿化条例》第二十六条第（二）项",
        check_opinion="事实清楚，证据确凿，程序合法，适用依据正确",
        served_on=today,
        service_method="direct",
    )
    assert unit_head.status() == "事先告知"
    assert "陈述申辩期限" in unit_head.page.locator("#case-clocks").inner_text()

    # The 陈述申辩 period has not run out today: the party's explicit waiver is recorded instead.
    officer.open_case(case_id)
    officer.act("receive_statement", "当事人陈述申辩", waived=True)
    # The demo 法制审核目录清单 lists cases "涉及重大公共利益…" without a structured condition, so
    # the catalog counts every case as major; it goes to the 法制审核人员 either way (§58).
    officer.act("submit_legal_review", "提交法制审核", opinion="拟按告知内容作出处罚决定")
    assert officer.status() == "法制审核"
    # 法制审核 goes through the legal_review services (送审, 分配, 同意): the gate refuses the
    # bare "法制审核通过" action. The review pages come with legal_review's own browser test.
    reviewer.open_case(case_id)
    assert reviewer.status() == "法制审核"
    pass_review_as(
        Case.objects.get(pk=case_id),
        submitter=demo_user(OFFICER),
        head=demo_user(AGENCY_HEAD),
        reviewer=demo_user(REVIEWER),
        today=timezone.localdate(),
    )
    reviewer.page.reload()
    assert reviewer.status() == "待决定"

    agency_head.open_case(case_id)
    agency_head.act(
        "decide",
        "作出处罚决定",
        reasons="适用一般裁量阶次",
        correction_order="立即停止擅自修剪行为，按要求补植",
    )
    assert agency_head.status() == "作出处罚决定"
    assert "罚决〔" in agency_head.page.locator("#decision-number").inner_text()

    officer.open_case(case_id)
    officer.act("serve", "送达决定书", method="direct", served_on=today)
    assert "罚款缴纳期限" in officer.page.locator("#case-clocks").inner_text()
    officer.act("execute", "履行或强制执行", opinion="进入执行")
    # 结案 needs the fine paid (处罚法 §67): refused until the payment is recorded.
    assert "第六十七条" in officer.refusal("close")
    officer.panel(
        "payment", "缴款已登记", amount="1000", paid_on=today, receipt_number="YL-PAY-0001"
    )
    officer.act("close", "结案", summary="当事人已履行处罚决定，结案")
    officer.act("archive", "立卷归档", archive_number=f"YL-{today[:4]}-永久-001")
    assert officer.status() == "归档"

    timeline = officer.page.locator("#timeline .step")
    labels = [t.split()[1] for t in timeline.all_inner_texts()]
    assert labels[0] == "案源登记"
    assert labels[-1] == "立卷归档"
    assert "询问笔录" in labels
    assert "批准未进行音像记录" in labels
    case = Case.objects.get(pk=case_id)
    assert case.fine == 1000
    # Every step is attributable: one audit event (and ledger entry) each.
    events = AuditEvent.objects.filter(event__startswith="cases.", agency_id=case.agency_id)
    assert events.count() == case.steps.count() == len(labels)
    assert LedgerEntry.objects.filter(kind="cases.case.archive").count() == 1

    officer.page.goto(f"{officer.base}/cases/")
    assert case_id not in officer.page.content()  # finished: off the workbench
    officer.page.goto(f"{officer.base}/cases/?all=1")
    assert case_id in officer.page.content()


def test_summary_procedure_on_the_spot(demo):
    officer = demo(OFFICER)
    today = timezone.localdate().isoformat()
    case_id = lead(
        officer,
        title="公共绿地内不服从管理的摊点案",
        item="YL-CF-05",
        party={"party_kind": "person", "party_name": "张某", "party_address": "长治市潞州区"},
    )
    # A fine above ¥200 for a person is refused on the spot (处罚法 §51), the input kept.
    page = officer.page
    page.locator("#action-apply_summary > summary").click()
    summary = {
        "penalties": ["fine"],
        "fine": "500",
        "facts": "在公共绿地内设摊经营，不服从管理单位管理",
        "basis": "《城市绿化条例》第二十八条",
        "certificate_shown": True,
        "statement": "无异议",
        "place": "长治市城区人民公园",
    }
    officer.fill("#action-apply_summary", "apply_summary", summary)
    page.locator("#action-apply_summary button[type=submit]").click()
    page.wait_for_load_state()
    errors = page.locator("#action-apply_summary .form-errors").inner_text()
    assert "《行政处罚法》第五十一条" in errors
    assert page.locator('[name="apply_summary-fine"]').input_value() == "500"

    officer.fill("#action-apply_summary", "apply_summary", {"fine": "200"})
    officer.submit("#action-apply_summary", "已办理：适用简易程序（当场处罚）")
    assert officer.status() == "当场告知（简易程序）"
    officer.act(
        "decide_on_site",
        "当场作出处罚决定",
        form_number="No.YL0000123",
        correction_order="立即撤离公共绿地",
        handed_over=True,
    )
    assert officer.status() == "作出处罚决定"
    assert "罚款缴纳期限" in page.locator("#case-clocks").inner_text()
    officer.act("serve", "送达决定书", method="direct", served_on=today)
    officer.panel(
        "payment", "缴款已登记", amount="200", paid_on=today, receipt_number="YL-PAY-0002"
    )
    officer.act("execute", "履行或强制执行", opinion="当事人当场缴纳罚款")
    officer.act("close", "结案", summary="当事人已履行，结案")
    officer.act("archive", "立卷归档", archive_number=f"YL-{today[:4]}-简易-001")
    assert officer.status() == "归档"
    case = Case.objects.get(pk=case_id)
    assert case.procedure == "summary"
    assert case.decision_number == "No.YL0000123"
    assert case.fine == 200
