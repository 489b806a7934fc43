"""Full-text search over the decisions on the portal: jieba tokens in FTS5 or a tsvector.

Documents and queries are cut by the same function (`tokens_of`, jieba `cut_for_search`), so the
database only ever compares whole tokens; the vendor decides nothing but the index structure
(migration 0002_search) and the query syntax (`match_expression`). The index follows the public
state: a listener registered in DisclosureConfig.ready() writes or removes the disclosure's row
inside the transaction that publishes, corrects, withdraws or expires it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import jieba
from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from sanxiang.disclosure.listeners import PublicChange, on_public_change
from sanxiang.disclosure.models import (
    PUBLIC_STATUSES,
    Disclosure,
    DisclosureSearch,
    DisclosureVersion,
)

jieba.setLogLevel(60)  # jieba logs its dictionary loading at INFO on first use

# Letters and digits only: what remains can be quoted in FTS5 and tsquery syntax as it is,
# so a query's quotes, `*`, `NEAR`, `OR`, `&` or `:` are plain text, never operators.
WORD = re.compile(r"[^\W_]+")
TOKEN_MAX_LENGTH = 64  # longer runs (e.g. pasted hashes) are not worth an index entry
QUERY_MAX_GROUPS = 16  # enough for a long sentence; bounds the work a hostile query causes
PRIVATE = ("source_text", "source_record", "spans")  # never read here


def tokens_of(text: str) -> list[str]:
    """Lower-cased search tokens: jieba's search-mode words, split into letter/digit runs."""
    found: list[str] = []
    for word in jieba.cut_for_search(text):
        for piece in WORD.findall(word.lower()):
            if len(piece) <= TOKEN_MAX_LENGTH:
                found.append(piece)
    return found


def record_search_text(decision_number: str, record: Mapping[str, Any]) -> str:
    """The 双公示 fields as one text (values only: the labels are on every decision)."""
    return "\n".join([decision_number, *(str(v) for v in record.values() if v)])


# -- the index -----------------------------------------------------------------------------


def search_row_put(disclosure: Disclosure, version: DisclosureVersion) -> None:
    """Index `version` as the disclosure's public content (replacing an older version's row)."""
    DisclosureSearch.objects.update_or_create(
        disclosure=disclosure,
        defaults={
            "version": version,
            "agency_id": disclosure.agency_id,
            "region_code": disclosure.agency.region_id,
            "category": disclosure.category,
            "decided_on": disclosure.decided_on,
            "published_on": version.published_on
            or disclosure.published_on
            or disclosure.decided_on,
            "record_tokens": " ".join(
                tokens_of(record_search_text(disclosure.decision_number, version.record))
            ),
            "text_tokens": " ".join(tokens_of(version.text)),
        },
    )


def search_row_drop(disclosure: Disclosure) -> None:
    DisclosureSearch.objects.filter(disclosure=disclosure).delete()


@on_public_change
def index_public_change(change: PublicChange) -> None:
    """Keep the index equal to the portal: the public version in, anything else out."""
    if change.version is not None and change.disclosure.status in PUBLIC_STATUSES:
        search_row_put(change.disclosure, change.version)
    else:
        search_row_drop(change.disclosure)


def search_reindex() -> int:
    """Rebuild every row from the public disclosures (after a restore or a tokenizer change)."""
    DisclosureSearch.objects.all().delete()
    count = 0
    public = Disclosure.objects.filter(status__in=PUBLIC_STATUSES).select_related("agency")
    for disclosure in public.iterator(chunk_size=500):
        current = disclosure.versions.defer(*PRIVATE).order_by("-version").first()
        if current is not None:
            search_row_put(disclosure, current)
            count += 1
    return count


# -- queries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """One word of the query, and its shorter search-mode parts.

    A document's tokens hold both its words and their parts (食品安全法 → 食品 / 安全 / 安全法 /
    食品安全法), so the query's words normally match as they are. Where the document was cut
    otherwise, the lenient form (the word, or all its parts) still finds it.
    """

    word: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[Group, ...]

    @property
    def terms(self) -> list[str]:
        """Every string worth highlighting, longest first."""
        found = {t for g in self.groups for t in (g.word, *g.parts)}
        return sorted(found, key=lambda t: (-len(t), t))

    @property
    def has_parts(self) -> bool:
        return any(g.parts for g in self.groups)


def parse_query(query: str) -> ParsedQuery | None:
    """The query's groups (AND of groups); None when nothing searchable is left."""
    groups: list[Group] = []
    seen: set[str] = set()
    for word in jieba.cut(query.lower()):
        for piece in WORD.findall(word):
            if piece in seen or len(piece) > TOKEN_MAX_LENGTH:
                continue
            seen.add(piece)
            parts = tuple(
                dict.fromkeys(t for t in tokens_of(piece) if t != piece and len(t) < len(piece))
            )
            groups.append(Group(piece, parts))
    if not groups:
        return None
    return ParsedQuery(tuple(groups[:QUERY_MAX_GROUPS]))


def match_expression(parsed: ParsedQuery, *, lenient: bool = False) -> str:
    """The query in the connection's syntax: FTS5 MATCH or to_tsquery('simple', …).

    Strict: every word. Lenient: every word or all its parts — slower on common parts (有限 /
    公司) and looser, so only for a strict query that found nothing.
    """
    if connection.vendor == "postgresql":
        return _expression(parsed.groups, "'{}'", " | ", " & ", lenient)
    return _expression(parsed.groups, '"{}"', " OR ", " AND ", lenient)


def _expression(groups: Iterable[Group], quote: str, or_: str, and_: str, lenient: bool) -> str:
    clauses = []
    for group in groups:
        whole = quote.format(group.word)
        if lenient and group.parts:
            parts = and_.join(quote.format(p) for p in group.parts)
            clauses.append(f"({whole}{or_}({parts}))")
        else:
            clauses.append(whole)
    return and_.join(clauses)


# -- snippets ------------------------------------------------------------------------------

SNIPPET_LENGTH = 120


def highlight(text: str, terms: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """A window of `text` around the first query term, the terms in <mark>, the rest escaped."""
    flat = " ".join(text.split())
    if not terms:
        return mark_safe(html.escape(flat[:length]))  # noqa: S308  (escaped just here)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    first = pattern.search(flat)
    start = 0 if first is None else max(0, first.start() - length // 4)
    window = flat[start : start + length]
    # Adjacent hits are one mark: 过期食品, not 过期 and 食品 side by side.
    spans: list[list[int]] = []
    for found in pattern.finditer(window):
        if spans and found.start() <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], found.end())
        else:
            spans.append([found.start(), found.end()])
    pieces = ["…" if start > 0 else ""]
    at = 0
    for begin, end in spans:
        pieces.append(html.escape(window[at:begin]))
        pieces.append(f"<mark>{html.escape(window[begin:end])}</mark>")
        at = end
    pieces.append(html.escape(window[at:]))
    if start + length < len(flat):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308  (every piece of text escaped above)
