"""DaskCoder on a real LocalCluster: order, completeness, lazy reading, failures, lost workers."""

from __future__ import annotations

import gc
import os
import signal
import threading
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scale_fakes import (
    KILLER,
    MISCONFIGURED,
    POISON,
    fast_factory,
    slow_factory,
    synthetic_articles,
)

from communique.errors import ConfigError
from communique.models import Article, IngestFailure
from communique.scale import DaskCoder
from communique.scale import coder as coder_module
from communique.scale.coder import COMM_LOG_LENGTH

Item = Article | IngestFailure

#: How long a run on a revived cluster may take before the test calls it a hang: new workers
#: start in 5-20 s on a loaded 2-core machine; this is no speed bound, only a hang detector.
HANG_LIMIT_S = 300


@pytest.fixture(scope="module")
def coder() -> Iterator[DaskCoder]:
    with DaskCoder(workers=2, batch_size=4, coder_factory=fast_factory) as dask_coder:
        yield dask_coder


def ids(results: list) -> list[str]:  # type: ignore[type-arg]
    return [r.article.id for r in results]


@pytest.mark.parametrize("batch_size", [1, 3, 4, 7, 64])
@pytest.mark.parametrize("n", [0, 1, 9, 30])
def test_results_come_back_complete_and_in_input_order(coder: DaskCoder, n: int, batch_size: int):
    articles = synthetic_articles(n)
    results = list(coder.code(articles, batch_size=batch_size))
    assert ids(results) == [a.id for a in articles]
    assert [r.figures[0].value for r in results] == [len(a.text.split()) for a in articles]


def test_ingest_failures_pass_through_in_place(coder: DaskCoder):
    items: list[Item] = list(synthetic_articles(6))
    items.insert(2, IngestFailure(origin="bad.jsonl", line=3, reason="invalid JSON"))
    results = list(coder(items))
    assert len(results) == 7
    assert results[2].failed and results[2].dropped[0].reason == "invalid JSON"
    assert [r.article.id for i, r in enumerate(results) if i != 2] == [
        a.id for a in items if isinstance(a, Article)
    ]


def test_unordered_mode_yields_every_article_exactly_once():
    articles = synthetic_articles(25)
    with DaskCoder(workers=2, batch_size=3, ordered=False, coder_factory=fast_factory) as unordered:
        results = list(unordered(articles))
    assert sorted(ids(results)) == sorted(a.id for a in articles)
    assert len(results) == len(articles)


def test_driver_reads_input_lazily_within_the_in_flight_bound(coder: DaskCoder):
    pulled = 0

    def source() -> Iterator[Article]:
        nonlocal pulled
        for article in synthetic_articles(200):
            pulled += 1
            yield article

    results = coder.code(source(), batch_size=2)
    next(results)
    # at most `in_flight` batches are out, plus the one being assembled
    assert pulled <= (coder.in_flight + 1) * 2
    assert len(list(results)) == 199
    assert pulled == 200


@pytest.mark.slow
def test_driver_keeps_no_reference_to_coded_articles(coder: DaskCoder):
    """Memory stays flat on any corpus size: coded batches are not held by the driver (Dask's
    comm debug logs used to keep the last 1000 payloads per comm)."""
    n, batch_size = 1200, 2

    def source() -> Iterator[Article]:
        for i in range(n):
            yield Article(id=f"flat-{i}", text=f"Story {i} about nothing in particular.")

    assert sum(1 for _ in coder.code(source(), batch_size=batch_size)) == n
    gc.collect()
    alive = sum(1 for o in gc.get_objects() if isinstance(o, Article) and o.id.startswith("flat-"))
    comms = 3  # client -> scheduler, scheduler -> each of two workers
    assert alive <= (comms * COMM_LOG_LENGTH + coder.in_flight + 1) * batch_size


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    n=st.integers(min_value=1, max_value=24),
    batch_size=st.integers(min_value=1, max_value=9),
    data=st.data(),
)
def test_poisoned_articles_are_dropped_and_the_rest_coded(
    coder: DaskCoder, n: int, batch_size: int, data: st.DataObject
):
    poisoned = data.draw(st.sets(st.integers(min_value=0, max_value=n - 1), max_size=3))
    articles = synthetic_articles(n, marked={i: POISON for i in poisoned})
    results = list(coder.code(articles, batch_size=batch_size))
    assert ids(results) == [a.id for a in articles]
    dropped = {i for i, r in enumerate(results) if r.dropped}
    assert dropped == poisoned
    for i in poisoned:
        (drop,) = results[i].dropped
        assert (drop.stage, drop.reason) == ("scale", "ValueError")
        assert "poisoned article" in drop.detail
        assert results[i].events == [] and results[i].figures == []
    assert all(len(r.figures) == 1 for i, r in enumerate(results) if i not in poisoned)


