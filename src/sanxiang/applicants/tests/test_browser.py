"""Online 行政许可 end to end in a real headless Chromium (Debian's), on today's date (issue 8
"Done when": an online licence application with one 补正 round to a 准予 decision and its
disclosure).

A company registers on its phone, signs the 电子送达确认书 and applies online with the 服务指南's
materials uploaded; the agency head assigns the handler, who sends a 补正告知 listing every
missing item at once (with its 补正告知书); the company sees both items and the notice in its
portal and answers online; the handler accepts, records the examination and submits; the head
grants (the item is not on the 法制审核目录清单); the handler makes the 准予决定书 and the licence
and serves them electronically; the company finds both PDFs in its portal; the 公示管理员 reviews
and publishes the drafted disclosure, which the public then reads on /decisions/.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from sanxiang.applicants.tests.factories import PASSWORD, PDF_BYTES, jpeg_bytes, uscc
from sanxiang.cases.models import Case
from sanxiang.cases.states import CaseStatus
from sanxiang.cases.tests.test_e2e_browser import Desk
from sanxiang.cases.tests.test_views import ensure_calendar_years
from sanxiang.demo.data_people import DEMO_PASSWORD
from sanxiang.disclosure.models import Disclosure
from sanxiang.licensing.tests.factories import ITEM_NAME, licence_world
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPANY = "陵川县绿源市政工程有限公司"
MATTER_URL = re.compile(r"/applicant/matters/([0-9a-f-]{36})/$")


class StaffDesk(Desk):
    def open(self, case_id: str) -> None:
        self.page.goto(f"{self.base}/cases/{case_id}/")

    def generate(self, case_id: str, kind: str) -> None:
        self.page.goto(f"{self.base}/documents/cases/{case_id}/")
        self.page.select_option("#generate-form select[name=kind]", kind)
        self.page.locator("#generate-form button[type=submit]").click()
        self.page.wait_for_url(re.compile(r"/documents/[0-9a-f-]{36}/$"))


@pytest.fixture
def people(live_server, browser) -> Iterator[Any]:
    today = timezone.localdate()
    ensure_calendar_years(today.year, today.year + 1)
    world = licence_world()
    world.others["publisher"] = user_with_role(Role.DISCLOSURE_OFFICER, world.agency)
    for user in (world.officer, world.agency_head, world.others["publisher"]):
        user.set_password(DEMO_PASSWORD)
        user.save()
    contexts: list[Any] = []

    def staff(user: Any) -> StaffDesk:
        desk = StaffDesk(browser, live_server.url, user.username)
        contexts.append(desk.context)
        return desk

    def phone() -> Any:
        context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20000)
        return page

    yield world, staff, phone, live_server.url
    for context in contexts:
        context.close()


def register_and_consent(page: Any, base: str) -> None:
    page.goto(f"{base}/applicant/register/")
    page.select_option("#id_kind", "organisation")
    page.fill("#id_name", COMPANY)
    page.fill("#id_identifier", uscc(77))
    page.fill("#id_representative", "李建国")
    page.fill("#id_phone", "13812345678")
    page.fill("#id_address", "陵川县崇文街8号")
    page.fill("#id_username", "lvyuan")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("#applicant-register button[type=submit]").click()
    page.wait_for_url(re.compile(r"/applicant/consent/$"))
    assert "注册成功" in page.locator(".messages").inner_text()
    page.check("#id_agree")
    page.locator("#consent-sign button[type=submit]").click()
    page.wait_for_load_state()
    assert "已签署电子送达确认书" in page.locator(".messages").inner_text()


def apply(page: Any, base: str) -> str:
    page.goto(f"{base}/applicant/apply/")
    page.get_by_role("link", name=ITEM_NAME).click()
    page.wait_for_url(re.compile(r"/applicant/apply/[0-9a-f-]{36}/[^/]+/$"))
    assert "占用绿地平面图" in page.locator("#apply-form").inner_text()
    page.fill("#id_request", "因雨污管线施工临时占用崇文街绿地120平方米，期限30日")
    pdf = {"mimeType": "application/pdf", "buffer": PDF_BYTES}
    page.set_input_files("#material_0", files=[{"name": "申请书.pdf", **pdf}])
    page.set_input_files(
        "#material_1", files=[{"name": "平面图.pdf", **pdf, "buffer": PDF_BYTES + b"%2"}]
    )
    page.locator("#apply-submit").click()
    page.wait_for_url(MATTER_URL)
    assert "已提交，等待机关受理" in page.locator("#matter-status").inner_text()
    assert "受理或一次性告知补正期限" in page.locator("#clocks").inner_text()
    match = MATTER_URL.search(page.url)
    assert match is not None
    return match.group(1)


def test_online_application_with_one_correction_round_to_grant_and_its_disclosure(people):
    world, staff, phone, base = people
    today = timezone.localdate()
    day, until = today.isoformat(), (today + dt.timedelta(days=30)).isoformat()
    applicant = phone()
    register_and_consent(applicant, base)
    case_id = apply(applicant, base)

    head, officer = staff(world.agency_head), staff(world.officer)
    head.open(case_id)
    head.panel("licence-assign", "已分配承办人员", lead_officer_id=str(world.officer.officer.pk))

    # 许可法 §32: every missing item at once, with the 补正告知书.
    officer.open(case_id)
    officer.act(
        "licence_request_correction",
        "一次性告知补正",
        items="营业执照复印件 | 未提交\n绿地恢复方案 | 未载明恢复期限和标准",
    )
    officer.generate(case_id, "licence_correction_notice")

    applicant.reload()
    correction = applicant.locator("#correction-1").inner_text()
    assert "营业执照复印件" in correction
    assert "未载明恢复期限和标准" in correction
    assert "行政许可申请材料补正告知书" in applicant.locator("#documents").inner_text()
    applicant.set_input_files(
        "#correction_file_0",
        files=[{"name": "营业执照.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}],
    )
    applicant.set_input_files(
        "#correction_file_1",
        files=[
            {"name": "恢复方案.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES + b"%3"}
        ],
    )
    applicant.fill("#id_note", "已按补正告知补齐")
    applicant.locator("#correction-submit").click()
    applicant.wait_for_load_state()
    assert "补正材料已提交" in applicant.locator(".messages").inner_text()
    assert "已于" in applicant.locator("#correction-1").inner_text()

    officer.open(case_id)
    officer.act("licence_accept", "受理申请", opinion="补正后材料齐全，予以受理")
    officer.panel(
        "licence-examination",
        "审查意见已记录",
        outcome="grant",
        content="准予临时占用崇文街绿地120平方米",
        licence_name="临时占用城市绿地许可证",
        valid_from=day,
        valid_to=until,
        reasons="申请符合《城市绿化条例》第十九条规定的条件",
    )
    officer.act("licence_submit_decision", "报请许可决定", opinion="建议准予许可")

    head.open(case_id)
    head.act(
        "licence_grant",
        "作出准予行政许可决定",
        content="准予临时占用崇文街绿地120平方米",
        licence_name="临时占用城市绿地许可证",
        valid_from=day,
        valid_to=until,
        reasons="申请符合《城市绿化条例》第十九条规定的条件",
    )

    officer.generate(case_id, "licence_grant")
    officer.generate(case_id, "licence_certificate")
    officer.open(case_id)
    officer.act(
        "licence_deliver",
        "颁发证件并送达决定",
        method="electronic",
        delivered_on=day,
        recipient=COMPANY,
        consent=True,
    )
    assert Case.objects.get(pk=case_id).status == CaseStatus.LICENCE_DELIVERED

    # The company's portal: the decision and the licence, served electronically, as PDFs.
    applicant.reload()
    assert "决定书和证件已送达" in applicant.locator("#matter-status").inner_text()
    documents = applicant.locator("#documents").inner_text()
    assert "准予行政许可决定书" in documents
    assert "行政许可证件" in documents
    assert "临时占用城市绿地许可证" in applicant.locator("#licences").inner_text()
    href = applicant.get_by_role("link", name="准予行政许可决定书").get_attribute("href")
    pdf = applicant.context.request.get(f"{base}{href}")
    assert pdf.status == 200
    assert pdf.body().startswith(b"%PDF")

    # 事后公开: drafted by the decision, reviewed and published, read by the public.
    disclosure = Disclosure.objects.get(case_id=case_id)
    publisher = staff(world.others["publisher"])
    page = publisher.page
    page.goto(f"{base}/disclosures/")
    page.locator(f"#d-{disclosure.pk} a").click()
    page.wait_for_url(re.compile(rf"/disclosures/{disclosure.pk}/$"))
    page.locator("#review").click()
    page.wait_for_load_state()
    page.locator("#publish").click()
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == "已公开"
    reader = phone()
    reader.goto(f"{base}/decisions/{disclosure.pk}/")
    public = reader.locator("main").inner_text()
    assert COMPANY in public
    assert "临时占用" in public
