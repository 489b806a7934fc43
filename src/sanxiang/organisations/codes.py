"""Check-character validation for 统一社会信用代码 (GB 32100-2015) and 行政区划代码 (GB/T 2260)."""

from __future__ import annotations

import re

# GB 32100-2015 code character set: digits and 21 capitals (no I, O, Z, S, V).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

# 省级 prefixes of GB/T 2260 (incl. 71 台湾, 81 香港, 82 澳门).
PROVINCE_PREFIXES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split()
)

USCC_BAD_FORMAT = "统一社会信用代码应为18位，由数字和大写字母组成（不含 I、O、Z、S、V）"
USCC_BAD_CHECK = "统一社会信用代码校验位错误：第18位应为“{expected}”（GB 32100-2015）"
REGION_BAD = "行政区划代码应为6位数字，且前两位为有效的省级代码（GB/T 2260）"


def uscc_check_character(first17: str) -> str:
    """The 18th character: 31 − (Σ value×weight mod 31), with 31 mapping to 0."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Return a Chinese description of what is wrong with `code`, or None if it is valid."""
    code = code.strip().upper()
    if not _USCC_RE.match(code):
        return USCC_BAD_FORMAT
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return USCC_BAD_CHECK.format(expected=expected)
    # 100000 is the national code used by central registrations.
    if code[2:4] not in PROVINCE_PREFIXES and code[2:8] != "100000":
        return "统一社会信用代码第3-8位应为登记管理机关行政区划码（GB/T 2260）"
    return None


def region_code_problem(code: str) -> str | None:
    if not re.fullmatch(r"\d{6}", code or "") or code[:2] not in PROVINCE_PREFIXES:
        return REGION_BAD
    return None
