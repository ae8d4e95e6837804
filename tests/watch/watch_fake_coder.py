"""A model-free coder for the watch tests (`--coder watch_fake_coder:make`): one KAZ-BEL
consultation per article, so tests about fetching count rows without loading spaCy. A short
sleep per article keeps a round long enough to be killed mid-way."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator

from communique.models import (
    Actor,
    Article,
    CodingResult,
    EventCandidate,
    IngestFailure,
    ResolvedDate,
    Situation,
    TextSpan,
)
from communique.pipeline import failure_result, make_event

SECONDS_PER_ARTICLE = float(os.environ.get("WATCH_FAKE_SECONDS", "0"))


def code_article(article: Article) -> CodingResult:
    text = article.text
    candidate = EventCandidate(
        sentence=0,
        cameo="040",
        source=Actor(text=text[:3], span=(0, 3), name="Kazakhstan", country="KAZ", code="KAZ"),
        target=Actor(text=text[4:7], span=(4, 7), name="Belgium", country="BEL", code="BEL"),
        trigger=TextSpan(text=text[8:12], span=(8, 12)),
        evidence=TextSpan(text=text[:80], span=(0, min(80, len(text)))),
        confidence=0.9,
    )
    day = f"2022-10-{1 + int(article.content_hash[:8] or '0', 16) % 28:02d}"  # varied events
    date = ResolvedDate(start=day, granularity="day", kind="exact", text=day)
    event = make_event(article.id, candidate, Situation(date=date))
    return CodingResult(article=article, events=[event])


def code(items: Iterable[Article | IngestFailure]) -> Iterator[CodingResult]:
    for item in items:
        if SECONDS_PER_ARTICLE:
            time.sleep(SECONDS_PER_ARTICLE)
        yield failure_result(item) if isinstance(item, IngestFailure) else code_article(item)


def make() -> object:
    return code
