"""The coding pipeline: Article -> spaCy Doc -> actors/events -> resolve -> facts -> CodingResult.

One `Pipeline` loads the spaCy model once and codes any number of articles in batches with
``nlp.pipe(..., as_tuples=True)``. A stage that fails for one article records a `Dropped` on that
article's result and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

from communique.actors.context import make_article_doc
from communique.ids import stable_id
from communique.models import (
    Actor,
    Article,
    CodingResult,
    Dropped,
    Event,
    EventCandidate,
    Facts,
    IngestFailure,
    Registry,
    Situation,
)
from communique.nlp import load_nlp
from communique.ontology import cameo_entry
from communique.settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc

T = TypeVar("T")
Item = Article | IngestFailure


def failure_result(failure: IngestFailure) -> CodingResult:
    """The result for an input that never became an article: an empty article plus the drop."""
    article = Article(id=failure.location, text="", origin=failure.location)
    return CodingResult(
        article=article,
        dropped=[Dropped(stage="ingest", reason=failure.reason, detail=failure.detail)],
    )


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Pipeline:
    """Codes articles into `CodingResult`s. Create once, reuse for every batch."""

    def __init__(self, settings: Settings | None = None) -> None:
        from communique.facts import FactExtractor
        from communique.resolve import EventSituator

        self.settings = settings or Settings()
        self.nlp = load_nlp(self.settings.model)
        self.situator = EventSituator()
        self.facts = FactExtractor()

    def code(
        self, items: Iterable[Item], *, batch_size: int | None = None
    ) -> Iterator[CodingResult]:
        """Code articles in input order; ingest failures come through as results with a drop."""
        size = batch_size or self.settings.batch_size
        # spaCy hands a failure of a component without its own handler (ours) to the default
        # handler and drops that document from the stream; we keep the reason and give the
        # article a result with the drop instead.
        nlp_failures: dict[int, str] = {}

        def record_failure(name: str, proc: object, docs: list[Doc], exc: Exception) -> None:
            for doc in docs:
                context = getattr(doc, "_context", None)
                if context is not None:
                    nlp_failures[id(context)] = f"{name}: {type(exc).__name__}: {exc}"

        self.nlp.default_error_handler = record_failure
        for batch in _batches(items, size):
            articles = [item for item in batch if isinstance(item, Article)]
            # the Doc is made first so the actor recogniser sees the article's context (dateline)
            unparsed = ((make_article_doc(self.nlp, a), a) for a in articles)
            docs = self.nlp.pipe(unparsed, as_tuples=True, batch_size=size)
            coded = {id(article): self._finish(article, doc) for doc, article in docs}
            for item in batch:
                if isinstance(item, IngestFailure):
                    yield failure_result(item)
                elif id(item) in coded:
                    yield coded[id(item)]
                else:
                    detail = nlp_failures.pop(id(item), "the spaCy pipeline returned no document")
                    drop = Dropped(stage="nlp", reason="spaCy pipeline failed", detail=detail)
                    yield CodingResult(article=item, dropped=[drop])

    def code_article(self, article: Article) -> CodingResult:
        return next(self.code([article]))

    def _finish(self, article: Article, doc: Doc) -> CodingResult:
        """Run the post-parse stages for one article, recording each stage's failure as a drop."""
        dropped: list[Dropped] = []

        def guarded(stage: str, default: T, step: Callable[[], T]) -> T:
            try:
                return step()
            except Exception as exc:  # one article's failure must not stop the batch
                dropped.append(Dropped(stage=stage, reason=type(exc).__name__, detail=str(exc)))
                return default

        actors: list[Actor] = doc._.actors or []
        candidates: list[EventCandidate] = doc._.event_candidates or []
        no_situations: list[Situation] = []
        situations = guarded(
            "resolve", no_situations, lambda: self.situator.situate(doc, article, candidates)
        )
        if len(situations) != len(candidates):
            situations = [Situation.unresolved("resolve stage failed")] * len(candidates)
        no_events: list[Event] = []
        events = guarded("events", no_events, lambda: build_events(article, candidates, situations))
        facts = guarded("facts", Facts(), lambda: self.facts.extract(doc, article, events))
        registry = guarded("actors", Registry(), lambda: build_registry(actors))
        return CodingResult(
            article=article,
            events=events,
            figures=facts.figures,
            agreements=facts.agreements,
            people=registry.people,
            organizations=registry.organizations,
            milestones=facts.milestones,
            dropped=dropped,
        )


def build_registry(actors: list[Actor]) -> Registry:
    from communique.actors.registry import build_registry as build

    return build(actors)


def build_events(
    article: Article, candidates: list[EventCandidate], situations: list[Situation]
) -> list[Event]:
    """Attach ontology values, dates and places to each candidate; drop exact duplicates."""
    events: list[Event] = []
    seen: set[str] = set()
    for candidate, situation in zip(candidates, situations, strict=True):
        event = make_event(article.id, candidate, situation)
        if event.id not in seen:
            seen.add(event.id)
            events.append(event)
    return events


def make_event(article_id: str, candidate: EventCandidate, situation: Situation) -> Event:
    """One Event: the candidate, its situation and the ontology's values for its CAMEO code.

    The id is a stable hash of the article, sentence, trigger, code and actor spans, so the same
    reading of the same text always gets the same id.
    """
    entry = cameo_entry(candidate.cameo)
    event_id = stable_id(
        article_id,
        candidate.sentence,
        candidate.trigger.span,
        candidate.cameo,
        candidate.source.span if candidate.source else None,
        candidate.target.span if candidate.target else None,
    )
    return Event(
        id=event_id,
        article_id=article_id,
        sentence=candidate.sentence,
        cameo=entry.code,
        cameo_root=entry.root,
        quad_class=entry.quad_class,
        goldstein=entry.goldstein,
        plover=entry.plover,
        plover_mode=entry.plover_mode,
        source=candidate.source,
        target=candidate.target,
        date=situation.date,
        location=situation.location,
        modality=candidate.modality,
        trigger=candidate.trigger,
        evidence=candidate.evidence,
        confidence=candidate.confidence,
        symmetric=candidate.symmetric,
    )
