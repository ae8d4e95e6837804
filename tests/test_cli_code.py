"""`communique code`: formats, input order, failures and the exit status, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from tests.conftest import SEED

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["code", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_jsonl_prints_one_contract_object_per_article() -> None:
    code, out, _ = run(str(SEED))
    assert code == 0
    (line,) = out.splitlines()
    payload = json.loads(line)
    assert set(payload) == {
        "article", "events", "figures", "agreements", "people", "organizations", "milestones",
        "dropped",
    }  # fmt: skip
    assert payload["article"]["source"] == "Kazinform"
    assert payload["events"]


def test_json_prints_a_list() -> None:
    code, out, _ = run(str(SEED), "--format", "json")
    assert code == 0
    assert [r["article"]["title"] for r in json.loads(out)] == [
        "Kazakhstan-Belgium political consultations confirm commitment to strengthening cooperation"
    ]


def test_table_is_readable() -> None:
    code, out, _ = run(str(SEED), "--format", "table")
    assert code == 0
    assert "Kazakhstan-Belgium political consultations" in out
    assert "CONSULT" in out and "2022-10-17" in out


def test_table_names_people_without_a_title_plainly() -> None:
    code, out, _ = run(str(SEED.parent / "voa_stories_sample.jsonl"), "--format", "table")
    assert code == 0
    people = " ".join(line for line in out.splitlines() if line.startswith("people: "))
    assert "(Secretary of State)" in people  # a titled person keeps the title
    assert "(None)" not in out  # an untitled one (an initialism like "MBS") is the name alone


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"\x00\x01\x02binary", "binary"), (b"caf\xe9 \xff\xfe text", "UTF-8")],
)
def test_a_bad_input_fails_alone_in_input_order(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, out, err = run(str(bad), str(SEED))
    assert code == 1
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["dropped"][0]["stage"] == "ingest" and first["events"] == []
    assert second["events"]
    assert "bad.txt" in err and reason.lower() in err.lower()


def test_stdin_and_the_published_option() -> None:
    text = "Russia and China held talks in Beijing on Monday.\n"
    code, out, _ = run("-", "--published", "2024-03-06", stdin=text)
    assert code == 0
    event = json.loads(out)["events"][0]
    assert event["plover"] == "CONSULT"
    assert event["date"]["start"] == "2024-03-04"


def test_a_missing_path_is_reported() -> None:
    code, _, err = run("/nonexistent/article.txt")
    assert code == 1
    assert "/nonexistent/article.txt" in err
