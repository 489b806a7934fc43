"""行政许可 at the counter, end to end in a real headless Chromium (Debian's), on today's date.

The 窗口 officer registers an application with two of the four materials the 服务指南 lists, tells
the applicant every missing item at once (补正), records the answer handed in at the counter,
accepts, records the 审查意见 (现场核查), and submits the decision; the 机关负责人 grants; the
officer delivers the licence. The public register then shows it, with no login.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.cases.tests.test_e2e_browser import Desk
from sanxiang.cases.tests.test_views import ensure_calendar_years
from sanxiang.demo.data_people import DEMO_PASSWORD
from sanxiang.licensing.models import LicenceStatus
from sanxiang.licensing.tests.factories import ITEM, licence_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(live_server, browser) -> Iterator[Any]:
    today = timezone.localdate()
    ensure_calendar_years(today.year, today.year + 1)
    world = licence_world()
    for user in (world.officer, world.agency_head):
        user.set_password(DEMO_PASSWORD)
        user.save()
    desks = {
        key: Desk(browser, live_server.url, getattr(world, key).username)
        for key in ("officer", "agency_head")
    }
    yield world, desks, live_server.url
    for desk in desks.values():
        desk.context.close()


def test_counter_application_with_one_correction_round_to_a_delivered_licence(people):
    world, desks, base = people
    today = timezone.localdate().isoformat()
    officer, head = desks["officer"], desks["agency_head"]
    page = officer.page
    page.goto(f"{base}/licensing/")
    page.locator("#new-application").click()
    officer.fill(
        "#apply-form",
        "apply",
        {
            "item_code": ITEM,
            "request": "因管线施工临时占用崇文街绿地120平方米",
            "submitted_on": today,
            "applicant_kind": "organisation",
            "applicant_name": "某某建设工程有限公司",
            "applicant_identifier": "91140524MA0000002X",
            "materials": "申请书\n占用绿地平面图",
        },
    )
    officer.submit("#apply-form", "申请已登记")
    case = Case.objects.get(kind="licence")
    assert "营业执照复印件" in page.locator("#licence-missing").inner_text()

    officer.act(
        "licence_request_correction",
        "一次性告知补正",
        items="营业执照复印件 | 未提交\n绿地恢复方案 | 未提交",
    )
    assert officer.status() == "补正材料"
    officer.act(
        "licence_submit_correction",
        "提交补正材料",
        materials="营业执照复印件\n绿地恢复方案",
        received_on=today,
    )
    officer.act("licence_accept", "受理申请", opinion="材料齐全，予以受理")
    assert officer.status() == "受理审查"
    officer.panel(
        "licence-examination",
        "审查意见已记录",
        outcome="grant",
        content="准予临时占用崇文街绿地120平方米",
        licence_name="临时占用城市绿地许可证",
        valid_from=today,
        reasons="符合《城市绿化条例》第十九条规定的条件",
        site_check="现场核查：绿地现状与平面图一致",
    )
    officer.act("licence_submit_decision", "报请许可决定")

    head.page.goto(f"{base}/cases/{case.pk}/")
    head.act(
        "licence_grant",
        "作出准予行政许可决定",
        content="准予临时占用崇文街绿地120平方米",
        licence_name="临时占用城市绿地许可证",
        valid_from=today,
        reasons="符合条件",
    )
    assert head.status() == "准予许可"
    number = case.licences.get().number
    assert number in head.page.locator("#licence-licences").inner_text()

    page.goto(f"{base}/cases/{case.pk}/")
    officer.act(
        "licence_deliver",
        "颁发证件并送达决定",
        method="direct",
        delivered_on=today,
        recipient="某某建设工程有限公司",
    )
    assert officer.status() == "已发证送达"
    licence = case.licences.get()
    assert licence.delivered_on is not None
    assert licence.status == LicenceStatus.VALID

    public = head.context.browser.new_context(locale="zh-CN")
    anon = public.new_page()
    anon.goto(f"{base}/licences/")
    table = anon.locator("#public-licences").inner_text()
    assert number in table
    assert "某某建设工程有限公司" in table
    assert "91140524MA0000002X" not in anon.content()
    public.close()
