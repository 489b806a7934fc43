"""Browser (Debian's headless Chromium): a decided demo case goes through 事后公开.

It becomes a draft by itself when decided (the demo load walks the case through the services),
the 公示管理员 checks and adjusts the redaction side by side, reviews and publishes; the public
finds it by a Chinese search on the portal, sees the correction with its reason, and finally
only the withdrawal notice. An anonymous browser checks what the public sees at each state.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from sanxiang.core.data.holidays import seed_calendar
from sanxiang.core.models import CalendarDay, CalendarYear
from sanxiang.demo.data_people import DEMO_PASSWORD
from sanxiang.demo.services import demo_load
from sanxiang.disclosure.models import Disclosure, DisclosureStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = DisclosureStatus
PARTY, MASKED = "侯建军", "侯某"
CASE_TITLE = "公园绿地内设摊经营不服从管理案"  # 当场处罚 of a natural person


@pytest.fixture
def world(live_server, browser) -> Iterator[dict[str, Any]]:
    seed_calendar(year_model=CalendarYear, day_model=CalendarDay)
    assert demo_load(cases=True).loaded
    staff = browser.new_context(locale="zh-CN")
    public = browser.new_context(locale="zh-CN")
    page = staff.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "yl_disclosure")
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/accounts/home/$"))
    reader = public.new_page()
    reader.set_default_timeout(20000)
    yield {"base": live_server.url, "staff": page, "public": reader}
    staff.close()
    public.close()


def search(reader: Any, base: str, words: str) -> str:
    reader.goto(f"{base}/decisions/")
    reader.fill("#q", words)
    reader.press("#q", "Enter")
    reader.wait_for_load_state()
    return reader.locator("ol.results").inner_text()


def test_decided_demo_case_is_redacted_reviewed_published_found_corrected_withdrawn(world):
    base, page, reader = world["base"], world["staff"], world["public"]
    disclosure = Disclosure.objects.get(case__title=CASE_TITLE)
    assert disclosure.status == S.DRAFT  # drafted by the decision itself

    # Before publication the public finds nothing.
    assert PARTY not in search(reader, base, "设摊经营")
    assert "没有找到" in search(reader, base, "设摊经营")

    # The 公示管理员: the draft is in the list; side by side, the party's name is marked.
    page.goto(f"{base}/disclosures/")
    page.locator(f"#d-{disclosure.pk} a").click()
    page.wait_for_url(re.compile(rf"/disclosures/{disclosure.pk}/$"))
    assert (
        PARTY in page.locator("#source mark").first.inner_text()
        or PARTY in page.locator("#source").inner_text()
    )
    public_text = page.locator("#public-text").inner_text()
    assert PARTY not in public_text
    assert MASKED in public_text
    # Hide a detail the engine kept (where on the lawn), then review and publish.
    page.fill("#hide", "东侧草坪")
    page.locator("#redaction-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "已更新脱敏处理" in page.content()
    assert "东侧草坪" not in page.locator("#public-text").inner_text()
    page.locator("#review").click()
    page.wait_for_load_state()
    page.locator("#publish").click()
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == "已公开"

    # The public finds it by Chinese words still in the text and sees no personal name.
    results = search(reader, base, "设摊经营")
    assert MASKED in results
    assert PARTY not in results
    reader.locator("ol.results a").first.click()
    reader.wait_for_url(re.compile(rf"/decisions/{disclosure.pk}/$"))
    detail = reader.locator("main").inner_text()
    assert MASKED in detail
    assert PARTY not in detail
    assert "东侧草坪" not in detail
    sha = reader.locator("#verify code.sha").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", sha)

    # A correction: new text, public reason; the history keeps both versions.
    page.fill("#correct-text", page.locator("#correct-text").input_value() + "\n（本公示已更正）")
    page.fill("#correct-reason", "补充更正说明")
    page.locator("#correct-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == "已更正"
    reader.reload()
    detail = reader.locator("main").inner_text()
    assert "（本公示已更正）" in detail
    assert "补充更正说明" in reader.locator("#history").inner_text()
    assert reader.locator("#history li").count() == 2

    # Withdrawn (处罚法 §48): the public sees the notice, not the text, and search drops it.
    page.select_option("#withdraw-ground", "revoked")
    page.fill("#withdraw-reason", "复议机关撤销原行政处罚决定")
    page.locator("#withdraw-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == "已撤回"
    reader.reload()
    assert "复议机关撤销原行政处罚决定" in reader.locator("#withdrawal").inner_text()
    assert reader.locator("#text").count() == 0
    assert MASKED not in search(reader, base, "设摊经营")
