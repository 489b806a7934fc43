"""Searching the public decisions: Chinese words, filters, ranking, hostile queries, states."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.core.errors import ValidationFailed
from sanxiang.disclosure import search
from sanxiang.disclosure import selectors_portal as p
from sanxiang.disclosure.models import DisclosureSearch, DisclosureStatus
from sanxiang.disclosure.tests.portal.rows import correct, public_decision, take_down

S = DisclosureStatus


def found(**params: str) -> p.DecisionPage:
    return p.decisions_search(p.parse_decision_query(params))


def numbers(page: p.DecisionPage) -> list[str]:
    return [hit.decision_number for hit in page.results]


def test_search_finds_expired_food_case_when_query_names_it_in_chinese(portal):
    page = found(q="过期食品")
    assert numbers(page) == ["陵市监罚〔2026〕12号"]
    assert page.total == 1
    assert "<mark>过期食品</mark>" in page.results[0].snippet


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("陵川县某某商贸有限公司", "陵市监罚〔2026〕12号"),  # a company name
        ("陵市监罚〔2026〕12号", "陵市监罚〔2026〕12号"),  # a 文号
        ("擅自砍伐城市树木", "长园罚〔2026〕3号"),
        ("国槐", "长园罚〔2026〕3号"),
        ("城市绿化条例", "长园罚〔2026〕3号"),
    ],
)
def test_search_finds_decision_when_query_names_it(portal, query, expected):
    assert numbers(found(q=query))[0] == expected


def test_search_matches_whole_words_when_document_cut_them_finer(portal):
    # 食品安全法 is cut 食品 / 安全法 in the text; the query still finds both decisions.
    assert set(numbers(found(q="食品安全法"))) == {"陵市监罚〔2026〕12号", "陵市监罚〔2026〕15号"}


def test_search_requires_every_word_when_query_has_several(portal):
    assert numbers(found(q="过期食品 国槐")) == []
    assert numbers(found(q="食品 标签")) == ["陵市监罚〔2026〕15号"]


def test_search_ranks_decision_naming_the_words_most_first(portal):
    # 食品: the expired-food decision names it in its record and five times in its text, the
    # label decision (decided later, so first when browsing) twice.
    assert numbers(found(q="食品")) == ["陵市监罚〔2026〕12号", "陵市监罚〔2026〕15号"]
    assert numbers(found())[:2] == ["陵市监罚〔2026〕15号", "陵市监罚〔2026〕12号"]


def test_filters_narrow_results_when_given(portal):
    assert numbers(found(agency=str(portal.garden.pk))) == ["长园罚〔2026〕3号"]
    assert numbers(found(category="no_penalty")) == ["陵市监罚〔2026〕15号"]
    assert numbers(found(q="食品", category="penalty")) == ["陵市监罚〔2026〕12号"]
    assert numbers(found(**{"from": "2026-03-01", "to": "2026-03-04"})) == ["陵市监罚〔2026〕12号"]
    assert numbers(found(to="2026-02-01")) == ["长园罚〔2026〕3号"]


@pytest.mark.parametrize(
    ("region", "count"),
    [("14", 3), ("140000", 3), ("140500", 2), ("140524", 2), ("140400", 1), ("110000", 0)],
)
def test_region_filter_takes_in_counties_when_city_or_province_given(portal, region, count):
    assert found(region=region).total == count


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"agency": "not-a-uuid"}, "invalid_agency"),
        ({"category": "secret"}, "invalid_category"),
        ({"region": "14052"}, "invalid_region"),
        ({"region": "陵川"}, "invalid_region"),
        ({"from": "2026-13-01"}, "invalid_date"),
        ({"from": "2026-03-05", "to": "2026-03-01"}, "invalid_date_range"),
        ({"page": "0"}, "invalid_page"),
        ({"page": "abc"}, "invalid_page"),
        ({"page": "501"}, "invalid_page"),
    ],
)
def test_bad_parameter_refused_with_code_when_malformed(params, code):
    with pytest.raises(ValidationFailed) as refused:
        p.parse_decision_query(params)
    assert refused.value.code == code


# (query, how many of the fixture's decisions it finds when its operators are plain text)
HOSTILE = [
    ('"', 0),
    ('"""', 0),
    ("*", 0),
    ("食品*", 2),
    ("^食品", 2),
    ("食品:*", 2),
    ("NEAR", 0),
    ("NEAR(食品 树木)", 0),
    ("食品 OR 树木", 0),
    ("食品 AND NOT 树木", 0),
    ("'食品' | '树木'", 0),
    ("食品 & !树木", 0),
    ("record_tokens:食品", 0),
    ("(((", 0),
    ("\\", 0),
    ("\x00食品", 2),
    ("%_", 0),
    ("x" * 10_000, 0),
    ("食品" * 5_000, 2),
]


