"""The team backend: PostgreSQL through psycopg 3, bulk loads with COPY."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import psycopg

from communique.errors import ConfigError, StoreError
from communique.store.rows import Columns
from communique.store.sql_store import (
    SQL_HINT,
    STATEMENT_HINT,
    Params,
    SqlStore,
    limited_frame,
)

if TYPE_CHECKING:
    import pandas as pd

# PostgreSQL text cannot hold NUL; the exact text survives in the article's result JSON
# (which escapes it), the normalised columns carry U+FFFD in its place.
_NUL = "\x00"
_NUL_STANDIN = "\ufffd"


def _pg(sql: str) -> str:
    """Our `?` placeholders in psycopg's `%s` style (literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _clean(value: Any) -> Any:
    if isinstance(value, str) and _NUL in value:
        return value.replace(_NUL, _NUL_STANDIN)
    return value


class PostgresStore(SqlStore):
    """A PostgreSQL database given by a postgresql:// URL."""

    backend = "postgresql"

    def __init__(self, url: str, *, read_only: bool = False, check_version: bool = True) -> None:
        self.url = url
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise ConfigError(
                f"cannot connect to PostgreSQL at {url}: {exc}",
                hint="check the URL, that the server runs, and the user's password",
            ) from exc
        if read_only:
            self.conn.execute("SET default_transaction_read_only = on")
            return
        self._init_schema(check=check_version)

    def _cursor(self, sql: str, params: Params) -> psycopg.Cursor[Any]:
        try:
            return self.conn.execute(_pg(sql), [_clean(p) for p in params])
        except psycopg.Error as exc:
            raise StoreError(f"PostgreSQL refused a statement: {exc}", hint=STATEMENT_HINT) from exc

    def _execute(self, sql: str, params: Params = ()) -> None:
        self._cursor(sql, params)

    def _rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return self._cursor(sql, params).fetchall()

    def _frame(self, sql: str, params: Params = ()) -> pd.DataFrame:
        return _to_frame(self._cursor(sql, params))

    def _insert(self, table: str, columns: Columns) -> None:
        names = list(columns)
        try:
            with self.conn.cursor() as cur:
                copy_sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"
                with cur.copy(copy_sql) as copy:
                    for row in zip(*columns.values(), strict=True):
                        copy.write_row([_clean(v) for v in row])
        except psycopg.Error as exc:
            raise StoreError(
                f"PostgreSQL refused rows for {table}: {exc}", hint=STATEMENT_HINT
            ) from exc

    def _load_keys(self, name: str, keys: Sequence[str]) -> None:
        self._execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (k TEXT) ON COMMIT DROP")
        self._execute(f"DELETE FROM {name}")
        # distinct after NUL replacement: the key table is joined, a duplicate would double rows
        self._insert(name, {"k": sorted({_clean(k) for k in keys})})

    def _materialize(self, name: str, sql: str) -> None:
        self._execute(f"DROP TABLE IF EXISTS {name}")
        self._execute(f"CREATE TEMP TABLE {name} ON COMMIT DROP AS {sql}")

    def _outer_transaction(self) -> AbstractContextManager[object]:
        return self.conn.transaction()

    def _read_only_frame(
        self, sql: str, max_rows: int | None, timeout_s: float | None
    ) -> pd.DataFrame:
        """In a READ ONLY transaction that is rolled back, with a statement timeout."""
        try:
            with self.conn.transaction(force_rollback=True):
                self.conn.execute("SET TRANSACTION READ ONLY")
                if timeout_s:
                    millis = max(1, int(timeout_s * 1000))
                    self.conn.execute(f"SET LOCAL statement_timeout = {millis}")
                cur = self.conn.execute(sql)
                columns = [d.name for d in cur.description or []]
                if max_rows is None:
                    return limited_frame(columns, lambda _n: cur.fetchall(), None)
                return limited_frame(columns, cur.fetchmany, max_rows)
        except psycopg.errors.QueryCanceled as exc:
            raise StoreError(
                f"the query ran longer than {timeout_s:g} s and was stopped",
                hint="narrow it (WHERE, LIMIT) or raise COMMUNIQUE_SQL_TIMEOUT_S",
            ) from exc
        except psycopg.Error as exc:
            raise StoreError(f"the query failed: {exc}", hint=SQL_HINT) from exc

    def revision(self) -> str | None:
        """The WAL insert position: every commit that changes data moves it first (other
        writes of the server move it too, which only costs a cache a miss). None on a standby,
        which has no insert position."""
        try:
            row = self.conn.execute("SELECT pg_current_wal_insert_lsn()::text").fetchone()
        except psycopg.Error:
            return None
        return None if row is None else str(row[0])

    def _stored_text(self, value: str) -> str:
        return str(_clean(value))

    def close(self) -> None:
        self.conn.close()


def _to_frame(cur: psycopg.Cursor[Any]) -> pd.DataFrame:
    import pandas as pd

    columns = [d.name for d in cur.description or []]
    return pd.DataFrame(cur.fetchall(), columns=columns)
