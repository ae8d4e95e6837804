"""docs/PYTHON.md runs: each ```python block, in order, in a folder with a copy of examples/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import communique
from tests.conftest import ROOT

DOC = ROOT / "docs" / "PYTHON.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_page_has_examples() -> None:
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize("number", range(len(BLOCKS)))
def test_python_doc_example_runs(
    number: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(BLOCKS[number], f"{DOC}:block{number + 1}", "exec"), {})


def test_import_is_light_and_exposes_the_api() -> None:
    assert {"code", "events_frame", "open_store"} <= set(communique.__all__)
    assert communique.open_store is not None


def test_library_calls_print_no_progress(capsys: pytest.CaptureFixture[str]) -> None:
    communique.code("Kazakhstan and Belgium held talks in Brussels.", published="2022-10-18")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_events_frame_of_nothing_has_the_columns() -> None:
    from communique.flat import EventRow

    frame = communique.events_frame([])
    assert list(frame.columns) == list(EventRow.model_fields) and frame.empty
