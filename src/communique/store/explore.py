"""Typed answers of the explore queries (facets, partners, locations, search, pair counts).

Every one is an SQL aggregate computed by the store (sql_store.py), so a page over a million
events reads tens of rows, never the events themselves.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: The facets of the events page, in the order the page shows them.
Facet = Literal["plover", "quad_class", "country", "publisher", "month"]
FACETS: tuple[Facet, ...] = ("plover", "quad_class", "country", "publisher", "month")
#: Values listed per facet (most frequent first; months newest first).
FACET_LIMIT = 12


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class FacetCount(_Row):
    """One value of a facet and how many matching events have it."""

    value: str
    count: int


class PartnerRow(_Row):
    """One partner of a country: its events with the country, by quad class, and the latest."""

    partner: str
    events: int
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0
    mean_goldstein: float | None = None
    latest: str | None = None


class LocationCount(_Row):
    """Events placed at one point (rounded to LOCATION_DECIMALS) and one place name."""

    name: str | None = None
    country: str | None = None
    lat: float
    lon: float
    events: int
    mean_goldstein: float | None = None


#: Coordinates are grouped to 0.01 degree (about 1 km): events in one city share a point.
LOCATION_DECIMALS = 2


class PairCount(_Row):
    """A country pair (a < b) with its event count and mean Goldstein, for the network."""

    a: str
    b: str
    events: int
    mean_goldstein: float | None = None


class SearchHit(_Row):
    """One article found by full-text search, with its BM25 score and the terms it holds."""

    article_id: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    url: str | None = None
    score: float
    text: str = ""


class SearchPage(_Row):
    """A page of search hits, best first, and how many articles hold any of the terms."""

    terms: list[str] = Field(default_factory=list)
    total: int = 0
    hits: list[SearchHit] = Field(default_factory=list)
