"""One watch round, and the long-lived loop around it.

A round: lease the due sources (other watchers on the same PostgreSQL store skip them), fetch
their listings concurrently with conditional GET, keep the items whose URL no earlier round
took care of, fetch and read their pages concurrently (a bounded window of a thread pool), and
hand the articles to the coder in batches in the calling thread. Each batch's results and the
batch's items are written in ONE transaction: an item counts as seen exactly when its result is
stored, so a crash (SIGKILL included) loses at most the batch in flight, which the next round
fetches and codes again (nothing coded twice, nothing missed). A listing's validators (ETag,
Last-Modified) are stored only after all of its new items are, so a restarted round never gets
a 304 for a listing whose items it had not finished.
"""

from __future__ import annotations

import multiprocessing
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Literal

import httpx
from pydantic import BaseModel, Field

from communique.models import Article, IngestFailure, Record
from communique.settings import InputLimits, Settings
from communique.store.ingest import Coder, Item
from communique.store.sql_store import SqlStore
from communique.store.watch_store import SeenItem, SourceState, stamp
from communique.watch.config import SourceSpec
from communique.watch.fetching import (
    DEFAULT_HOST_DELAY_S,
    STOPPED,
    Fetched,
    PoliteFetcher,
    default_client,
)
from communique.watch.items import (
    Extractor,
    ListedItem,
    extract_page,
    listed_items,
    read_item,
)

#: Threads fetching listings and pages at once. Fetching waits on the network, coding uses the
#: CPU: 8 keeps the coder fed on the local bench (200 items, docs/WATCH.md) while each host
#: still sees at most one request per host delay.
FETCH_WORKERS = 8
#: Articles per coding batch and write transaction. Small enough that a crash or a stop loses
#: little work, large enough that spaCy's nlp.pipe batches and the store's per-transaction
#: cost stay small (the store's own batch is 64: STORE_BATCH_SIZE).
WATCH_BATCH_SIZE = 16
#: Backoff of a failing source: the first retry after a minute, doubling per failure in a
#: row, at most six hours (a dead feed is then tried four times a day).
BACKOFF_FIRST_S = 60.0
BACKOFF_MAX_S = 6 * 3600.0
#: How long a watcher holds the sources it leased for a round; a watcher that dies holding
#: them leaves them to the others after this. Longer than a round of coding on a laptop.
LEASE_S = 30 * 60.0

SourceStatus = Literal[
    "fetched", "not modified", "failed", "backing off", "held by another watcher", "stopped"
]


class WatchOptions(Record):
    """How a watcher behaves (docs/WATCH.md)."""

    host_delay: float = Field(default=DEFAULT_HOST_DELAY_S, ge=0)
    workers: int = Field(default=FETCH_WORKERS, ge=1)
    batch_size: int = Field(default=WATCH_BATCH_SIZE, ge=1)
    backoff_first_s: float = Field(default=BACKOFF_FIRST_S, ge=0)
    backoff_max_s: float = Field(default=BACKOFF_MAX_S, ge=0)
    lease_s: float = Field(default=LEASE_S, gt=0)
    extract_processes: int = Field(default=0, ge=0)
    """Processes that run trafilatura on fetched pages (0: in the fetching threads)."""


class SourceReport(Record):
    name: str
    status: SourceStatus
    listed: int = 0
    new: int = 0
    error: str | None = None


class RoundReport(BaseModel):
    """What one round did; `items_per_s` counts items taken care of (coded, duplicate, failed).

    Filled in as the round goes (the one mutable record: `on_batch` sees it grow)."""

    sources: list[SourceReport] = Field(default_factory=list)
    coded: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0
    batches: int = 0
    seconds: float = 0.0
    stopped: bool = False

    @property
    def items(self) -> int:
        return self.coded + self.duplicates + self.failed

    @property
    def items_per_s(self) -> float:
        return self.items / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        failed = sum(1 for s in self.sources if s.status == "failed")
        return (
            f"round: {len(self.sources)} sources ({failed} failed), {self.items} new items: "
            f"{self.coded} coded, {self.duplicates} duplicate, {self.failed} failed, "
            f"{self.events} events in {self.seconds:.1f} s ({self.items_per_s:.1f} items/s)"
            + (" [stopped]" if self.stopped else "")
        )


def default_owner() -> str:
    """A watcher's name when none is given: the host's. A watcher restarted after a crash on
    the same host takes its sources back at once; two watchers on one host need --name each."""
    return f"watch@{socket.gethostname()}"


