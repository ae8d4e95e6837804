"""Small builders of CodingResults for the store tests (readable, deterministic)."""

from __future__ import annotations

from communique.ids import content_hash
from communique.models import (
    Actor,
    Agreement,
    Article,
    CodingResult,
    Dropped,
    Event,
    EventCandidate,
    Figure,
    Person,
    ResolvedDate,
    Situation,
    TextSpan,
)
from communique.pipeline import make_event

NAMES = {"KAZ": "Kazakhstan", "BEL": "Belgium", "RUS": "Russia", "USA": "United States"}


def actor(country: str, start: int = 0) -> Actor:
    name = NAMES.get(country, country)
    return Actor(
        text=name, span=(start, start + len(name)), name=name, country=country, code=country
    )


def day(value: str | None, granularity: str = "day") -> ResolvedDate:
    if value is None:
        return ResolvedDate(reason="no date in the sentence")
    return ResolvedDate(start=value, granularity=granularity, kind="exact", text=value)  # type: ignore[arg-type]


def event(
    article_id: str,
    n: int,
    source: str | None,
    target: str | None,
    cameo: str = "040",
    date: str | None = "2022-10-18",
    granularity: str = "day",
    confidence: float = 0.8,
    evidence: str = "Kazakhstan and Belgium held talks.",
) -> Event:
    candidate = EventCandidate(
        sentence=n, cameo=cameo,
        source=actor(source) if source else None, target=actor(target, 20) if target else None,
        trigger=TextSpan(text="held", span=(23, 27)),
        evidence=TextSpan(text=evidence, span=(0, len(evidence))), confidence=confidence,
    )  # fmt: skip
    event = make_event(article_id, candidate, Situation(date=day(date, granularity)))
    return event.model_copy(update={"id": f"{article_id}-e{n}"})  # readable ids in assertions


def result(
    article_id: str,
    events: list[Event] | None = None,
    *,
    text: str | None = None,
    published: str | None = "2022-10-18",
    source: str = "Kazinform",
    people: list[Person] | None = None,
    figures: list[Figure] | None = None,
    agreements: list[Agreement] | None = None,
    dropped: list[Dropped] | None = None,
) -> CodingResult:
    body = text if text is not None else f"Story {article_id}."
    article = Article(
        id=article_id, text=body, title=f"Title {article_id}", published=published,
        source=source, content_hash=content_hash(body), origin=f"corpus.jsonl:{article_id}",
    )  # fmt: skip
    return CodingResult(
        article=article, events=events or [], people=people or [], figures=figures or [],
        agreements=agreements or [], dropped=dropped or [],
    )  # fmt: skip


def figure(
    n: int, kind: str, value: float, src: str | None, dst: str | None, year: str | None
) -> Figure:
    period = day(f"{year}-01-01", "year") if year else None
    return Figure(
        id=f"f{n}", kind=kind, value=value, unit="USD", period=period,  # type: ignore[arg-type]
        from_=src, to=dst, text=f"{value} USD", span=(0, 5),
    )  # fmt: skip


def agreement(n: int, parties: list[str], date: str = "2022-10-18") -> Agreement:
    return Agreement(
        id=f"ag{n}", name=f"Agreement {n}", kind="memorandum",
        parties=[actor(p) for p in parties], status="signed", date=day(date),
        text="signed a memorandum", span=(0, 19),
    )  # fmt: skip
