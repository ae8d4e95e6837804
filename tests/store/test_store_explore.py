"""The explore aggregates (facets, partners, locations, pair counts) and full-text search, on
DuckDB and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from store_builders import event, result

from communique.models import Event, Place
from communique.store import EventQuery, Store, open_store
from communique.store.search import highlight_terms, query_terms, snippet, tokens

ASTANA = Place(name="Astana", country="KAZ", lat=51.1694, lon=71.4491)
BRUSSELS = Place(name="Brussels", country="BEL", lat=50.8503, lon=4.3517)


def placed(e: Event, place: Place) -> Event:
    return e.model_copy(update={"location": place})


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        opened.write([
            result("a1", [
                placed(event("a1", 0, "KAZ", "BEL", cameo="040", date="2022-10-18"), ASTANA),
                placed(event("a1", 1, "BEL", "KAZ", cameo="057", date="2022-10-18"), ASTANA),
                event("a1", 2, "KAZ", "RUS", cameo="112", date="2022-11-02"),
                event("a1", 3, "KAZ", "BEL", cameo="036", date=None),
            ], text="Kazakhstan and Belgium held consultations in Astana. Belgium signed a "
                    "memorandum. Kazakhstan criticised Russia."),
            result("a2", [
                placed(event("a2", 0, "KAZ", "BEL", cameo="043", date="2022-12-01"), BRUSSELS),
                event("a2", 1, "USA", "RUS", cameo="173", date="2022-12-02"),
            ], source="Astana Times", published="2022-12-01",
               text="Kazem Saeedi visited Brussels. The United States arrested Russian agents."),
            result("a3", [], source="Astana Times",
                   text="Consultations, consultations and more consultations on trade."),
        ])  # fmt: skip
        yield opened


def counts(store: Store, query: EventQuery, facet: str) -> dict[str, int]:
    return {f.value: f.count for f in store.facets(query, [facet])[facet]}  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("query", "facet", "expected"),
    [
        (EventQuery(), "plover", {"CONSULT": 2, "SUPPORT": 1, "ACCUSE": 1, "AGREE": 1,
                                  "COERCE": 1}),
        (EventQuery(), "quad_class", {"1": 4, "3": 1, "4": 1}),
        # an event counts once for each of its two countries
        (EventQuery(), "country", {"KAZ": 5, "BEL": 4, "RUS": 2, "USA": 1}),
        (EventQuery(), "publisher", {"Kazinform": 4, "Astana Times": 2}),
        (EventQuery(), "month", {"2022-12": 2, "2022-11": 1, "2022-10": 2}),
        (EventQuery(actor="RUS"), "publisher", {"Kazinform": 1, "Astana Times": 1}),
        (EventQuery(publisher="Astana Times"), "country", {"KAZ": 1, "BEL": 1, "USA": 1,
                                                           "RUS": 1}),
        (EventQuery(quad_class=1), "country", {"KAZ": 4, "BEL": 4}),
        (EventQuery(since="2022-12", until="2022-12"), "plover", {"CONSULT": 1, "COERCE": 1}),
    ],
)
def test_facets_count_matching_events(
    store: Store, query: EventQuery, facet: str, expected: dict[str, int]
) -> None:
    assert counts(store, query, facet) == expected


def test_facets_are_limited_and_ordered(store: Store) -> None:
    countries = store.facets(EventQuery(), ["country"], limit=2)["country"]
    assert [(c.value, c.count) for c in countries] == [("KAZ", 5), ("BEL", 4)]
    months = store.facets(EventQuery(), ["month"])["month"]
    assert [m.value for m in months] == ["2022-12", "2022-11", "2022-10"]  # newest first


@pytest.mark.parametrize(
    ("sort", "newest_first", "first_cameo"),
    [("goldstein", True, "057"), ("goldstein", False, "173"), ("cameo", False, "036"),
     ("date", True, "173")],
)
def test_events_sort(store: Store, sort: str, newest_first: bool, first_cameo: str) -> None:
    frame = store.events(EventQuery(sort=sort, newest_first=newest_first))  # type: ignore[arg-type]
    assert frame["cameo"].iloc[0] == first_cameo


def test_quad_and_publisher_filters(store: Store) -> None:
    assert store.count_events(EventQuery(quad_class=4)) == 1
    assert store.count_events(EventQuery(publisher="Astana Times")) == 2
    assert store.count_events(EventQuery(publisher="Nobody")) == 0


def test_partners(store: Store) -> None:
    partners = store.partners("KAZ")
    assert [(p.partner, p.events) for p in partners] == [("BEL", 4), ("RUS", 1)]
    bel = partners[0]
    assert bel.latest == "2022-12-01"
    assert bel.verbal_cooperation == 4 and bel.material_conflict == 0
    assert [p.partner for p in store.partners("USA")] == ["RUS"]
    assert store.partners("KAZ", EventQuery(since="2022-11")) [0].events == 1


def test_locations_group_events_by_place(store: Store) -> None:
    places = store.locations(EventQuery())
    assert [(p.name, p.events) for p in places] == [("Astana", 2), ("Brussels", 1)]
    assert places[0].lat == pytest.approx(51.17) and places[0].lon == pytest.approx(71.45)
    assert [p.name for p in store.locations(EventQuery(since="2022-12"))] == ["Brussels"]


def test_pair_counts_filter_by_quad_class(store: Store) -> None:
    pairs = store.pair_counts(EventQuery())
    assert [(p.a, p.b, p.events) for p in pairs] == [("BEL", "KAZ", 4), ("KAZ", "RUS", 1),
                                                     ("RUS", "USA", 1)]
    assert [(p.a, p.b) for p in store.pair_counts(EventQuery(quad_class=4))] == [("RUS", "USA")]


@pytest.mark.parametrize(
    ("text", "ranked", "total"),
    [
        # both words, in either order, in different sentences: the one article holding both first
        ("Belgium Kazakhstan", ["a1"], 1),
        ("Brussels Kazakhstan", ["a1", "a2"], 2),  # a1 names Kazakhstan twice, a2 Brussels once
        # ranked: a3 says "consultations" three times in a short text
        ("consultations", ["a3", "a1"], 2),
        # whole words only: "KAZ" is not "Kazakhstan" nor "Kazem"
        ("KAZ", [], 0),
        ("kazem", ["a2"], 1),
        ("the", [], 0),  # a stop word alone finds nothing
        ("", [], 0),
        ("Title a2", ["a2"], 3),  # the title is indexed too; every title says "Title"
    ],
)
def test_search_ranks_whole_words(
    store: Store, text: str, ranked: list[str], total: int
) -> None:
    page = store.search_articles(text)
    ids = [h.article_id for h in page.hits]
    assert ids[: len(ranked)] == ranked
    assert page.total == len(ids) == total


def test_search_pages_and_scores(store: Store) -> None:
    both = store.search_articles("consultations")
    first = store.search_articles("consultations", limit=1)
    second = store.search_articles("consultations", limit=1, offset=1)
    assert [h.article_id for h in first.hits + second.hits] == [h.article_id for h in both.hits]
    assert both.hits[0].score > both.hits[1].score > 0
    assert both.total == 2 and both.hits[0].title == "Title a3"


def test_search_index_follows_replace_and_delete(store: Store) -> None:
    store.write([result("a3", [], text="Nothing about talks here.")])
    assert [h.article_id for h in store.search_articles("consultations").hits] == ["a1"]
    store.delete(["a1"])
    assert store.search_articles("consultations").hits == []
    assert [h.article_id for h in store.search_articles("talks").hits] == ["a3"]


def test_reindex_rebuilds_the_same_index(store: Store) -> None:
    before = store.sql("SELECT * FROM article_terms ORDER BY article_id, term")
    store.sql("SELECT 1")  # read-only sandbox still works with the new tables
    assert store.reindex_search() == 3
    after = store.sql("SELECT * FROM article_terms ORDER BY article_id, term")
    assert before.equals(after)


def test_upgrade_indexes_stored_articles(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "old.duckdb")
    from communique.store.duckdb_store import DuckDBStore
    from communique.store.schema import SEARCH_INDEX_VERSION

    with DuckDBStore(path, check_version=False) as fresh:
        fresh.write([result("x1", [], text="Consultations in Astana.")])
        # pretend the database predates the index: empty it and step the version back
        fresh._execute("DELETE FROM article_terms")
        fresh._execute("DELETE FROM search_docs")
        fresh._execute("DELETE FROM schema_info")
        fresh._execute("INSERT INTO schema_info VALUES (?)", [SEARCH_INDEX_VERSION - 1])
        assert fresh.search_articles("astana").hits == []
        fresh.upgrade()
        assert [h.article_id for h in fresh.search_articles("astana").hits] == ["x1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kazakhstan's talks, 2022!", ["kazakhstan", "talks", "2022"]),
        ("The EU and a US", ["eu", "us"]),
        ("Казахстан и Бельгия", ["казахстан", "бельгия"]),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_snippet_marks_terms_and_keeps_text() -> None:
    text = ("Intro words. " * 40) + "Belgium and <b>Kazakhstan</b> agreed. " + ("Tail. " * 60)
    parts = snippet(text, query_terms("Kazakhstan belgium"))
    marked = [p.text for p in parts if p.match]
    assert marked == ["Belgium", "Kazakhstan"]
    joined = "".join(p.text for p in parts)
    assert joined.startswith("… ") and joined.endswith(" …") and "<b>Kazakhstan</b>" in joined


@given(st.text(max_size=300), st.lists(st.sampled_from(["a", "kaz", "b", "talks"]), max_size=3))
def test_highlight_terms_loses_no_text(text: str, wanted: list[str]) -> None:
    assert "".join(p.text for p in highlight_terms(text, wanted)) == text
