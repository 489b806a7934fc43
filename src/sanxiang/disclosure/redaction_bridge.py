"""The lifecycle's view of the redaction engine (disclosure.redaction): spans as stored rows.

Stored spans are dicts {"start", "end", "kind", "replacement", "source"} over the source text;
"auto" ones come from the engine, "manual" ones from the reviewer (added or kept on undo).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sanxiang.disclosure import redaction


def redact(
    text: str,
    *,
    party: Mapping[str, str],
    known_entities: Sequence[Mapping[str, str]],
    keep: Sequence[str] = (),
) -> tuple[str, list[dict[str, Any]]]:
    result = redaction.redact(
        text, party=dict(party), known_entities=list(known_entities), keep=list(keep)
    )
    spans = [
        {
            "start": s.start,
            "end": s.end,
            "kind": s.kind,
            "replacement": s.replacement,
            "source": "auto",
        }
        for s in result.spans
    ]
    return result.redacted_text, spans


def apply(text: str, spans: Sequence[Mapping[str, Any]]) -> str:
    """The public text: `text` with each span replaced (spans sorted, non-overlapping)."""
    out, at = [], 0
    for span in sorted(spans, key=lambda s: int(s["start"])):
        out.append(text[at : int(span["start"])])
        out.append(str(span["replacement"]))
        at = int(span["end"])
    out.append(text[at:])
    return "".join(out)
