"""The store commands as a new user meets them: each test pins a defect of issue 13 or a rule of the
CLI's one grammar (docs/STORE.md, cli/options.py). The stand-in coder keeps them fast."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
import store_fake_coder
from typer.testing import CliRunner

from communique.cli import app
from communique.errors import StoreNotFoundError
from communique.flat import EventRow
from communique.store import open_store
from communique.store.frames import figure_pivot
from communique.store.ingest import ingest, retry

runner = CliRunner()
CODER = ["--coder", "store_fake_coder:make", "--no-progress"]
# Three events on three days between KAZ and BEL, one mentioned by two articles.
LINES = [
    {"id": "a1", "text": "KAZ BEL 040 2022-10-18|BEL KAZ 057 2022-11-02"},
    {"id": "a2", "text": "KAZ BEL 040 2022-10-18"},
    {"id": "a3", "text": "KAZ BEL 036 2022-12-01"},
]


def corpus(path: Path, lines: list[dict[str, str]] | list[str]) -> Path:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    return path


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A DuckDB store holding LINES (3 events, 4 mentions)."""
    url = str(tmp_path / "cli.duckdb")
    done = runner.invoke(
        app, ["ingest", str(corpus(tmp_path / "c.jsonl", LINES)), "--db", url, *CODER]
    )
    assert done.exit_code == 0, done.output
    return url


