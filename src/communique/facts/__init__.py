"""The facts stage: the figures, agreements and relations milestones other coders drop.

`FactExtractor` is built once per pipeline (it loads and compiles the dictionaries under
``facts/data``) and reads one parsed article at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from communique.facts.agreements import AgreementFinder
from communique.facts.context import ArticleContext, build_context
from communique.facts.figures import CHANGE_MARK, FigureFinder, FigureReading
from communique.facts.milestones import MilestoneFinder
from communique.facts.numbers import NumberParser, Quantity
from communique.models import Agreement, Article, Event, Facts, Figure
from communique.resolve.dates import DateResolver

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["FactExtractor", "NumberParser", "Quantity"]


@dataclass(frozen=True)
class _Finders:
    """The finders of one language."""

    figures: FigureFinder
    agreements: AgreementFinder
    milestones: MilestoneFinder


class FactExtractor:
    """Reads figures, agreements and milestones out of a parsed article."""

    def __init__(self, resolver: DateResolver | None = None) -> None:
        self.resolver = resolver or DateResolver()
        self.numbers = NumberParser()
        self.figures = FigureFinder(self.numbers, self.resolver)
        self.agreements = AgreementFinder(self.resolver)
        self.milestones = MilestoneFinder(self.resolver)
        self._finders: dict[str, _Finders] = {
            "en": _Finders(self.figures, self.agreements, self.milestones)
        }

    def finders(self, language: str) -> _Finders:
        """The finders of ``language``, built on first use from its dictionaries
        (``measures.ru.yaml`` ...; English ones where it has none)."""
        if language not in self._finders:
            self._finders[language] = _Finders(
                FigureFinder(NumberParser(language), self.resolver, language),
                AgreementFinder(self.resolver, language),
                MilestoneFinder(self.resolver, language),
            )
        return self._finders[language]

    def extract(self, doc: Doc, article: Article, events: list[Event]) -> Facts:
        """The facts of one article; ``events`` lend their dates to agreements signed in them."""
        return self.extract_context(build_context(doc, article), events)

    def extract_context(self, ctx: ArticleContext, events: list[Event]) -> Facts:
        """Same as `extract`, on an already built context (used by tests and batch tools)."""
        finders = self.finders(ctx.language)
        agreements = finders.agreements.find(ctx, events)
        figures = [
            self._figure(ctx, found, agreements) for found in finders.figures.find(ctx, events)
        ]
        return Facts(
            figures=figures,
            agreements=agreements,
            milestones=finders.milestones.find(ctx),
        )

    def _figure(
        self, ctx: ArticleContext, found: FigureReading, agreements: list[Agreement]
    ) -> Figure:
        reading = found.reading
        quantity = reading.quantity
        s0, s1 = reading.sentence
        counted = [
            a.id
            for a in agreements
            if reading.measure.kind == "agreement_count" and s0 <= a.span[0] < s1
        ]
        return Figure(
            id=found.figure_id(ctx.article_id),
            kind=reading.measure.kind,
            value=quantity.value,
            unit=quantity.unit,
            approximate=quantity.approximate,
            period=found.period,
            from_=reading.from_,
            to=reading.to,
            text=(CHANGE_MARK if reading.change else "") + ctx.text[s0:s1],
            span=quantity.span,
            low=quantity.low,
            high=quantity.high,
            magnitude=quantity.magnitude,
            per=reading.per,
            duration=reading.duration,
            item=reading.item,
            share_of=reading.share_of,
            event_id=reading.event_id,
            agreement_ids=counted,
        )
