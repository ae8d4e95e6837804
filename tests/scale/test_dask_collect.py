"""DaskCoder._collect: what the driver does with a batch's future, table-driven on futures that
behave as distributed's do (no cluster needed: the cluster paths are in test_dask_coder.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from scale_fakes import synthetic_articles

from communique.scale.coder import RESULT_FETCH_TIMEOUT_S, DaskCoder, _Job


@dataclass
class FutureLike:
    """A finished batch's future: `result` raises `error` (else returns []), `status` as Dask's."""

    status: str
    error: Exception | None = None
    timeouts: list[float | None] = field(default_factory=list)
    released: bool = False

    def result(self, timeout: float | None = None) -> list[object]:
        self.timeouts.append(timeout)
        if self.error is not None:
            raise self.error
        return []

    def release(self) -> None:
        self.released = True


class KilledWorker(Exception):
    """Named as distributed's: `_collect` recognises it by name."""


@pytest.mark.parametrize(
    ("status", "error", "size", "resubmitted", "suspected", "dropped"),
    [
        # the result died with its worker before the fetch: the same batch again, whole
        ("lost", TimeoutError("fetch"), 4, [(0, 4)], [], False),
        ("pending", TimeoutError("fetch"), 1, [(0, 1)], [], False),
        # the batch itself raised TimeoutError: a failure like any other, bisected
        ("error", TimeoutError("inside the task"), 4, [(0, 2), (2, 2)], [], False),
        ("error", ValueError("bad article"), 4, [(0, 2), (2, 2)], [], False),
        # one article that killed its worker is tried once more alone, then dropped
        ("error", KilledWorker("twice"), 1, [], [(0, 1)], False),
        ("error", ValueError("bad article"), 1, [], [], True),
    ],
)
def test_collect_resubmits_lost_results_and_bisects_failures(
    status: str,
    error: Exception,
    size: int,
    resubmitted: list[tuple[int, int]],
    suspected: list[tuple[int, int]],
    dropped: bool,
) -> None:
    job = _Job(0, synthetic_articles(size))
    future = FutureLike(status, error)
    submitted: list[_Job] = []
    suspects: list[_Job] = []
    results = DaskCoder._collect(future, job, submitted.append, suspects.append)
    assert [(j.start, len(j.items)) for j in submitted] == resubmitted
    assert [(j.start, len(j.items)) for j in suspects] == suspected
    if dropped:
        assert results is not None and results[0].dropped
    else:
        assert results is None
    assert future.timeouts == [RESULT_FETCH_TIMEOUT_S] and future.released
