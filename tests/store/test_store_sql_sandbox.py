"""`communique sql` / `Store.sql` is a read-only sandbox on both backends (issue 12).

The escape attempts of the issue (COPY, EXPLAIN ANALYZE COPY, read_text, glob, ATTACH,
INSTALL/LOAD, PRAGMA, several statements, pg_read_file) are refused on DuckDB and PostgreSQL and
leave no file behind; on DuckDB the connection refuses them even past the statement checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from store_builders import result
from typer.testing import CliRunner

from communique.errors import StoreError
from communique.store import Store, open_store
from communique.store.sql_guard import check_read_only


@pytest.fixture
def store(store_url: str) -> Store:
    s = open_store(store_url)
    s.write([result("a1"), result("a2")])
    return s


def _escapes(tmp: Path) -> list[str]:
    out = tmp / "out.csv"
    return [
        f"COPY (SELECT * FROM articles) TO '{out}'",
        f"EXPLAIN ANALYZE COPY (SELECT * FROM articles) TO '{out}'",
        f"EXPLAIN ANALYSE VERBOSE COPY articles TO '{out}'",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM glob('/root/*')",
        "SELECT * FROM read_csv('/etc/passwd')",
        f"ATTACH '{tmp / 'other.duckdb'}' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "PRAGMA database_list",
        "SET enable_external_access = true",
        "SELECT 1; DELETE FROM articles",
        "SELECT 1; SELECT 2",
        "DELETE FROM articles",
        "WITH gone AS (DELETE FROM articles RETURNING id) SELECT * FROM gone",
        "SELECT pg_read_file('/etc/hostname')",
        "SELECT * FROM pg_ls_dir('.')",
        "SELECT lo_import('/etc/hostname')",
        "CALL pragma_version()",
        "",
        "SELECT 'unterminated",
    ]


def test_escape_attempts_are_refused(store: Store, tmp_path: Path) -> None:
    for attempt in _escapes(tmp_path):
        with pytest.raises(StoreError):
            store.sql(attempt)
    assert not (tmp_path / "out.csv").exists()
    assert not (tmp_path / "other.duckdb").exists()
    assert len(store.articles()) == 2


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM glob('/*')",
        "COPY (SELECT 1) TO '{tmp}/x.csv'",
        "EXPLAIN ANALYZE COPY (SELECT 1) TO '{tmp}/x.csv'",
        "ATTACH '{tmp}/y.duckdb'",
        "INSTALL httpfs",
        "LOAD httpfs",
    ],
)
def test_duckdb_connection_refuses_files_without_the_checks(tmp_path: Path, query: str) -> None:
    """The first line of the sandbox: external access is off on the connection itself."""
    with open_store(str(tmp_path / "s.duckdb")) as store, pytest.raises(StoreError):
        store._read_only_frame(query.format(tmp=tmp_path), None, None)  # type: ignore[attr-defined]
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "y.duckdb").exists()


@pytest.mark.parametrize(
    ("query", "value"),
    [
        ("SELECT 'a;b' AS v", "a;b"),
        ("SELECT 'COPY; DELETE' AS v", "COPY; DELETE"),
        ('SELECT 1 AS "update; x"', 1),
        ("-- a comment; with a semicolon\nSELECT 2 AS v;", 2),
        ("/* ; */ SELECT 3 AS v", 3),
        ("SELECT 'it''s' AS v", "it's"),
        ("WITH t AS (SELECT 4 AS v) SELECT v FROM t", 4),
    ],
)
def test_real_queries_run(store: Store, query: str, value: object) -> None:
    frame = store.sql(query)
    assert frame.iloc[0, 0] == value


def test_row_cap_and_truncation_flag(store: Store) -> None:
    capped = store.sql("SELECT id FROM articles ORDER BY id", max_rows=1)
    assert list(capped["id"]) == ["a1"] and capped.attrs["truncated"]
    full = store.sql("SELECT id FROM articles ORDER BY id", max_rows=5)
    assert list(full["id"]) == ["a1", "a2"] and not full.attrs["truncated"]


def test_statement_timeout(store: Store) -> None:
    slow = (
        "SELECT count(*) FROM generate_series(1, 100000000000) AS t(x)"
        if store.backend == "postgresql"  # type: ignore[attr-defined]
        else "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b"
    )
    with pytest.raises(StoreError) as failure:
        store.sql(slow, timeout_s=0.5)
    assert "longer than" in str(failure.value)
    assert len(store.articles()) == 2  # the store still answers


@pytest.mark.parametrize(
    "query",
    ["SELECT 1;", "select 1", "EXPLAIN SELECT 1", "EXPLAIN ANALYZE SELECT 1", "FROM articles",
     "VALUES (1)", "SHOW TABLES", "DESCRIBE articles", "SELECT $$a;b$$", "SELECT E'a\\';b'"],
)
def test_checks_accept(query: str) -> None:
    assert check_read_only(query) == query


def test_cli_sql_is_read_only_and_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from communique.cli import app

    db = str(tmp_path / "c.duckdb")
    with open_store(db) as store:
        store.write([result("a1"), result("a2")])
    monkeypatch.setenv("COMMUNIQUE_SQL_MAX_ROWS", "1")
    runner = CliRunner()
    ok = runner.invoke(app, ["sql", "SELECT 'a;b' AS v, id FROM articles", "--db", db,
                             "--format", "csv"])
    assert ok.exit_code == 0, ok.output
    assert "a;b" in ok.output and "only the first 1 rows" in ok.output
    bad = runner.invoke(app, ["sql", f"COPY articles TO '{tmp_path / 'o.csv'}'", "--db", db])
    assert bad.exit_code != 0
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.postgres
def test_doctor_warns_about_a_superuser_store(postgres_server) -> None:  # type: ignore[no-untyped-def]
    from communique.doctor import check_database_role

    check = check_database_role(postgres_server.create_database())  # the test server's superuser
    assert check is not None and check.status != "ok" and "superuser" in check.detail
    assert check_database_role("local.duckdb") is None
