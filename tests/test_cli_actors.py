"""`communique actors lookup`: readings of a name, by date, with their source, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.actors.knowledge import knowledge_base
from communique.cli import app

runner = CliRunner()


def readings(*args: str) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(app, ["actors", "lookup", *args, "--json"])
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize(
    ("args", "kind", "country", "office", "source"),
    [
        (("Tokayev", "--date", "2000-06-01"), "person", "KAZ", None, "petrarch2"),
        (("Tokayev", "--date", "2022-01-05"), "person", "KAZ", "President", "factbook"),
        (("Keir Starmer",), "person", "GBR", "Prime Minister", "factbook"),
        (("Hamas",), "group", "PSE", None, "petrarch2-nonstate"),
        (("United Nations",), "organization", "IGO", None, "organizations"),
        (("Kremlin",), "state", "RUS", None, "country seat"),
        (("Belgian",), "state", "BEL", None, "country adjective"),
    ],
)
def test_lookup_shows_the_reading_and_its_source(
    args: tuple[str, ...], kind: str, country: str, office: str | None, source: str
) -> None:
    code, found = readings(*args)
    assert code == 0 and found
    first = next(r for r in found if r["origin"] == source)
    assert (first["kind"], first["country"], first["office"]) == (kind, country, office)
    if kind == "person":  # the role held on the date comes first
        assert found[0] == first


def test_table_output_names_the_file_and_line() -> None:
    result = runner.invoke(
        app, ["actors", "lookup", "Obama", "--date", "2012-01-01"], env={"COLUMNS": "250"}
    )
    assert result.exit_code == 0
    assert "Barack Obama" in result.stdout and "people.tsv:" in result.stdout


def test_unknown_name_exits_1_and_says_how_to_add_it() -> None:
    result = runner.invoke(app, ["actors", "lookup", "Zorblat Quuxington"])
    assert result.exit_code == 1 and "COMMUNIQUE_DATA_DIR" in result.stdout


def test_bad_date_is_an_input_error() -> None:
    result = runner.invoke(app, ["actors", "lookup", "Tokayev", "--date", "yesterday"])
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in str(result.exception) or "YYYY-MM-DD" in result.output


def test_lookup_reads_the_users_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "actors" / "kb"
    folder.mkdir(parents=True)
    (folder / "aliases.tsv").write_text("alias\tname\nK. Tokayev\tKasymzhomart Tokayev\n")
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", str(tmp_path))
    knowledge_base.cache_clear()
    try:
        code, found = readings("K. Tokayev", "--date", "2000-06-01")
        assert code == 0 and found[0]["country"] == "KAZ" and found[0]["by"] == "alias"
    finally:
        knowledge_base.cache_clear()
