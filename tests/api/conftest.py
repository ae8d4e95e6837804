"""Fixtures of the API tests: an app over a DuckDB store with the seed and VOA sample coded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.api.helpers import coded_store_path

from communique.api import create_app
from communique.settings import Settings


@pytest.fixture(scope="session")
def coded_store(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    return coded_store_path(tmp_path_factory, pipeline)


@pytest.fixture(scope="session")
def app(coded_store: Path) -> FastAPI:
    """Read-only app: no token configured, so writing is off."""
    return create_app(str(coded_store), Settings(db=str(coded_store), token=None))


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def seed_id(client: TestClient) -> str:
    """The stored id of the seed article (found by a title search, as a user would)."""
    page = client.get("/api/articles", params={"q": "Kazakhstan-Belgium"}).json()
    assert page["total"] >= 1, page
    return str(page["items"][0]["id"])
