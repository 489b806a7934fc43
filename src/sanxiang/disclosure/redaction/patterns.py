"""Pattern detectors with validation, and the look-alikes that must survive.

Every detector returns spans over the original text. A number is taken as personal data on its
shape only when a check holds (GB 11643 for IDs, Luhn for unlabelled bank cards, a real mobile
prefix) or when the text labels it (身份证号：…, 银行账号：…, 电话：…). `keep_ranges` finds what the
public must see even though it looks alike — 统一社会信用代码 (GB 32100), 执法证号, 文号, amounts,
dates, article numbers — and the engine drops any pattern span that touches one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sanxiang.disclosure.redaction import kinds as k
from sanxiang.disclosure.redaction.checks import is_resident_id, is_uscc, luhn_ok
from sanxiang.disclosure.redaction.spans import Span

Range = tuple[int, int]

_NB = r"(?<![0-9A-Za-z])"  # not glued to a longer alphanumeric run
_NA = r"(?![0-9A-Za-z])"

ID_RE = re.compile(_NB + r"[1-9]\d{16}[\dXx]" + _NA)
ID_LABEL_RE = re.compile(
    r"(?<!执法)(?:公民身份号码|身份证件号码|身份证号码|身份证号|身份证|证件号码|身份号码)"
    r"(?:为|是)?[：:\s]*(" + _NB + r"(?:\d{17}[\dXx]|\d{15})" + _NA + ")"
)
USCC_RE = re.compile(_NB + r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}" + _NA)
USCC_LABEL_RE = re.compile(r"(?:统一社会信用代码|信用代码)[：:\s为]*([0-9A-Za-z]{18})" + _NA)
MOBILE_RE = re.compile(
    r"(?<![\d])(?:(?:\+|00)?86[-\s]?)?"
    r"1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])(?:[-\s]?\d{4}){2}(?!\d)"
)
LANDLINE_RE = re.compile(
    r"(?<![\d-])(?:[（(]0\d{2,3}[）)]\s?|0\d{2,3}[-－—\s])[2-9]\d{6,7}(?:(?:-|转)\d{1,5})?(?!\d)"
)
PHONE_LABEL_RE = re.compile(
    r"(?:电话|手机|联系方式|座机|固话|Tel|TEL|tel)(?:号码|号)?(?:为|是)?[：:\s]*(\d[\d\s-]{5,16}\d)(?!\d)"
)
PUBLIC_PHONE_CUES = re.compile(
    r"监督电话|咨询电话|(?<!人)举报电话|投诉电话|服务热线|办公电话|本机关|本局|值班电话|热线"
)
CARD_RE = re.compile(_NB + r"(?:\d{4}(?:[\s-]\d{4}){3}(?:[\s-]\d{1,4})?|\d{16,19})" + _NA)
ACCOUNT_LABEL_RE = re.compile(
    r"(?:银行账号|银行卡号|银行账户|账号|卡号|账户|帐号|收款账户)(?:为|是)?[：:\s]*"
    r"(\d[\d\s-]{6,30}\d)(?!\d)"
)
PUBLIC_ACCOUNT_CUES = re.compile(r"代收|非税|国库|财政|缴入|缴至|缴款账户|本机关")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PLATE_RE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Z][·•・\s]?[A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警]" + _NA
)

_NUM = r"(?:\d+|[一二三四五六七八九十百零〇]+)"
_UNIT = r"(?:号楼|号院|号|栋|幢|座|单元|层|楼|室|户)"
# A house number and what follows it (号, 栋, 单元, 室 …), right after a street, 村 or estate name.
ADDRESS_RE = re.compile(
    r"(?<=[路街巷道弄里村庄屯组区苑园厦场寓城府湾庭院住])"
    + rf"{_NUM}(?:[-－]{_NUM})?(?:号楼|号院|号|栋|幢|座|弄)"
    + rf"(?:(?:附|之)?{_NUM}(?:[-－]{_NUM})?{_UNIT})*(?:{_NUM}(?!\d))?"
)
RESIDENCE_CUES = re.compile(r"住址|家住|现住|居住|暂住|租住|户籍|家庭|[，,、（(]住")

# Look-alikes kept for the public.
WENHAO_RE = re.compile(
    r"[\u4e00-\u9fa5A-Za-z]{1,14}[〔［\[（(【]\s?\d{4}\s?[〕］\]）)】]\s?第?\s?\d{1,6}\s?号"
)
OFFICER_NO_RE = re.compile(
    r"(?:执法证件?(?:号码|编号|号)?|执法证号|执法证编号|证件编号|执法编号)(?:分别)?(?:为|是)?[：:\s]*"
    r"([A-Za-z0-9]{4,24}(?:\s*[、，,和及/]\s*[A-Za-z0-9]{4,24})*)"
)
AMOUNT_RE = re.compile(r"(?:人民币|￥|¥)?\s?\d[\d,]*(?:\.\d+)?\s?(?:亿元|万元|元|万|角)")
DATE_RE = re.compile(
    r"\d{4}\s?年\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}\s?时(?:\s?\d{1,2}\s?分)?|\d{1,2}:\d{2}(?::\d{2})?"
)
ARTICLE_RE = re.compile(r"第[一二三四五六七八九十百千零〇\d]+[条款项章节目]")

_CLAUSE_END = "。；;\n"


def _clause_before(text: str, start: int, width: int) -> str:
    """Up to `width` characters before `start`, cut at the last sentence or clause end."""
    window = text[max(0, start - width) : start]
    cut = max(window.rfind(c) for c in _CLAUSE_END)
    return window[cut + 1 :]


def _span(m: re.Match[str], kind: str, group: int = 0) -> Span:
    value = m.group(group)
    return Span(m.start(group), m.end(group), kind, k.mask(kind, value))


def id_numbers(text: str) -> Iterator[Span]:
    for m in ID_RE.finditer(text):
        if is_resident_id(m.group()) and not _labelled_uscc(text, m.start()):
            yield _span(m, k.ID_NUMBER)
    for m in ID_LABEL_RE.finditer(text):  # labelled: even a mistyped check digit is hidden
        yield _span(m, k.ID_NUMBER, 1)


def _labelled_uscc(text: str, start: int) -> bool:
    return "信用代码" in text[max(0, start - 12) : start]


def phones(text: str) -> Iterator[Span]:
    found = [*MOBILE_RE.finditer(text), *LANDLINE_RE.finditer(text)]
    for m in found:
        if not PUBLIC_PHONE_CUES.search(_clause_before(text, m.start(), 16)):
            yield _span(m, k.PHONE)
    for m in PHONE_LABEL_RE.finditer(text):
        digits = sum(c.isdigit() for c in m.group(1))
        public = PUBLIC_PHONE_CUES.search(_clause_before(text, m.start(1), 16))
        if 7 <= digits <= 13 and not public:
            yield _span(m, k.PHONE, 1)


def bank_accounts(text: str) -> Iterator[Span]:
    for m in CARD_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if 16 <= len(digits) <= 19 and luhn_ok(digits) and not is_resident_id(digits):
            if not PUBLIC_ACCOUNT_CUES.search(_clause_before(text, m.start(), 24)):
                yield _span(m, k.BANK_ACCOUNT)
    for m in ACCOUNT_LABEL_RE.finditer(text):
        if not PUBLIC_ACCOUNT_CUES.search(_clause_before(text, m.start(1), 24)):
            yield _span(m, k.BANK_ACCOUNT, 1)


def emails(text: str) -> Iterator[Span]:
    for m in EMAIL_RE.finditer(text):
        if not m.group().lower().endswith(".gov.cn"):  # an agency's public mailbox
            yield _span(m, k.EMAIL)


def plates(text: str) -> Iterator[Span]:
    for m in PLATE_RE.finditer(text):
        if any(c.isdigit() for c in m.group()[2:]):
            yield _span(m, k.PLATE)


def address_details(text: str, *, everywhere: bool) -> Iterator[Span]:
    """House numbers and below. `everywhere` for a natural-person party (any detailed address
    can point at them); otherwise only where the text says someone lives there — an
    organisation's registered or business address is public."""
    for m in ADDRESS_RE.finditer(text):
        if everywhere or RESIDENCE_CUES.search(_clause_before(text, m.start(), 40)):
            yield Span(m.start(), m.end(), k.ADDRESS, k.ADDRESS_MASK)


def detect(text: str, *, person_party: bool) -> list[Span]:
    """Every pattern span, possibly overlapping (the engine picks)."""
    return [
        *id_numbers(text),
        *phones(text),
        *bank_accounts(text),
        *emails(text),
        *plates(text),
        *address_details(text, everywhere=person_party),
    ]


def keep_ranges(text: str) -> list[Range]:
    """Ranges the public must see unchanged, whatever they look like."""
    ranges: list[Range] = []
    for m in USCC_RE.finditer(text):
        if is_uscc(m.group()) and (
            not is_resident_id(m.group()) or _labelled_uscc(text, m.start())
        ):
            ranges.append(m.span())
    ranges += [m.span(1) for m in USCC_LABEL_RE.finditer(text)]
    ranges += [m.span(1) for m in OFFICER_NO_RE.finditer(text)]
    for regex in (WENHAO_RE, AMOUNT_RE, DATE_RE, ARTICLE_RE):
        ranges += [m.span() for m in regex.finditer(text)]
    return ranges
