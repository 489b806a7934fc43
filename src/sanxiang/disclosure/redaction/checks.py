"""Check-digit validation for the numbers the engine must tell apart.

A number that merely looks like an ID is not redacted on its shape alone (an 18-digit 统一社会
信用代码, a 执法证号, an account reference in a 文号 would be lost to the public); only a number
whose check digit holds — or that the text labels as an ID — is personal data.
"""

from __future__ import annotations

import datetime as dt

# GB 11643-1999 (ISO 7064 MOD 11-2): weight of position i (1-based) is 2^(18-i) mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB 32100-2015: 31 characters (no I, O, S, V, Z), weights 3^i mod 31.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_check_digit(first17: str) -> str:
    """The 18th character of a 居民身份证号 whose first 17 digits are given."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def is_resident_id(value: str) -> bool:
    """An 18-character 公民身份号码 with a real birth date and a correct check digit."""
    if len(value) != 18 or not value[:17].isdigit() or value[0] == "0":
        return False
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if not dt.date(1900, 1, 1) <= born <= dt.date(2100, 1, 1):
        return False
    return id_check_digit(value[:17]) == value[17].upper()


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by bank card numbers (ISO/IEC 7812)."""
    if not digits.isdigit() or len(digits) < 2:
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def is_uscc(value: str) -> bool:
    """An 18-character 统一社会信用代码 with a correct GB 32100 check character."""
    value = value.upper()
    if len(value) != 18 or any(c not in _USCC_CHARS for c in value):
        return False
    if not value[2:8].isdigit():  # the 登记管理机关行政区划码
        return False
    return uscc_check_char(value[:17]) == value[17]
