"""Fixtures of the dashboard tests: a store with the seed, the VOA sample and a hostile article."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.api.helpers import coded_store_path, hostile_result

from communique.api import create_app
from communique.settings import Settings


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the coded store with the hostile article added."""
    from communique.store import open_store

    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    shutil.copyfile(coded_store_path(tmp_path_factory, pipeline), path)
    with open_store(str(path)) as store:
        store.write([hostile_result()])
    return path


@pytest.fixture(scope="session")
def web(web_store: Path) -> Iterator[TestClient]:
    app = create_app(str(web_store), Settings(db=str(web_store)))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def web_seed_id(web: TestClient) -> str:
    page = web.get("/api/articles", params={"q": "Kazakhstan-Belgium"}).json()
    return str(page["items"][0]["id"])
