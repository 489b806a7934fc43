"""Spans over the original text and how they are applied.

A span is a half-open range [start, end) of the ORIGINAL text with the text that replaces it.
The engine returns spans sorted and non-overlapping; the reviewer's UI may drop one (undo) or add
a manual one, and `apply` re-creates the public text from the original and the span list alone,
so the same list always gives the same text.
"""

from __future__ import annotations

import bisect
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
    earlier one. Deterministic for the same candidates; O(n log n) for long texts."""
    ranked = sorted(candidates, key=lambda c: (c[0], -(c[1].end - c[1].start), c[1].start))
    chosen: list[Span] = []  # sorted by start; disjoint, so also sorted by end
    starts: list[int] = []
    for _, span in ranked:
        at = bisect.bisect_right(starts, span.start)
        if at > 0 and chosen[at - 1].end > span.start:
            continue
        if at < len(chosen) and chosen[at].start < span.end:
            continue
        chosen.insert(at, span)
        starts.insert(at, span.start)
    return chosen


class RangeSet:
    """Ranges merged for fast overlap tests (the look-alikes a long text holds)."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [m[0] for m in merged]
        self._ends = [m[1] for m in merged]

    def touches(self, span: Span) -> bool:
        at = bisect.bisect_left(self._starts, span.end)  # ranges starting before span.end
        return at > 0 and self._ends[at - 1] > span.start
