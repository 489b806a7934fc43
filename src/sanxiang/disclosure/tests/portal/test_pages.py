"""The portal's HTML pages: the search page and a decision's detail page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sanxiang.disclosure.models import DisclosureStatus
from sanxiang.disclosure.tests.portal.rows import SOURCE_SECRET, correct, take_down

S = DisclosureStatus
LIST = reverse("disclosure:decisions")


def detail_url(disclosure) -> str:
    return reverse("disclosure:decision", args=[disclosure.pk])


def test_search_page_shows_ranked_hits_with_marks(client, portal):
    response = client.get(LIST, {"q": "过期食品"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "共 1 条" in body
    assert "<mark>过期食品</mark>" in body
    assert detail_url(portal.food) in body
    assert detail_url(portal.tree) not in body


def test_search_page_lists_newest_first_when_no_query(client, portal):
    body = client.get(LIST).content.decode()
    assert "共 3 条" in body
    assert body.index("陵市监罚〔2026〕15号") < body.index("陵市监罚〔2026〕12号")
    assert body.index("陵市监罚〔2026〕12号") < body.index("长园罚〔2026〕3号")
    for hidden in portal.hidden.values():
        assert detail_url(hidden) not in body


def test_search_page_keeps_filters_in_form_when_filtered(client, portal):
    body = client.get(LIST, {"agency": str(portal.garden.pk), "region": "140400"}).content
    text = body.decode()
    assert f'<option value="{portal.garden.pk}" selected>' in text
    assert '<option value="140400" selected>' in text
    assert "共 1 条" in text


def test_search_page_answers_400_in_chinese_when_parameter_is_bad(client, portal):
    response = client.get(LIST, {"from": "2026-02-30"})
    assert response.status_code == 400
    assert "日期格式不正确" in response.content.decode()


@pytest.mark.parametrize("query", ['"', "NEAR(食品 树木)", "食品 OR 树木", "\x00", "*" * 10_000])
def test_search_page_never_fails_when_query_is_hostile(client, portal, query):
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    assert "共 0 条" in response.content.decode()


def test_search_page_says_query_was_cut_when_too_long(client, portal):
    body = client.get(LIST, {"q": "过期食品" + "啊" * 10_000}).content.decode()
    assert "关键词过长" in body


def test_search_page_links_pages_when_results_span_several(client, db):
    from sanxiang.disclosure.tests.portal.rows import agency, public_decision

    bureau = agency("平顺县城市管理局", "140423", "平顺县")
    for day in range(21):
        public_decision(bureau, text="当事人占道经营。", decided_on=dt.date(2026, 1, 1 + day))
    body = client.get(LIST, {"q": "占道经营"}).content.decode()
    assert "第 1 / 2 页" in body
    assert "page=2" in body
    assert "q=%E5%8D%A0%E9%81%93%E7%BB%8F%E8%90%A5" in body  # the query travels with the page


def test_search_page_queries_are_bounded(client, portal, django_assert_num_queries):
    # count, ranked ids, the page's rows, agencies, regions
    with django_assert_num_queries(5):
        assert client.get(LIST, {"q": "食品"}).status_code == 200
    # count, the page's ids, the page's rows, agencies, regions
    with django_assert_num_queries(5):
        assert client.get(LIST).status_code == 200


def test_detail_shows_record_text_and_verify_link(client, portal):
    body = client.get(detail_url(portal.food)).content.decode()
    version = portal.food.versions.get()
    assert "陵川县某某商贸有限公司" in body
    assert "销售过期食品" in body
    assert "没收过期食品；罚款人民币伍万元整。" in body
    assert f"/verify/?sha256={version.content_sha256}" in body
    assert "首次公开" in body


def test_detail_shows_latest_version_and_history_when_corrected(client, portal):
    first = portal.tree.versions.get()
    second = correct(
        portal.tree,
        text=first.text.replace("叁仟", "贰仟"),
        reason="罚款金额笔误",
        on=dt.date(2026, 3, 10),
    )
    body = client.get(detail_url(portal.tree)).content.decode()
    assert "罚款人民币贰仟元整" in body
    assert "罚款人民币叁仟元整" not in body
    assert "第 2 版" in body
    assert "更正理由：罚款金额笔误" in body
    assert first.content_sha256 in body
    assert f"/verify/?sha256={second.content_sha256}" in body


def test_detail_shows_only_notice_when_withdrawn(client, portal):
    take_down(portal.food, S.WITHDRAWN, dt.date(2026, 3, 12), reason="该决定已被复议机关撤销")
    response = client.get(detail_url(portal.food))
    body = response.content.decode()
    assert response.status_code == 200
    assert "撤回公告" in body
    assert "该决定已被复议机关撤销" in body
    assert "2026年3月12日" in body
    assert "没收过期食品" not in body
    assert "陵川县某某商贸有限公司" not in body
    assert "sha256" not in body


@pytest.mark.parametrize("state", ["draft", "reviewed", "withheld", "expired"])
def test_detail_is_404_when_not_on_portal(client, portal, state):
    response = client.get(detail_url(portal.hidden[state]))
    assert response.status_code == 404
    assert "当事人销售过期食品" not in response.content.decode()


def test_detail_never_shows_unredacted_source(client, portal):
    for disclosure in (portal.food, portal.tree, portal.label):
        assert SOURCE_SECRET not in client.get(detail_url(disclosure)).content.decode()


def test_detail_queries_are_bounded(client, portal, django_assert_num_queries):
    with django_assert_num_queries(2):  # the disclosure with its agency and region; versions
        assert client.get(detail_url(portal.food)).status_code == 200


def test_home_page_links_the_decision_portal(client, db):
    assert (
        reverse("disclosure:decisions") in client.get(reverse("disclosure:home")).content.decode()
    )
