"""Storage of coding results: DuckDB by default, PostgreSQL for teams, one `Store` interface.

    store = open_store("communique.duckdb")        # or "postgresql://user@host/db"
    store.write(results)
    store.events(EventQuery(dyad=("KAZ", "BEL")))
"""

from __future__ import annotations

from communique.errors import ConfigError
from communique.store.base import EventQuery, IngestStatus, Store, WriteOutcome
from communique.store.frames import to_polars
from communique.store.rows import DropInput

__all__ = [
    "DropInput",
    "EventQuery",
    "IngestStatus",
    "Store",
    "WriteOutcome",
    "is_postgres_url",
    "open_store",
    "to_polars",
]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_DUCKDB_SCHEME = "duckdb://"


def is_postgres_url(url: str) -> bool:
    return url.startswith(_POSTGRES_SCHEMES)


def open_store(url: str, *, read_only: bool = False, check_version: bool = True) -> Store:
    """Open (creating when new) the store at `url`: a DuckDB path, or a postgresql:// URL.

    An existing database at an older schema version raises SchemaVersionError, which says to
    run `communique db upgrade`; pass `check_version=False` to open it for that upgrade.
    """
    if not url:
        raise ConfigError("no database given", hint="pass --db PATH or set COMMUNIQUE_DB")
    if is_postgres_url(url):
        from communique.store.postgres_store import PostgresStore

        return PostgresStore(url, read_only=read_only, check_version=check_version)
    from communique.store.duckdb_store import DuckDBStore

    path = url.removeprefix(_DUCKDB_SCHEME)
    return DuckDBStore(path, read_only=read_only, check_version=check_version)
