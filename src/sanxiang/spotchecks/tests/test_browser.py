"""双随机一公开 end to end in a real headless Chromium (issue 8 "Done when").

A task from the publication of its inputs to its published results, with one inspection turning
into a penalty case: the 机关负责人 publishes the inputs on the task page (the public page then
shows the pool and its SHA-256), records the lottery numbers once their declared time has passed,
runs the draw; the public recompute page re-runs it in the browser and says 一致; the head opens
the inspections; the inspectors record them (one passes, one is transferred into a penalty case,
through the inspections services); the head publishes the results and the public page shows them.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.utils import timezone

from sanxiang.cases.tests.test_e2e_browser import Desk
from sanxiang.cases.tests.test_views import ensure_calendar_years
from sanxiang.demo.data_people import DEMO_PASSWORD
from sanxiang.inspections.models import Inspection
from sanxiang.inspections.tests.factories import inspect
from sanxiang.organisations.models import Officer
from sanxiang.spotchecks.models import Assignment, Draw
from sanxiang.spotchecks.tests.factories import add_entities, approved_task, make_spot_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AHEAD_SECONDS = 10


def _inspector(assignment: Assignment) -> Any:
    return Officer.objects.get(pk=assignment.inspector_ids[0]).user


def test_spot_check_task_from_inputs_to_published_results(live_server, browser):
    today = timezone.localdate()
    ensure_calendar_years(today.year, today.year + 1)
    sw = make_spot_world()
    add_entities(sw.lead, 5)
    task = approved_task(sw, window_start=today, window_end=today + dt.timedelta(days=30), count=2)
    head_user = sw.lead.agency_head
    head_user.set_password(DEMO_PASSWORD)
    head_user.save()
    head = Desk(browser, live_server.url, head_user.username)
    public = browser.new_context(locale="zh-CN").new_page()
    try:
        page = head.page
        page.goto(f"{live_server.url}/spot-checks/tasks/{task.pk}/")
        known = timezone.localtime() + dt.timedelta(seconds=AHEAD_SECONDS)
        head.fill("#inputs-form", "", {"description": "双色球开奖号码（测试）"})
        page.fill('#inputs-form [name="known_after"]', known.strftime("%Y-%m-%dT%H:%M:%S"))
        head.submit("#inputs-form", "已完成")
        draw = Draw.objects.get(task=task)

        public.goto(f"{live_server.url}/random-checks/{draw.pk}/")
        assert (
            draw.inputs["entities"]["sha256"]
            in public.locator("[data-entities-sha256]").inner_text()
        )
        assert public.locator("[data-pool] li").count() == 5

        time.sleep(max(0.0, (known - timezone.localtime()).total_seconds()) + 1)
        page.reload()
        head.fill("#entropy-form", "", {"values": "3 9 14 21 27 30 12"})
        head.submit("#entropy-form", "已完成")
        head.submit("#run-form", "已完成")
        assert page.locator("#assignments tbody tr").count() == 2

        public.goto(f"{live_server.url}/random-checks/{draw.pk}/verify/")
        status = public.locator("[data-verify-status]")
        status.filter(has_text="一致").wait_for()
        assert status.inner_text().startswith("一致")

        page.fill('#open-form [name="planned_on"]', today.isoformat())
        head.submit("#open-form", "已完成")
        first, second = Assignment.objects.filter(task=task).order_by("position")
        for assignment, outcome in ((first, "inspection_pass"), (second, "inspection_transfer")):
            case = Inspection.objects.get(case_id=assignment.case_id).case
            case = inspect(sw.lead, case, "inspection_record", today, user=_inspector(assignment))
            inspect(sw.lead, case, outcome, today, user=_inspector(assignment))
        assert Inspection.objects.get(case_id=second.case_id).transferred_case is not None

        page.reload()
        head.submit("#results-form", "已完成")
        public.goto(f"{live_server.url}/random-checks/{draw.pk}/")
        results = public.locator("[data-results]").inner_text()
        assert "合格" in results
        assert "转立案" in results
    finally:
        public.context.close()
        head.close()
