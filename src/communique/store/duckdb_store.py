"""The embedded default backend: one DuckDB file, bulk loads through Arrow."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from communique.errors import ConfigError, StoreError
from communique.store.rows import Columns
from communique.store.sql_store import Params, SqlStore

if TYPE_CHECKING:
    import pandas as pd

# WAL size that triggers a checkpoint. DuckDB's 16 MB default checkpointed every few batches and
# made each commit ~165 ms at 100k events (bench-store); at 1 GB the WAL is folded in on close.
CHECKPOINT_THRESHOLD = "1GB"


class DuckDBStore(SqlStore):
    """A DuckDB database file (or `:memory:`)."""

    def __init__(self, path: str, *, read_only: bool = False, check_version: bool = True) -> None:
        self.url = path
        try:
            self.con = duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            raise ConfigError(
                f"cannot open the DuckDB database {path!r}: {exc}",
                hint="check the path, and that no other communique process is writing to it",
            ) from exc
        self.con.execute("SET enable_progress_bar = false")  # it would print over our own bar
        self.con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
        self._depth = 0
        if read_only:
            return
        self._init_schema(check=check_version)

    def _execute(self, sql: str, params: Params = ()) -> None:
        try:
            self.con.execute(sql, list(params))
        except duckdb.Error as exc:
            raise StoreError(f"DuckDB refused a statement: {exc}", hint="see the message") from exc

    def _rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        try:
            return self.con.execute(sql, list(params)).fetchall()
        except duckdb.Error as exc:
            raise StoreError(f"DuckDB query failed: {exc}", hint="check the query") from exc

    def _frame(self, sql: str, params: Params = ()) -> pd.DataFrame:
        try:
            return self.con.execute(sql, list(params)).df()
        except duckdb.Error as exc:
            raise StoreError(f"DuckDB query failed: {exc}", hint="check the query") from exc

    def _insert(self, table: str, columns: Columns) -> None:
        arrow = pa.table(columns)
        view = f"_load_{table}"
        self.con.register(view, arrow)
        try:
            names = ", ".join(columns)
            self._execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {view}")
        finally:
            self.con.unregister(view)

    def _load_keys(self, name: str, keys: Sequence[str]) -> None:
        self.con.register(name, pa.table({"k": pa.array(list(keys), type=pa.string())}))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.con.begin()
        self._depth = 1
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        else:
            self.con.commit()
        finally:
            self._depth = 0

    def _read_only_frame(self, sql: str) -> pd.DataFrame:
        self.con.begin()
        try:
            return self._frame(sql)
        finally:
            self.con.rollback()

    def _table_exists(self, name: str) -> bool:
        rows = self._rows(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ? "
            "AND table_schema = current_schema()",
            [name],
        )
        return bool(rows[0][0])

    def close(self) -> None:
        self.con.close()
