"""Storage of coding results: DuckDB by default, PostgreSQL for teams, one `Store` interface.

    store = open_store("communique.duckdb")        # or "postgresql://user@host/db"
    store.write(results)
    store.events(EventQuery(dyad=("KAZ", "BEL")))
"""

from __future__ import annotations

from pathlib import Path

from communique.errors import ConfigError, StoreNotFoundError
from communique.store.base import EventQuery, IngestStatus, Store, WriteOutcome
from communique.store.frames import to_polars
from communique.store.rows import DropInput

__all__ = [
    "DropInput",
    "EventQuery",
    "IngestStatus",
    "Store",
    "WriteOutcome",
    "duckdb_path",
    "is_postgres_url",
    "open_store",
    "require_store",
    "store_exists",
    "to_polars",
]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_DUCKDB_SCHEME = "duckdb://"


def is_postgres_url(url: str) -> bool:
    return url.startswith(_POSTGRES_SCHEMES)


def duckdb_path(url: str) -> str:
    """The file path of a DuckDB store URL (`duckdb:///path` or a plain path)."""
    return url.removeprefix(_DUCKDB_SCHEME)


def store_exists(url: str) -> bool:
    """Whether `url` holds a communique store (a schema version is recorded there).

    Opens the database read-only to look, so it never creates anything.
    """
    if is_postgres_url(url):
        from communique.store.postgres_store import PostgresStore

        with PostgresStore(url, read_only=True) as probe:
            return probe.schema_version() > 0
    path = duckdb_path(url)
    if path == ":memory:":
        return True
    if not Path(path).is_file():
        return False
    from communique.store.duckdb_store import DuckDBStore

    with DuckDBStore(path, read_only=True) as probe:
        return probe.schema_version() > 0


def require_store(url: str) -> None:
    """Raise StoreNotFoundError, naming `url` and how to create a store, when none is there."""
    if not store_exists(url):
        raise StoreNotFoundError(
            f"no communique store at {url}",
            hint=(
                f"create one with `communique ingest FILES --db {url}`, an empty one with "
                f"`communique db upgrade --db {url}`; or point --db or COMMUNIQUE_DB at an "
                "existing store"
            ),
        )


def open_store(
    url: str,
    *,
    read_only: bool = False,
    check_version: bool = True,
    create: bool = True,
    shared: bool = False,
    busy_wait_s: float = 0.0,
) -> Store:
    """Open the store at `url`: a DuckDB path (or `duckdb:///path`, `:memory:`), or a
    postgresql:// URL.

    With `create=True` (the library default) a new store is created when none is there; with
    `create=False` (every CLI command that only reads, and `communique serve`) a missing store
    raises StoreNotFoundError naming the path and the command that creates one, instead of
    leaving an empty database behind. An existing database at an older schema version raises
    SchemaVersionError, which says to run `communique db upgrade`; pass `check_version=False` to
    open it for that upgrade. `shared=True` (DuckDB) lets go of the file between transactions
    so that `communique serve` can read while a long ingest writes; `busy_wait_s` is how long an
    open waits while another process holds a DuckDB file before it raises StoreBusy.
    """
    if not url:
        raise ConfigError("no database given", hint="pass --db PATH or set COMMUNIQUE_DB")
    if not create:
        require_store(url)
    if is_postgres_url(url):
        from communique.store.postgres_store import PostgresStore

        return PostgresStore(url, read_only=read_only, check_version=check_version)
    from communique.store.duckdb_store import DuckDBStore

    return DuckDBStore(
        duckdb_path(url),
        read_only=read_only,
        check_version=check_version,
        hold=not shared,
        busy_wait_s=busy_wait_s,
    )
