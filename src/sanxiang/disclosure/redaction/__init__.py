"""The redaction engine for 事后公开 (issue 7 item 2; LEGAL_RULES.md §5.2).

    result = redact(text, {"type": "person", "name": "张三"}, [{"kind": "phone", "value": ...}])
    result.redacted_text, result.spans  # spans: sorted, non-overlapping, offsets into `text`
    apply(text, spans)                   # the same public text from the span list alone

Pure Python (jieba for word boundaries, no GPL code, no network, no model download).
"""

from sanxiang.disclosure.redaction.engine import redact
from sanxiang.disclosure.redaction.entities import ORGANISATION, PERSON, KnownEntity, Party
from sanxiang.disclosure.redaction.kinds import KIND_LABELS, KINDS, mask
from sanxiang.disclosure.redaction.spans import (
    Result,
    Span,
    SpanError,
    apply,
    with_span,
    without_span,
)

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "ORGANISATION",
    "PERSON",
    "KnownEntity",
    "Party",
    "Result",
    "Span",
    "SpanError",
    "apply",
    "mask",
    "redact",
    "with_span",
    "without_span",
]