def test_a_configuration_error_stops_the_run_instead_of_dropping_every_article(coder: DaskCoder):
    articles = synthetic_articles(10, marked={3: MISCONFIGURED})
    with pytest.raises(ConfigError, match=r"not installed \(install it\)"):
        list(coder.code(articles, batch_size=2))
    # the cluster stays usable for the next run
    assert len(list(coder.code(synthetic_articles(4)))) == 4


@pytest.mark.slow
def test_killing_a_worker_mid_run_loses_and_doubles_nothing():
    articles = synthetic_articles(48)
    with DaskCoder(workers=2, batch_size=4, coder_factory=slow_factory) as slow:
        pids = slow.worker_pids()
        results_iter = slow(articles)
        first = next(results_iter)
        victim = min(pids.values())
        os.kill(victim, signal.SIGKILL)
        results = [first, *results_iter]
    assert ids(results) == [a.id for a in articles]
    assert all(not r.dropped and len(r.figures) == 1 for r in results)


@pytest.mark.slow
def test_a_local_cluster_that_lost_every_worker_gets_new_ones(monkeypatch: pytest.MonkeyPatch):
    """A crashed worker whose restart fails leaves the cluster empty: the run must go on, not
    wait forever. Retiring the only worker (its nanny closes, nothing restarts it) is that state;
    the run is read in a thread so that a hang fails the test instead of the test run."""
    monkeypatch.setattr(coder_module, "WORKER_CHECK_S", 1.0)
    articles = synthetic_articles(6)
    results: list = []  # type: ignore[type-arg]
    with DaskCoder(workers=1, batch_size=2, coder_factory=fast_factory) as lonely:
        lonely.client.retire_workers(list(lonely.worker_pids()), close_workers=True)
        assert not lonely.client.nthreads()
        reader = threading.Thread(target=lambda: results.extend(lonely(articles)), daemon=True)
        reader.start()
        reader.join(HANG_LIMIT_S)
        assert not reader.is_alive(), "the run waited on a cluster without workers"
    assert ids(results) == [a.id for a in articles]


@pytest.mark.slow
def test_an_article_that_kills_its_worker_twice_is_dropped_and_the_run_goes_on():
    articles = synthetic_articles(12, marked={5: KILLER})
    with DaskCoder(workers=2, batch_size=4, coder_factory=fast_factory) as coder:
        results = list(coder(articles))
    assert ids(results) == [a.id for a in articles]
    assert [i for i, r in enumerate(results) if r.dropped] == [5]
    assert results[5].dropped[0].stage == "scale"
    assert results[5].dropped[0].reason == "KilledWorker"


def test_codes_on_a_running_cluster_by_scheduler_address():
    from distributed import LocalCluster

    articles = synthetic_articles(10, marked={4: POISON})
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=":0")
    address = cluster.scheduler_address
    with cluster, DaskCoder(scheduler=address, coder_factory=fast_factory) as remote:
        results = list(remote(articles))
        assert len(remote.worker_pids()) == 1
    assert ids(results) == [a.id for a in articles]
    assert [i for i, r in enumerate(results) if r.dropped] == [4]


@pytest.mark.parametrize(
    ("workers", "scheduler"), [(0, None), (-2, None), (2, "tcp://127.0.0.1:8786")]
)
def test_bad_cluster_options_are_refused_with_a_hint(workers: int, scheduler: str | None):
    with pytest.raises(ConfigError) as refused:
        DaskCoder(workers=workers, scheduler=scheduler)
    assert refused.value.hint


def test_unreachable_scheduler_says_how_to_start_one():
    with pytest.raises(ConfigError, match="dask scheduler"):
        DaskCoder(scheduler="tcp://127.0.0.1:9", connect_timeout=1).worker_pids()
