"""Property tests: storing then loading any CodingResult gives it back unchanged (both backends)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import coding_results, failed_results

from communique.models import CodingResult
from communique.store import Store, open_store
from communique.store.schema import ALL_TABLES

# One store per backend for all examples (a fresh PostgreSQL database per example would spend
# the time budget on CREATE DATABASE); results overwrite each other by article id, which the
# properties below allow for.
PROPERTY_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


def _counts(store: Store) -> dict[str, int]:
    return {
        t.name: int(store.sql(f"SELECT count(*) AS n FROM {t.name}")["n"][0]) for t in ALL_TABLES
    }


@PROPERTY_SETTINGS
@given(result=coding_results() | failed_results)
def test_any_result_round_trips(store: Store, result: CodingResult) -> None:
    store.write([result], replace=True)
    assert store.result(result.article.id) == result


@PROPERTY_SETTINGS
@given(results=st.lists(coding_results(), min_size=1, max_size=4, unique_by=lambda r: r.article.id))
def test_writing_twice_adds_nothing_and_rows_match_the_results(
    store: Store, results: list[CodingResult]
) -> None:
    store.write(results, replace=True)
    before = _counts(store)
    assert all(o.status in ("unchanged", "failed") for o in store.write(results))
    assert _counts(store) == before
    last = {r.article.id: r for r in results}
    for article_id, expected in last.items():
        assert store.result(article_id) == expected
    per_article = store.table("mentions")["article_id"].value_counts().to_dict()
    for article_id, expected in last.items():
        stored = per_article.get(article_id, per_article.get(_pg_text(article_id), 0))
        assert stored == len(expected.events)
    # every mention belongs to exactly one stored event
    orphans = store.sql(
        "SELECT count(*) AS n FROM mentions m WHERE NOT EXISTS "
        "(SELECT 1 FROM events e WHERE e.event_key = m.event_key)"
    )
    assert int(orphans["n"][0]) == 0
    totals = store.sql("SELECT coalesce(sum(num_mentions), 0) AS n FROM events")
    assert int(totals["n"][0]) == before["mentions"]


def _pg_text(text: str) -> str:
    """PostgreSQL stores NUL as U+FFFD in the normalised columns (never in the result JSON)."""
    return text.replace("\x00", "\ufffd")
