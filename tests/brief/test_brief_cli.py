"""`communique brief`: Markdown, HTML and PDF from a store, and its refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(seed_db: Path) -> str:
    return str(seed_db)


def test_markdown_to_stdout(db: str) -> None:
    result = runner.invoke(app, ["brief", "KAZ", "BEL", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Kazakhstan – Belgium: brief")
    assert "## Summary" in result.output and "[E1](#e1)" in result.output


@pytest.mark.parametrize(("fmt", "magic"), [("html", b"<!doctype html>"), ("pdf", b"%PDF-")])
def test_file_formats(db: str, tmp_path: Path, fmt: str, magic: bytes) -> None:
    out = tmp_path / f"brief.{fmt}"
    result = runner.invoke(app, ["brief", "kaz", "bel", "--db", db, "--since", "2022",
                                 "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["KAZ", "BELX"], "bad second country"),
        (["KAZ", "BEL", "--since", "2022-13"], "bad --since"),
        (["KAZ", "BEL", "--since", "2023", "--until", "2022"], "is after --until"),
    ],
)
def test_refusals(db: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["brief", *args, "--db", db])
    assert result.exit_code != 0
    assert message in str(result.exception or "") + result.output
