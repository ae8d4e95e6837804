"""The facts stage: the figures, agreements and relations milestones other coders drop.

`FactExtractor` is built once per pipeline (it loads and compiles the dictionaries under
``facts/data``) and reads one parsed article at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from communique.facts.agreements import AgreementFinder
from communique.facts.context import ArticleContext, build_context
from communique.facts.figures import CHANGE_MARK, FigureFinder
from communique.facts.milestones import MilestoneFinder
from communique.facts.numbers import NumberParser, Quantity
from communique.models import Article, Event, Facts, Figure
from communique.resolve.dates import DateResolver

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["FactExtractor", "NumberParser", "Quantity"]


class FactExtractor:
    """Reads figures, agreements and milestones out of a parsed article."""

    def __init__(self, resolver: DateResolver | None = None) -> None:
        self.resolver = resolver or DateResolver()
        self.numbers = NumberParser()
        self.figures = FigureFinder(self.numbers, self.resolver)
        self.agreements = AgreementFinder(self.resolver)
        self.milestones = MilestoneFinder(self.resolver)

    def extract(self, doc: Doc, article: Article, events: list[Event]) -> Facts:
        """The facts of one article; ``events`` lend their dates to agreements signed in them."""
        return self.extract_context(build_context(doc, article), events)

    def extract_context(self, ctx: ArticleContext, events: list[Event]) -> Facts:
        """Same as `extract`, on an already built context (used by tests and batch tools)."""
        figures = [
            Figure(
                id=found.figure_id(ctx.article_id),
                kind=found.reading.measure.kind,
                value=found.reading.quantity.value,
                unit=found.reading.quantity.unit,
                approximate=found.reading.quantity.approximate,
                period=found.period,
                from_=found.reading.from_,
                to=found.reading.to,
                text=(CHANGE_MARK if found.reading.change else "")
                + ctx.text[found.reading.sentence[0] : found.reading.sentence[1]],
                span=found.reading.quantity.span,
            )
            for found in self.figures.find(ctx)
        ]
        return Facts(
            figures=figures,
            agreements=self.agreements.find(ctx, events),
            milestones=self.milestones.find(ctx),
        )