# -- a missing store is an error, never a new empty one -------------------------------------------
READ_COMMANDS = [
    ["events"], ["timeline", "--dyad", "KAZ-BEL"], ["actors"], ["people"], ["organizations"],
    ["figures"], ["agreements"], ["drops"], ["retry"], ["sql", "SELECT 1"],
    ["export", "-f", "gdelt", "-o", "x.tsv"], ["db", "version"], ["serve"],
]  # fmt: skip


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_refuse_a_missing_store_and_create_none(
    tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "typo.duckdb"
    result = runner.invoke(app, [*command, "--db", str(missing)])
    assert isinstance(result.exception, StoreNotFoundError)
    assert str(missing) in str(result.exception)
    assert "communique ingest" in str(result.exception)
    assert not missing.exists()


def test_the_default_store_is_not_created_by_a_query(tmp_path: Path) -> None:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(app, ["events"], env={"COMMUNIQUE_DB": None})
    finally:
        os.chdir(cwd)
    assert isinstance(result.exception, StoreNotFoundError)
    assert not (tmp_path / "communique.duckdb").exists()


def test_db_upgrade_creates_an_empty_store(tmp_path: Path) -> None:
    url = str(tmp_path / "new.duckdb")
    assert runner.invoke(app, ["db", "upgrade", "--db", url]).exit_code == 0
    listed = runner.invoke(app, ["events", "--db", url, "-f", "json"])
    assert listed.exit_code == 0 and json.loads(listed.stdout) == []


# -- retry -----------------------------------------------------------------------------------------
def test_retry_survives_drops_without_a_line_number(store_url: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01")
    with open_store(store_url) as store:
        first = ingest(
            [str(empty), str(binary), str(tmp_path / "gone.txt")], store,
            coder=store_fake_coder.code, progress=False,
        )  # fmt: skip
        assert first.failed == 3
        again = retry(store, coder=store_fake_coder.code)  # crashed: "boolean value of NA"
        assert again.failed == 2 and again.missing == [str(tmp_path / "gone.txt")]
        assert len(store.drops()) == 3


def test_retry_from_another_folder_finds_the_inputs(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "elsewhere").mkdir()
    good = {"id": "a1", "text": "KAZ BEL 040 2022-10-18"}
    source = corpus(tmp_path / "data" / "c.jsonl", [good, '{"id": "a2", "text": "KAZ'])
    monkeypatch.chdir(tmp_path / "data")
    with open_store(store_url) as store:
        first = ingest(["c.jsonl"], store, coder=store_fake_coder.code, progress=False)
        assert first.failed == 1
        assert store.drops()["origin"].tolist() == [str(source)]  # absolute
        corpus(source, [good, {"id": "a2", "text": "KAZ RUS 057 2022-10-19"}])
        monkeypatch.chdir(tmp_path / "elsewhere")
        again = retry(store, coder=store_fake_coder.code)
        assert (again.new, again.missing) == (1, [])
        assert store.drops().empty


def test_retry_cli_exits_1_when_inputs_still_fail(tmp_path: Path) -> None:
    url = str(tmp_path / "r.duckdb")
    bad = corpus(tmp_path / "c.jsonl", ['{"id": "a1", "te'])
    done = runner.invoke(app, ["ingest", str(bad), "--db", url, *CODER])
    assert done.exit_code == 1  # was 0 with a failed input
    again = runner.invoke(app, ["retry", "--db", url, "--coder", "store_fake_coder:make"])
    assert again.exit_code == 1
    assert "1 failed" in again.stderr


# -- ingest: summary, exit status, progress -------------------------------------------------------
def test_ingest_summary_counts_mentions_and_events_apart(tmp_path: Path) -> None:
    url = str(tmp_path / "s.duckdb")
    done = runner.invoke(
        app, ["ingest", str(corpus(tmp_path / "c.jsonl", LINES)), "--db", url, *CODER]
    )
    assert done.exit_code == 0
    (line,) = [x for x in done.stderr.splitlines() if x.startswith("ingest:")]
    assert "3 articles (3 new" in line
    assert "4 mentions, +3 events (3 in the store), 0 drops" in line


def test_ingest_exits_1_when_an_input_failed(tmp_path: Path) -> None:
    source = corpus(tmp_path / "c.jsonl", [LINES[0], "{broken"])
    done = runner.invoke(app, ["ingest", str(source), "--db", str(tmp_path / "x.duckdb"), *CODER])
    assert done.exit_code == 1
    assert "1 input(s) failed" in done.stderr


def test_progress_moves_per_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bar advanced once per stored batch (256 articles); now once per coded article."""
    from rich.console import Console
    from rich.progress import Progress

    import communique.store.ingest as module

    seen: list[float] = []

    class Recording(Progress):
        def update(self, task_id, **fields):  # type: ignore[no-untyped-def, override]
            if fields.get("completed") is not None:
                seen.append(fields["completed"])
            super().update(task_id, **fields)

    make = module._progress
    monkeypatch.setattr(
        module, "_progress", lambda console: Recording(*make(console).columns, console=console)
    )
    source = corpus(
        tmp_path / "c.jsonl", [{"id": f"a{i}", "text": "KAZ BEL 040 2022-10-18"} for i in range(5)]
    )
    with open_store(str(tmp_path / "p.duckdb")) as store:
        console = Console(file=io.StringIO(), force_terminal=True)
        ingest([str(source)], store, coder=store_fake_coder.code, console=console)
    assert seen[:5] == [1, 2, 3, 4, 5]
    assert "articles/s" in console.file.getvalue()  # type: ignore[attr-defined]


# -- one grammar -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "--since", "yesterday"], "bad --since"),
        (["events", "--until", "2022-13"], "bad --until"),
        (["events", "--dyad", "KZ-BE"], "bad --dyad"),
        (["figures", "--dyad", "KAZ"], "bad --dyad"),
        (["timeline", "--dyad", "KAZ-BE"], "bad --dyad"),
        (["timeline"], "timeline needs a pair"),
    ],
)
def test_bad_values_are_refused_like_the_api(db: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exception is not None and message in str(result.exception)


def test_events_limit_says_how_many_rows_are_left_out(db: str) -> None:
    two = runner.invoke(app, ["events", "--db", db, "--limit", "2", "-f", "csv"])
    assert len(list(csv.DictReader(io.StringIO(two.stdout)))) == 2
    assert "1 more rows; use --limit 0 for all" in two.stderr
    every = runner.invoke(app, ["events", "--db", db, "--limit", "0", "-f", "csv"])
    assert len(list(csv.DictReader(io.StringIO(every.stdout)))) == 3
    assert "more rows" not in every.stderr


def test_events_page_past_the_query_cap_with_limit_0(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import communique.store.base as base

    monkeypatch.setattr(base, "MAX_QUERY_ROWS", 2)  # pages of 2: --limit 0 must read them all
    every = runner.invoke(app, ["events", "--db", db, "--limit", "0", "-f", "jsonl"])
    assert len(every.stdout.splitlines()) == 3


LISTINGS = [
    ["events"], ["timeline", "--dyad", "KAZ-BEL"], ["timeline", "KAZ", "BEL"], ["actors"],
    ["people"], ["people", "--roles"], ["organizations"], ["figures"],
    ["figures", "--dyad", "KAZ-BEL"], ["agreements"], ["drops"], ["sql", "SELECT 1 AS one"],
]  # fmt: skip


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_every_listing_prints_every_format(db: str, command: list[str], fmt: str) -> None:
    result = runner.invoke(app, [*command, "--db", db, "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert isinstance(json.loads(result.stdout), list)
    elif fmt == "jsonl":
        assert all(isinstance(json.loads(x), dict) for x in result.stdout.splitlines())


def test_cli_and_api_share_the_event_shape(db: str) -> None:
    from fastapi.testclient import TestClient

    from communique.api import create_app

    cli = json.loads(runner.invoke(app, ["events", "--db", db, "-f", "json"]).stdout)
    with TestClient(create_app(db)) as client:
        api = client.get("/api/events", params={"limit": 10}).json()["items"]
    assert cli == api
    assert set(cli[0]) == set(EventRow.model_fields)
    assert {"date", "trigger"} <= set(cli[0]) and "date_start" not in cli[0]


def test_people_and_organizations_hide_internal_keys_in_tables(db: str) -> None:
    table = runner.invoke(app, ["people", "--db", db])
    assert "person_key" not in table.stdout and "Official" in table.stdout
    as_json = json.loads(runner.invoke(app, ["people", "--db", db, "-f", "json"]).stdout)
    assert next(iter(as_json[0])) == "name"
    assert list(as_json[0])[-1] == "person_key"  # kept for `people --person KEY`, last


def test_figures_without_a_pair_is_a_readable_table(tmp_path: Path) -> None:
    from communique.cli.store_cmds import FIGURE_TABLE_COLUMNS

    url = str(tmp_path / "f.duckdb")
    runner.invoke(app, ["db", "upgrade", "--db", url])
    table = runner.invoke(app, ["figures", "--db", url])
    header = next(x for x in table.stdout.splitlines() if "kind" in x)
    assert [c for c in FIGURE_TABLE_COLUMNS if c in header] == list(FIGURE_TABLE_COLUMNS)
    assert "figure_id" not in table.stdout


def test_a_multi_year_period_is_its_own_column_not_its_first_year() -> None:
    import pandas as pd

    figures = pd.DataFrame(
        {
            "kind": ["fdi_inflow", "fdi_inflow"], "unit": ["USD", "USD"],
            "from_country": ["BEL", "BEL"], "to_country": ["KAZ", "KAZ"],
            "value": [9.96e9, 1.069e9], "period_start": ["2005-01-01", "2021-01-01"],
            "period_end": ["2021-12-31", "2021-12-31"], "published": ["2022-10-18"] * 2,
            "article_id": ["a", "a"], "position": [0, 1],
        }
    )  # fmt: skip
    table = figure_pivot(figures, ("KAZ", "BEL"))
    assert "2005" not in table.columns
    assert table["2005-2021"].tolist() == [9.96e9]
    assert table["2021"].tolist() == [1.069e9]


def test_export_to_stdout_writes_no_file_named_dash(db: str, tmp_path: Path) -> None:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(app, ["export", "-f", "gdelt", "-o", "-", "--db", db])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0
    assert not (tmp_path / "-").exists()
    assert len(result.stdout.splitlines()) >= 3


def test_version() -> None:
    from communique import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"communique {__version__}"
