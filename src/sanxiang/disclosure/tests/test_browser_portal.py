"""A member of the public uses the portal on a phone, in a real headless Chromium."""

from __future__ import annotations

import pytest

from sanxiang.disclosure.tests.factories import (
    PENALTIES,
    PRIVATE_PHONE,
    changzhi_garden_bureau,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# htmx (loaded by core/base.html, not by this app) injects its indicator <style> unless
# htmx.config.includeIndicatorStyles is false; that one violation is tolerated until base.html
# sets it. Any other CSP violation on the portal fails the test.
HTMX_INDICATOR_STYLE_HASH = "sha256-faU7yAF8NxuMTNEwVmBz+VcYeIoBQ2EMHW3WaVxCvnk="
NO_OVERFLOW = "document.scrollingElement.scrollWidth <= window.innerWidth"


def assert_fits_phone(page) -> None:
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert page.evaluate(NO_OVERFLOW), (page.url, widths)


def test_public_browses_agency_items_officers_and_searches(live_server, page):
    changzhi_garden_bureau()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", name="行政执法公示（事前公开）").is_visible()
    assert_fits_phone(page)
    page.get_by_role("link", name="长治市园林局").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="主体信息").is_visible()
    assert "长治市司法局" in page.content()
    assert_fits_phone(page)

    page.get_by_role("link", name="执法事项", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="执法事项清单").is_visible()
    listed = page.locator(".item-name").all_inner_texts()
    for name in PENALTIES:
        assert name in listed
    page.get_by_role("link", name="行政处罚", exact=True).click()
    page.wait_for_load_state()
    assert sorted(page.locator(".item-name").all_inner_texts()) == sorted(PENALTIES)
    assert_fits_phone(page)

    page.get_by_role("link", name=PENALTIES[2]).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=PENALTIES[2]).is_visible()
    assert page.get_by_role("heading", name="版本历史").is_visible()
    assert "《城市绿化条例》第二十七条" in page.content()
    assert_fits_phone(page)

    page.get_by_role("link", name="执法人员", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="执法人员清单").is_visible()
    assert page.get_by_role("cell", name="王建国").is_visible()
    assert PRIVATE_PHONE not in page.content()
    assert_fits_phone(page)

    page.get_by_role("link", name="执法公示", exact=True).first.click()
    page.wait_for_load_state()
    page.fill("#q", "修剪")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_load_state()
    assert "/search" in page.url
    result = page.locator(".result-item a")
    assert result.all_inner_texts() == [PENALTIES[2]]
    assert_fits_phone(page)
    result.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=PENALTIES[2]).is_visible()

    page.goto(f"{live_server.url}/flowchart/")
    assert page.locator(".flow-edge").count() > 30
    assert_fits_phone(page)
    violations = [
        e for e in errors if "Content Security Policy" in e and HTMX_INDICATOR_STYLE_HASH not in e
    ]
    assert not violations, violations
