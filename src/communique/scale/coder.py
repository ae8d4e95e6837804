"""`DaskCoder`: code articles on a Dask cluster, with bounded memory and no lost article.

The driver reads the input lazily, sends batches to the workers, and never holds more than
``in_flight`` batches (sent or waiting to be yielded), so memory stays flat however long the
corpus. Failures are handled on two levels:

- a worker that dies (killed, out of memory) loses nothing: the scheduler reruns its batches on
  another worker;
- a batch that raises, or that killed a worker twice, is split in halves and the halves rerun,
  down to the single article, which is then recorded as a `Dropped(stage="scale")` result. The run
  goes on.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import count, islice
from types import TracebackType
from typing import Any

from communique.errors import ConfigError
from communique.models import CodingResult, Dropped, IngestFailure
from communique.scale.worker import (
    CoderFactory,
    Item,
    PreloadCoder,
    code_batch,
    peak_rss_mb,
    pipeline_factory,
)
from communique.settings import Settings

log = logging.getLogger(__name__)

#: Articles per task. Measured with `communique bench` on the VOA stories: 8-article batches cost
#: 1.6% more CPU than 32 but halve a worker's peak memory (358 vs 665 MB), and give every worker
#: several tasks on small corpora (89 stories in 32s are three tasks: one of two workers idles).
DEFAULT_BATCH_SIZE = 8

#: Batches each worker may have queued or waiting to be yielded. Two keeps a worker busy while
#: the driver reads the next batch (one running, one queued); more only grows driver memory.
IN_FLIGHT_PER_WORKER = 2

#: Scheduler-level reruns of a batch that raised before it is bisected. One rerun absorbs a
#: transient failure (a worker restarting under the task) without doubling the cost of a real bug.
TASK_RETRIES = 1

#: Worker deaths a task may cause before the scheduler gives up on it (`allowed-failures`) on the
#: clusters DaskCoder starts. One: a task that killed two workers is bisected, so an article that
#: crashes the coder twice is dropped instead of killing workers over and over.
ALLOWED_WORKER_DEATHS = 1

#: Seconds the driver waits to fetch the result of a batch the scheduler reported finished. The
#: fetch is a transfer of a few hundred kB that takes milliseconds; it stalls only when the worker
#: that held the result died between the report and the fetch (the result is lost with it, and
#: a run once hung forever on such a fetch under a load average of 8). After this long the batch
#: is submitted again: it has not been yielded, so nothing is lost or doubled.
RESULT_FETCH_TIMEOUT_S = 120.0

#: Seconds without a finished batch after which the driver checks that a cluster it started still
#: has workers. A worker killed mid-batch is restarted by its nanny; when that restart fails (a
#: process that cannot start in time on a loaded machine: the nanny logs it and gives up), the
#: cluster is left without workers and its batches stay queued forever (seen once in CI, under a
#: load average of 4 on 2 cores). A worker starts in 5-20 s there, so a minute is no slow start.
WORKER_CHECK_S = 60.0

#: Messages each Dask comm keeps for debugging (`distributed.admin.low-level-log-length`, default
#: 1000). The log holds whole payloads, so by default the driver kept the last 1000 batches of
#: articles per worker: measured 117 -> 601 MB driver RSS over 100k 600-word articles. With 16 it
#: stays flat.
COMM_LOG_LENGTH = 16

#: Longest error text kept with a drop: enough for the message and a short repr, not a traceback.
MAX_DROP_DETAIL = 2000

#: Seconds to wait for a remote cluster's first worker before saying it has none. Workers of a
#: running cluster are known to its scheduler at once; one starting next to it joins in seconds.
NO_WORKERS_TIMEOUT_S = 10.0

#: Where a local cluster listens: loopback only (anyone who reaches a Dask scheduler can run code
#: on its workers).
LOCAL_HOST = "127.0.0.1"


@dataclass(frozen=True)
class _Job:
    """A slice of the input: ``items`` start at position ``start`` of the stream.

    ``isolated``: a single article that was on a worker that died twice; it is tried once more
    with no other suspect running, so an innocent article that shared a worker with one that
    kills it is not dropped in its place.
    """

    start: int
    items: list[Item]
    isolated: bool = False


def _distributed() -> Any:
    """The `distributed` module, untyped on purpose: its partial annotations fail mypy --strict."""
    import distributed

    return distributed


def _limit_comm_logs() -> None:
    """Shorten Dask's per-comm debug logs for the whole process (see COMM_LOG_LENGTH).

    Set process-wide, not in a context, because comms opened later (a restarted worker's, the
    workers the nanny spawns) read it when they open; it changes nothing but debug logs.
    """
    import dask

    key = "distributed.admin.low-level-log-length"
    if int(dask.config.get(key)) > COMM_LOG_LENGTH:
        dask.config.set({key: COMM_LOG_LENGTH})


def _batches(items: Iterable[Item], size: int) -> Iterator[_Job]:
    iterator = iter(items)
    for start in count(0, size):
        batch = list(islice(iterator, size))
        if not batch:
            return
        yield _Job(start, batch)


def dropped_result(item: Item, exc: BaseException) -> CodingResult:
    """The result of an article the coder crashed on twice: the article plus the reason."""
    if isinstance(item, IngestFailure):
        from communique.pipeline import failure_result

        return failure_result(item)
    return CodingResult(
        article=item,
        dropped=[
            Dropped(
                stage="scale",
                reason=type(exc).__name__,
                detail=f"the coder failed twice on this article: {exc}"[:MAX_DROP_DETAIL],
            )
        ],
    )


class DaskCoder:
    """A coder callable, ``Iterable[Article | IngestFailure] -> Iterator[CodingResult]``, on Dask.

    ``scheduler`` connects to a running cluster (``tcp://HOST:8786``); otherwise a local cluster
    of ``workers`` processes (default: one per CPU) with one thread each is started, because the
    spaCy parse holds the GIL. Use it as a context manager, or call `close()`.
    """

    def __init__(
        self,
        workers: int | None = None,
        scheduler: str | None = None,
        *,
        batch_size: int | None = None,
        settings: Settings | None = None,
        in_flight: int | None = None,
        ordered: bool = True,
        coder_factory: CoderFactory = pipeline_factory,
        connect_timeout: float | None = None,
        worker_timeout: float = NO_WORKERS_TIMEOUT_S,
        dashboard: bool = False,
    ) -> None:
        if workers is not None and workers < 1:
            raise ConfigError(
                f"--workers must be at least 1, got {workers}",
                hint="give a worker count of 1 or more, or leave it out for one per CPU",
            )
        if workers is not None and scheduler is not None:
            raise ConfigError(
                "give either a number of local workers or a scheduler address, not both",
                hint="the workers of a running cluster are sized by `dask worker`",
            )
        self.settings = settings or Settings()
        self.workers = workers
        self.scheduler = scheduler
        self.batch_size = batch_size or DEFAULT_BATCH_SIZE
        self._in_flight = in_flight
        self.ordered = ordered
        self.factory = coder_factory
        self.connect_timeout = (
            self.settings.scheduler_timeout_s if connect_timeout is None else connect_timeout
        )
        self.worker_timeout = worker_timeout
        self.dashboard = dashboard
        self._settings_json = self.settings.model_dump_json()
        self._client: Any = None
        self._cluster: Any = None

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def client(self) -> Any:
        """The Dask client, started on first use, with the coder preloaded on every worker."""
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _connect(self) -> Any:
        import dask

        distributed = _distributed()
        _limit_comm_logs()
        if self.scheduler is not None:
            try:
                client = distributed.Client(self.scheduler, timeout=self.connect_timeout)
            except (OSError, TimeoutError) as exc:
                raise ConfigError(
                    f"cannot reach the Dask scheduler at {self.scheduler}",
                    hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`, "
                    "or drop --scheduler to use local worker processes (docs/SCALING.md)",
                ) from exc
            try:
                client.wait_for_workers(1, timeout=self.worker_timeout)
            except TimeoutError as exc:
                client.close()
                raise ConfigError(
                    f"the Dask scheduler at {self.scheduler} has no workers "
                    f"(none joined within {self.worker_timeout:g} s)",
                    hint="start workers with `dask worker ADDRESS --nthreads 1` on each machine",
                ) from exc
        else:
            with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_WORKER_DEATHS}):
                self._cluster = distributed.LocalCluster(
                    n_workers=self.workers or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=True,
                    # scheduler, workers and dashboard on loopback only: nothing of a local
                    # cluster is reachable from other machines (any free port: several
                    # clusters may run side by side); no dashboard unless asked for
                    host=LOCAL_HOST,
                    dashboard_address=f"{LOCAL_HOST}:0" if self.dashboard else None,
                    # failures come back as drops; the workers' tracebacks would only be noise
                    silence_logs=logging.CRITICAL,
                )
            client = distributed.Client(self._cluster)
        client.register_plugin(PreloadCoder(self.factory, self._settings_json))
        return client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskCoder:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- cluster facts -----------------------------------------------------------------------
    def worker_pids(self) -> dict[str, int]:
        """Worker address -> process id (what a test kills to simulate a lost machine)."""
        return dict(self.client.run(os.getpid))

    def worker_peak_rss_mb(self) -> dict[str, float]:
        """Worker address -> peak resident memory in MB since that worker process started."""
        return dict(self.client.run(peak_rss_mb))

    def worker_cpu_seconds(self) -> dict[str, float]:
        """Worker address -> CPU seconds that worker process has used."""
        return dict(self.client.run(time.process_time))

    def warm_up(self, items: Iterable[Item]) -> None:
        """Code ``items`` once on every worker, so that lazy tables are built before timing."""
        self.client.run(code_batch, list(items), self.factory, self._settings_json)

    @property
    def in_flight(self) -> int:
        """How many batches may be sent or waiting at once (the driver's memory bound)."""
        if self._in_flight is not None:
            return max(1, self._in_flight)
        threads = sum(self.client.nthreads().values()) or 1
        return IN_FLIGHT_PER_WORKER * threads

    # -- coding ------------------------------------------------------------------------------
    def __call__(self, items: Iterable[Item]) -> Iterator[CodingResult]:
        return self.code(items)

    def code(
        self, items: Iterable[Item], *, batch_size: int | None = None
    ) -> Iterator[CodingResult]:
        """Code ``items``: in input order when ``ordered``, else as batches complete."""
        client = self.client
        limit = self.in_flight
        source = _batches(items, batch_size or self.batch_size)
        pending: dict[Any, _Job] = {}
        ready: dict[int, list[CodingResult]] = {}
        suspects: deque[_Job] = deque()
        next_start = 0
        done = _distributed().as_completed()

        def submit(job: _Job) -> None:
            future = client.submit(
                code_batch,
                job.items,
                self.factory,
                self._settings_json,
                retries=TASK_RETRIES,
                pure=False,
            )
            pending[future] = job
            done.add(future)

        exhausted = False
        try:
            while True:
                if suspects and not any(j.isolated for j in pending.values()):
                    submit(suspects.popleft())  # one suspect at a time
                while not exhausted and len(pending) + len(ready) < limit:
                    job = next(source, None)
                    if job is None:
                        exhausted = True
                    else:
                        submit(job)
                if not pending:
                    break
                future = self._next_finished(done, pending)
                job = pending.pop(future)
                results = self._collect(future, job, submit, suspects.append)
                if results is None:
                    continue
                if not self.ordered:
                    yield from results
                    continue
                ready[job.start] = results
                while next_start in ready:
                    batch = ready.pop(next_start)
                    next_start += len(batch)
                    yield from batch
        finally:
            if pending:
                client.cancel(list(pending))

    def _next_finished(self, done: Any, pending: dict[Any, _Job]) -> Any:
        """The next finished batch; while none finishes, see that a cluster this coder started
        has not lost every worker for good (`WORKER_CHECK_S`)."""
        distributed = _distributed()
        while not done.has_ready():
            try:
                distributed.wait(
                    list(pending), timeout=WORKER_CHECK_S, return_when="FIRST_COMPLETED"
                )
                break
            except TimeoutError:
                self._revive_workers()
        return next(done)

    def _revive_workers(self) -> None:
        """Start the workers of a local cluster anew when none is left (a crashed worker whose
        restart failed); its queued batches then run on them. A cluster run elsewhere is sized
        by its operator: its batches wait for workers to join, with a warning."""
        if self.client.nthreads():
            return
        if self._cluster is None:
            log.warning("the Dask scheduler at %s has no workers; waiting for one", self.scheduler)
            return
        size = len(self._cluster.worker_spec) or self.workers or os.cpu_count() or 1
        log.warning("the local Dask cluster lost every worker; starting %d new ones", size)
        self._cluster.scale(0)
        self._cluster.scale(size)

    @staticmethod
    def _collect(
        future: Any,
        job: _Job,
        submit: Callable[[_Job], None],
        suspect: Callable[[_Job], None],
    ) -> list[CodingResult] | None:
        """A batch's results; if it failed, resubmit its halves or the article in isolation
        (None), or drop the article; if its result was lost with its worker, resubmit it."""
        try:
            results: list[CodingResult] = future.result(timeout=RESULT_FETCH_TIMEOUT_S)
            return results
        except ConfigError:
            raise  # the cluster cannot code anything (model missing): bisecting would not help
        except Exception as exc:
            if isinstance(exc, TimeoutError) and future.status != "error":
                # the fetch stalled, the batch did not fail: its result died with its worker
                log.warning(
                    "the result of articles %d-%d was lost with its worker; coding them again",
                    job.start, job.start + len(job.items) - 1,
                )  # fmt: skip
                submit(job)
                return None
            if len(job.items) == 1:
                if type(exc).__name__ == "KilledWorker" and not job.isolated:
                    suspect(_Job(job.start, job.items, isolated=True))
                    return None
                return [dropped_result(job.items[0], exc)]
            half = len(job.items) // 2
            submit(_Job(job.start, job.items[:half]))
            submit(_Job(job.start + half, job.items[half:]))
            return None
        finally:
            future.release()

