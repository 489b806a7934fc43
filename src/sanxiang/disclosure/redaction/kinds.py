"""The kinds of personal data the engine removes, and how each is shown after removal.

One convention per kind, readable and close to published practice (LEGAL_RULES.md §5.2, e.g.
浙江省行政处罚结果信息网上公开暂行办法: 刘某, 139****5512):

| kind          | shown as                                   | example                     |
|---------------|--------------------------------------------|-----------------------------|
| person_name   | surname + 某 (compound surnames kept whole) | 张三 → 张某, 欧阳娜娜 → 欧阳某 |
| id_number     | first 6 + * + last 4, length kept          | 140102********123X          |
| phone         | mobile: first 3 + **** + last 4; landline: | 138****5678, 0355-***1234   |
|               | area code + * + last 4 (separators kept)   |                             |
| bank_account  | first 4 + * + last 4 (separators kept)     | 6222************1234        |
| email         | first character + *** + @domain            | z***@example.com            |
| plate         | province + 发牌机关 letter + *             | 晋D*****                    |
| address       | the part below the street/村 → ****        | 英雄中路**** (span: 88号…室) |
| other         | ***                                        |                             |
"""

from __future__ import annotations

PERSON_NAME = "person_name"
ID_NUMBER = "id_number"
PHONE = "phone"
EMAIL = "email"
BANK_ACCOUNT = "bank_account"
PLATE = "plate"
ADDRESS = "address"
OTHER = "other"

KINDS = (PERSON_NAME, ID_NUMBER, PHONE, EMAIL, BANK_ACCOUNT, PLATE, ADDRESS, OTHER)
KIND_LABELS = {
    PERSON_NAME: "自然人姓名",
    ID_NUMBER: "身份证件号码",
    PHONE: "电话号码",
    EMAIL: "电子邮箱",
    BANK_ACCOUNT: "银行账号",
    PLATE: "机动车号牌",
    ADDRESS: "详细住址",
    OTHER: "其他不宜公开的内容",
}

ADDRESS_MASK = "****"
OTHER_MASK = "***"

# Two-character surnames: the whole surname stays before 某.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 闻人 澹台"
    " 南宫 端木 申屠 百里 呼延 万俟 独孤 东郭 西门 公羊 濮阳 太叔 仲孙 淳于 单于 赫连 拓跋"
    " 完颜 司空 亓官 左丘 梁丘 谷梁 第五".split()
)


def surname_of(name: str) -> str:
    name = name.strip()
    if "·" in name or "•" in name:  # transliterated names (买买提·艾力): the first character
        return name[:1]
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


def mask_name(name: str) -> str:
    return surname_of(name) + "某"


def mask_digits(value: str, head: int, tail: int) -> str:
    """Digits outside the first `head` and last `tail` become *; other characters stay."""
    count = sum(c.isdigit() or c in "Xx" for c in value)
    out, seen = [], 0
    for c in value:
        if c.isdigit() or c in "Xx":
            out.append(c if seen < head or seen >= count - tail else "*")
            seen += 1
        else:
            out.append(c)
    return "".join(out)


def mask_id(value: str) -> str:
    compact = value.replace(" ", "")
    if len(compact) >= 14:
        return mask_digits(compact, 6, 4)
    return "*" * len(compact)


def mask_phone(value: str) -> str:
    digits = "".join(c for c in value if c.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        return mask_digits(value, 5, 4)
    if digits.startswith("0086") and len(digits) == 15:
        return mask_digits(value, 7, 4)
    if digits.startswith("0"):
        area = 3 if digits[1] in "12" else 4
        return mask_digits(value, area, 4 if len(digits) - area > 5 else 0)
    if len(digits) == 11:
        return mask_digits(value, 3, 4)
    return mask_digits(value, 0, 4 if len(digits) > 6 else 0)


def mask_account(value: str) -> str:
    digits = sum(c.isdigit() for c in value)
    return mask_digits(value, 4, 4) if digits >= 12 else mask_digits(value, 0, 0)


def mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_plate(value: str) -> str:
    return value[:2] + "".join("*" if c.isalnum() else c for c in value[2:])


def mask(kind: str, value: str) -> str:
    """The replacement text for `value` of `kind` (unknown kinds are fully hidden)."""
    maskers = {
        PERSON_NAME: mask_name,
        ID_NUMBER: mask_id,
        PHONE: mask_phone,
        BANK_ACCOUNT: mask_account,
        EMAIL: mask_email,
        PLATE: mask_plate,
    }
    if kind == ADDRESS:
        return ADDRESS_MASK
    masker = maskers.get(kind)
    return masker(value) if masker else OTHER_MASK
