"""The brief of one country pair as typed records: what the renderers (Markdown, HTML, PDF) read.

Every record that the summary can cite carries a `label` (E1 for an event, F1 a figure, A1 an
agreement, M1 a milestone, P1 a person) and the quoted text it comes from; a summary sentence
cites labels only, so each of its statements can be followed to a stored record and its source.
"""

from __future__ import annotations

from pydantic import Field

from communique.models import Record


class Sentence(Record):
    """One summary sentence and the labels of the records it rests on (never empty)."""

    text: str
    refs: list[str] = Field(min_length=1)


class QuadCount(Record):
    """Events of one quad class in the brief's period, and in the previous period when known."""

    quad: int
    name: str
    count: int
    previous: int | None = None


class MonthBin(Record):
    """One month of the timeline: events per quad class (1..4)."""

    month: str
    counts: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class BriefEvent(Record):
    label: str
    event_id: str
    article_id: str
    date: str | None = None
    date_end: str | None = None
    date_granularity: str | None = None
    when: str
    """The date as read in the brief ("17 October 2022", "November 2021", "no date given")."""
    tense: str | None = None
    cameo: str
    action: str
    """The CAMEO code's name as a phrase ("make a visit")."""
    plover: str | None = None
    plover_mode: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    source: str
    source_country: str | None = None
    source_sector: str | None = None
    target: str
    target_country: str | None = None
    target_sector: str | None = None
    location: str | None = None
    trigger: str | None = None
    evidence: str | None = None
    num_articles: int = 1


class BriefPerson(Record):
    label: str
    name: str
    title: str | None = None
    organization: str | None = None
    country: str | None = None
    events: list[str] = Field(default_factory=list)
    """Labels of the brief's events this person acts in (as source or target)."""
    article_id: str
    named_as: str
    """The words of the article that name the person (the first mention)."""
    evidence: str
    """The sentence around that mention."""


class BriefFigure(Record):
    label: str
    figure_id: str
    article_id: str | None = None
    kind: str
    what: str
    """The kind as words ("trade turnover")."""
    value: float
    amount: str
    """The value as read ("USD 419.7 million", "around 70 enterprises")."""
    unit: str
    period: str | None = None
    """The period as read ("2021", "2005–2021"); None when the article gives none."""
    period_start: str | None = None
    period_end: str | None = None
    direction: str | None = None
    """"from Belgium to Kazakhstan", "between Kazakhstan and Belgium" or None."""
    text: str | None = None
    events: list[str] = Field(default_factory=list)


class BriefAgreement(Record):
    label: str
    agreement_id: str
    article_id: str | None = None
    name: str
    kind: str | None = None
    status: str | None = None
    date: str | None = None
    when: str
    parties: str | None = None
    party_names: str | None = None
    witnesses: str | None = None
    text: str | None = None
    events: list[str] = Field(default_factory=list)
    """Labels of the brief's events whose evidence sentence states the agreement."""


class BriefMilestone(Record):
    label: str
    milestone_id: str
    article_id: str | None = None
    kind: str
    what: str
    date: str | None = None
    when: str
    countries: str | None = None
    text: str | None = None


class BriefSource(Record):
    """An article the brief's records come from."""

    article_id: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    """The article's URL when it is http(s); anything else is left out."""


class Brief(Record):
    """The brief of the pair `a`-`b` over one period, built only from stored records."""

    a: str
    b: str
    a_name: str
    b_name: str
    since: str | None = None
    until: str | None = None
    period: str
    """The period as read ("all stored events: November 2021 – 17 October 2022")."""
    previous_since: str | None = None
    previous_until: str | None = None
    total: int
    """Events in the period (dated in it, plus the undated ones its articles report)."""
    previous_total: int | None = None
    quads: list[QuadCount]
    summary: list[Sentence]
    timeline: list[MonthBin]
    events: list[BriefEvent]
    """The key events, in date order (undated last); at most `KEY_EVENTS` of `total`."""
    people: list[BriefPerson]
    figures: list[BriefFigure]
    agreements: list[BriefAgreement]
    milestones: list[BriefMilestone]
    sources: dict[str, BriefSource]

    def anchors(self) -> dict[str, str]:
        """label -> the kind of record it names, for every citable record of the brief."""
        out: dict[str, str] = {}
        for kind, records in (("event", self.events), ("person", self.people),
                              ("figure", self.figures), ("agreement", self.agreements),
                              ("milestone", self.milestones)):
            for record in records:
                out[record.label] = kind
        return out
