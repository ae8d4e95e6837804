"""Fixtures of the brief tests: a store holding the seed article alone, and one with a hostile
article added (tags, quotes and a javascript: URL in every value the brief shows)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.api.helpers import hostile_result
from tests.conftest import SEED


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    from communique.ingest import read_sources
    from communique.store import open_store

    path = tmp_path_factory.mktemp("brief") / "seed.duckdb"
    results = list(pipeline.code(read_sources([str(SEED)])))
    assert len(results) == 1 and not results[0].failed
    with open_store(str(path)) as store:
        store.write(results)
    return path


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory, seed_db: Path) -> Path:
    from communique.store import open_store

    path = tmp_path_factory.mktemp("brief") / "hostile.duckdb"
    shutil.copyfile(seed_db, path)
    with open_store(str(path)) as store:
        store.write([hostile_result()])
    return path
