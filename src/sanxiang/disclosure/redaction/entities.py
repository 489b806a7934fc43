"""The case's own known entities: the party and the persons and numbers the case file holds.

They are found first and win every overlap: the case knows them to be personal data, whatever
they look like. Numbers match with or without separators (138 1234 5678 = 13812345678), an
address also without its leading 省/市/区 (the text often drops them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sanxiang.disclosure.redaction import kinds as k
from sanxiang.disclosure.redaction.patterns import ADDRESS_RE
from sanxiang.disclosure.redaction.spans import Span

PERSON = "person"
ORGANISATION = "organisation"
MIN_VALUE_LENGTH = 2  # a single character would remove every occurrence of a common character

_DIGIT_KINDS = (k.ID_NUMBER, k.PHONE, k.BANK_ACCOUNT)
_ADMIN_CUT = re.compile(r"(?:省|自治区|市|自治州|地区|盟|区|县|旗|镇|乡|街道)")


@dataclass(frozen=True)
class Party:
    type: str  # PERSON or ORGANISATION
    name: str


@dataclass(frozen=True)
class KnownEntity:
    kind: str
    value: str


def as_party(party: Party | Mapping[str, Any] | None) -> Party | None:
    if party is None or isinstance(party, Party):
        return party
    return Party(type=str(party.get("type", "")), name=str(party.get("name", "")).strip())


def as_entities(entities: Iterable[KnownEntity | Mapping[str, Any]]) -> list[KnownEntity]:
    out = []
    for e in entities:
        if not isinstance(e, KnownEntity):
            e = KnownEntity(kind=str(e.get("kind", "")), value=str(e.get("value", "")))
        value = e.value.strip()
        if len(value) >= MIN_VALUE_LENGTH:
            out.append(KnownEntity(e.kind if e.kind in k.KINDS else k.OTHER, value))
    return out


def _flexible(value: str) -> re.Pattern[str]:
    """Digits (and X) of `value`, any spaces or hyphens between them, not inside a longer number."""
    chars = [c for c in value.upper() if c.isdigit() or c == "X"]
    body = r"[\s-]?".join(re.escape(c) if c != "X" else "[Xx]" for c in chars)
    return re.compile(r"(?<![0-9A-Za-z])" + body + r"(?![0-9A-Za-z])")


def _digit_variants(kind: str, value: str) -> list[str]:
    digits = "".join(c for c in value if c.isdigit() or c in "Xx")
    variants = [digits]
    if kind == k.PHONE and digits.startswith("0") and len(digits) >= 10:
        area = 3 if digits[1] in "12" else 4
        variants.append(digits[area:])  # the number without its 区号
    if kind == k.PHONE and digits.startswith("86") and len(digits) == 13:
        variants.append(digits[2:])
    return [v for v in variants if len(v) >= 5]


def _address_variants(value: str) -> list[str]:
    """The address and its tails after each administrative level, longest first."""
    variants = [value]
    for m in _ADMIN_CUT.finditer(value):
        tail = value[m.end() :]
        if len(tail) >= 4:
            variants.append(tail)
    return variants


def _address_spans(text: str, value: str) -> Iterator[Span]:
    """The detail below the street (or the part after the last administrative level) of each
    mention of a known address; the street and the region stay readable."""
    for variant in _address_variants(value):
        for m in re.finditer(re.escape(variant), text):
            detail = ADDRESS_RE.search(variant)
            if detail:
                start = m.start() + detail.start()
            else:
                cuts = list(_ADMIN_CUT.finditer(variant))
                start = m.start() + (
                    cuts[-1].end() if cuts and cuts[-1].end() < len(variant) else 0
                )
            yield Span(start, m.end(), k.ADDRESS, k.ADDRESS_MASK)


def entity_spans(text: str, entity: KnownEntity) -> Iterator[Span]:
    if entity.kind in _DIGIT_KINDS:
        for variant in _digit_variants(entity.kind, entity.value):
            for m in _flexible(variant).finditer(text):
                yield Span(m.start(), m.end(), entity.kind, k.mask(entity.kind, m.group()))
    elif entity.kind == k.ADDRESS:
        yield from _address_spans(text, entity.value)
    elif entity.kind == k.PLATE:
        compact = re.sub(r"[·•・\s]", "", entity.value)
        pattern = re.escape(compact[:2]) + r"[·•・\s]?" + re.escape(compact[2:])
        for m in re.finditer(pattern, text):
            yield Span(m.start(), m.end(), k.PLATE, k.mask_plate(m.group()))
    else:
        flags = re.IGNORECASE if entity.kind == k.EMAIL else 0
        for m in re.finditer(re.escape(entity.value), text, flags):
            yield Span(m.start(), m.end(), entity.kind, k.mask(entity.kind, m.group()))


def known_spans(text: str, party: Party | None, entities: Iterable[KnownEntity]) -> list[Span]:
    """Spans of every mention of the party (a natural person's name) and the known entities."""
    todo = list(entities)
    if party is not None and party.type == PERSON and len(party.name) >= MIN_VALUE_LENGTH:
        todo.insert(0, KnownEntity(k.PERSON_NAME, party.name))
    return [span for e in todo for span in entity_spans(text, e)]
