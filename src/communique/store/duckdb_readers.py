"""Many concurrent readers of one DuckDB file in one process, on one warm connection.

Opening a DuckDB file costs 150-450 ms (its catalog and metadata are read), running a query a
few milliseconds; `communique serve` therefore keeps one read-only connection open and gives
each request a cursor of it (a connection of its own on the same database instance, so
requests run in parallel and an interrupt stops only its own query).

A read-only connection holds a shared lock on the file, which keeps a writer (an ingest) out.
So the warm connection is let go of:

- when a writer of another process waits for the file: it touches `<database>.writer-waiting`
  (see `duckdb_store.connect`); requests then get no new cursor, the connection closes when
  the last running request ends, the writer gets the file, and new requests open the file
  again once the writer is done (waiting up to `busy_wait_s`, then StoreBusy: a 503);
- when a writer of this process (`POST /api/articles`) asks for its turn (`writer_turn`);
- after `idle_s` without requests (a writer that knows nothing of the waiting file, the duckdb
  shell, gets in when the dashboard is idle);
- when a query finds the connection broken (DuckDB invalidates a database after a fatal
  error): the next request opens it again.

A connection opened after a writer let go of the file reads what the writer committed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from communique.errors import StoreBusy, StoreError
from communique.store.duckdb_store import DuckDBStore, connect, writer_waiting

#: Seconds without a request after which the warm connection lets go of the file. Long enough
#: that a person clicking through the dashboard keeps it warm, short enough that a writer
#: which does not announce itself waits little.
WARM_IDLE_S = 2.0
#: How often a request that waits for a writer looks again (seconds).
WAIT_POLL_S = 0.05

BUSY_MESSAGE = "the DuckDB database {path!r} is being written by another process"
BUSY_HINT = "retry shortly; an ingest lets go of the file between its batches"


class _Warm:
    """One open connection and the requests using it."""

    __slots__ = ("closed", "con", "retired", "users")

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.users = 0
        self.retired = False  # no new users; closed when the last one is done
        self.closed = False


class DuckDBReaders:
    """A warm read-only connection to `path`, shared by threads through cursors."""

    def __init__(self, path: str, *, busy_wait_s: float, idle_s: float = WARM_IDLE_S) -> None:
        self.path = path
        self.busy_wait_s = busy_wait_s
        self.idle_s = idle_s
        self._cond = threading.Condition()
        self._warm: _Warm | None = None
        self._open = 0  # connections not yet closed (the warm one and retired ones in use)
        self._opening = False
        self._writers = 0  # writers of this process waiting or writing
        self._idle_timer: threading.Timer | None = None
        self.opens = 0  # connections opened so far (tests count them)

    @contextmanager
    def reader(self) -> Iterator[DuckDBStore]:
        """A read-only store on a cursor of the warm connection (opened when needed)."""
        warm, cursor = self._checkout()
        broken = False
        try:
            yield DuckDBStore(self.path, read_only=True, connection=cursor)
        except StoreError as exc:
            broken = isinstance(exc.__cause__, (duckdb.FatalException, duckdb.ConnectionException))
            raise
        finally:
            self._checkin(warm, cursor, broken=broken)

    @contextmanager
    def writer_turn(self, wait_s: float) -> Iterator[None]:
        """Let go of the file for a writer of this process: wait (at most `wait_s`) until the
        requests still reading are done, keep new ones waiting until the block ends."""
        deadline = time.monotonic() + wait_s
        with self._cond:
            self._writers += 1
            try:
                self._retire()
                while self._open or self._opening:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise StoreBusy(
                            f"readers of {self.path!r} did not finish within {wait_s:g} s",
                            hint=BUSY_HINT,
                        )
                    self._cond.wait(remaining)
            except BaseException:
                self._writers -= 1
                self._cond.notify_all()
                raise
        try:
            yield
        finally:
            with self._cond:
                self._writers -= 1
                self._cond.notify_all()

    def close(self) -> None:
        """Close the warm connection (once the requests using it are done); a later request
        opens it again (an app whose lifespan restarts)."""
        with self._cond:
            self._retire()
            self._cond.notify_all()

    # -- internals (every method below is called with self._cond held unless it says not) ----
    def _checkout(self) -> tuple[_Warm, duckdb.DuckDBPyConnection]:
        deadline = time.monotonic() + self.busy_wait_s
        with self._cond:
            while True:
                if self._writers == 0 and not writer_waiting(self.path):
                    if self._warm is not None:
                        return self._use(self._warm)
                    if not self._opening:
                        self._opening = True
                        break
                else:
                    self._retire()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise StoreBusy(BUSY_MESSAGE.format(path=self.path), hint=BUSY_HINT)
                self._cond.wait(min(remaining, WAIT_POLL_S))
        return self._open_warm(deadline)

    def _open_warm(self, deadline: float) -> tuple[_Warm, duckdb.DuckDBPyConnection]:
        """Open the warm connection (without the lock held: other requests wait on it)."""
        try:
            con = connect(
                self.path, read_only=True, busy_wait_s=max(0.0, deadline - time.monotonic())
            )
        except BaseException:
            with self._cond:
                self._opening = False
                self._cond.notify_all()
            raise
        with self._cond:
            self._opening = False
            self._open += 1
            self.opens += 1
            warm = _Warm(con)
            self._warm = warm
            self._cond.notify_all()
            return self._use(warm)

    def _use(self, warm: _Warm) -> tuple[_Warm, duckdb.DuckDBPyConnection]:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        warm.users += 1
        return warm, warm.con.cursor()

    def _checkin(self, warm: _Warm, cursor: duckdb.DuckDBPyConnection, *, broken: bool) -> None:
        with self._cond:
            cursor.close()
            warm.users -= 1
            if broken and warm is self._warm:
                self._retire()
            if warm.retired:
                self._close_if_unused(warm)
            elif warm.users == 0:
                self._idle_timer = threading.Timer(self.idle_s, self._idle, args=(warm,))
                self._idle_timer.daemon = True
                self._idle_timer.start()
            self._cond.notify_all()

    def _idle(self, warm: _Warm) -> None:
        with self._cond:
            if warm is self._warm and warm.users == 0:
                self._retire()

    def _retire(self) -> None:
        warm = self._warm
        if warm is None:
            return
        self._warm = None
        warm.retired = True
        self._close_if_unused(warm)

    def _close_if_unused(self, warm: _Warm) -> None:
        if warm.users == 0 and not warm.closed:
            warm.con.close()
            warm.closed = True
            self._open -= 1
            self._cond.notify_all()
