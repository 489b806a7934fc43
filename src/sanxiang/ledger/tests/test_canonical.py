import pytest

from sanxiang.ledger.canonical import canonical_json


def test_members_sorted_by_utf16_code_units():
    # U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FB33 although its code point is larger.
    value = {"\U0001f600": 1, "\ufb33": 2, "a": 3, "\u20ac": 4}
    expected = '{"a":3,"\u20ac":4,"\U0001f600":1,"\ufb33":2}'
    assert canonical_json(value) == expected.encode()


def test_no_whitespace_and_unicode_kept():
    assert (
        canonical_json({"b": [1, True, None], "a": "陵川"})
        == '{"a":"陵川","b":[1,true,null]}'.encode()
    )


@pytest.mark.parametrize("bad", [1.5, 2**60, {1: "x"}, object()])
def test_refuses_values_without_a_canonical_form(bad):
    with pytest.raises(ValueError, match=r"canonical|range|keys"):
        canonical_json({"v": bad} if not isinstance(bad, dict) else bad)
