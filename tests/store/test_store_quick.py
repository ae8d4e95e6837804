"""First DuckDB checks: open_store picks the backend, write/result/events work."""

from __future__ import annotations

from pathlib import Path

from communique.models import Actor, Article, CodingResult, Event, ResolvedDate, TextSpan
from communique.store import EventQuery, open_store


def _result() -> CodingResult:
    text = "Kazakhstan and Belgium held talks."
    kaz = Actor(text="Kazakhstan", span=(0, 10), name="Kazakhstan", country="KAZ", code="KAZ")
    bel = Actor(text="Belgium", span=(15, 22), name="Belgium", country="BEL", code="BEL")
    event = Event(
        id="e1", article_id="a1", sentence=0, cameo="040", cameo_root="04", quad_class=1,
        goldstein=1.0, plover="CONSULT", source=kaz, target=bel,
        date=ResolvedDate(start="2022-10-18", granularity="day", kind="exact"),
        trigger=TextSpan(text="held", span=(23, 27)), evidence=TextSpan(text=text, span=(0, 34)),
        confidence=0.9,
    )  # fmt: skip
    return CodingResult(article=Article(id="a1", text=text, content_hash="h1"), events=[event])


def test_duckdb_write_result_events(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "c.duckdb"))
    result = _result()
    assert [o.status for o in store.write([result])] == ["new"]
    assert store.result("a1") == result
    assert list(store.events(EventQuery(dyad=("BEL", "KAZ")))["event_id"]) == ["e1"]
    assert store.events(EventQuery(dyad=("BEL", "RUS"))).empty
    store.close()
