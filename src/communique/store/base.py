"""The store interface: one contract, two backends (DuckDB embedded, PostgreSQL for teams).

This file is the seam between the pipeline, the CLI/API/dashboard and the scale-out path. Backends
implement `Store`; callers obtain one with `communique.store.open_store(url)`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from communique.models import CodingResult, Record

if TYPE_CHECKING:
    import pandas as pd

IngestStatus = Literal["new", "unchanged", "replaced", "failed"]


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
    limit: int = Field(default=1000, ge=1, le=100_000)
    offset: int = Field(default=0, ge=0)


class Store(ABC):
    """Idempotent storage of coding results, and the queries analysts run over them."""

    url: str

    # -- writing -------------------------------------------------------------------------------
    @abstractmethod
    def write(self, results: Sequence[CodingResult]) -> list[WriteOutcome]:
        """Store results, each article in its own transaction; same input twice adds nothing."""

    @abstractmethod
    def known(self, article_ids: Sequence[str]) -> dict[str, str]:
        """article id -> content hash, for the ids already stored (used to skip finished work)."""

    # -- reading -------------------------------------------------------------------------------
    @abstractmethod
    def result(self, article_id: str) -> CodingResult | None:
        """The stored CodingResult of one article, exactly as it was written."""

    @abstractmethod
    def events(self, query: EventQuery) -> pd.DataFrame: ...

    @abstractmethod
    def timeline(self, country_a: str, country_b: str) -> pd.DataFrame:
        """Per month: events by quad class and mean Goldstein for one pair (either direction)."""

    @abstractmethod
    def articles(
        self, limit: int = 50, offset: int = 0, search: str | None = None
    ) -> pd.DataFrame: ...

    @abstractmethod
    def actors(self) -> pd.DataFrame: ...

    @abstractmethod
    def people(self) -> pd.DataFrame: ...

    @abstractmethod
    def organizations(self) -> pd.DataFrame: ...

    @abstractmethod
    def figures(self, dyad: tuple[str, str] | None = None) -> pd.DataFrame: ...

    @abstractmethod
    def agreements(self, dyad: tuple[str, str] | None = None) -> pd.DataFrame: ...

    @abstractmethod
    def dyads(self) -> pd.DataFrame:
        """Country pairs with event counts and mean Goldstein (for the network view)."""

    @abstractmethod
    def drops(self) -> pd.DataFrame: ...

    @abstractmethod
    def sql(self, query: str) -> pd.DataFrame:
        """Run read-only SQL; raises StoreError for anything that writes."""

    # -- lifecycle -----------------------------------------------------------------------------
    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def upgrade(self) -> int:
        """Apply pending migrations; returns the new schema version."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
