"""Spans over the original text and how they are applied.

A span is a half-open range [start, end) of the ORIGINAL text with the text that replaces it.
The engine returns spans sorted and non-overlapping; the reviewer's UI may drop one (undo) or add
a manual one, and `apply` re-creates the public text from the original and the span list alone,
so the same list always gives the same text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SPAN_OVERLAP = "脱敏片段相互重叠"
SPAN_OUT_OF_RANGE = "脱敏片段超出文本范围"


class SpanError(ValueError):
    """A span list that cannot be applied to the text (out of range or overlapping)."""


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    kind: str
    replacement: str


@dataclass(frozen=True)
class Result:
    redacted_text: str
    spans: list[Span]


def check(text: str, spans: Sequence[Span]) -> list[Span]:
    """The spans sorted by position. Raises: SpanError (out of range, empty or overlapping)."""
    ordered = sorted(spans)
    for span in ordered:
        if not 0 <= span.start < span.end <= len(text):
            raise SpanError(SPAN_OUT_OF_RANGE)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start < before.end:
            raise SpanError(SPAN_OVERLAP)
    return ordered


def apply(text: str, spans: Sequence[Span]) -> str:
    """`text` with every span replaced. Raises: SpanError."""
    out: list[str] = []
    at = 0
    for span in check(text, spans):
        out.append(text[at : span.start])
        out.append(span.replacement)
        at = span.end
    out.append(text[at:])
    return "".join(out)


def without_span(spans: Iterable[Span], start: int, end: int) -> list[Span]:
    """Undo: the list less the span at exactly [start, end)."""
    return sorted(s for s in spans if (s.start, s.end) != (start, end))


def with_span(spans: Iterable[Span], added: Span) -> list[Span]:
    """A manual span wins: spans it overlaps are dropped so the list stays applicable."""
    kept = [s for s in spans if s.end <= added.start or s.start >= added.end]
    return sorted([*kept, added])


def select(candidates: Iterable[tuple[int, Span]]) -> list[Span]:
    """Non-overlapping spans from (rank, span) candidates: a lower rank wins an overlap (the
    case's own entities before patterns before guessed names), then the longer span, then the
    earlier one. Deterministic for the same candidates."""
    ranked = sorted(candidates, key=lambda c: (c[0], -(c[1].end - c[1].start), c[1].start))
    chosen: list[Span] = []
    for _, span in ranked:
        if all(span.end <= s.start or span.start >= s.end for s in chosen):
            chosen.append(span)
    return sorted(chosen)
