"""`bench-store`: events stored per second, with their actors and spans, on synthetic results."""

from __future__ import annotations

import time
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from communique.ids import content_hash, stable_id
from communique.models import (
    Actor,
    Article,
    CodingResult,
    Event,
    EventCandidate,
    PersonRef,
    ResolvedDate,
    Situation,
    TextSpan,
)
from communique.ontology import cameo_table
from communique.pipeline import make_event
from communique.store.base import Store
from communique.store.ingest import DEFAULT_BATCH_SIZE

# Events per synthetic article: the VOA corpus averages about this many coded events per story.
EVENTS_PER_ARTICLE = 10
# Articles per write transaction in the bench: what `ingest` writes per batch.
BENCH_BATCH_ARTICLES = DEFAULT_BATCH_SIZE
_COUNTRIES = ("KAZ", "BEL", "RUS", "USA", "CHN", "FRA", "DEU", "TUR", "IND", "BRA")


class BenchResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    url: str
    events: int
    articles: int
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def synthetic_results(events: int, seed: str = "bench") -> Iterator[CodingResult]:
    """Deterministic results: realistic shapes (two actors, a person, spans, a dated event)."""
    codes = sorted(c for c in cameo_table() if len(c) >= 3)
    articles = (events + EVENTS_PER_ARTICLE - 1) // EVENTS_PER_ARTICLE
    made = 0
    for a in range(articles):
        text = f"{seed} article {a}: the ministers of two countries met and signed documents."
        article_id = stable_id(seed, a)
        batch: list[Event] = []
        for n in range(min(EVENTS_PER_ARTICLE, events - made)):
            src = _COUNTRIES[(a + n) % len(_COUNTRIES)]
            dst = _COUNTRIES[(a + 3 * n + 1) % len(_COUNTRIES)]
            code = codes[(a * 7 + n) % len(codes)]
            candidate = EventCandidate(
                sentence=n,
                cameo=code,
                source=Actor(
                    text="the minister",
                    span=(10, 22),
                    name=src,
                    country=src,
                    sector="GOV",
                    code=src + "GOV",
                    kind="person",
                    person=PersonRef(name=f"Minister {src}", title="Foreign Minister"),
                ),
                target=Actor(text=dst, span=(30, 33), name=dst, country=dst, code=dst),
                trigger=TextSpan(text="met", span=(34, 37)),
                evidence=TextSpan(text=text, span=(0, len(text))),
                confidence=0.5 + (n % 5) / 10,
            )
            date = ResolvedDate(
                start=f"2022-{1 + a % 12:02d}-{1 + n % 28:02d}",
                granularity="day",
                kind="exact",
                text="on Tuesday",
            )
            batch.append(make_event(article_id, candidate, Situation(date=date)))
        made += len(batch)
        yield CodingResult(
            article=Article(
                id=article_id,
                text=text,
                content_hash=content_hash(text),
                published=f"2022-{1 + a % 12:02d}-28",
                source="Bench Wire",
            ),
            events=batch,
        )


def bench_store(
    store: Store, events: int, batch_articles: int = BENCH_BATCH_ARTICLES
) -> BenchResult:
    """Write `events` synthetic events in ingest-sized batches; time only the writes."""
    results = list(synthetic_results(events))
    started = time.perf_counter()
    for start in range(0, len(results), batch_articles):
        store.write(results[start : start + batch_articles])
    seconds = time.perf_counter() - started
    return BenchResult(url=store.url, events=events, articles=len(results), seconds=seconds)
