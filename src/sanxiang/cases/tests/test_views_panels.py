"""Panels of the other case services on the case page: shown to who can act, posted to the real
service, refusals kept on the form, and panels that act on one object of the case (PanelTarget)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from sanxiang.cases.models import Payment, Recusal, RecusalStatus
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import act, make_world, register, to_notified
from sanxiang.cases.tests.test_views import ensure_calendar_years, login, page_text
from sanxiang.cases.views_panels import PANELS, Panel, panel_get, register_panel
from sanxiang.catalog.services import catalog_replace

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    today = timezone.localdate()
    ensure_calendar_years(today.year, today.year + 1)
    return make_world()


def investigating(world):
    return act(world, act(world, register(world), A.SUBMIT_FILING), A.APPROVE_FILING)


def post_panel(client, case, key, data):
    return client.post(
        f"/cases/{case.pk}/panels/{key}/", {f"{key}-{k}": v for k, v in data.items()}
    )


def test_every_panel_key_is_unique_and_registering_twice_is_refused():
    keys = [p.key for p in PANELS]
    assert len(keys) == len(set(keys))
    with pytest.raises(ValueError, match="registered twice"):
        register_panel(Panel(**{**panel_get("record").__dict__}))


def test_every_panel_form_renders_with_chinese_labels(client, world):
    from sanxiang.cases.views_context import panel_form

    case = investigating(world)
    for panel in PANELS:
        form = panel_form(panel, case)
        for name, field in form.fields.items():
            assert field.label, (panel.key, name)
            assert not field.label.isascii(), (panel.key, name)


def test_recusal_is_requested_by_the_officer_and_decided_by_a_head(client, world):
    case = investigating(world)
    login(client, world.officer)
    text = page_text(client.get(f"/cases/{case.pk}/"))
    assert 'id="panel-recusal"' in text
    assert 'id="panel-recusal-decide"' not in text  # not a head
    response = post_panel(
        client,
        case,
        "recusal",
        {
            "officer_id": str(world.assistant.officer.pk),
            "by_party": "on",
            "reason": "当事人称协办人员与其有利害关系",
        },
    )
    assert response.status_code == 302, page_text(response)
    recusal = Recusal.objects.get(case=case)

    login(client, world.unit_head)
    text = page_text(client.get(f"/cases/{case.pk}/"))
    assert 'id="panel-recusal-decide"' in text
    assert re.search(rf'<option value="{recusal.pk}">[^<]*利害关系', text)  # the target select
    response = post_panel(
        client,
        case,
        "recusal-decide",
        {"recusal_id": str(recusal.pk), "granted": "on", "reason": "理由成立"},
    )
    assert response.status_code == 302, page_text(response)
    recusal.refresh_from_db()
    assert recusal.status == RecusalStatus.GRANTED
    text = page_text(client.get(f"/cases/{case.pk}/"))
    assert 'id="panel-recusal-decide"' not in text  # nothing pending any more
    assert "理由成立" in text  # on the timeline


def test_targeted_panel_without_a_choice_is_a_form_error(client, world):
    case = investigating(world)
    response = post_panel(
        login(client, world.unit_head), case, "recusal-decide", {"granted": "on", "reason": "x"}
    )
    assert response.status_code == 400
    assert 'id="panel-recusal-decide" open' in page_text(response)


def test_discretion_panel_offers_the_benchmarks_of_the_case_item(client, world):
    from sanxiang.catalog.tests.factories import item_row, law_with_articles

    law_with_articles()
    catalog_replace(
        actor=world.agency_head,
        agency=world.agency,
        kind="item",
        rows=[item_row("SP-CF-01", name="销售过期食品的处罚")],
        effective_from=timezone.localdate().replace(month=1, day=1),
    )
    tiers = [{"kind": "lenient", "conditions": "及时下架", "fine_min": 500, "fine_max": 2000}]
    rows = [
        {
            "code": code,
            "item_code": item,
            "violation": name,
            "violated_provision": "第三十四条",
            "penalty_basis": "第一百二十四条",
            "tiers": tiers,
        }
        for code, item, name in (
            ("JZ-1", "SP-CF-01", "销售超过保质期的食品"),
            ("JZ-9", "OTHER-01", "别的事项"),
        )
    ]
    catalog_replace(
        actor=world.agency_head,
        agency=world.agency,
        kind="benchmark",
        rows=rows,
        effective_from=timezone.localdate().replace(month=1, day=1),
    )
    case = register(world, today=timezone.localdate(), item_code="SP-CF-01")
    login(client, world.officer)
    text = page_text(client.get(f"/cases/{case.pk}/"))
    assert '<option value="JZ-1">JZ-1 销售超过保质期的食品</option>' in text
    assert 'value="JZ-9"' not in text
    response = post_panel(
        client,
        case,
        "discretion",
        {
            "benchmark_code": "JZ-1",
            "tier": "lenient",
            "circumstances": "货值 300 元，当场下架",
            "reason": "适用从轻阶次",
        },
    )
    assert response.status_code == 302, page_text(response)
    case.refresh_from_db()
    assert case.tier is not None
    assert "从轻" in page_text(client.get(f"/cases/{case.pk}/"))


def test_payment_panel_records_the_payment_after_service(client, world):
    today = timezone.localdate()
    case = to_notified(world, today)
    for action in (A.RECEIVE_STATEMENT, A.SUBMIT_FOR_DECISION, A.DECIDE, A.SERVE):
        extra = {"waived": True} if action == A.RECEIVE_STATEMENT else {}
        case = act(world, case, action, today, **extra)
    assert case.status == S.SERVED
    login(client, world.officer)
    assert 'id="panel-payment"' in page_text(client.get(f"/cases/{case.pk}/"))
    payment = {"amount": "3000", "paid_on": today.isoformat(), "receipt_number": "PAY-001"}
    response = post_panel(client, case, "payment", payment)
    assert response.status_code == 302, page_text(response)
    assert Payment.objects.get(case=case).amount == 3000
    # The same receipt twice is refused on the form, in Chinese, with the input kept.
    response = post_panel(client, case, "payment", {**payment, "amount": "1"})
    assert response.status_code == 400
    text = page_text(response)
    assert "PAY-001" in text
    assert "已经登记过" in text


def test_panels_of_another_agency_case_are_404(client, world):
    case = investigating(world)
    other = make_world("他局")
    response = post_panel(login(client, other.unit_head), case, "recusal-decide", {})
    assert response.status_code == 404
