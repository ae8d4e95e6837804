"""The incremental events merge equals a full recompute from `mentions`, batch after batch.

`SqlStore._merge_events` folds a batch into the stored event rows without rereading the stored
mentions; `SqlStore._recompute_events` rebuilds rows from every mention of a key (the
definition). After each write, rebuilding every key must change nothing. Runs on DuckDB (Arrow
plan) and PostgreSQL (SQL plan).
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_builders import event, result

from communique.models import CodingResult
from communique.store import open_store
from communique.store.duckdb_store import DuckDBStore
from communique.store.sql_store import SqlStore

# (article id, publisher, text version, [(source, target, confidence), ...]) per article
Spec = tuple[str, str, int, list[tuple[str, str, float]]]


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    with open_store(store_url) as opened:
        assert isinstance(opened, SqlStore)
        yield opened


def build(spec: Spec) -> CodingResult:
    article_id, publisher, version, events = spec
    return result(
        article_id,
        [event(article_id, n, s, t, confidence=c) for n, (s, t, c) in enumerate(events)],
        text=f"Story {article_id} version {version}.",
        source=publisher,
    )


def events_table(store: SqlStore) -> pd.DataFrame:
    return store.table("events").reset_index(drop=True)


def assert_equals_full_recompute(store: SqlStore) -> None:
    merged = events_table(store)
    keys = {str(k) for k in store.table("mentions")["event_key"]}
    with store.transaction():
        store._recompute_events(keys)
    pd.testing.assert_frame_equal(merged, events_table(store))


KAZ_BEL = ("KAZ", "BEL")
SCENARIOS: dict[str, list[list[Spec]]] = {
    "better mention later replaces the representative": [
        [("a1", "Kazinform", 0, [(*KAZ_BEL, 0.5)])],
        [("a2", "Reuters", 0, [(*KAZ_BEL, 0.9)])],
    ],
    "worse mention later keeps it, counts grow": [
        [("a1", "Kazinform", 0, [(*KAZ_BEL, 0.9)])],
        [("a2", "Reuters", 0, [(*KAZ_BEL, 0.5)]), ("a3", "Kazinform", 0, [(*KAZ_BEL, 0.1)])],
    ],
    "equal confidence: the lower article id wins either way": [
        [("b2", "Kazinform", 0, [(*KAZ_BEL, 0.7)])],
        [("b1", "Reuters", 0, [(*KAZ_BEL, 0.7)]), ("b3", "AP", 0, [(*KAZ_BEL, 0.7)])],
    ],
    "a known publisher is not a new source": [
        [("a1", "Kazinform", 0, [(*KAZ_BEL, 0.5), (*KAZ_BEL, 0.6)])],
        [("a2", "Kazinform", 0, [(*KAZ_BEL, 0.5)]), ("a3", "Reuters", 0, [(*KAZ_BEL, 0.5)])],
        [("a4", "Reuters", 0, [(*KAZ_BEL, 0.4)]), ("a5", "Reuters", 0, [(*KAZ_BEL, 0.4)])],
    ],
    "a replaced article and a new one on the same key in one batch": [
        [("a1", "Kazinform", 0, [(*KAZ_BEL, 0.9)]), ("a2", "Reuters", 0, [(*KAZ_BEL, 0.5)])],
        [
            ("a1", "Kazinform", 1, [(*KAZ_BEL, 0.2), ("RUS", "USA", 0.3)]),
            ("a3", "AP", 0, [(*KAZ_BEL, 0.6), ("RUS", "USA", 0.3)]),
        ],
    ],
    "a replaced article drops its key, others keep theirs": [
        [("a1", "Kazinform", 0, [(*KAZ_BEL, 0.9)]), ("a2", "Reuters", 0, [("RUS", "USA", 0.5)])],
        [("a1", "Kazinform", 1, [("RUS", "USA", 0.8)]), ("a3", "AP", 0, [(*KAZ_BEL, 0.6)])],
    ],
}


@pytest.mark.parametrize("batches", list(SCENARIOS.values()), ids=list(SCENARIOS))
def test_merge_equals_full_recompute(store: SqlStore, batches: list[list[Spec]]) -> None:
    for batch in batches:
        store.write([build(spec) for spec in batch])
        assert_equals_full_recompute(store)
    assert len(events_table(store)) == len(set(store.table("mentions")["event_key"]))


def test_merge_counts(store: SqlStore) -> None:
    for batch in SCENARIOS["a known publisher is not a new source"]:
        store.write([build(spec) for spec in batch])
    row = events_table(store).iloc[0]
    assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (6, 5, 2)
    assert row["article_id"] == "a1" and row["confidence"] == 0.6


PAIRS = [("KAZ", "BEL"), ("RUS", "USA"), ("KAZ", "RUS")]
articles = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d", "e", "f"]),
        st.sampled_from(["Kazinform", "Reuters", "AP"]),
        st.integers(0, 1),
        st.lists(
            st.tuples(st.sampled_from(PAIRS), st.sampled_from([0.2, 0.5, 0.9])),
            min_size=0,
            max_size=3,
        ),
    ),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=st.lists(articles, min_size=1, max_size=4))
def test_random_batches_equal_full_recompute(
    tmp_path_factory: pytest.TempPathFactory, batches: list[list[tuple[str, str, int, list]]]
) -> None:
    """DuckDB only (a fresh file per example); the scenarios above cover PostgreSQL."""
    path = tmp_path_factory.mktemp("merge") / "m.duckdb"
    with DuckDBStore(str(path)) as store:
        for batch in batches:
            specs: list[Spec] = [
                (a, pub, v, [(s, t, c) for (s, t), c in evs]) for a, pub, v, evs in batch
            ]
            store.write([build(spec) for spec in specs])
            assert_equals_full_recompute(store)
