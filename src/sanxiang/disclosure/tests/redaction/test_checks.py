"""Check digits: GB 11643 (ISO 7064 MOD 11-2), Luhn, GB 32100."""

from __future__ import annotations

import pytest

from sanxiang.disclosure.redaction.checks import (
    id_check_digit,
    is_resident_id,
    is_uscc,
    luhn_ok,
    uscc_check_char,
)
from sanxiang.disclosure.tests.redaction.samples import card, resident_id, uscc, wrong_check_digit


def test_gb11643_check_digit_of_the_standard_example():
    # The worked example of GB 11643-1999 appendix: 11010519491231002X.
    assert id_check_digit("11010519491231002") == "X"
    assert is_resident_id("11010519491231002X")
    assert is_resident_id("11010519491231002x")


def test_resident_id_refused_when_check_digit_wrong():
    good = resident_id()
    assert is_resident_id(good)
    assert not is_resident_id(wrong_check_digit(good))


@pytest.mark.parametrize(
    "value",
    [
        "14010219851307123",  # month 13 (17 digits; padded below)
        "14010218990230123",  # 30 February
        "04010219850307123",  # no region code starts with 0
    ],
)
def test_resident_id_refused_when_birth_date_or_region_impossible(value):
    assert not is_resident_id(value + id_check_digit(value))


def test_luhn_valid_and_invalid():
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")
    number = card()
    assert luhn_ok(number)
    assert not luhn_ok(number[:-1] + str((int(number[-1]) + 1) % 10))


def test_gb32100_uscc_check_character():
    code = uscc()
    assert is_uscc(code)
    assert uscc_check_char(code[:17]) == code[17]
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    assert not is_uscc(wrong)
    assert not is_uscc("91140100MA0K1234I5")  # I is not in the GB 32100 alphabet
