"""Queries and exports over a small known store, on DuckDB and PostgreSQL."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from store_builders import agreement, event, figure, result

from communique.errors import StoreError
from communique.store import EventQuery, Store, open_store, to_polars
from communique.store.exports import Dialect, ExportFormat, export, shapes


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        opened.write(
            [
                result(
                    "a1",
                    [
                        event("a1", 0, "KAZ", "BEL", cameo="040", date="2022-10-18"),
                        event("a1", 1, "BEL", "KAZ", cameo="057", date="2022-10-18"),
                        event("a1", 2, "KAZ", "RUS", cameo="112", date="2022-11-02"),
                        event("a1", 3, "KAZ", "BEL", cameo="036", date=None,
                              evidence="They plan to meet in Brussels."),
                    ],
                    figures=[
                        figure(0, "trade_turnover", 419_700_000, "KAZ", "BEL", "2021"),
                        figure(1, "exports", 300_000_000, "KAZ", "BEL", "2021"),
                        figure(2, "exports", 5_000_000, "KAZ", "RUS", "2021"),
                    ],
                    agreements=[agreement(0, ["KAZ", "BEL"]), agreement(1, ["KAZ", "RUS"])],
                ),
                result(
                    "a2",
                    [event("a2", 0, "KAZ", "BEL", cameo="043", date="2022-10-18")],
                    source="Astana Times",
                    published="2022-12-01",
                    figures=[figure(0, "trade_turnover", 500_000_000, "BEL", "KAZ", "2022")],
                ),
            ]
        )  # fmt: skip
        yield opened


@pytest.mark.parametrize(
    ("query", "expected_cameos"),
    [
        (EventQuery(), ["036", "040", "057", "112"]),
        (EventQuery(dyad=("KAZ", "BEL")), ["036", "040", "057"]),
        (EventQuery(dyad=("BEL", "KAZ")), ["036", "040", "057"]),
        (EventQuery(dyad=("KAZ", "BEL"), directed=True), ["036", "040"]),
        (EventQuery(dyad=("KAZ", "USA")), []),
        (EventQuery(actor="RUS"), ["112"]),
        (EventQuery(since="2022-11-01"), ["112"]),
        (EventQuery(until="2022-10"), ["040", "057"]),
        (EventQuery(until="2022-10-17"), []),
        (EventQuery(plover="consult"), ["040"]),
        (EventQuery(cameo="05"), ["057"]),
        (EventQuery(cameo="11"), ["112"]),
        (EventQuery(search="brussels"), ["036"]),
        (EventQuery(article_id="a2"), ["040"]),
        (EventQuery(limit=1), ["040"]),
    ],
)
def test_event_filters(store: Store, query: EventQuery, expected_cameos: list[str]) -> None:
    assert sorted(store.events(query)["cameo"]) == sorted(expected_cameos)


@pytest.mark.parametrize(
    ("query", "counts"),
    [
        (EventQuery(), {1: 3, 3: 1}),  # 036, 040, 057 verbal cooperation; 112 verbal conflict
        (EventQuery(dyad=("BEL", "KAZ")), {1: 3}),
        (EventQuery(dyad=("KAZ", "BEL"), since="2022-10"), {1: 2}),  # undated 036 left out
        (EventQuery(dyad=("KAZ", "USA")), {}),
    ],
)
def test_quad_counts(store: Store, query: EventQuery, counts: dict[int, int]) -> None:
    assert store.quad_counts(query) == counts


@pytest.mark.parametrize(
    ("dyad", "articles", "cameos"),
    [(("BEL", "KAZ"), ["a1"], ["036"]), (("KAZ", "BEL"), ["a2"], []),
     (("KAZ", "BEL"), [], []), (("KAZ", "RUS"), ["a1"], [])],
)
def test_undated_events(store: Store, dyad: tuple[str, str], articles: list[str],
                        cameos: list[str]) -> None:
    assert list(store.undated_events(dyad, articles)["cameo"]) == cameos


def test_articles_by_id_keeps_the_order_given(store: Store) -> None:
    frame = store.articles_by_id(["a2", "missing", "a1", "a2"])
    assert list(frame["id"]) == ["a2", "a1"]
    assert list(frame.columns) == ["id", "title", "published", "source", "url"]
    assert store.articles_by_id([]).empty


def test_merged_event_keeps_all_mentions(store: Store) -> None:
    merged = store.events(EventQuery(dyad=("KAZ", "BEL"), directed=True, since="2022-10-18"))
    assert list(merged["num_articles"]) == [2]
    mentions = store.mentions(str(merged["event_key"].iloc[0]))
    assert sorted(mentions["cameo"]) == ["040", "043"]
    assert sorted(mentions["publisher"]) == ["Astana Times", "Kazinform"]


def test_timeline_counts_by_quad_class_and_mean_goldstein(store: Store) -> None:
    frame = store.timeline("BEL", "KAZ")
    assert list(frame["month"]) == ["2022-10"]
    row = frame.iloc[0]
    # 040 (verbal cooperation, 1.0) and 057 (verbal cooperation, 8.0); undated 036 left out
    assert int(row["events"]) == 2
    assert int(row["verbal_cooperation"]) == 2
    assert int(row["material_conflict"]) == 0
    assert float(row["mean_goldstein"]) == pytest.approx((1.0 + 8.0) / 2)


def test_figure_table_is_years_by_kind_unit_direction(store: Store) -> None:
    table = store.figure_table(("KAZ", "BEL"))
    rows = {(r["kind"], r["direction"]): r for _, r in table.iterrows()}
    assert set(rows) == {("trade_turnover", "KAZ<->BEL"), ("exports", "KAZ->BEL")}
    assert rows[("trade_turnover", "KAZ<->BEL")]["2021"] == 419_700_000
    assert rows[("trade_turnover", "KAZ<->BEL")]["2022"] == 500_000_000
    assert pd.isna(rows[("exports", "KAZ->BEL")]["2022"])


def test_agreements_and_dyads(store: Store) -> None:
    assert list(store.agreements(("BEL", "KAZ"))["agreement_id"]) == ["ag0"]
    assert len(store.agreements()) == 2
    dyads = store.dyads()
    assert {(r.country_a, r.country_b) for r in dyads.itertuples()} == {
        ("BEL", "KAZ"),
        ("KAZ", "RUS"),
    }


def test_polars_and_articles(store: Store) -> None:
    assert to_polars(store.events(EventQuery())).height == 4
    assert list(store.articles(search="a2")["id"]) == ["a2"]
    assert set(store.actors()["country"]) == {"KAZ", "BEL", "RUS"}


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM articles",
        "INSERT INTO drops (stage) VALUES ('x')",
        "DROP TABLE events",
        "SELECT 1; DELETE FROM articles",
        "UPDATE events SET goldstein = 0",
        "CREATE TABLE x (a INT)",
        "-- SELECT\nDELETE FROM articles",
    ],
)
def test_sql_refuses_writes(store: Store, statement: str) -> None:
    with pytest.raises(StoreError):
        store.sql(statement)
    assert len(store.articles()) == 2


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("SELECT count(*) AS n FROM events", 4),
        ("with x as (select * from mentions) select count(*) as n from x", 5),
        ("/* a comment */ SELECT count(*) AS n FROM articles;", 2),
    ],
)
def test_sql_reads(store: Store, statement: str, expected: int) -> None:
    assert int(store.sql(statement)["n"][0]) == expected


def test_failed_sql_says_where_the_tables_are(store: Store) -> None:
    with pytest.raises(StoreError) as failure:
        store.sql("SELECT nothing FROM no_such_table")
    assert failure.value.hint is not None and "docs/STORE.md" in failure.value.hint
    assert len(store.articles()) == 2


@pytest.mark.postgres
def test_postgres_read_only_transaction_stops_data_modifying_cte(postgres_server) -> None:  # type: ignore[no-untyped-def]
    with open_store(postgres_server.create_database()) as store:
        store.write([result("a1")])
        with pytest.raises(StoreError):
            store.sql("WITH gone AS (DELETE FROM articles RETURNING id) SELECT * FROM gone")
        assert len(store.articles()) == 1


@pytest.mark.parametrize("fmt", ["gdelt", "icews", "polecat"])
def test_csv_exports_have_the_published_columns_in_order(
    store: Store, fmt: str, tmp_path: Path
) -> None:
    output = tmp_path / f"out.{fmt}.csv"
    assert export(store, ExportFormat(fmt), output, ("KAZ", "BEL"), Dialect.rich) == 3
    with output.open() as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    assert header == [c.name for c in shapes()[f"{fmt}_rich"].columns]
    assert len(header) == {"gdelt": 61, "icews": 20, "polecat": 39}[fmt]
    records = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    if fmt == "gdelt":
        dated = [r for r in records if r["SQLDATE"] == "20221018" and r["EventRootCode"] == "04"]
        assert dated[0]["NumArticles"] == "2"
        assert dated[0]["Actor1CountryCode"] == "KAZ"
        assert dated[0]["FractionDate"] == f"{2022 + (10 * 30 + 18) / 365:.4f}"
    if fmt == "icews":
        assert {r["Source Country"] for r in records} == {"Kazakhstan", "Belgium"}
    if fmt == "polecat":
        assert {r["Event Type"] for r in records} >= {"consult", "support"}


def test_native_exports(store: Store, tmp_path: Path) -> None:
    assert export(store, ExportFormat.jsonl, tmp_path / "all.jsonl") == 2
    lines = (tmp_path / "all.jsonl").read_text().splitlines()
    assert store.result("a1") == type(store.result("a1")).model_validate(json.loads(lines[0]))  # type: ignore[union-attr]
    assert export(store, ExportFormat.jsonl, tmp_path / "rus.jsonl", ("KAZ", "RUS")) == 1
    assert export(store, ExportFormat.parquet, tmp_path / "events.parquet") == 4
    assert len(pd.read_parquet(tmp_path / "events.parquet")) == 4


def test_exports_doc_lists_every_column() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "EXPORTS.md").read_text()
    for shape in shapes().values():
        for column in shape.columns:
            assert f"| {column.name} |" in doc, column.name
