"""Full-text search over articles: a term index both backends store, ranked by BM25 in SQL.

Why not the engines' own indexes: DuckDB's `fts` extension is a download (not available offline,
and every store connection runs with external access off), and its index is built by a PRAGMA
over the whole table, not kept up to date by inserts; PostgreSQL's `tsvector` would rank
differently from anything DuckDB offers. So the store keeps its own index, written in the same
transaction as the article (tables `article_terms` and `search_docs`, rows built by `terms`
below), and `Store.search_articles` ranks with Okapi BM25 written once in SQL both accept.

Terms are lower-cased Unicode words (`\\w+`, so Cyrillic works) of at least MIN_TERM_CHARS
characters, less a short list of English function words; no stemming, so "talks" does not find
"talk", but "KAZ" no longer finds "Kazem" (whole words only). A query is tokenised the same way.
"""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel, ConfigDict

#: Okapi BM25 with the textbook parameters (Robertson & Zaragoza 2009): k1 = 1.2 saturates term
#: frequency, b = 0.75 normalises by article length. Not tuned: no relevance set to tune on.
BM25_K1 = 1.2
BM25_B = 0.75
#: One-letter words carry no meaning for search and are the largest postings.
MIN_TERM_CHARS = 2
#: At most this many distinct terms of a query are looked up (a pasted paragraph stays cheap).
MAX_QUERY_TERMS = 12
#: Characters of article text around the best match in a snippet.
SNIPPET_CHARS = 240

#: The commonest English function words: in nearly every article, so they rank nothing and
#: their postings would be the largest in the index. Part of the index format: changing it
#: needs `Store.reindex_search()`, so it is a constant, not a user data file.
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "in", "is", "it", "its", "of", "on", "or", "our", "she", "that",
    "the", "their", "them", "they", "this", "to", "was", "we", "were", "which", "will", "with",
))

_WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """The index terms of `text`, in order (repeats kept)."""
    return [
        w for w in _WORD.findall(text.lower())
        if len(w) >= MIN_TERM_CHARS and w not in STOP_WORDS
    ]


def terms(text: str) -> tuple[Counter[str], int]:
    """term -> frequency, and the document length (its number of terms)."""
    found = tokens(text)
    return Counter(found), len(found)


def query_terms(query: str) -> list[str]:
    """The distinct terms of a query, in order, at most MAX_QUERY_TERMS."""
    return list(dict.fromkeys(tokens(query)))[:MAX_QUERY_TERMS]


def document_text(title: str | None, text: str | None) -> str:
    """What is indexed for one article: its title, then its text."""
    return f"{title or ''}\n{text or ''}"


class SnippetPart(BaseModel):
    """A run of snippet text; `match` runs are a query term (the page marks them)."""

    model_config = ConfigDict(frozen=True)

    text: str
    match: bool = False


def highlight_terms(text: str, wanted: list[str]) -> list[SnippetPart]:
    """`text` split into parts, the whole words among `wanted` (any case) flagged as matches."""
    if not wanted:
        return [SnippetPart(text=text)] if text else []
    keep = set(wanted)
    parts: list[SnippetPart] = []
    last = 0
    for m in _WORD.finditer(text):
        if m.group(0).lower() in keep:
            if m.start() > last:
                parts.append(SnippetPart(text=text[last:m.start()]))
            parts.append(SnippetPart(text=m.group(0), match=True))
            last = m.end()
    if last < len(text):
        parts.append(SnippetPart(text=text[last:]))
    return parts


def snippet(text: str, wanted: list[str], width: int = SNIPPET_CHARS) -> list[SnippetPart]:
    """The `width` characters of `text` with the most query terms, cut at spaces, highlighted.

    The window starts at a match: the one after which the window holds the most distinct
    terms (ties: the earliest). With no match, the text's start."""
    keep = set(wanted)
    hits = [(m.start(), m.group(0).lower()) for m in _WORD.finditer(text)
            if m.group(0).lower() in keep]
    start = 0
    if hits:
        best = -1
        for i, (pos, _) in enumerate(hits):
            seen = {t for p, t in hits[i:] if p < pos + width}
            if len(seen) > best:
                best, start = len(seen), pos
        # a little context before the first match, from a word boundary
        start = max(0, start - width // 6)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < start + width // 6 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = " ".join(text[start:end].split())
    parts = highlight_terms(window, wanted)
    if start > 0:
        parts.insert(0, SnippetPart(text="… "))
    if end < len(text):
        parts.append(SnippetPart(text=" …"))
    return parts