@pytest.mark.parametrize(("query", "total"), HOSTILE)
def test_hostile_query_is_plain_text_when_it_contains_operators(portal, query, total):
    assert found(q=query).total == total


def test_long_query_is_cut_and_flagged_when_over_limit(portal):
    page = found(q="过期食品" + "，" * 200)
    assert page.query.truncated is True
    assert len(page.query.text) == 100
    assert numbers(page) == ["陵市监罚〔2026〕12号"]


def test_query_of_punctuation_only_finds_nothing(portal):
    assert found(q="《》“”，。").total == 0


def test_hidden_decisions_never_found_when_not_public(portal):
    all_numbers = set(numbers(found(q="过期食品"))) | set(numbers(found()))
    hidden = {d.decision_number for d in portal.hidden.values()}
    assert all_numbers.isdisjoint(hidden)
    assert DisclosureSearch.objects.count() == 3


def test_corrected_decision_found_by_its_latest_version_only(portal):
    correct(
        portal.tree,
        text=portal.tree.versions.get().text.replace("国槐", "悬铃木"),
        reason="树种记载错误",
        on=dt.date(2026, 3, 10),
    )
    assert numbers(found(q="国槐")) == []
    hits = found(q="悬铃木").results
    assert [h.decision_number for h in hits] == ["长园罚〔2026〕3号"]
    assert hits[0].version == 2
    assert DisclosureSearch.objects.filter(disclosure=portal.tree).count() == 1


def test_withdrawn_decision_leaves_index_when_taken_down(portal):
    take_down(portal.food, S.WITHDRAWN, dt.date(2026, 3, 12))
    assert found(q="过期食品").total == 0
    assert not DisclosureSearch.objects.filter(disclosure=portal.food).exists()


def test_pages_hold_twenty_results_when_more_match(db):
    from sanxiang.disclosure.tests.portal.rows import agency

    bureau = agency("平顺县城市管理局", "140423", "平顺县")
    for day in range(25):
        public_decision(
            bureau, text="当事人占道经营，影响市容。", decided_on=dt.date(2026, 1, 1 + day)
        )
    first, second = found(q="占道经营"), found(q="占道经营", page="2")
    assert (first.total, first.pages, len(first.results), len(second.results)) == (25, 2, 20, 5)
    assert set(numbers(first)).isdisjoint(numbers(second))
    assert found(q="占道经营", page="3").results == []


def test_reindex_rebuilds_rows_of_public_decisions_only(portal):
    DisclosureSearch.objects.all().delete()
    assert search.search_reindex() == 3
    assert numbers(found(q="过期食品")) == ["陵市监罚〔2026〕12号"]


def test_highlight_escapes_html_and_merges_adjacent_words():
    text = "<script>alert(1)</script>销售过期食品的行为"
    marked = str(search.highlight(text, ["过期", "食品"]))
    assert "<script>" not in marked
    assert "&lt;script&gt;" in marked
    assert "<mark>过期食品</mark>" in marked


def test_highlight_windows_around_first_hit_when_text_is_long():
    text = "前文" * 200 + "过期食品" + "后文" * 200
    marked = str(search.highlight(text, ["过期食品"]))
    assert marked.startswith("…")
    assert marked.endswith("…")
    assert "<mark>过期食品</mark>" in marked


def test_query_groups_accept_whole_word_or_its_parts():
    parsed = search.parse_query("食品安全法")
    assert parsed is not None
    assert [g.word for g in parsed.groups] == ["食品", "安全法"]
    assert parsed.groups[1].parts == ("安全",)
    assert search.parse_query("“”《》") is None


def test_lenient_match_finds_parts_when_every_word_finds_nothing(db):
    from sanxiang.disclosure.tests.portal.rows import agency

    bureau = agency("平顺县市场监督管理局", "140423", "平顺县")
    public_decision(bureau, text="本机关依法对当事人的食品安全状况进行检查。")
    # 食品安全法 is the words 食品 / 安全法; this text has 安全 but never 安全法.
    assert found(q="食品安全法").total == 1
    assert found(q="食品 安全法").total == 1
    assert found(q="食品 树木").total == 0


def test_only_newest_matches_are_ranked_when_more_than_cap_match(db, monkeypatch):
    from sanxiang.disclosure.tests.portal.rows import agency

    monkeypatch.setattr(p, "RANK_CAP", 2)
    bureau = agency("平顺县市场监督管理局", "140423", "平顺县")
    oldest = public_decision(bureau, text="销售过期食品。过期食品。过期食品。", number="最早1号")
    public_decision(bureau, text="销售过期食品。", number="较新2号")
    public_decision(bureau, text="销售过期食品。", number="最新3号")
    page = found(q="过期食品")
    assert page.total == 3  # the count stays exact
    assert oldest.decision_number not in numbers(page)
    assert sorted(numbers(page)) == ["最新3号", "较新2号"]
