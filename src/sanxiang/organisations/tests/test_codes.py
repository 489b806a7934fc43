import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanxiang.organisations.codes import (
    USCC_ALPHABET,
    USCC_BAD_FORMAT,
    region_code_problem,
    uscc_check_character,
    uscc_problem,
)

# Published codes of real organisations (public registry data).
KNOWN_VALID = ["91350100M000100Y43", "914403001922038216", "91110000802100433B"]


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_uscc_accepts_published_codes(code):
    assert uscc_problem(code) is None


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_uscc_names_expected_check_character_when_last_character_wrong(code):
    wrong = "0" if code[-1] != "0" else "1"
    problem = uscc_problem(code[:-1] + wrong)
    assert problem is not None
    assert f"第18位应为“{code[-1]}”" in problem


@pytest.mark.parametrize(
    "code",
    [
        "",
        "12345",
        "91350100M000100Y4",
        "91350100M000100Y431",
        "9135010OM000100Y43",
        "91350100m000100y4I",
    ],
)
def test_uscc_rejects_malformed_codes(code):
    assert uscc_problem(code) == USCC_BAD_FORMAT


@given(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17))
def test_uscc_any_single_substitution_is_detected(first17):
    code = first17[:2] + "140500" + first17[8:]
    code = code + uscc_check_character(code)
    assert uscc_problem(code) is None
    for pos in (0, 9, 16):
        for ch in USCC_ALPHABET[:5]:
            if ch != code[pos]:
                tampered = code[:pos] + ch + code[pos + 1 :]
                assert uscc_problem(tampered) is not None


def test_region_code_requires_six_digits_and_province():
    assert region_code_problem("140581") is None
    assert region_code_problem("991234") is not None
    assert region_code_problem("14058") is not None
