"""A deterministic stand-in coder for the crash tests (`communique ingest --coder ...:make`).

An article's text lists its events as `SRC TGT CAMEO DATE` clauses separated by `|`; each
article also names one person. A short sleep per article keeps a run long enough to be killed
mid-way. It exercises the store, not the NLP: the real pipeline is tested elsewhere.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from communique.models import (
    Actor,
    Article,
    CodingResult,
    Event,
    EventCandidate,
    IngestFailure,
    Person,
    ResolvedDate,
    Situation,
    TextSpan,
)
from communique.pipeline import failure_result, make_event

SECONDS_PER_ARTICLE = 0.005


def code_article(article: Article) -> CodingResult:
    events: list[Event] = []
    start = 0
    for n, clause in enumerate(article.text.split("|")):
        src, tgt, code, day = clause.split()
        span = (start, start + len(clause))
        candidate = EventCandidate(
            sentence=n,
            cameo=code,
            source=Actor(text=src, span=(start, start + 3), name=src, country=src, code=src),
            target=Actor(text=tgt, span=(start + 4, start + 7), name=tgt, country=tgt, code=tgt),
            trigger=TextSpan(text=code, span=(start + 8, start + 8 + len(code))),
            evidence=TextSpan(text=clause, span=span),
            confidence=0.5 + (n % 5) / 10,
        )
        date = ResolvedDate(start=day, granularity="day", kind="exact", text=day)
        events.append(make_event(article.id, candidate, Situation(date=date)))
        start += len(clause) + 1
    number = int(article.id.removeprefix("a")) if article.id.startswith("a") else 0
    person = Person(
        name=f"Official {number % 7}",
        title="Minister" if number < 100 else "Ambassador",
        country="KAZ",
        mentions=[(0, 3)],
    )
    return CodingResult(article=article, events=events, people=[person])


def code(items: Iterable[Article | IngestFailure]) -> Iterator[CodingResult]:
    for item in items:
        time.sleep(SECONDS_PER_ARTICLE)
        yield failure_result(item) if isinstance(item, IngestFailure) else code_article(item)


def make() -> object:
    """The factory `--coder store_fake_coder:make` calls."""
    return code
