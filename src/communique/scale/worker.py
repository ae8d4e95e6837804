"""What runs inside a Dask worker: one coder per process, batches coded in input order.

Kept apart from the driver side (`communique.scale.coder`) so that a worker imports nothing but
this module, the coder factory and what the factory needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Protocol

from distributed.diagnostics.plugin import WorkerPlugin

from communique.models import Article, CodingResult, IngestFailure
from communique.settings import Settings

Item = Article | IngestFailure


class BatchCoder(Protocol):
    """Anything that codes a batch of items into results, in input order (`Pipeline` is one)."""

    def code(self, items: Iterable[Item]) -> Iterator[CodingResult]: ...


CoderFactory = Callable[[Settings], BatchCoder]


@lru_cache(maxsize=4)
def worker_coder(factory: CoderFactory, settings_json: str) -> BatchCoder:
    """This process's coder, built once: the spaCy model loads once per worker, not per batch."""
    return factory(Settings.model_validate_json(settings_json))


def code_batch(items: list[Item], factory: CoderFactory, settings_json: str) -> list[CodingResult]:
    """Code one batch on a worker. Any exception goes back to the driver, which retries/bisects."""
    return list(worker_coder(factory, settings_json).code(items))


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports ru_maxrss in KiB)."""
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class PreloadCoder(WorkerPlugin):
    """Loads the coder (and so the spaCy model) when a worker starts or restarts.

    Without it the first batch on each worker would also pay the model load, and a worker that
    replaces a killed one would stall its first batch for seconds.
    """

    name = "communique-preload-coder"

    def __init__(self, factory: CoderFactory, settings_json: str) -> None:
        self.factory = factory
        self.settings_json = settings_json

    def setup(self, worker: object) -> None:
        worker_coder(self.factory, self.settings_json)


def pipeline_factory(settings: Settings) -> BatchCoder:
    """The default coder: the full communique pipeline (imported here, on the worker)."""
    from communique.pipeline import Pipeline

    return Pipeline(settings)
