"""Relations milestones: diplomatic relations established, embassies opened, visa regimes, ...

Patterns live in ``data/milestones.yaml``. A milestone gets the most precise date written next
to it ("30 years ago (August 25, 1992)" -> 1992-08-25), and the article's country pair when the
sentence does not name two countries itself.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from communique.facts._data import compile_any, data_file, load_model
from communique.facts.context import ArticleContext, DatePhrase, country_of, overlaps
from communique.ids import stable_id
from communique.models import Milestone, ResolvedDate, Span
from communique.resolve.dates import DateResolver

#: Characters after a milestone phrase in which its date may be written: covers
#: "... diplomatic relations 30 years ago (August 25, 1992)" (28) and "... were established on
#: 25 August 1992 in Almaty" with room; beyond it dates belong to other clauses.
DATE_AFTER = 60

#: Characters before the phrase for a date in the same clause ("in 1992 established ...").
DATE_BEFORE = 40

#: Characters around the phrase in which its countries are named: "between Kazakhstan and
#: Belgium foreign ministries since the establishment" puts Kazakhstan 55 before; 100 keeps
#: quote attributions at the far end of long sentences ("..., U.S. ambassador said") out.
COUNTRY_BEFORE = 100
COUNTRY_AFTER = 60

#: Characters before the phrase searched for a plan or topic cue (`not_stated`): "possibility
#: of " (15) plus the two words the pattern allows in between.
NOT_STATED_WINDOW = 40

#: Characters before the phrase searched for "30th anniversary of the " (24), with slack.
ANNIVERSARY_WINDOW = 40

#: A date phrase starting this close to the sentence start dates the whole sentence ("In 1992,
#: ..."), however far the milestone stands from it.
SENTENCE_OPENING = 3

_GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    patterns: list[str]


class _Lexicon(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    milestones: list[_Rule]
    not_stated: str
    anniversary: str


class MilestoneFinder:
    """Finds relations milestones in an article. Build once: patterns are compiled here."""

    def __init__(self, resolver: DateResolver | None = None, language: str = "en") -> None:
        lex = load_model(_Lexicon, data_file("milestones", language))
        self.resolver = resolver or DateResolver()
        self._rules = [(rule.kind, compile_any(rule.patterns)) for rule in lex.milestones]
        self._not_stated = re.compile(lex.not_stated, re.I)
        self._anniversary = re.compile(lex.anniversary, re.I)

    def find(self, ctx: ArticleContext) -> list[Milestone]:
        """Every stated milestone, in text order; one per kind and sentence."""
        found: list[Milestone] = []
        taken: list[Span] = []
        for kind, regex in self._rules:  # listed most specific first
            for m in regex.finditer(ctx.text):
                if any(overlaps(m.span(), span) for span in taken):
                    continue
                sentence = ctx.sentence_of(m.start())
                before = ctx.text[max(sentence[0], m.start() - NOT_STATED_WINDOW) : m.start()]
                if self._not_stated.search(before):
                    continue
                if any(
                    f.kind == kind and f.text == ctx.text[sentence[0] : sentence[1]] for f in found
                ):
                    continue
                countries = _countries(ctx, sentence, m.span())
                taken.append(m.span())
                found.append(
                    Milestone(
                        id=stable_id(ctx.article_id, m.span(), kind),
                        kind=kind,
                        countries=countries,
                        date=self._date(ctx, sentence, m.span()),
                        text=ctx.text[sentence[0] : sentence[1]],
                        span=m.span(),
                    )
                )
        return sorted(found, key=lambda f: f.span)

    def _date(self, ctx: ArticleContext, sentence: Span, span: Span) -> ResolvedDate:
        """The most precise date phrase next to the milestone; else an anniversary count."""
        text = ctx.text
        anniversary = self._anniversary.search(
            text[max(sentence[0], span[0] - ANNIVERSARY_WINDOW) : span[0]]
        )
        candidates: list[tuple[int, DatePhrase]] = []
        for phrase in ctx.dates_in(*sentence):
            if span[1] <= phrase.span[0] <= span[1] + DATE_AFTER:
                candidates.append((phrase.span[0] - span[1], phrase))
            elif anniversary is None and phrase.span[1] <= span[0] and (
                phrase.span[0] - sentence[0] <= SENTENCE_OPENING
                or (
                    span[0] - phrase.span[1] <= DATE_BEFORE
                    and "," not in text[phrase.span[1] : span[0]]
                )
            ):
                candidates.append((span[0] - phrase.span[1], phrase))
        resolved = [
            (distance, self.resolver.resolve(phrase.text, ctx.published, "past"))
            for distance, phrase in candidates
        ]
        good = [(d, r) for d, r in resolved if r.kind != "unresolved"]
        if good:
            return min(
                good, key=lambda dr: (_GRANULARITY_RANK.get(dr[1].granularity or "", 9), dr[0])
            )[1]
        if anniversary and ctx.published is not None:
            year = ctx.published.year - int(anniversary.group(1))
            return ResolvedDate(
                start=f"{year:04d}-01-01",
                end=f"{year:04d}-12-31",
                granularity="year",
                kind="approximate",
                text=anniversary.group(0).strip(),
                reason="anniversary counted back from the publication year",
            )
        if resolved:
            return min(resolved, key=lambda dr: dr[0])[1]
        return ResolvedDate(reason="no date phrase next to the milestone")


def _countries(ctx: ArticleContext, sentence: Span, span: Span) -> list[str]:
    """The countries named near the phrase; the article's pair when fewer than two of it."""
    codes: list[str] = []
    window = (max(sentence[0], span[0] - COUNTRY_BEFORE), min(sentence[1], span[1] + COUNTRY_AFTER))
    for actor in ctx.actors_in(*window):
        code = country_of(actor)
        if code and code not in codes:
            codes.append(code)
    pair = ctx.main_pair
    if len(codes) < 2 and pair is not None and set(codes) <= set(pair):
        return list(pair)
    return codes
