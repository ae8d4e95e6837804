"""The embedded default backend: one DuckDB file, bulk loads through Arrow."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from communique.errors import ConfigError, StoreBusy, StoreError
from communique.store.arrow_merge import merge_plan, plan_counts
from communique.store.rows import Columns
from communique.store.sql_store import (
    SQL_HINT,
    STATEMENT_HINT,
    MergePlan,
    Params,
    SqlStore,
    limited_frame,
)

if TYPE_CHECKING:
    import pandas as pd

# WAL size that triggers a checkpoint. DuckDB's 16 MB default checkpointed every few batches and
# made each commit ~165 ms at 100k events (bench-store); at 1 GB the WAL is folded in on close.
CHECKPOINT_THRESHOLD = "1GB"
# DuckDB threads inside a write transaction. A batch's statements each touch a few hundred rows,
# where handing work to other threads costs more than it saves: bench-store at batch 64 stored
# ~10% more events/s with 1 thread than with the default (one per core). Reads keep the default.
WRITE_THREADS = 1
# Waiting for a file another process holds: first retry after 50 ms, doubling up to 250 ms (a
# batch commit of an ingest takes 50-500 ms; readers let go of the file within a request's
# time once a writer says it waits, see WRITER_WAITING_SUFFIX).
BUSY_RETRY_FIRST_S = 0.05
BUSY_RETRY_MAX_S = 0.25
# A writer that finds the file held writes `<database>.writer-waiting` and touches it at each
# retry; `communique serve` keeps a warm read-only connection and lets go of it while that file
# is fresh (younger than WRITER_WAITING_FRESH_S: several retries, so a writer killed while
# waiting stops holding readers back within seconds).
WRITER_WAITING_SUFFIX = ".writer-waiting"
WRITER_WAITING_FRESH_S = 3.0
#: A database file modified less than this many seconds ago has no revision yet: file times are
#: coarse (a kernel tick; 1-2 s on some filesystems), so a second write this soon after the
#: last one could leave the same time and size behind.
REVISION_SETTLE_S = 2.0

FileRevision = tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]


def file_revision(path: str, *, settle_s: float = REVISION_SETTLE_S) -> FileRevision | None:
    """The committed state of a DuckDB file, cheaply: (inode, size, mtime) of the database file
    and of its WAL. Every commit writes one of them (the WAL grows, a checkpoint rewrites the
    file), so an equal revision means nothing was committed in between. None when it cannot
    tell: in memory, no file, or a file modified in the last `settle_s` seconds."""
    if path == ":memory:":
        return None
    parts: list[tuple[int, int, int] | None] = []
    for name in (path, path + ".wal"):
        try:
            info = os.stat(name)
        except FileNotFoundError:
            parts.append(None)
            continue
        except OSError:
            return None
        if time.time_ns() - info.st_mtime_ns < settle_s * 1e9:
            return None
        parts.append((info.st_ino, info.st_size, info.st_mtime_ns))
    if parts[0] is None:
        return None
    return parts[0], parts[1]


def _open_error(path: str, exc: duckdb.Error) -> ConfigError:
    if is_locked(exc):
        return StoreBusy(
            f"the DuckDB database {path!r} is in use by another process: {exc}",
            hint="wait for the other communique process (an ingest) to finish, or use "
            "PostgreSQL for reading while writing",
        )
    return ConfigError(
        f"cannot open the DuckDB database {path!r}: {exc}",
        hint="check the path, and that no other communique process is writing to it",
    )


def is_locked(exc: BaseException) -> bool:
    """True when DuckDB refused the file because another process holds its lock."""
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


def writer_waiting_file(path: str) -> Path:
    """The file a waiting writer touches (see WRITER_WAITING_SUFFIX)."""
    return Path(path + WRITER_WAITING_SUFFIX)


def writer_waiting(path: str) -> bool:
    """True while another process waits to write `path` (its waiting file is fresh)."""
    if path == ":memory:":
        return False
    try:
        age = time.time() - writer_waiting_file(path).stat().st_mtime
    except OSError:
        return False
    return age < WRITER_WAITING_FRESH_S


def _say_waiting(path: str) -> bool:
    try:
        writer_waiting_file(path).touch()
    except OSError:
        return False  # a folder we cannot write: readers are let go of only when idle
    return True


def _done_waiting(path: str) -> None:
    with suppress(OSError):
        writer_waiting_file(path).unlink(missing_ok=True)


def connect(path: str, *, read_only: bool, busy_wait_s: float) -> duckdb.DuckDBPyConnection:
    """Open `path`, retrying for `busy_wait_s` while another process holds it (StoreBusy after).

    A writer that has to wait says so (WRITER_WAITING_SUFFIX), so that `communique serve`
    lets go of the file; external access is off for every connection (see below).
    """
    deadline = time.monotonic() + busy_wait_s
    delay = BUSY_RETRY_FIRST_S
    waiting = False
    try:
        while True:
            try:
                # No SQL of a store reaches files, the network or extensions (bulk loads go
                # through registered Arrow tables), so external access is off for every
                # connection: the sandbox of `communique sql` (COPY, ATTACH, read_text(), ...).
                con = duckdb.connect(
                    path, read_only=read_only, config={"enable_external_access": False}
                )
                break
            except duckdb.Error as exc:
                if read_only and "different configuration" in str(exc):
                    read_only = False  # this process already has it open for writing: share it
                    continue
                if is_locked(exc) and time.monotonic() < deadline:
                    if not read_only:
                        waiting = _say_waiting(path) or waiting
                    time.sleep(delay)
                    delay = min(2 * delay, BUSY_RETRY_MAX_S)
                    continue
                raise _open_error(path, exc) from exc
    finally:
        if waiting:
            _done_waiting(path)
    con.execute("SET enable_progress_bar = false")  # it would print over our own bar
    con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
    return con


class DuckDBStore(SqlStore):
    """A DuckDB database file (or `:memory:`)."""

    backend = "duckdb"

    def __init__(
        self,
        path: str,
        *,
        read_only: bool = False,
        check_version: bool = True,
        hold: bool = True,
        busy_wait_s: float = 0.0,
        connection: duckdb.DuckDBPyConnection | None = None,
    ) -> None:
        """Open `path` (created when new, unless `read_only`).

        `hold=False` lets go of the file after each transaction (and opens it again for the
        next), so that other processes (`communique serve`) can read between an ingest's
        batches; `busy_wait_s` is how long an open waits, retrying, while another process holds
        the file, before it raises StoreBusy. `connection` (with `read_only`): read through a
        connection already open on `path` (a cursor of `communique serve`'s warm connection)
        instead of opening the file; close() closes that connection only.
        """
        self.url = path
        self.read_only = read_only
        self._hold = hold
        self._busy_wait_s = busy_wait_s
        self._con: duckdb.DuckDBPyConnection | None = connection or self._connect()
        self._views: dict[str, pa.Table] = {}  # registered for the current transaction
        self._threads: int | None = None
        if not read_only:
            self._init_schema(check=check_version)
        if not hold:
            self._release()

    def revision(self) -> str | None:
        """The file's revision (`file_revision`): equal while nothing is committed."""
        found = file_revision(self.url)
        return None if found is None else repr(found)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection (opened again, waiting while the file is busy, if let go)."""
        if self._con is None:
            self._con = self._connect()
        return self._con

    @property
    def _read_threads(self) -> int:
        """DuckDB's thread count outside write transactions (read once, when first needed)."""
        if self._threads is None:
            rows = self.con.execute("SELECT current_setting('threads')").fetchall()
            self._threads = int(rows[0][0])
        return self._threads

    def _release(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def _connect(self) -> duckdb.DuckDBPyConnection:
        return connect(self.url, read_only=self.read_only, busy_wait_s=self._busy_wait_s)

    def interrupt(self) -> None:
        """Stop the statement running on this store's connection (from another thread)."""
        if self._con is not None:
            self._con.interrupt()

    def _run(self, sql: str, params: Params) -> duckdb.DuckDBPyConnection:
        try:
            return self.con.execute(sql, list(params))
        except duckdb.Error as exc:
            raise StoreError(f"DuckDB refused a statement: {exc}", hint=STATEMENT_HINT) from exc

    def _execute(self, sql: str, params: Params = ()) -> None:
        self._run(sql, params)

    def _rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return self._run(sql, params).fetchall()

    def _frame(self, sql: str, params: Params = ()) -> pd.DataFrame:
        return self._run(sql, params).df()

    def _insert(self, table: str, columns: Columns) -> None:
        """Insert from a registered Arrow table, kept registered until the transaction ends."""
        view = f"_batch_{table}"
        self._register(view, pa.table(columns))
        names = ", ".join(columns)
        self._execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {view}")

    def _register(self, name: str, table: pa.Table) -> None:
        self.con.register(name, table)
        self._views[name] = table

    def _arrow(self, sql: str) -> pa.Table:
        try:
            return self.con.sql(sql).to_arrow_table()
        except duckdb.Error as exc:
            raise StoreError(f"DuckDB refused a statement: {exc}", hint=STATEMENT_HINT) from exc

    def _batch_relation(self, table: str, article_ids: Sequence[str]) -> str:
        # the Arrow table `_insert` loaded: the batch without a scan of the stored rows
        view = f"_batch_{table}"
        if view not in self._views:
            return super()._batch_relation(table, article_ids)
        return view

    def _materialize(self, name: str, sql: str) -> None:
        # an Arrow table in Python: no catalog entry to create and drop per batch
        self._register(name, self._arrow(sql))

    def _plan_merge(self, batch: str, recomputed: set[str]) -> MergePlan:
        """The SQL plan's `_merge`, with the batch-side work done in Arrow compute.

        DuckDB spends 1-5 ms of fixed cost on each hash aggregate, however few the rows: the
        SQL plan (six aggregates) took ~15 ms per 64-article batch, this one a few. The stored
        side stays in SQL: the stored rows of the touched keys, and the publishers seen.
        """
        table = self._views.get(batch)
        if table is None:
            return super()._plan_merge(batch, recomputed)
        self._register("_merge", merge_plan(table, recomputed, self._stored_events, self._seen))
        return plan_counts(self._views["_merge"])

    def _stored_events(self, keys: pa.Array) -> pa.Table:
        self._register("_merge_keys", pa.table({"k": keys}))
        return self._arrow(
            "SELECT event_key, article_id, confidence, num_mentions, num_articles, num_sources "
            "FROM events WHERE event_key IN (SELECT k FROM _merge_keys)"
        )

    def _seen(self, pairs: pa.Table) -> pa.Table:
        self._register("_merge_pairs", pairs)
        return self._arrow(
            "SELECT m.event_key, m.publisher FROM mentions m "
            "JOIN _merge_pairs p ON m.event_key = p.event_key AND m.publisher = p.publisher"
        )

    def _drop_batch_views(self) -> None:
        for view in sorted(self._views):
            self.con.unregister(view)
        self._views.clear()

    def _load_keys(self, name: str, keys: Sequence[str]) -> None:
        self._register(name, pa.table({"k": pa.array(list(keys), type=pa.string())}))

    @contextmanager
    def _outer_transaction(self) -> Iterator[None]:
        read_threads = self._read_threads
        self.con.execute(f"SET threads = {WRITE_THREADS}")
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        else:
            self.con.commit()
        finally:
            self._drop_batch_views()
            if self._hold:
                self.con.execute(f"SET threads = {read_threads}")
            else:
                self._release()

    def _read_only_frame(
        self, sql: str, max_rows: int | None, timeout_s: float | None
    ) -> pd.DataFrame:
        """On a cursor of its own, in a transaction that is rolled back, with external access
        off (see __init__); a timer interrupts it after `timeout_s`."""
        cursor = self.con.cursor()
        timer = threading.Timer(timeout_s, cursor.interrupt) if timeout_s else None
        try:
            cursor.begin()
            if timer is not None:
                timer.start()
            cursor.execute(sql)
            if max_rows is None:
                frame = cursor.df()
                frame.attrs["truncated"] = False
                return frame
            columns = [str(d[0]) for d in cursor.description or []]
            return limited_frame(columns, cursor.fetchmany, max_rows)
        except duckdb.InterruptException as exc:
            raise StoreError(
                f"the query ran longer than {timeout_s:g} s and was stopped",
                hint="narrow it (WHERE, LIMIT) or raise COMMUNIQUE_SQL_TIMEOUT_S",
            ) from exc
        except duckdb.Error as exc:
            raise StoreError(f"the query failed: {exc}", hint=SQL_HINT) from exc
        finally:
            if timer is not None:
                timer.cancel()
            cursor.close()

    def close(self) -> None:
        self._release()
