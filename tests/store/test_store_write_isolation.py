"""One result the store refuses costs only itself: the rest of its batch is stored and the
refused one is recorded with its drop reason (DuckDB and PostgreSQL)."""

from __future__ import annotations

import pytest
from store_builders import event, result

from communique.errors import StoreError
from communique.models import CodingResult
from communique.store import open_store
from communique.store.sql_store import STORE_STAGE


def unstorable(article_id: str) -> CodingResult:
    """A result whose event sentence overflows the INTEGER column on both backends."""
    bad = event(article_id, 0, "KAZ", "BEL").model_copy(update={"sentence": 2**40})
    return result(article_id, [bad])


def good(article_id: str) -> CodingResult:
    return result(article_id, [event(article_id, 0, "KAZ", "BEL", date="2022-10-18")])


@pytest.mark.parametrize("bad_at", [0, 3, 7])
def test_one_refused_result_costs_only_itself(store_url: str, bad_at: int) -> None:
    batch = [good(f"a{i}") for i in range(8)]
    batch[bad_at] = unstorable(f"a{bad_at}")
    with open_store(store_url) as store:
        outcomes = store.write(batch)
        assert [o.article_id for o in outcomes] == [r.article.id for r in batch]
        assert [o.status for o in outcomes] == [
            "failed" if i == bad_at else "new" for i in range(8)
        ]
        assert store.count_articles() == 8  # the refused article is there, without events
        assert len(store.table("mentions")) == 7
        drops = store.drops()
        assert list(drops["article_id"]) == [f"a{bad_at}"]
        assert list(drops["stage"]) == [STORE_STAGE]
        assert drops["reason"].iloc[0] == "StoreError"
        assert "out of range" in drops["detail"].iloc[0]
        refused = store.result(f"a{bad_at}")
        assert refused is not None and refused.events == []
        # a rerun finds every article stored: nothing is written twice
        assert {o.status for o in store.write(batch)} == {"unchanged"}


def test_a_store_that_fails_for_every_result_raises(store_url: str) -> None:
    with open_store(store_url) as store:
        store.write([good("a0")])

        def refuse(*_: object, **__: object) -> None:
            raise StoreError("the disk is full")

        store._insert = refuse  # type: ignore[method-assign]
        with pytest.raises(StoreError, match="disk is full"):
            store.write([good("b1"), good("b2"), good("b3")])
        del store._insert
        assert store.count_articles() == 1  # nothing half-written
