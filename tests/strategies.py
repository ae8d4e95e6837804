"""Hypothesis strategies for the typed records (reusable by every area's property tests).

Values mix realistic codes (countries, CAMEO codes from the ontology table, ISO dates) with
arbitrary unicode text, so both the normalised columns and the exact round trip get exercised.
"""

from __future__ import annotations

from typing import get_args

from hypothesis import strategies as st

from communique.models import (
    Actor,
    Agreement,
    Article,
    CodingResult,
    Dropped,
    Event,
    Figure,
    FigureKind,
    Milestone,
    Modality,
    Organization,
    Person,
    PersonRef,
    Place,
    ResolvedDate,
    TextSpan,
)
from communique.ontology import cameo_table

COUNTRIES = ("KAZ", "BEL", "RUS", "USA", "CHN", "FRA", "DEU", "IGO", "EUR")
SECTORS = ("GOV", "MIL", "BUS", "EDU", "MED", "JUD", "LEG")

texts = st.text(max_size=40)
short = st.text(min_size=1, max_size=12)
maybe = st.none() | texts
countries = st.none() | st.sampled_from(COUNTRIES)
offsets = st.integers(min_value=0, max_value=1_000_000)
spans = st.tuples(offsets, offsets).map(lambda s: (min(s), max(s)))
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
iso_dates = st.dates().map(lambda d: d.isoformat())

resolved_dates = st.builds(
    ResolvedDate,
    start=st.none() | iso_dates,
    end=st.none() | iso_dates,
    granularity=st.none() | st.sampled_from(["day", "week", "month", "quarter", "year"]),
    kind=st.sampled_from(["exact", "approximate", "range", "unresolved"]),
    text=maybe,
    reason=texts,
)
places = st.builds(
    Place,
    name=short,
    country=countries,
    lat=st.none() | st.floats(min_value=-90, max_value=90),
    lon=st.none() | st.floats(min_value=-180, max_value=180),
    geonames_id=st.none() | st.integers(min_value=1, max_value=2**40),
    span=st.none() | spans,
    origin=st.sampled_from(["text", "dateline"]),
)
actors = st.builds(
    Actor,
    text=short,
    span=spans,
    name=short,
    country=countries,
    sector=st.none() | st.sampled_from(SECTORS),
    code=st.none() | short,
    kind=st.sampled_from(["state", "organization", "person", "group"]),
    person=st.none() | st.builds(PersonRef, name=short, title=maybe),
    organization=maybe,
)
text_spans = st.builds(TextSpan, text=texts, span=spans)
cameo_entries = st.sampled_from(sorted(cameo_table().values(), key=lambda e: e.code))


@st.composite
def events(draw: st.DrawFn, article_id: str) -> Event:
    entry = draw(cameo_entries)
    return Event(
        id=draw(short),
        article_id=article_id,
        sentence=draw(st.integers(min_value=0, max_value=500)),
        cameo=entry.code,
        cameo_root=entry.root,
        quad_class=entry.quad_class,
        goldstein=entry.goldstein,
        plover=entry.plover,
        plover_mode=entry.plover_mode,
        source=draw(st.none() | actors),
        target=draw(st.none() | actors),
        date=draw(resolved_dates),
        location=draw(st.none() | places),
        modality=draw(
            st.builds(
                Modality,
                tense=st.sampled_from(["past", "present", "future"]),
                negated=st.booleans(),
                hypothetical=st.booleans(),
            )
        ),
        trigger=draw(text_spans),
        evidence=draw(text_spans),
        confidence=draw(st.floats(min_value=0.0, max_value=1.0)),
    )


figures = st.builds(
    Figure,
    id=short,
    kind=st.sampled_from(get_args(FigureKind)),
    value=finite,
    unit=st.sampled_from(["USD", "EUR", "count", "percent", "KZT"]),
    approximate=st.booleans(),
    period=st.none() | resolved_dates,
    from_=countries,
    to=countries,
    text=texts,
    span=spans,
)
agreements = st.builds(
    Agreement,
    id=short,
    name=texts,
    kind=st.sampled_from(["agreement", "memorandum", "treaty", "protocol"]),
    parties=st.lists(actors, max_size=3),
    status=st.sampled_from(["signed", "initialled", "negotiated", "planned", "ratified"]),
    date=resolved_dates,
    witnesses=st.lists(actors, max_size=2),
    text=texts,
    span=spans,
)
people = st.builds(
    Person,
    name=short,
    title=maybe,
    organization=maybe,
    country=countries,
    mentions=st.lists(spans, max_size=3),
)
organizations = st.builds(
    Organization,
    name=short,
    country=countries,
    sector=st.none() | st.sampled_from(SECTORS),
    mentions=st.lists(spans, max_size=3),
)
milestones = st.builds(
    Milestone,
    id=short,
    kind=short,
    countries=st.lists(st.sampled_from(COUNTRIES), max_size=3),
    date=resolved_dates,
    text=texts,
    span=spans,
)
# Stages other than ingest: a result with an ingest drop is a failed input (see failed_results).
drops = st.builds(
    Dropped,
    stage=st.sampled_from(["nlp", "actors", "events", "resolve", "facts"]),
    reason=short,
    detail=texts,
)
articles = st.builds(
    Article,
    id=short,
    text=st.text(max_size=200),
    title=maybe,
    published=st.none() | iso_dates,
    source=maybe,
    dateline=st.none() | places,
    url=maybe,
    language=st.sampled_from(["en", "ru", "kk"]),
    content_hash=st.text(alphabet="0123456789abcdef", min_size=8, max_size=64),
    origin=maybe,
)


@st.composite
def coding_results(draw: st.DrawFn, article: st.SearchStrategy[Article] = articles) -> CodingResult:
    """Any CodingResult; event article ids match the article, as the pipeline makes them."""
    chosen = draw(article)
    return CodingResult(
        article=chosen,
        events=draw(st.lists(events(chosen.id), max_size=4)),
        figures=draw(st.lists(figures, max_size=3)),
        agreements=draw(st.lists(agreements, max_size=2)),
        people=draw(st.lists(people, max_size=3)),
        organizations=draw(st.lists(organizations, max_size=2)),
        milestones=draw(st.lists(milestones, max_size=2)),
        dropped=draw(st.lists(drops, max_size=2)),
    )


failed_results = st.builds(
    CodingResult,
    article=st.builds(Article, id=short, text=st.just(""), origin=short),
    dropped=st.lists(
        st.builds(Dropped, stage=st.just("ingest"), reason=short, detail=texts),
        min_size=1,
        max_size=1,
    ),
)
