"""Valid and invalid sample numbers, computed rather than copied (no real person's data)."""

from __future__ import annotations

from sanxiang.disclosure.redaction.checks import id_check_digit, luhn_ok, uscc_check_char


def resident_id(first17: str = "14010219850307123") -> str:
    return first17 + id_check_digit(first17)


def wrong_check_digit(value: str) -> str:
    other = "0" if value[-1] != "0" else "1"
    return value[:-1] + other


def card(prefix: str = "622202123456789") -> str:
    """A Luhn-valid card number starting with `prefix` (one check digit appended)."""
    return next(prefix + d for d in "0123456789" if luhn_ok(prefix + d))


def uscc(first17: str = "91140100MA0K12345") -> str:
    return first17 + uscc_check_char(first17)
