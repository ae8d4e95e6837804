"""The coding pipeline: Article -> spaCy Doc -> actors/events -> resolve -> facts -> CodingResult.

One `Pipeline` loads the spaCy model once and codes any number of articles in batches with
``nlp.pipe(..., as_tuples=True)``. A stage that fails for one article records a `Dropped` on that
article's result and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

from communique.actors.build import unidentified_attackers
from communique.actors.context import article_context, make_article_doc
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
from communique.nlp.loader import (
    COMMUNIQUE_COMPONENTS,
    RUSSIAN,
    RUSSIAN_COMPONENTS,
    load_for_language,
)
from communique.ontology import VIOLENCE_ROOTS, cameo_entry
from communique.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

T = TypeVar("T")
Item = Article | IngestFailure

#: Longest error text kept with a drop: the message, not a traceback.
MAX_DROP_DETAIL = 2000


def failure_result(failure: IngestFailure) -> CodingResult:
    """The result for an input that never became an article: an empty article plus the drop."""
    article = Article(id=failure.location, text="", origin=failure.location)
    return CodingResult(
        article=article,
        dropped=[Dropped(stage="ingest", reason=failure.reason, detail=failure.detail)],
    )


def too_long_result(article: Article, ceiling: int) -> CodingResult:
    """The result of an article over the documented ceiling: the article plus the reason."""
    drop = Dropped(
        stage="nlp",
        reason=f"article longer than {ceiling:,} characters",
        detail=f"it has {len(article.text):,} characters; split it into articles, or raise "
        "COMMUNIQUE_MAX_ARTICLE_CHARS (coding costs about a second per 25,000 characters)",
    )
    return CodingResult(article=article, dropped=[drop])


#: Where a section may end, best first: after a paragraph, after a sentence, after a line, at a
#: space. A cut is looked for in the last three quarters of the window, so sections stay large.
_SECTION_BREAKS = ("\n\n", ". ", "\n", " ")


def split_sections(text: str, limit: int) -> list[str]:
    """`text` in consecutive sections of at most `limit` characters, whose join is `text`.

    Sections end after a paragraph break when the window holds one, else after a sentence, a
    line or a space; a text without any is cut at the limit.
    """
    sections: list[str] = []
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        end = window_end
        for mark in _SECTION_BREAKS:
            cut = text.rfind(mark, start + limit // 4, window_end - len(mark) + 1)
            if cut >= 0:
                end = cut + len(mark)
                break
        sections.append(text[start:end])
        start = end
    sections.append(text[start:])
    return sections


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
        # front ends by language; the Russian one is loaded when the first Russian article comes
        self._front_ends: dict[str, Language] = {}
        self._error_handler: Callable[[str, object, list[Doc], Exception], None] | None = None

    def front_end(self, language: str) -> Language:
        """The spaCy pipeline that reads an article in `language` (nlp/loader.py)."""
        key = RUSSIAN if language == RUSSIAN else ""
        if not key:
            return self.nlp
        if key not in self._front_ends:
            nlp = load_for_language(key, self.settings.model)
            if self._error_handler is not None:
                nlp.default_error_handler = self._error_handler
            self._front_ends[key] = nlp
        return self._front_ends[key]

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

        self._error_handler = record_failure
        self.nlp.default_error_handler = record_failure
        for nlp in self._front_ends.values():
            nlp.default_error_handler = record_failure
        for batch in _batches(items, size):
            yield from self._code_batch(batch, size, nlp_failures)

    def _code_batch(
        self, batch: list[Item], size: int, nlp_failures: dict[int, str]
    ) -> Iterator[CodingResult]:
        """One batch; whatever one article does (too long, crashes spaCy), it costs that article."""
        coded: dict[int, CodingResult] = {}
        by_language: dict[str, list[Article]] = {}
        for item in batch:
            if isinstance(item, IngestFailure):
                coded[id(item)] = failure_result(item)
            elif len(item.text) > self.settings.max_article_chars:
                coded[id(item)] = too_long_result(item, self.settings.max_article_chars)
            elif len(item.text) > self.settings.section_chars:
                coded[id(item)] = self._code_alone(item, sectioned=True)
            else:
                language = RUSSIAN if item.language == RUSSIAN else ""
                by_language.setdefault(language, []).append(item)
        for language, plain in by_language.items():
            try:
                nlp = self.front_end(language)
                # the Doc is made first so the actor recogniser sees the article's context
                unparsed = ((make_article_doc(nlp, a), a) for a in plain)
                docs = nlp.pipe(unparsed, as_tuples=True, batch_size=size)
                for doc, article in docs:
                    coded[id(article)] = self._finish(article, doc)
            except Exception:  # outside a component (tokenizer, limits): isolate the article
                for article in plain:
                    if id(article) not in coded and id(article) not in nlp_failures:
                        coded[id(article)] = self._code_alone(article, sectioned=False)
        for item in batch:
            if id(item) in coded:
                yield coded[id(item)]
            else:
                detail = nlp_failures.pop(id(item), "the spaCy pipeline returned no document")
                drop = Dropped(stage="nlp", reason="spaCy pipeline failed", detail=detail)
                yield CodingResult(article=item, dropped=[drop])

    def _code_alone(self, article: Article, *, sectioned: bool) -> CodingResult:
        """One article on its own (sectioned when long); any failure is that article's drop."""
        try:
            nlp = self.front_end(article.language)
            if sectioned:
                doc = self._sectioned_doc(article)
            else:
                doc = next(iter(nlp.pipe([make_article_doc(nlp, article)])))
            return self._finish(article, doc)
        except Exception as exc:  # one article's failure must not stop the batch
            drop = Dropped(
                stage="nlp", reason=type(exc).__name__, detail=str(exc)[:MAX_DROP_DETAIL]
            )
            return CodingResult(article=article, dropped=[drop])

    def _sectioned_doc(self, article: Article) -> Doc:
        """The Doc of a long text, parsed in sections of paragraphs and joined.

        The model's own pipes (tagger, parser, NER) run on each section of at most
        `section_chars` characters (see `split_sections`); the sections are joined into one Doc
        whose text is exactly `text`, and communique's components run on the whole, so every
        span is an offset into the article as for a short one.
        """
        from spacy.tokens import Doc

        nlp = self.front_end(article.language)
        own = set(COMMUNIQUE_COMPONENTS) | set(RUSSIAN_COMPONENTS)
        parts: list[Doc] = []
        for section in split_sections(article.text, self.settings.section_chars):
            part = nlp.make_doc(section)
            for name, proc in nlp.pipeline:
                if name not in own:
                    part = proc(part)
            parts.append(part)
        # the tok2vec tensors are not needed by our components: leaving them out saves ~400
        # bytes a token
        joined: Doc | None = Doc.from_docs(
            parts, ensure_whitespace=False, exclude=["tensor", "user_data"]  # type: ignore[call-arg]
        )
        if joined is None:
            raise ValueError("no sections to join")
        doc = joined
        del parts
        doc.user_data.update(article_context(article))  # what make_article_doc sets
        for name, proc in nlp.pipeline:
            if name in own:
                doc = proc(doc)
        return doc

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
        placed = with_placed_attackers(article.text, candidate, situation)
        event = make_event(article.id, placed, situation)
        if event.id not in seen:
            seen.add(event.id)
            events.append(event)
    return events


def with_placed_attackers(
    article_text: str, candidate: EventCandidate, situation: Situation
) -> EventCandidate:
    """Violence whose doer the sentence does not name, at a place it names, was done by the
    unidentified attackers of that place's country (the ICEWS and CAMEO convention); the place
    is known only once the resolve stage has situated the event, hence here."""
    if (
        candidate.source is not None
        or candidate.cameo[:2] not in VIOLENCE_ROOTS
        or situation.location is None
    ):
        return candidate
    attackers = unidentified_attackers(article_text, situation.location)
    if attackers is None:
        return candidate
    return candidate.model_copy(update={"source": attackers})


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
