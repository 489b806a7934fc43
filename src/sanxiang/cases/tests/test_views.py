"""The case workbench pages through HTTP: 我的案件, 登记案源, the case page, actions and panels.

Cases are set up through the services on the factories' fixed day; what the views post runs on
the server's real date (views never pass `today`), so the next year's holiday notice is loaded
for the 90-day 办案期限 that 立案 starts.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from sanxiang.cases.models import Case, CaseStep
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, act, lead_data, make_world, register
from sanxiang.core.data.holidays import seed_calendar
from sanxiang.core.models import CalendarDay, CalendarYear

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db


def ensure_calendar_years(*years: int) -> None:
    """The seeded notices (as the migration loads them, in case a transactional test flushed
    them), and, for test setup only, years whose notice is not published yet as plain weekends."""
    seed_calendar(year_model=CalendarYear, day_model=CalendarDay)
    for year in years:
        CalendarYear.objects.get_or_create(
            year=year, defaults={"source": f"测试用：{year}年（无节假日调整）"}
        )


@pytest.fixture
def world():
    today = timezone.localdate()
    ensure_calendar_years(today.year, today.year + 1)
    return make_world()


def login(client, user):
    client.force_login(user)
    return client


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def post_action(client, case, action, data):
    url = f"/cases/{case.pk}/actions/{action}/"
    return client.post(url, {f"{action}-{k}": v for k, v in data.items()})


# --- 我的案件 -----------------------------------------------------------------------------------


def test_workbench_lists_assigned_cases_with_their_clocks(client, world):
    case = register(world)
    other = make_world("他局")
    foreign = register(other)
    response = login(client, world.officer).get("/cases/")
    assert response.status_code == 200
    text = page_text(response)
    assert case.title in text
    assert case.lead_number in text
    assert "立案核查期限" in text
    # Registered on 2026-03-09, the 15 working-day clock ran out long before the server's today.
    assert "badge-overdue" in text
    assert "超期" in text
    assert foreign.lead_number not in text
    assert text.count('class="card case-card') == 1


def test_workbench_masks_the_party_identifier(client, world):
    register(world, party_identifier="91140524MA0000001X")
    text = page_text(login(client, world.officer).get("/cases/"))
    assert "911***********001X" in text
    assert "91140524MA0000001X" not in text


def test_workbench_shows_due_soon_badge_when_clock_ends_within_three_days(client, world):
    today = timezone.localdate()
    case = register(world, today=today, discovered_on=today, act_date=today)
    case.deadlines.update(due_on=today + dt.timedelta(days=1))
    text = page_text(login(client, world.officer).get("/cases/"))
    assert "badge-due-soon" in text
    assert "临期" in text
    assert "badge-overdue" not in text


def test_workbench_hides_archived_cases_unless_asked(client, world):
    case = register(world)
    Case.objects.filter(pk=case.pk).update(status=S.ARCHIVED)
    login(client, world.officer)
    assert case.title not in page_text(client.get("/cases/"))
    assert case.title in page_text(client.get("/cases/?all=1"))


def test_register_lead_form_is_generated_from_the_payload_model(client, world):
    text = page_text(login(client, world.officer).get("/cases/new/"))
    for label in ("案由", "执法领域", "案源类型", "发现日期", "当事人类型", "协办执法人员"):
        assert label in text
    assert '<option value="market">市场监管</option>' in text
    assert 'type="date"' in text
    assert f'value="{world.assistant.officer.pk}"' in text  # an assistant checkbox
    assert f'value="{world.officer.officer.pk}"' not in text  # never oneself


def test_register_lead_creates_the_case_and_opens_it(client, world):
    data = lead_data(world, discovered_on=timezone.localdate(), act_date=TODAY)
    data["assistant_ids"] = [str(world.assistant.officer.pk)]
    response = login(client, world.officer).post("/cases/new/", data)
    case = Case.objects.get(agency=world.agency)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.assignments.count() == 2
    assert "案源已登记" in page_text(client.get(response["Location"]))


def test_register_lead_refusal_is_shown_in_chinese_and_input_kept(client, world):
    future = timezone.localdate() + dt.timedelta(days=3)
    data = lead_data(world, discovered_on=future, party_name="某某餐饮店")
    data["assistant_ids"] = [str(world.assistant.officer.pk)]
    response = login(client, world.officer).post("/cases/new/", data)
    assert response.status_code == 400
    text = page_text(response)
    assert "发现日期不能晚于今天" in text
    assert 'value="某某餐饮店"' in text
    assert not Case.objects.exists()


def test_register_lead_required_field_missing_is_named(client, world):
    data = lead_data(world, title="")
    response = login(client, world.officer).post("/cases/new/", data)
    assert response.status_code == 400
    assert "这个字段是必填项" in page_text(response)


def test_register_lead_forbidden_for_supervisor(client, world):
    from sanxiang.organisations.models import Role
    from sanxiang.organisations.tests.factories import user_with_role

    supervisor = user_with_role(Role.SUPERVISOR, world.agency)
    assert login(client, supervisor).get("/cases/new/").status_code == 403
    assert client.post("/cases/new/", lead_data(world)).status_code == 403


# --- the case page ----------------------------------------------------------------------------


def test_case_page_shows_header_actions_refusals_and_timeline(client, world):
    case = register(world)
    text = page_text(login(client, world.officer).get(f"/cases/{case.pk}/"))
    assert "案源登记" in text
    assert case.party_name in text
    assert "主办人" in text
    assert "协办人" in text
    assert 'id="action-submit_filing"' in text
    assert 'name="submit_filing-opinion"' in text
    # The table allows 简易程序 from 案源 too; its form has the penalty checkboxes.
    assert 'name="apply_summary-penalties"' in text
    assert 'type="checkbox"' in text
    assert 'id="step-1"' in text
    assert "日常监督检查发现货架上有过期食品" in text


def test_case_page_explains_why_an_action_is_refused(client, world):
    case = act(world, register(world), A.SUBMIT_FILING)
    text = page_text(login(client, world.officer).get(f"/cases/{case.pk}/"))
    assert 'id="refused-approve_filing"' in text
    assert "需要机关负责人或承办机构负责人办理" in text
    assert 'id="action-approve_filing"' not in text


def test_case_page_refusal_names_the_article(client, world):
    case = register(world, act_date=dt.date(2023, 1, 1))  # discovered more than two years later
    text = page_text(login(client, world.officer).get(f"/cases/{case.pk}/"))
    assert 'id="refused-submit_filing"' in text
    assert "《行政处罚法》第三十六条" in text


def test_timeline_renders_enum_values_as_their_labels(client, world):
    case = act(world, register(world), A.SUBMIT_FILING)
    case = act(world, case, A.APPROVE_FILING)
    from sanxiang.cases.tests.factories import add_record

    add_record(world, case)
    text = page_text(login(client, world.officer).get(f"/cases/{case.pk}/"))
    assert "询问笔录" in text
    assert "当事人已核对签名" in text
    assert "测试局立〔2026〕1号" in text  # the 案号 given at 立案, labelled
    assert "案号" in text


def test_other_agency_case_is_404_everywhere(client, world):
    case = register(world)
    other = make_world("他局")
    login(client, other.officer)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert post_action(client, case, A.SUBMIT_FILING, {"opinion": "x"}).status_code == 404
    assert client.post(f"/cases/{case.pk}/panels/record/", {}).status_code == 404
    assert case.steps.count() == 1


def test_unknown_action_or_panel_is_404(client, world):
    case = register(world)
    login(client, world.officer)
    assert post_action(client, case, "fly_away", {}).status_code == 404
    assert client.post(f"/cases/{case.pk}/panels/nothing/", {}).status_code == 404


# --- actions ------------------------------------------------------------------------------------


def test_action_form_moves_the_case_and_records_the_step(client, world):
    case = register(world)
    response = post_action(
        login(client, world.officer), case, A.SUBMIT_FILING, {"opinion": "建议立案"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.PENDING_FILING
    step = CaseStep.objects.get(case=case, action=A.SUBMIT_FILING)
    assert step.content == {"opinion": "建议立案"}
    assert "已办理：提请立案" in page_text(client.get(response["Location"]))


def test_approval_on_the_server_date_starts_the_ninety_day_clock(client, world):
    case = act(world, register(world), A.SUBMIT_FILING)
    response = post_action(
        login(client, world.unit_head), case, A.APPROVE_FILING, {"opinion": "同意立案"}
    )
    assert response.status_code == 302, page_text(response)
    case.refresh_from_db()
    assert case.status == S.INVESTIGATING
    assert case.filed_on == timezone.localdate()
    clock = case.deadlines.get(kind="case_decision", state="running")
    text = page_text(client.get(f"/cases/{case.pk}/"))
    assert f"办案期限 至 {clock.due_on.isoformat()}" in re.sub(r"<[^>]+>", "", text).replace(
        "  ", " "
    )


def test_action_refused_by_a_rule_keeps_the_input_and_cites_the_article(client, world):
    case = register(world)
    data = {
        "penalties": ["fine"],
        "fine": "5000",
        "facts": "占道经营",
        "basis": "《某某条例》第十条",
        "certificate_shown": "on",
        "statement": "无异议",
        "place": "崇文街",
    }
    login(client, world.officer)
    response = client.post(
        f"/cases/{case.pk}/actions/apply_summary/",
        {f"apply_summary-{k}": v for k, v in data.items()},
    )
    assert response.status_code == 409
    text = page_text(response)
    assert "《行政处罚法》第五十一条" in text
    assert "不得超过3000元" in text
    assert 'name="apply_summary-fine"' in text
    assert 'value="5000"' in text
    assert 'id="action-apply_summary" open' in text
    case.refresh_from_db()
    assert case.status == S.LEAD


def test_action_validation_error_names_the_field_in_chinese(client, world):
    case = register(world)
    response = post_action(login(client, world.officer), case, A.SUBMIT_FILING, {"opinion": ""})
    assert response.status_code == 400
    assert "这个字段是必填项" in page_text(response)


def test_action_by_the_wrong_role_is_refused_on_the_form(client, world):
    case = act(world, register(world), A.SUBMIT_FILING)
    response = post_action(
        login(client, world.officer), case, A.APPROVE_FILING, {"opinion": "同意"}
    )
    assert response.status_code == 403
    assert "需要机关负责人或承办机构负责人" in page_text(response)
    case.refresh_from_db()
    assert case.status == S.PENDING_FILING


def test_action_get_is_not_allowed(client, world):
    case = register(world)
    login(client, world.officer)
    assert client.get(f"/cases/{case.pk}/actions/submit_filing/").status_code == 405


def test_decision_form_is_prefilled_from_the_notice(client, world):
    from sanxiang.cases.tests.factories import to_notified

    today = timezone.localdate()
    case = to_notified(world, today)
    case = act(world, case, A.RECEIVE_STATEMENT, today, waived=True)
    case = act(world, case, A.SUBMIT_FOR_DECISION, today)
    text = page_text(login(client, world.agency_head).get(f"/cases/{case.pk}/"))
    assert 'id="action-decide"' in text
    assert re.search(r'name="decide-fine"[^>]*value="3000', text)
    assert re.search(r'value="fine"[^>]*checked|checked[^>]*value="fine"', text)


# --- panels -------------------------------------------------------------------------------------


def _record_form(**overrides):
    data = {
        "kind": "interview",
        "occurred_on": timezone.localdate().isoformat(),
        "place": "当事人经营场所",
        "persons": "张某（店长）",
        "certificate_shown": "on",
        "text": "问：你店是否销售过期食品？答：是的。",
        "signed_by_party": "on",
    }
    data.update(overrides)
    return {f"record-{k}": v for k, v in data.items() if v is not None}


def _investigating(world):
    case = act(world, register(world), A.SUBMIT_FILING)
    return act(world, case, A.APPROVE_FILING)


def test_record_panel_adds_a_step_to_the_timeline(client, world):
    case = _investigating(world)
    login(client, world.officer)
    assert 'id="panel-record"' in page_text(client.get(f"/cases/{case.pk}/"))
    response = client.post(f"/cases/{case.pk}/panels/record/", _record_form())
    assert response.status_code == 302
    step = case.steps.get(action="record")
    assert step.content["text"].startswith("问：你店")
    text = page_text(client.get(f"/cases/{case.pk}/"))
    assert "笔录已记录" in text
    assert "询问笔录" in text


def test_record_panel_refusal_cites_article_and_keeps_text(client, world):
    case = _investigating(world)
    form = _record_form(certificate_shown=None, text="问：姓名？答：张某。")
    response = login(client, world.officer).post(f"/cases/{case.pk}/panels/record/", form)
    assert response.status_code == 409
    text = page_text(response)
    assert "《行政处罚法》第五十五条" in text
    assert "问：姓名？答：张某。" in text
    assert 'id="panel-record" open' in text
    assert not case.steps.filter(action="record").exists()


def test_record_panel_hidden_from_the_unit_head_and_refused(client, world):
    case = _investigating(world)
    login(client, world.unit_head)
    assert 'id="panel-record"' not in page_text(client.get(f"/cases/{case.pk}/"))
    response = client.post(f"/cases/{case.pk}/panels/record/", _record_form())
    assert response.status_code == 403
    assert "只有本案在办执法人员可以制作笔录" in page_text(response)


def test_av_absence_panel_for_heads_records_the_approval(client, world):
    case = _investigating(world)
    login(client, world.officer)
    assert 'id="panel-av-absence"' not in page_text(client.get(f"/cases/{case.pk}/"))
    login(client, world.unit_head)
    response = client.post(
        f"/cases/{case.pk}/panels/av-absence/",
        {"av-absence-activity": "调查取证", "av-absence-reason": "执法记录仪故障，已报修"},
    )
    assert response.status_code == 302
    text = page_text(client.get(f"/cases/{case.pk}/"))
    assert "批准未进行音像记录" in text
    assert "执法记录仪故障，已报修" in text


def test_workbench_page_query_count_does_not_grow_with_cases(
    client, world, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    register(world)
    login(client, world.officer)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/cases/").status_code == 200
    for _ in range(3):
        register(world)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/cases/")
    assert page_text(response).count('class="card case-card') == 4