class Watcher:
    """Follows `sources` into `store`; `round()` once, or `run(every_s)` until `stop` is set."""

    def __init__(
        self,
        store: SqlStore,
        sources: list[SourceSpec],
        coder: Coder,
        *,
        options: WatchOptions | None = None,
        limits: InputLimits | None = None,
        client: httpx.Client | None = None,
        owner: str | None = None,
        stop: threading.Event | None = None,
        on_batch: Callable[[RoundReport], None] | None = None,
    ) -> None:
        self.store = store
        self.sources = {s.name: s for s in sources}
        self.coder = coder
        self.options = options or WatchOptions()
        self.limits = limits or Settings().input_limits()
        self._client = client
        self.owner = owner or default_owner()
        self.stop = stop or threading.Event()
        self.on_batch = on_batch
        self._leased: tuple[list[str], float] = ([], 0.0)
        self._extract: Extractor = extract_page
        store.sync_sources([(s.name, s.url, s.kind) for s in sources])

    # -- the loop ------------------------------------------------------------------------------
    def run(
        self, every_s: float, on_round: Callable[[RoundReport], None] | None = None
    ) -> None:
        """Rounds every `every_s` seconds (measured start to start) until `stop` is set."""
        while not self.stop.is_set():
            started = time.monotonic()
            report = self.round()
            if on_round is not None:
                on_round(report)
            self.stop.wait(max(0.0, every_s - (time.monotonic() - started)))

    # -- one round -----------------------------------------------------------------------------
    def round(self) -> RoundReport:
        started = time.monotonic()
        report = RoundReport()
        client = self._client or default_client(self.options.workers)
        try:
            fetcher = PoliteFetcher(
                client, self.limits, host_delay=self.options.host_delay, stop=self.stop
            )
            with ThreadPoolExecutor(self.options.workers, "communique-watch") as pool, \
                    self._extractor() as extract:
                self._extract = extract
                self._round(fetcher, pool, report)
        finally:
            if self._client is None:
                client.close()
        report.seconds = time.monotonic() - started
        report.stopped = self.stop.is_set()
        return report

    @contextmanager
    def _extractor(self) -> Iterator[Extractor]:
        """trafilatura in the fetching threads, or in a process pool: extraction is CPU work
        that would otherwise share the interpreter lock with coding."""
        if not self.options.extract_processes:
            yield extract_page
            return
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.options.extract_processes, mp_context=spawn) as processes:

            def extract(content: bytes, url: str, final_url: str) -> Item:
                return processes.submit(extract_page, content, url, final_url).result()

            yield extract

    def _round(self, fetcher: PoliteFetcher, pool: ThreadPoolExecutor, report: RoundReport
               ) -> None:
        now = datetime.now(UTC)
        states = {s.name: s for s in self.store.source_states(list(self.sources))}
        due: list[str] = []
        for name in self.sources:
            state = states[name]
            if state.next_attempt and state.next_attempt > stamp(now):
                report.sources.append(SourceReport(
                    name=name, status="backing off", error=f"next try at {state.next_attempt}"
                ))  # fmt: skip
            else:
                due.append(name)
        until = stamp(now + timedelta(seconds=self.options.lease_s))
        claimed = self.store.claim_sources(due, self.owner, until)
        for name in due:
            if name not in claimed:
                report.sources.append(SourceReport(name=name, status="held by another watcher"))
        self._leased = (claimed, time.monotonic())
        try:
            self._fetch_and_code(fetcher, pool, [states[n] for n in claimed], report)
        finally:
            self._leased = ([], 0.0)
            self.store.release_sources(claimed, self.owner)

    def _renew_lease(self) -> None:
        """Extend the round's leases when a third of their time has passed (a long round)."""
        names, since = self._leased
        if names and time.monotonic() - since > self.options.lease_s / 3:
            until = stamp(datetime.now(UTC) + timedelta(seconds=self.options.lease_s))
            self._leased = (self.store.claim_sources(names, self.owner, until), time.monotonic())

    def _fetch_and_code(
        self,
        fetcher: PoliteFetcher,
        pool: ThreadPoolExecutor,
        states: list[SourceState],
        report: RoundReport,
    ) -> None:
        listings = {
            s.name: pool.submit(
                fetcher.get, self.sources[s.name].url, etag=s.etag, last_modified=s.last_modified
            )
            for s in states
        }
        pending: dict[str, list[ListedItem]] = {}
        fetched: dict[str, Fetched] = {}
        for state in states:
            name = state.name
            response = listings[name].result()
            items = (
                listed_items(self.sources[name], response)
                if isinstance(response, Fetched) and not response.not_modified
                else response
            )
            if isinstance(items, IngestFailure):
                status: SourceStatus = "stopped" if self.stop.is_set() else "failed"
                report.sources.append(SourceReport(
                    name=name, status=status, error=f"{items.reason}: {items.detail}"[:500]
                ))  # fmt: skip
                if status == "failed":
                    self._failed(state, items)
                continue
            assert isinstance(response, Fetched)
            if isinstance(items, Fetched):  # 304: nothing new since the last round
                report.sources.append(SourceReport(name=name, status="not modified"))
                self.store.record_source_success(
                    name, etag=None, last_modified=None, new_items=0, at=stamp(),
                    keep_validators=True,
                )  # fmt: skip
                continue
            fetched[name] = response
            pending[name] = items
        # new items only: by URL (here) and by content hash (once read, in _code)
        seen = self.store.seen_urls([i.url for items in pending.values() for i in items])
        taken: set[str] = set()
        new: list[ListedItem] = []
        counts: dict[str, int] = {}
        for name, items in pending.items():
            fresh = [i for i in items if i.url not in seen and i.url not in taken]
            taken |= {i.url for i in fresh}
            new += fresh
            counts[name] = len(fresh)
            report.sources.append(
                SourceReport(name=name, status="fetched", listed=len(items), new=len(fresh))
            )
        done = self._code(fetcher, pool, new, report)
        for name, response in fetched.items():
            if done.get(name, 0) == counts[name]:  # all its new items stored: keep validators
                self.store.record_source_success(
                    name, etag=response.etag, last_modified=response.last_modified,
                    new_items=counts[name], at=stamp(),
                )  # fmt: skip

    def _failed(self, state: SourceState, problem: IngestFailure) -> None:
        """Record a failing source and when to try it again (exponential backoff)."""
        delay = min(
            self.options.backoff_first_s * 2 ** min(state.failures, 30),
            self.options.backoff_max_s,
        )
        now = datetime.now(UTC)
        self.store.record_source_failure(
            state.name,
            error=f"{problem.reason}: {problem.detail}"[:1000],
            at=stamp(now),
            retry_at=stamp(now + timedelta(seconds=delay)),
        )

    def _code(
        self,
        fetcher: PoliteFetcher,
        pool: ThreadPoolExecutor,
        new: list[ListedItem],
        report: RoundReport,
    ) -> dict[str, int]:
        """Read the new items' pages concurrently, code and store them batch by batch; returns
        how many items of each source were stored."""
        done: dict[str, int] = {}
        hashes: set[str] = set()
        batch: list[tuple[ListedItem, Item]] = []
        for item, read in self._read_all(fetcher, pool, new):
            if isinstance(read, IngestFailure) and read.reason == STOPPED:
                continue  # cut short by a stop: not a failure of the item, read next round
            batch.append((item, read))
            if len(batch) >= self.options.batch_size or self.stop.is_set():
                self._store_batch(batch, hashes, done, report)
                batch = []
            if self.stop.is_set():
                return done  # the batch in hand was stored; the rest waits for the next round
        if batch:
            self._store_batch(batch, hashes, done, report)
        return done

    def _read_all(
        self, fetcher: PoliteFetcher, pool: ThreadPoolExecutor, items: list[ListedItem]
    ) -> Iterator[tuple[ListedItem, Item]]:
        """(item, article or failure) as pages arrive, at most a few per worker in flight."""
        window = 4 * self.options.workers
        queue = iter(items)
        running: dict[Future[Item], ListedItem] = {}

        def top_up() -> None:
            while len(running) < window and not self.stop.is_set():
                item = next(queue, None)
                if item is None:
                    return
                spec = self.sources[item.source]
                running[pool.submit(read_item, fetcher, spec, item, self._extract)] = item

        top_up()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                item = running.pop(future)
                yield item, future.result()
            top_up()

    def _store_batch(
        self,
        batch: list[tuple[ListedItem, Item]],
        hashes: set[str],
        done: dict[str, int],
        report: RoundReport,
    ) -> None:
        """Code the batch's new articles and store results and items in one transaction."""
        stored_hashes = self.store.seen_hashes(
            [r.content_hash for _, r in batch if isinstance(r, Article) and r.content_hash]
        )
        marks: list[SeenItem] = []
        to_code: list[Item] = []
        duplicates = 0
        for item, read in batch:
            if isinstance(read, Article):
                digest = read.content_hash
                if digest and (digest in stored_hashes or digest in hashes):
                    duplicates += 1
                    marks.append(SeenItem(url=item.url, source=item.source, content_hash=digest,
                                          article_id=read.id, status="duplicate"))
                    continue
                hashes.add(digest)
                marks.append(SeenItem(url=item.url, source=item.source, content_hash=digest,
                                      article_id=read.id, status="coded"))
            else:
                marks.append(SeenItem(url=item.url, source=item.source, status="failed"))
            to_code.append(read)
        results = list(self.coder(to_code)) if to_code else []
        with self.store.transaction():
            self.store.write(results)
            self.store.mark_items(marks)
        for item, _ in batch:
            done[item.source] = done.get(item.source, 0) + 1
        report.batches += 1
        report.duplicates += duplicates
        report.failed += sum(1 for m in marks if m.status == "failed")
        report.coded += sum(1 for m in marks if m.status == "coded")
        report.events += sum(len(r.events) for r in results)
        self._renew_lease()
        if self.on_batch is not None:
            self.on_batch(report)
