"""The app's handles on the store and the pipeline; no lock around reads.

Endpoints are sync functions that FastAPI runs in a thread pool, each with a store of its own:

- **DuckDB**: one warm read-only connection, a cursor of it per request
  (`store.duckdb_readers.DuckDBReaders`): no request pays for opening the file. It lets go of
  the file when a writer waits for it (an ingest announces itself), when a request of this
  process writes, and after a short idle time; the next request opens it again and reads what
  the writer committed. While a writer holds the file, a request waits for
  `Settings.reader_busy_wait_s`, then answers 503 with Retry-After.
- **PostgreSQL**: a pool of `Settings.read_pool_size` connections; a request takes one and gives
  it back.

Answers of the pages built to be kept (the overview, the pair page, /api/events) are kept per store
revision (`api.cache`): asked for again with nothing written since, they cost no query.

Every store call is stopped after `Settings.store_timeout_s` (a DuckDB interrupt, PostgreSQL's
statement_timeout) and answers 503. The spaCy pipeline loads in seconds, so it is only loaded
when the first article is posted; it codes one article at a time.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from starlette.requests import Request
from starlette.responses import Response

from communique.api.cache import AnswerCache, cached_answer
from communique.errors import StoreError
from communique.models import Article, CodingResult
from communique.settings import Settings
from communique.store import is_postgres_url

if TYPE_CHECKING:
    from communique.pipeline import Pipeline
    from communique.store.base import Store
    from communique.store.duckdb_readers import DuckDBReaders
    from communique.store.duckdb_store import DuckDBStore
    from communique.store.postgres_store import PostgresStore

T = TypeVar("T")

#: Seconds a client is told to wait (Retry-After) when the store is busy: an ingest's batch
#: commit takes well under a second, so a retry after 2 s usually finds the file free.
RETRY_AFTER_S = 2


class AppState:
    """A warm connection with a cursor per request (DuckDB) or a connection pool (PostgreSQL),
    and the lazy pipeline."""

    def __init__(self, store_url: str, settings: Settings) -> None:
        self.store_url = store_url
        self.settings = settings
        self._postgres = is_postgres_url(store_url)
        self._pool: queue.LifoQueue[PostgresStore] = queue.LifoQueue()
        self._pool_slots = threading.BoundedSemaphore(max(1, settings.read_pool_size))
        self._pool_lock = threading.Lock()
        self._all: list[PostgresStore] = []
        self._pipeline: Pipeline | None = None
        self._pipeline_lock = threading.Lock()
        self._readers: DuckDBReaders | None = None
        self.answers = (
            AnswerCache(settings.page_cache_bytes) if settings.page_cache_bytes > 0 else None
        )
        if not self._postgres:
            from communique.store import duckdb_path
            from communique.store.duckdb_readers import DuckDBReaders

            self._readers = DuckDBReaders(
                duckdb_path(store_url), busy_wait_s=settings.reader_busy_wait_s
            )

    def with_store(self, work: Callable[[Store], T]) -> T:
        """Run `work` on a store of this request's own, within the store timeout."""
        with self._store(write=False) as store:
            return work(store)

    def revision(self) -> str | None:
        """The store's revision (changes whenever committed data may have); None: unknown."""
        if self._readers is not None:
            from communique.store.duckdb_store import file_revision

            found = file_revision(self._readers.path)
            return None if found is None else repr(found)
        try:
            with self._pooled() as store:
                return store.revision()
        except StoreError:
            return None

    def cached(self, key: str, build: Callable[[], Response]) -> Response:
        """The answer kept for `key` at the store's revision, else `build()` (then kept)."""
        return cached_answer(self.answers, self.revision, key, build)

    def with_writer(self, work: Callable[[Store], T]) -> T:
        """Run `work` on a store that may write (DuckDB: waits briefly for the file)."""
        with self._store(write=True) as store:
            return work(store)

    @contextmanager
    def _store(self, *, write: bool) -> Iterator[Store]:
        if self._postgres and write:
            from communique.store.postgres_store import PostgresStore

            writer = PostgresStore(self.store_url)
            writer.conn.execute(f"SET statement_timeout = {self._timeout_ms()}")
            try:
                yield writer
            finally:
                writer.close()
            return
        if self._postgres:
            with self._pooled() as store:
                yield store
            return
        assert self._readers is not None
        with self._duckdb(self._readers, write=write) as local:
            timer = threading.Timer(self.settings.store_timeout_s, local.interrupt)
            timer.start()
            try:
                yield local
            finally:
                timer.cancel()

    @contextmanager
    def _duckdb(self, readers: DuckDBReaders, *, write: bool) -> Iterator[DuckDBStore]:
        if not write:
            with readers.reader() as reader:
                yield reader
            return
        from communique.store.duckdb_store import DuckDBStore

        # running reads end within the store timeout (they are interrupted then)
        with readers.writer_turn(self.settings.store_timeout_s):
            writer = DuckDBStore(
                readers.path, busy_wait_s=self.settings.reader_busy_wait_s
            )
            try:
                yield writer
            finally:
                writer.close()

    @contextmanager
    def _pooled(self) -> Iterator[PostgresStore]:
        from communique.store.postgres_store import PostgresStore

        if not self._pool_slots.acquire(timeout=self.settings.store_timeout_s):
            raise StoreError("every database connection is busy", hint="retry shortly")
        store: PostgresStore | None = None
        try:
            try:
                store = self._pool.get_nowait()
            except queue.Empty:
                store = PostgresStore(self.store_url, read_only=True)
                store.conn.execute(f"SET statement_timeout = {self._timeout_ms()}")
                with self._pool_lock:
                    self._all.append(store)
            yield store
        except Exception:
            if store is not None and store.conn.closed:
                store = None  # a broken connection is not given back
            raise
        finally:
            if store is not None:
                self._pool.put(store)
            self._pool_slots.release()

    def _timeout_ms(self) -> int:
        """Settings.store_timeout_s as PostgreSQL's statement_timeout (milliseconds)."""
        return max(1, int(self.settings.store_timeout_s * 1000))

    def code(self, article: Article) -> CodingResult:
        """Code one article; one at a time, as a spaCy pipeline is not meant to be shared."""
        with self._pipeline_lock:
            if self._pipeline is None:
                from communique.pipeline import Pipeline

                self._pipeline = Pipeline(self.settings)
            return self._pipeline.code_article(article)

    def close(self) -> None:
        if self._readers is not None:
            self._readers.close()
        with self._pool_lock:
            for store in self._all:
                store.close()
            self._all.clear()


def request_state(request: Request) -> AppState:
    """The AppState of the app serving `request` (set by `create_app`)."""
    app_state: AppState = request.app.state.communique
    return app_state
