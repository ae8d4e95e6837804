"""Golden files for whole articles: the pipeline's reading of every bundled example is pinned.

A difference is a change in behaviour to review: if it is intended, run
`scripts/update_golden.py` and commit the new golden files with the change.
"""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import pytest

from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


def _script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "update_golden", ROOT / "scripts" / "update_golden.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def readings() -> dict[str, Any]:
    return _script().readings()  # type: ignore[no-any-return]


def test_every_example_has_a_golden_file(readings: dict[str, Any]) -> None:
    assert sorted(readings) == sorted(p.name for p in GOLDEN.glob("*.json"))


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("*.json")))
def test_reading_matches_golden(readings: dict[str, Any], name: str) -> None:
    expected = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    assert readings[name] == expected, "run scripts/update_golden.py if the change is intended"
