"""redact(): the case's known entities, then validated patterns, then guessed names.

Order matters only where spans overlap: the case's own entities win (rank 0), then pattern
detectors (rank 1), then the name detector (rank 2). Look-alikes the public must see — the
organisation party's name, 统一社会信用代码, 执法证号, 文号, amounts, dates, articles and
officers' names — block pattern and name spans, never a known entity's (the case says that
value is personal), except inside the organisation party's own name, which is public.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sanxiang.disclosure.redaction import patterns
from sanxiang.disclosure.redaction.entities import (
    ORGANISATION,
    PERSON,
    KnownEntity,
    Party,
    as_entities,
    as_party,
    known_spans,
)
from sanxiang.disclosure.redaction.names import name_spans
from sanxiang.disclosure.redaction.spans import RangeSet, Result, Span, apply, select

Range = tuple[int, int]


def _occurrences(text: str, words: Iterable[str]) -> list[Range]:
    return [m.span() for w in words if len(w) >= 2 for m in re.finditer(re.escape(w), text)]


def redact(
    text: str,
    party: Party | Mapping[str, Any] | None = None,
    known_entities: Iterable[KnownEntity | Mapping[str, Any]] = (),
    *,
    keep: Iterable[str] = (),
) -> Result:
    """The public text of `text` and the spans that made it (offsets into `text`).

    `party` is {"type": "person"|"organisation", "name": ...}; `known_entities` are
    [{"kind", "value"}] with kinds from `kinds.KINDS` (others are hidden as "other");
    `keep` adds words that must stay (e.g. the officers' names the case knows).
    """
    the_party = as_party(party)
    entities = as_entities(known_entities)
    person_party = the_party is not None and the_party.type == PERSON
    public_names: list[str] = []
    if the_party is not None and the_party.type == ORGANISATION:
        public_names.append(the_party.name)
    protected = RangeSet(_occurrences(text, public_names))

    names, officers = name_spans(text, keep=keep)
    kept = RangeSet(
        [
            *patterns.keep_ranges(text),
            *_occurrences(text, public_names),
            *_occurrences(text, officers),
        ]
    )

    candidates: list[tuple[int, Span]] = []
    candidates += [
        (0, s) for s in known_spans(text, the_party, entities) if not protected.touches(s)
    ]
    detected = patterns.detect(text, person_party=person_party)
    candidates += [(1, s) for s in detected if not kept.touches(s)]
    candidates += [(2, s) for s in names if not kept.touches(s)]
    spans = select(candidates)
    return Result(redacted_text=apply(text, spans), spans=spans)
