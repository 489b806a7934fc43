"""The engine: known entities first and winning overlaps, spans and apply for the reviewer."""

from __future__ import annotations

import pytest

from sanxiang.disclosure.redaction import Span, SpanError, apply, redact, with_span, without_span
from sanxiang.disclosure.tests.redaction.samples import resident_id

PERSON = {"type": "person", "name": "张三"}
ORG = {"type": "organisation", "name": "长治市张三烧烤店"}


def test_person_party_shown_as_surname_mou_at_every_mention():
    result = redact("当事人张三……张三承认", PERSON, [])
    assert result.redacted_text == "当事人张某……张某承认"


def test_compound_surname_party():
    result = redact("当事人欧阳娜娜", {"type": "person", "name": "欧阳娜娜"}, [])
    assert result.redacted_text == "当事人欧阳某"


def test_organisation_party_name_is_kept_even_if_it_holds_a_known_name():
    known = [{"kind": "person_name", "value": "张三"}]
    result = redact("当事人长治市张三烧烤店，经营者张三。", ORG, known)
    assert result.redacted_text == "当事人长治市张三烧烤店，经营者张某。"


def test_known_phone_found_with_other_separators_and_without_area_code():
    known = [{"kind": "phone", "value": "0355-2021234"}, {"kind": "phone", "value": "13812345678"}]
    text = "电话2021234或138-1234-5678"
    result = redact(text, ORG, known)
    assert "2021234" not in result.redacted_text
    assert "5678" in result.redacted_text
    assert "1234-" not in result.redacted_text


def test_known_id_wins_over_keep_ranges_and_bad_check_digits():
    # The case says this number is the witness's ID: removed even though no check holds.
    value = "140102198503071230"
    result = redact(f"证件{value}", ORG, [{"kind": "id_number", "value": value}])
    assert value not in result.redacted_text


def test_known_address_without_its_province_and_city():
    known = [{"kind": "address", "value": "山西省长治市潞州区英雄中路88号3栋2单元501室"}]
    result = redact("住潞州区英雄中路88号3栋2单元501室。", ORG, known)
    assert result.redacted_text == "住潞州区英雄中路****。"


def test_known_village_address_without_house_number_keeps_the_region():
    known = [{"kind": "address", "value": "长治市潞州区西白兔乡东村"}]
    result = redact("家住长治市潞州区西白兔乡东村。", ORG, known)
    assert result.redacted_text == "家住长治市潞州区西白兔乡****。"


def test_single_character_known_values_are_ignored():
    result = redact("王府井", ORG, [{"kind": "person_name", "value": "王"}])
    assert result.spans == []


def test_spans_sorted_non_overlapping_and_apply_gives_the_text():
    idn = resident_id()
    text = f"当事人张三，身份证号码{idn}，电话13812345678，证人李四（男）。"
    result = redact(text, PERSON, [{"kind": "id_number", "value": idn}])
    assert result.spans == sorted(result.spans)
    for a, b in zip(result.spans, result.spans[1:], strict=False):
        assert a.end <= b.start
    assert apply(text, result.spans) == result.redacted_text


def test_undo_one_span_and_add_a_manual_span():
    text = "当事人张三，证人李四（男）称该店有配方表。"
    result = redact(text, PERSON, [])
    witness = next(s for s in result.spans if text[s.start : s.end] == "李四")
    undone = without_span(result.spans, witness.start, witness.end)
    assert apply(text, undone) == "当事人张某，证人李四（男）称该店有配方表。"
    start = text.index("配方表")
    manual = with_span(undone, Span(start, start + 3, "other", "***"))
    assert apply(text, manual) == "当事人张某，证人李四（男）称该店有***。"
    # A manual span over an automatic one replaces it; the list stays applicable.
    wider = with_span(result.spans, Span(0, 5, "other", "[当事人]"))
    assert apply(text, wider).startswith("[当事人]，证人李某")


@pytest.mark.parametrize(
    "spans",
    [
        [Span(0, 3, "other", "*"), Span(2, 4, "other", "*")],
        [Span(5, 99, "other", "*")],
        [Span(3, 3, "other", "*")],
    ],
)
def test_apply_refuses_overlapping_or_out_of_range_spans(spans):
    with pytest.raises(SpanError):
        apply("0123456789", spans)


def test_redact_accepts_no_party():
    assert redact("证人王五（男）", None, []).redacted_text == "证人王某（男）"
