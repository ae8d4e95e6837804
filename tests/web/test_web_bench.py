"""bench-web's synthetic store: the counts it promises, and every measured page answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.errors import InputError
from communique.store import EventQuery, open_store
from communique.store.sql_store import SqlStore
from communique.web.bench import EVENTS_PER_ARTICLE, bench_web, fill_synthetic


def test_fill_and_bench_a_small_store(tmp_path: Path) -> None:
    url = str(tmp_path / "bench.duckdb")
    with open_store(url) as store:
        assert isinstance(store, SqlStore)
        articles = fill_synthetic(store, events=400, countries=12, years=2)
        assert articles == 400 // EVENTS_PER_ARTICLE
        assert store.count_events(EventQuery()) == 400
        assert store.count_articles() == articles
        countries = {f.value for f in store.facets(EventQuery(), ["country"], limit=50)["country"]}
        assert 2 < len(countries) <= 12
        months = store.facets(EventQuery(), ["month"], limit=100)["month"]
        assert min(m.value for m in months) >= "2021-01"
        assert max(m.value for m in months) <= "2022-12"
        assert store.search_articles("consultations").total > 0
        with pytest.raises(InputError, match="not empty"):
            fill_synthetic(store, events=10)
    latencies = bench_web(url, runs=1)
    assert {lat.page for lat in latencies} >= {"overview", "pair (busiest)", "events + facet",
                                               "search", "country", "map", "network"}
    assert all(lat.p95_ms > 0 for lat in latencies)
