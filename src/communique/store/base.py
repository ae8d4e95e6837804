"""The store interface: one contract, two backends (DuckDB embedded, PostgreSQL for teams).

This file is the seam between the pipeline, the CLI/API/dashboard and the scale-out path. Backends
implement `Store`; callers obtain one with `communique.store.open_store(url)`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from communique.models import CodingResult, Record
from communique.store.explore import (
    FACET_LIMIT,
    FACETS,
    Facet,
    FacetCount,
    LocationCount,
    PairCount,
    PartnerRow,
    SearchPage,
)

if TYPE_CHECKING:
    import pandas as pd

    from communique.store.rows import DropInput

IngestStatus = Literal["new", "unchanged", "replaced", "failed"]
#: What `Store.page_of` pages through.
Listing = Literal["actors", "people", "organizations", "dyads", "figures", "agreements"]

# The most rows one query returns (EventQuery.limit). The API, the dashboard and exports read at
# most this many events per query; 100k events of the wide events table are ~100 MB in pandas,
# the most we let one request hold in memory.
MAX_QUERY_ROWS = 100_000

# What a query parameter may look like, shared by the HTTP API (422 otherwise) and the CLI (a
# message and exit 2): a value that cannot match a row is refused, not answered with no rows.
COUNTRY_PATTERN = r"^[A-Z]{3}$"
DYAD_PATTERN = r"^[A-Z]{3}-[A-Z]{3}$"
# A day, a month or a year: the store compares `until` on the first len(until) characters.
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


#: The columns an events page may be sorted by (the explore page's column headers).
EventSort = Literal["date", "goldstein", "mentions", "articles", "sources", "type", "cameo"]


class WriteOutcome(Record):
    """What storing one CodingResult did."""

    article_id: str
    status: IngestStatus
    events: int = 0


class EventQuery(Record):
    """Filters shared by the CLI, the Python API and the HTTP API."""

    dyad: tuple[str, str] | None = None
    directed: bool = False
    """With a dyad: only events from its first to its second country (default: either way)."""
    actor: str | None = None
    since: str | None = None
    until: str | None = None
    plover: str | None = None
    cameo: str | None = None
    article_id: str | None = None
    search: str | None = None
    limit: int = Field(default=1000, ge=1, le=MAX_QUERY_ROWS)
    offset: int = Field(default=0, ge=0)
    newest_first: bool = False
    """Order by date, newest first (default: oldest first); undated events last either way."""
    quad_class: int | None = Field(default=None, ge=1, le=4)
    """Only events of this quad class (1 verbal cooperation ... 4 material conflict)."""
    publisher: str | None = None
    """Only events that this publisher reported (any of the event's mentions)."""
    sort: EventSort | None = None
    """Order by this column instead of the date (`newest_first` then means descending)."""


class EventSummary(Record):
    """What a page of events needs besides the page: the total, the mean, the types."""

    events: int
    mean_goldstein: float | None = None
    by_plover: dict[str, int] = Field(default_factory=dict)


class Store(ABC):
    """Idempotent storage of coding results, and the queries analysts run over them."""

    url: str

    # -- writing -------------------------------------------------------------------------------
    @abstractmethod
    def write(
        self,
        results: Sequence[CodingResult],
        *,
        inputs: Sequence[DropInput] = (),
        replace: bool = False,
    ) -> list[WriteOutcome]:
        """Store results (a batch per transaction); same input twice adds nothing.

        `inputs` say where failed inputs came from (origin, line, raw text) for `retry`;
        `replace=True` rewrites articles even when their content hash is unchanged.
        """

    @abstractmethod
    def delete(self, article_ids: Sequence[str]) -> None:
        """Remove articles and every row derived from them, in one transaction."""

    @abstractmethod
    def known(self, article_ids: Sequence[str]) -> dict[str, str]:
        """article id -> content hash, for the ids already stored (used to skip finished work)."""

    # -- reading -------------------------------------------------------------------------------
    @abstractmethod
    def result(self, article_id: str) -> CodingResult | None:
        """The stored CodingResult of one article, exactly as it was written."""

    @abstractmethod
    def results(self, query: EventQuery | None = None) -> Iterator[CodingResult]:
        """Every stored result (or those with an event matching `query`), by article id."""

    @abstractmethod
    def events(self, query: EventQuery) -> pd.DataFrame:
        """Deduplicated events (one row per real-world event), newest filters first applied."""

    @abstractmethod
    def count_events(self, query: EventQuery) -> int:
        """How many events match `query` (its limit and offset ignored): a page's total."""

    @abstractmethod
    def event_summary(self, query: EventQuery) -> EventSummary:
        """Count and mean Goldstein of the events matching `query`, and their count by PLOVER."""

    @abstractmethod
    def articles_by_id(self, article_ids: Sequence[str]) -> pd.DataFrame:
        """id, title, published, source and url of the stored articles among `article_ids`, in
        the order given (the pair page's sources list)."""

    @abstractmethod
    def undated_events(self, dyad: tuple[str, str], article_ids: Sequence[str]) -> pd.DataFrame:
        """The pair's events (either direction) without a date that the articles `article_ids`
        report (the brief counts them in the period of those articles)."""

    @abstractmethod
    def quad_counts(self, query: EventQuery) -> dict[int, int]:
        """Events matching `query` per quad class (1..4; classes without events left out)."""

    @abstractmethod
    def mentions(self, event_key: str) -> pd.DataFrame:
        """Every article's evidence for one event."""

    @abstractmethod
    def timeline(self, country_a: str, country_b: str) -> pd.DataFrame:
        """Per month: events by quad class and mean Goldstein for one pair (either direction)."""

    @abstractmethod
    def articles(
        self, limit: int = 50, offset: int = 0, search: str | None = None
    ) -> pd.DataFrame: ...

    @abstractmethod
    def count_articles(self, search: str | None = None) -> int:
        """How many articles `articles(search=...)` pages through."""

    @abstractmethod
    def article_entities(self, article_ids: Sequence[str]) -> pd.DataFrame:
        """The people and organisations the articles `article_ids` name, read from the
        per-article rows (not the result JSON): columns kind ("person" or "organization"),
        article_id, position, name, title, country, article_title, article_source; in the
        order of `article_ids`, then as each article lists them."""

    @abstractmethod
    def actors(self) -> pd.DataFrame: ...

    @abstractmethod
    def page_of(
        self,
        listing: Listing,
        *,
        search: str | None = None,
        country: str | None = None,
        dyad: tuple[str, str] | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[pd.DataFrame, int]:
        """One page of `actors()`, `people()`, `organizations()`, `dyads()`, `figures(dyad)` or
        `agreements(dyad)` (same columns, same order) and how many rows the whole listing has,
        both in SQL: `search` keeps the rows whose name contains it (case-insensitive, % and _
        literal), `country` the dyads with that country on either side, `dyad` the figures
        between the pair or the agreements whose parties include both."""

    @abstractmethod
    def people(self) -> pd.DataFrame: ...

    @abstractmethod
    def person_roles(self, person: str | None = None) -> pd.DataFrame:
        """Dated roles (title, organisation, first and last seen), optionally of one person."""

    @abstractmethod
    def organizations(self) -> pd.DataFrame: ...

    @abstractmethod
    def figures(self, dyad: tuple[str, str] | None = None) -> pd.DataFrame: ...

    @abstractmethod
    def figure_table(self, dyad: tuple[str, str]) -> pd.DataFrame:
        """Figures of a pair over years: rows kind/unit/direction, columns years."""

    @abstractmethod
    def agreements(self, dyad: tuple[str, str] | None = None) -> pd.DataFrame: ...

    @abstractmethod
    def milestones(self, dyad: tuple[str, str] | None = None) -> pd.DataFrame: ...

    @abstractmethod
    def dyads(self) -> pd.DataFrame:
        """Country pairs with event counts and mean Goldstein (for the network view)."""

    @abstractmethod
    def drops(self) -> pd.DataFrame: ...

    # -- explore (aggregates for the dashboard's explore pages; none reads the events) --------
    @abstractmethod
    def facets(
        self, query: EventQuery, names: Sequence[Facet] = FACETS, limit: int = FACET_LIMIT
    ) -> dict[str, list[FacetCount]]:
        """Per facet, the commonest values among the events matching `query` with their
        counts (months: the newest). `country` counts an event once for each of its sides'
        countries; `publisher` counts the events each publisher reported."""

    @abstractmethod
    def partners(self, country: str, query: EventQuery | None = None) -> list[PartnerRow]:
        """The countries `country` has events with (either direction), busiest first."""

    @abstractmethod
    def locations(self, query: EventQuery, limit: int = 2000) -> list[LocationCount]:
        """Events with coordinates grouped by place, busiest first, at most `limit` places."""

    @abstractmethod
    def pair_counts(self, query: EventQuery, limit: int | None = None) -> list[PairCount]:
        """Country pairs with their events matching `query` (the network's edge filter),
        busiest first, at most `limit`."""

    @abstractmethod
    def search_articles(self, text: str, limit: int = 20, offset: int = 0) -> SearchPage:
        """Articles ranked by BM25 over the full-text index (store/search.py)."""

    @abstractmethod
    def reindex_search(self) -> int:
        """Rebuild the full-text index from the stored articles; returns articles indexed."""

    @abstractmethod
    def sql(
        self, query: str, *, max_rows: int | None = None, timeout_s: float | None = None
    ) -> pd.DataFrame:
        """Run one read-only query in a sandbox (no writes, no files, no extensions); raises
        StoreError for anything else. `max_rows` caps the rows returned (the frame's
        attrs["truncated"] says whether more were left); `timeout_s` stops a long statement."""

    @abstractmethod
    def table(self, name: str) -> pd.DataFrame:
        """A whole table in a stable order (exports, tests)."""

    # -- lifecycle -----------------------------------------------------------------------------
    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def upgrade(self, target: int | None = None) -> int:
        """Apply pending migrations (up to `target`); returns the new schema version."""

    def revision(self) -> str | None:
        """A value that changes whenever committed data may have changed (a cache of answers
        is valid while it stays the same); None when this store cannot tell cheaply."""
        return None

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
