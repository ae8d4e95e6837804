"""Writing: idempotency, replacement, event deduplication, people identity, drops, schema versions.

Every test runs against DuckDB and a real PostgreSQL server (the `store_url` fixture).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from store_builders import event, result

from communique.errors import SchemaVersionError
from communique.models import Dropped, Person
from communique.store import EventQuery, Store, open_store
from communique.store.schema import ALL_TABLES, LATEST_VERSION
from communique.store.sql_store import SqlStore


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


def counts(store: Store) -> dict[str, int]:
    return {
        t.name: int(store.sql(f"SELECT count(*) AS n FROM {t.name}")["n"][0]) for t in ALL_TABLES
    }


def test_same_input_twice_adds_nothing(store: Store) -> None:
    batch = [
        result("a1", [event("a1", 0, "KAZ", "BEL")]),
        result("a2", [event("a2", 0, "RUS", "USA")]),
    ]
    assert [o.status for o in store.write(batch)] == ["new", "new"]
    before = counts(store)
    assert [o.status for o in store.write(batch)] == ["unchanged", "unchanged"]
    assert counts(store) == before
    assert before["articles"] == 2 and before["mentions"] == 2


def test_changed_article_replaces_its_own_rows(store: Store) -> None:
    store.write([result("a1", [event("a1", 0, "KAZ", "BEL"), event("a1", 1, "KAZ", "RUS")])])
    store.write([result("other", [event("other", 0, "USA", "RUS")])])
    changed = result("a1", [event("a1", 0, "KAZ", "BEL", cameo="036")], text="Changed text.")
    assert [o.status for o in store.write([changed])] == ["replaced"]
    mentions = store.sql("SELECT article_id, cameo FROM mentions ORDER BY article_id")
    assert list(zip(mentions["article_id"], mentions["cameo"], strict=True)) == [
        ("a1", "036"),
        ("other", "040"),
    ]
    assert store.result("a1") == changed
    assert counts(store)["events"] == 2


@pytest.mark.parametrize(
    ("second", "expected_events", "expected_mentions_of_first"),
    [
        # same source, target, CAMEO root and day: one event, two mentions
        (dict(source="KAZ", target="BEL", cameo="043"), 1, 2),
        # the reverse direction is another event
        (dict(source="BEL", target="KAZ"), 2, 1),
        # another CAMEO root
        (dict(source="KAZ", target="BEL", cameo="057"), 2, 1),
        # another day
        (dict(source="KAZ", target="BEL", date="2022-10-19"), 2, 1),
        # undated events never merge across articles
        (dict(source="KAZ", target="BEL", date=None), 2, 1),
        # a month is not a day
        (dict(source="KAZ", target="BEL", date="2022-10-01", granularity="month"), 2, 1),
        # no source country: nothing to merge on
        (dict(source=None, target="BEL"), 2, 1),
    ],
)
def test_events_reported_by_several_articles_are_one_event(
    store: Store, second: dict[str, str], expected_events: int, expected_mentions_of_first: int
) -> None:
    store.write([result("a1", [event("a1", 0, "KAZ", "BEL", confidence=0.9)], source="Kazinform")])
    store.write([result("a2", [event("a2", 0, **second)], source="Astana Times")])  # type: ignore[arg-type]
    events = store.events(EventQuery())
    assert len(events) == expected_events
    first = events[events["event_id"] == "a1-e0"]
    assert int(first["num_mentions"].iloc[0]) == expected_mentions_of_first
    assert int(first["num_sources"].iloc[0]) == expected_mentions_of_first
    assert counts(store)["mentions"] == 2


def test_undated_events_are_not_merged_and_merged_events_split_when_replaced(store: Store) -> None:
    store.write(
        [result("a1", [event("a1", 0, "KAZ", "BEL")]), result("a2", [event("a2", 0, "KAZ", "BEL")])]
    )
    assert list(store.events(EventQuery())["num_articles"]) == [2]
    store.write([result("a2", [event("a2", 0, "KAZ", "BEL", date="2022-11-02")], text="new")])
    assert sorted(store.events(EventQuery())["num_articles"]) == [1, 1]


def test_representative_does_not_depend_on_ingest_order(store_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a = result("a1", [event("a1", 0, "KAZ", "BEL", cameo="040", confidence=0.6)])
    b = result("a2", [event("a2", 0, "KAZ", "BEL", cameo="043", confidence=0.9)])
    with open_store(store_url) as first:
        first.write([a])
        first.write([b])
        one = first.table("events")
    with open_store(str(tmp_path / "other.duckdb")) as second:
        second.write([b])
        second.write([a])
        two = second.table("events")
    assert list(one["cameo"]) == list(two["cameo"]) == ["043"]


def test_person_is_one_identity_with_dated_roles(store: Store) -> None:
    first = Person(
        name="Mukhtar Tileuberdi", title="Foreign Minister", country="KAZ", mentions=[(0, 5)]
    )
    later = Person(name="MUKHTAR TILEUBERDI", title="Deputy Prime Minister", country="KAZ")
    store.write([result("a1", people=[first], published="2021-05-01")])
    store.write([result("a2", people=[later], published="2022-10-18")])
    store.write([result("a3", people=[first], published="2021-06-01")])
    people = store.people()
    assert len(people) == 1
    assert people["articles"].iloc[0] == 3
    assert people["title"].iloc[0] == "Deputy Prime Minister"
    roles = store.person_roles()
    assert list(zip(roles["title"], roles["since"], roles["until"], strict=True)) == [
        ("Foreign Minister", "2021-05-01", "2021-06-01"),
        ("Deputy Prime Minister", "2022-10-18", "2022-10-18"),
    ]


def test_one_person_across_scripts(store: Store) -> None:
    """An English and a Russian report of the same officials: one person each (issue 16)."""
    english = [
        Person(name="Roman Vassilenko", title="Deputy Foreign Minister", country="KAZ"),
        Person(name="Jeroen Kooreman", title="Director General", country="BEL"),
        Person(name="Kassym-Jomart Tokayev", title="President", country="KAZ"),
    ]
    russian = [
        Person(name="Роман Василенко", title="заместитель министра", country="KAZ"),
        Person(name="Йерун Кореман", title="генеральный директор", country="BEL"),
        Person(name="Касым-Жомарт Токаев", title="Президент", country="KAZ"),
    ]
    store.write([result("en", people=english, published="2022-10-18")])
    store.write([result("ru", people=russian, published="2022-10-18")])
    people = store.people()
    assert len(people) == 3
    assert set(people["articles"]) == {2}


def test_upgrade_to_v8_rekeys_people_stored_under_name_keys(store_url: str) -> None:
    with open_store(store_url) as s:
        s.write([result("en", people=[Person(name="Roman Vassilenko", country="KAZ")]),
                 result("ru", people=[Person(name="Роман Василенко", country="KAZ")])])
        s._execute("UPDATE article_people SET person_key = lower(name) || '|' || country")  # type: ignore[attr-defined]
        s._execute("DELETE FROM schema_info")  # type: ignore[attr-defined]
        s._execute("INSERT INTO schema_info (version) VALUES (7)")  # type: ignore[attr-defined]
        assert s.upgrade() == LATEST_VERSION
        people = s.people()
        assert len(people) == 1 and people["articles"].iloc[0] == 2


def test_failed_input_is_a_drop_and_not_an_article(store: Store) -> None:
    failed = result(
        "docs/bad.jsonl:3", text="", dropped=[Dropped(stage="ingest", reason="invalid JSON")]
    )
    partial = result("a1", dropped=[Dropped(stage="resolve", reason="ValueError", detail="x")])
    outcomes = store.write([failed, partial])
    assert [o.status for o in outcomes] == ["failed", "new"]
    drops = store.drops()
    assert sorted(drops["stage"]) == ["ingest", "resolve"]
    assert store.articles()["id"].tolist() == ["a1"]
    assert store.result("docs/bad.jsonl:3") == failed
    store.delete(["docs/bad.jsonl:3"])
    assert store.drops()["stage"].tolist() == ["resolve"]


def test_old_schema_asks_for_upgrade(store_url: str) -> None:
    with open_store(store_url) as s:
        assert s.schema_version() == LATEST_VERSION
        for table in ("schema_info", *(t.name for t in ALL_TABLES)):
            s._execute(f"DROP TABLE {table}")  # type: ignore[attr-defined]
        assert s.upgrade(target=1) == 1  # a database as the first release made it
        s.write([result("a1", [event("a1", 0, "KAZ", "BEL")])])
    with pytest.raises(SchemaVersionError, match="communique db upgrade"):
        open_store(store_url)
    with open_store(store_url, check_version=False) as s:
        assert s.schema_version() == 1
        assert s.upgrade() == LATEST_VERSION
    with open_store(store_url) as s:
        assert s.schema_version() == LATEST_VERSION
        assert len(s.events(EventQuery(dyad=("KAZ", "BEL")))) == 1


def test_backend_specific_migrations_apply_only_to_their_backend(store_url: str) -> None:
    with open_store(store_url) as s:
        assert s.schema_version() == LATEST_VERSION
        if s.backend == "duckdb":  # type: ignore[attr-defined]
            indexes = s.sql("SELECT index_name FROM duckdb_indexes()")["index_name"].tolist()
            assert "mentions_key" not in indexes  # dropped by v3: not worth its write cost
        else:
            indexes = s.sql("SELECT indexname FROM pg_indexes")["indexname"].tolist()
            assert "mentions_key" in indexes
        assert "person_roles_key" in indexes


def test_a_nested_transaction_joins_the_outer_one(store: Store) -> None:
    assert isinstance(store, SqlStore)
    with pytest.raises(RuntimeError), store.transaction():
        store.write([result("a1", [event("a1", 0, "KAZ", "BEL")])])  # nested: no commit of its own
        raise RuntimeError("after the write")
    assert store.known(["a1"]) == {}
    assert counts(store)["events"] == 0
    assert [o.status for o in store.write([result("a1")])] == ["new"]


def test_newer_schema_is_refused(store_url: str) -> None:
    with open_store(store_url) as s:
        s._execute("UPDATE schema_info SET version = 99")  # type: ignore[attr-defined]
    with pytest.raises(SchemaVersionError, match="newer"):
        open_store(store_url)


def test_figure_columns_of_schema_v4(store: Store) -> None:
    from communique.models import Duration, Figure

    rich = Figure(
        id="f-range", kind="loan", value=8e9, unit="USD", low=6e9, high=8e9,
        per="year", duration=Duration(value=3, unit="year", text="three-year"),
        item=None, share_of=None, event_id="e1", agreement_ids=["ag1", "ag2"],
        text="a three-year loan program valued at $6 - $8 billion", span=(0, 10),
    )  # fmt: skip
    count = Figure(
        id="f-count", kind="deployment", value=1e4, unit="count", approximate=True,
        magnitude=1e4, low=1e4, high=1e5, item="troops", text="tens of thousands of troops",
        span=(20, 37),
    )  # fmt: skip
    store.write([result("a1", figures=[rich, count])])
    rows = store.sql(
        "SELECT figure_id, low, high, magnitude, per, duration_value, duration_unit, "
        "duration_text, item, event_id, agreement_ids FROM figures ORDER BY figure_id"
    )
    rows = rows.astype(object).where(rows.notna(), None)
    assert rows.to_dict("records") == [
        {"figure_id": "f-count", "low": 1e4, "high": 1e5, "magnitude": 1e4, "per": None,
         "duration_value": None, "duration_unit": None, "duration_text": None,
         "item": "troops", "event_id": None, "agreement_ids": None},
        {"figure_id": "f-range", "low": 6e9, "high": 8e9, "magnitude": None, "per": "year",
         "duration_value": 3.0, "duration_unit": "year", "duration_text": "three-year",
         "item": None, "event_id": "e1", "agreement_ids": "ag1,ag2"},
    ]  # fmt: skip
    assert store.result("a1") is not None and store.result("a1").figures == [rich, count]  # type: ignore[union-attr]


def test_upgrade_to_v4_adds_the_figure_columns(store_url: str) -> None:
    with open_store(store_url) as s:
        for table in ("schema_info", *(t.name for t in ALL_TABLES)):
            s._execute(f"DROP TABLE {table}")  # type: ignore[attr-defined]
        assert s.upgrade(target=3) == 3
        assert "low" not in s.sql("SELECT * FROM figures").columns
        assert s.upgrade() == LATEST_VERSION
        assert {"low", "high", "event_id", "agreement_ids"} <= set(
            s.sql("SELECT * FROM figures").columns
        )

@pytest.mark.parametrize(
    ("asked", "found"),
    [
        ("Vassilenko", ["Roman Vassilenko"]),
        ("roman vass", ["Roman Vassilenko"]),
        ("VASSILENKO", ["Roman Vassilenko"]),
        ("Tileuberdi", ["Mukhtar Tileuberdi"]),
        ("mhtr tileuberdi|KAZ", ["Mukhtar Tileuberdi"]),  # the key (rows.person_key)
        ("enko", ["Roman Vassilenko"]),
        ("Lavrov", []),
        ("%", []),
        ("_", []),
    ],
)
def test_person_roles_find_by_part_of_a_name(store: Store, asked: str, found: list[str]) -> None:
    people = [
        Person(name="Roman Vassilenko", title="Deputy Foreign Minister", country="KAZ"),
        Person(name="Mukhtar Tileuberdi", title="Foreign Minister", country="KAZ"),
    ]
    store.write([result("a1", people=people, published="2022-10-18")])
    assert sorted(set(store.person_roles(asked)["name"])) == found
