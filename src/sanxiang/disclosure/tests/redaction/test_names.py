"""The person-name detector: role cues, particulars, officers kept, surname + 某."""

from __future__ import annotations

import pytest

from sanxiang.disclosure.redaction import redact
from sanxiang.disclosure.redaction.kinds import mask_name

ORG = {"type": "organisation", "name": "长治市城区美味餐饮店"}


def names(text: str, party=ORG) -> list[str]:
    result = redact(text, party, [])
    return [text[s.start : s.end] for s in result.spans if s.kind == "person_name"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("证人王五称其于当日看见", ["王五"]),
        ("举报人李小红反映", ["李小红"]),
        ("经营者欧阳娜娜在店内", ["欧阳娜娜"]),
        ("证人张伟、刘洋证实", ["张伟", "刘洋"]),
        ("法定代表人：赵建国，", ["赵建国"]),
        ("姓名：钱多多，性别：男", ["钱多多"]),
        ("经查，王小明（男，1980年生）系该店员工", ["王小明"]),
        ("受害人马丽丽的手机", ["马丽丽"]),
    ],
)
def test_names_after_role_words_or_before_particulars(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "当事人于当日整改完毕",
        "当事人高度重视",
        "当事人陈某某于2026年",
        "负责人未到场",
        "当事人长治市城区美味餐饮店未取得许可",
        "经营者张家口市某公司",
    ],
)
def test_no_name_where_none_stands(text):
    assert names(text) == []


def test_officers_names_are_kept_everywhere():
    text = (
        "执法人员张伟（执法证号：14010021001）、李娜（执法证号：14010021002）到达现场。"
        "张伟向当事人出示了执法证件。证人刘洋在场。"
    )
    result = redact(text, ORG, [])
    assert result.redacted_text.count("张伟") == 2
    assert "李娜" in result.redacted_text
    assert "证人刘某在场" in result.redacted_text


def test_a_found_name_is_removed_at_every_mention():
    text = "证人王小明称……王小明当场签字确认。"
    assert "王小明" not in redact(text, ORG, []).redacted_text


def test_keep_list_keeps_a_name_the_detector_would_remove():
    text = "负责人周杰到场。"
    assert redact(text, ORG, [], keep=["周杰"]).redacted_text == text


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张某"), ("欧阳娜娜", "欧阳某"), ("司马光", "司马某"), ("买买提·艾力", "买某")],
)
def test_mask_name_keeps_the_surname(name, masked):
    assert mask_name(name) == masked
