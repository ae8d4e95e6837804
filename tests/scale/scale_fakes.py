"""Stand-in coders for the scale-out tests: fast, and able to fail on purpose.

They run inside Dask worker processes, which import this module by name (the test directory is on
the workers' ``sys.path`` because the nanny spawns them with the parent's path).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator

from communique.errors import ConfigError
from communique.ids import content_hash
from communique.models import Article, CodingResult, Figure, IngestFailure
from communique.pipeline import failure_result
from communique.settings import Settings

#: Marker texts: an article whose text contains one of these makes the coder misbehave.
POISON = "POISON"
KILLER = "KILLER"
MISCONFIGURED = "MISCONFIGURED"
#: Seconds the slow coder spends per article: long enough that a run of 40 articles on two
#: workers is still going when the test kills a worker after the first batch.
SLOW_SECONDS = 0.05


class FakeCoder:
    """Codes each article into one Figure that records the article's word count."""

    def __init__(self, settings: Settings, delay: float = 0.0) -> None:
        self.settings = settings
        self.delay = delay

    def code(self, items: Iterable[Article | IngestFailure]) -> Iterator[CodingResult]:
        batch = list(items)
        for item in batch:  # fail the whole batch, as a crashing spaCy component would
            if isinstance(item, Article) and POISON in item.text:
                raise ValueError(f"poisoned article {item.id}")
            if isinstance(item, Article) and KILLER in item.text:
                os._exit(17)
            if isinstance(item, Article) and MISCONFIGURED in item.text:
                raise ConfigError("spaCy model 'missing' is not installed", hint="install it")
        for item in batch:
            if isinstance(item, IngestFailure):
                yield failure_result(item)
                continue
            time.sleep(self.delay)
            words = len(item.text.split())
            figure = Figure(
                id=content_hash(item.id)[:16], kind="other", value=words, unit="count",
                text=item.text[:10], span=(0, min(10, len(item.text))),
            )
            yield CodingResult(article=item, figures=[figure])


def fast_factory(settings: Settings) -> FakeCoder:
    return FakeCoder(settings)


def slow_factory(settings: Settings) -> FakeCoder:
    return FakeCoder(settings, delay=SLOW_SECONDS)


def synthetic_articles(n: int, *, marked: dict[int, str] | None = None) -> list[Article]:
    """``n`` short distinct articles; ``marked`` puts a marker word into the given positions."""
    marked = marked or {}
    articles = []
    for i in range(n):
        text = f"Article {i}: the foreign minister met {i % 7} ambassadors on day {i}."
        if i in marked:
            text += f" {marked[i]}"
        articles.append(Article(id=f"a{i:04d}", text=text, content_hash=content_hash(text)))
    return articles
