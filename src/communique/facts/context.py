"""What the fact finders need from a parsed article, read once from the spaCy Doc.

The finders work on this record rather than on the Doc, so they are plain functions of text,
spans and actors (and tests can build one by hand).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from communique.actors.build import main_pair
from communique.geo import is_country
from communique.models import Actor, Article, Span
from communique.resolve.dates import published_day

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Prepositions kept in front of a date phrase: the date resolver reads "during 2005-2021" as a
#: range and "since 2005" as open-ended, so they belong to the phrase.
DATE_PREPOSITIONS = (
    "during",
    "in",
    "for",
    "over",
    "since",
    "between",
    "from",
    "through",
    "by",
    "on",
)

#: Entity labels whose words are names, never measure phrases ("Vietnam Investment Review").
PROPER_LABELS = ("ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC")

#: Characters before "in <year>" searched for an opening "since" ("Since gaining independence in
#: 1947": 26): the year starts an open-ended period, not a year of its own.
SINCE_WINDOW = 40
_SINCE_EVENT = re.compile(r"\bsince\s+(?:[\w’'-]+\s+){1,4}$", re.IGNORECASE)

_TERMINAL = re.compile(r"[.!?…:;\"”»)'’]\s*$")
_CONTINUES = re.compile(r"^\s*[a-zа-яё0-9$€£¥₸₽₹₺₴(]")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_YEAR_PHRASE = re.compile(
    rf"\b(?:(?:{_MONTHS})(?:\s*[-–]\s*(?:{_MONTHS}))?\s+)?(?:19|20)\d{{2}}"
    rf"(?:\s*[-–]\s*(?:(?:{_MONTHS})\s+)?(?:19|20)?\d{{2}})?\b"
)
_PREPOSITION = re.compile(rf"\b(?:{'|'.join(DATE_PREPOSITIONS)})\s+$", re.IGNORECASE)


class DatePhrase(BaseModel):
    """A date expression in the article (spaCy DATE entity or a year/range it missed)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    span: Span
    reading: str | None = None
    """What to resolve when it differs from ``text``: "Since gaining independence in 1947" is
    resolved as "since 1947"."""


class ArticleContext(BaseModel):
    """The article as the fact finders see it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    article_id: str
    published: dt.date | None
    sentences: list[Span]
    actors: list[Actor]
    dates: list[DatePhrase]
    blocked: list[Span]
    """Spans whose numbers are not amounts (times, ordinals, dates)."""
    names: list[Span]
    """Spans spaCy labelled LAW: candidate agreement names."""
    proper: list[Span] = []
    """Spans of organisation, work, product, event and facility names."""
    language: str = "en"
    """The article's language: which dictionaries of facts/data read it (`data_file`)."""

    @property
    def main_pair(self) -> tuple[str, str] | None:
        """The article's two main countries (`actors.build.main_pair`, the one rule)."""
        pair = main_pair(self.actors)
        if pair is None or pair[0].country is None or pair[1].country is None:
            return None
        return pair[0].country, pair[1].country

    def sentence_of(self, pos: int) -> Span:
        """The (merged) sentence that contains character ``pos``."""
        for start, end in self.sentences:
            if start <= pos < end:
                return (start, end)
        return (0, len(self.text))

    def actors_in(self, start: int, end: int) -> list[Actor]:
        return [a for a in self.actors if start <= a.span[0] and a.span[1] <= end]

    def dates_in(self, start: int, end: int) -> list[DatePhrase]:
        return [d for d in self.dates if start <= d.span[0] and d.span[1] <= end]


def overlaps(a: Span, b: Span) -> bool:
    """True when the two character spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def distance(a: Span, b: Span) -> int:
    """Characters between two spans; 0 when they touch or overlap."""
    return max(0, b[0] - a[1], a[0] - b[1])


def country_of(actor: Actor) -> str | None:
    """The actor's ISO 3166 alpha-3 country, or None for IGO/unknown codes."""
    code = (actor.country or "").upper()
    return code if is_country(code) else None


def merge_sentences(text: str, sentences: list[Span]) -> list[Span]:
    """Join a sentence to the next when a line break split it ("amounted to\\n\\n$ 1.069 billion").

    A sentence that does not end with terminal punctuation and is followed by one starting in
    lower case, a digit or a currency sign continues in that next one. Trailing blanks are trimmed.
    """
    merged: list[Span] = []
    for start, end in sentences:
        if (
            merged
            and not _TERMINAL.search(text[merged[-1][0] : merged[-1][1]])
            and _CONTINUES.match(text[start:end])
        ):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [(s, s + len(text[s:e].rstrip())) for s, e in merged if text[s:e].strip()]


def find_dates(text: str, entities: list[tuple[str, Span]]) -> list[DatePhrase]:
    """DATE entities plus year phrases spaCy missed, each with its leading preposition."""
    spans = [span for label, span in entities if label == "DATE"]
    for m in _YEAR_PHRASE.finditer(text):
        if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in spans):
            spans.append((m.start(), m.end()))
    phrases: list[DatePhrase] = []
    for start, end in sorted(spans):
        prep = _PREPOSITION.search(text[max(0, start - 10) : start])
        if prep:
            start = start - (len(text[max(0, start - 10) : start]) - prep.start())
        since = _SINCE_EVENT.search(text[max(0, start - SINCE_WINDOW) : start])
        if since and re.match(r"in\s", text[start:end], re.IGNORECASE):
            opening = start - (len(text[max(0, start - SINCE_WINDOW) : start]) - since.start())
            reading = "since " + text[start:end][2:].strip()
            phrases.append(
                DatePhrase(text=text[opening:end], span=(opening, end), reading=reading)
            )
            continue
        phrases.append(DatePhrase(text=text[start:end], span=(start, end)))
    return phrases


def build_context(doc: Doc, article: Article) -> ArticleContext:
    """Read sentences, entities and actors off the Doc once for all finders."""
    text = doc.text
    entities = [(e.label_, (e.start_char, e.end_char)) for e in doc.ents]
    sentences = merge_sentences(text, [(s.start_char, s.end_char) for s in doc.sents])
    actors: list[Actor] = list(getattr(doc._, "actors", None) or [])
    return ArticleContext(
        text=text,
        article_id=article.id,
        published=published_day(article),
        sentences=sentences,
        actors=sorted(actors, key=lambda a: a.span),
        dates=find_dates(text, entities),
        blocked=[span for label, span in entities if label in ("DATE", "TIME", "ORDINAL")],
        names=[span for label, span in entities if label == "LAW"],
        proper=[span for label, span in entities if label in PROPER_LABELS],
        language=article_language(doc, article),
    )


def article_language(doc: Doc, article: Article) -> str:
    """The language the facts stage reads ``article`` in: the article's own (set by language
    detection) or, for an article still marked English, the Doc's ("ru" from the Russian
    front end)."""
    if article.language != "en":
        return article.language
    return str(getattr(doc, "lang_", None) or "en")
