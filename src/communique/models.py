"""Typed records that cross every stage boundary (the output contract of DESIGN.md).

Every record is an immutable pydantic model: stages build new values, never mutate old ones, and
the JSON that `communique code` prints is exactly
`CodingResult.model_dump(mode="json", by_alias=True)`.
Spans are ``(start, end)`` character offsets into ``Article.text``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]

Tense = Literal["past", "present", "future"]
Granularity = Literal["day", "week", "month", "quarter", "year"]
DateKind = Literal["exact", "approximate", "range", "unresolved"]
ActorKind = Literal["state", "organization", "person", "group"]
PlaceOrigin = Literal["text", "dateline"]
FigureKind = Literal[
    "trade_turnover",
    "exports",
    "imports",
    "fdi_inflow",
    "fdi_stock",
    "investment",
    "loan",
    "aid",
    "enterprises",
    "trade_affected",
    "programme",
    "pledge",
    "debt",
    "payment",
    "frozen_assets",
    "deployment",
    "aid_reach",
    "agreement_count",
    "sanctioned",
    "share",
    "other",
]
RateUnit = Literal["day", "week", "month", "quarter", "year"]
AgreementStatus = Literal["signed", "initialled", "negotiated", "planned", "ratified"]


class Record(BaseModel):
    """Base of every record: immutable, strict about unknown fields, serialisable by alias."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def to_json_dict(self) -> dict[str, object]:
        """The JSON-ready form used by the CLI, the API and the stores."""
        return self.model_dump(mode="json", by_alias=True)


class Place(Record):
    """A GeoNames place: an event location or an article's dateline."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    span: Span | None = None
    origin: PlaceOrigin = "text"


class Article(Record):
    """One input article, normalised by ingest. `id` is the input's id or the content hash."""

    id: str
    text: str
    title: str | None = None
    published: str | None = Field(
        default=None, description="ISO 8601 date or datetime, with offset when known"
    )
    source: str | None = None
    dateline: Place | None = None
    url: str | None = None
    language: str = "en"
    content_hash: str = ""
    origin: str | None = Field(
        default=None, description="where the article came from: path[:line] or URL"
    )


class PersonRef(Record):
    """The person behind an actor mention."""

    name: str
    title: str | None = None


class Actor(Record):
    """A resolved actor mention: who, with its exact span in the article text."""

    text: str
    span: Span
    name: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    kind: ActorKind = "state"
    person: PersonRef | None = None
    organization: str | None = None


class ResolvedDate(Record):
    """A date resolved against the publication date; refuses rather than guesses."""

    start: str | None = None
    end: str | None = None
    granularity: Granularity | None = None
    kind: DateKind = "unresolved"
    text: str | None = None
    reason: str = ""


class Modality(Record):
    tense: Tense = "past"
    negated: bool = False
    hypothetical: bool = False


class TextSpan(Record):
    text: str
    span: Span


class Event(Record):
    """One coded event: who did what to whom, when and where, with its evidence."""

    id: str
    article_id: str
    sentence: int
    cameo: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover: str
    plover_mode: str | None = None
    source: Actor | None = None
    target: Actor | None = None
    date: ResolvedDate = ResolvedDate(reason="not resolved")
    location: Place | None = None
    modality: Modality = Modality()
    trigger: TextSpan
    evidence: TextSpan
    confidence: float = Field(ge=0.0, le=1.0)
    #: A symmetric interaction (a meeting, talks, a joint agreement): stored once, source and
    #: target may be read either way; exports may expand it to both directions.
    symmetric: bool = False


class Duration(Record):
    """How long a figure runs ("for 99 years", "a three-year loan"): a length, not a date."""

    value: float
    unit: RateUnit
    text: str


class Figure(Record):
    """A figure the text states, tied to what it measures (docs/FACTS.md defines each kind).

    ``value`` is always set: for a range ("$3 - $5 billion") it holds the high end and ``low`` /
    ``high`` hold both ends; for a vague magnitude ("tens of millions") it holds the least the
    phrase claims, ``approximate`` is true and ``magnitude`` is its power of ten.
    """

    id: str
    kind: FigureKind
    value: float
    unit: str
    approximate: bool = False
    period: ResolvedDate | None = None
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    text: str
    span: Span
    low: float | None = None
    high: float | None = None
    magnitude: float | None = None
    per: RateUnit | None = Field(default=None, description="a rate: the value is per this unit")
    duration: Duration | None = None
    item: str | None = Field(default=None, description="what a count counts: troops, people")
    share_of: str | None = Field(default=None, description="for a share: of what (GDP, trade)")
    event_id: str | None = Field(default=None, description="the coded event it belongs to")
    agreement_ids: list[str] = Field(default_factory=list)


class Agreement(Record):
    id: str
    name: str
    kind: str
    parties: list[Actor] = Field(default_factory=list)
    status: AgreementStatus
    date: ResolvedDate = ResolvedDate(reason="not resolved")
    witnesses: list[Actor] = Field(default_factory=list)
    text: str
    span: Span


class Person(Record):
    name: str
    title: str | None = None
    organization: str | None = None
    country: str | None = None
    mentions: list[Span] = Field(default_factory=list)


class Organization(Record):
    name: str
    country: str | None = None
    sector: str | None = None
    mentions: list[Span] = Field(default_factory=list)


class Milestone(Record):
    """A dated fact about a country pair's relations (diplomatic relations, embassy, visas...)."""

    id: str
    kind: str
    countries: list[str]
    date: ResolvedDate
    text: str
    span: Span


class Dropped(Record):
    """Something a stage could not do for one article; recorded, never silent."""

    stage: str
    reason: str
    detail: str = ""


class IngestFailure(Record):
    """An input that could not become an Article (empty, binary, invalid JSON line, ...)."""

    origin: str
    line: int | None = None
    reason: str
    detail: str = ""

    @property
    def location(self) -> str:
        return f"{self.origin}:{self.line}" if self.line is not None else self.origin


class CodingResult(Record):
    """Everything communique read out of one article: the unit of output and of storage."""

    article: Article
    events: list[Event] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    dropped: list[Dropped] = Field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when the article could not be read at all (an ingest failure)."""
        return any(d.stage == "ingest" for d in self.dropped)


class EventCandidate(Record):
    """An event as the coder reads it from one sentence, before dates and places are resolved."""

    sentence: int
    cameo: str
    source: Actor | None = None
    target: Actor | None = None
    modality: Modality = Modality()
    trigger: TextSpan
    evidence: TextSpan
    confidence: float = Field(ge=0.0, le=1.0)
    #: See Event.symmetric.
    symmetric: bool = False


class Situation(Record):
    """When and where one EventCandidate happened (output of the resolve stage)."""

    date: ResolvedDate
    location: Place | None = None

    @classmethod
    def unresolved(cls, reason: str) -> Situation:
        return cls(date=ResolvedDate(reason=reason))


class Facts(Record):
    """The facts stage's output for one article."""

    figures: list[Figure] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)


class Registry(Record):
    """People and organisations of one article, one entry per identity with all its mentions."""

    people: list[Person] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
