"""Shared fixtures: the loaded pipeline (once per session) and paths to shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "examples" / "kazinform_2022-10-18_kazakhstan_belgium.txt"


def assert_generated_current(script: str, *args: str) -> None:
    """Run ``scripts/<script> --check *args``: the committed data files equal what it writes."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), "--check", *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    from communique.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from communique.nlp import load_nlp
    from communique.settings import Settings

    return load_nlp(Settings().model)


# -- PostgreSQL (tests/pg.py): one server per test run, a fresh database per test ----------------


@pytest.fixture(scope="session")
def postgres_server():  # type: ignore[no-untyped-def]
    """The test run's own PostgreSQL server, started on first use and stopped at the end."""
    from tests.pg import PostgresServer

    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server) -> str:  # type: ignore[no-untyped-def]
    """URL of the `postgres` database of the test server (create your own with create_database)."""
    return str(postgres_server.url())


@pytest.fixture(
    params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def store_url(request, tmp_path):  # type: ignore[no-untyped-def]
    """A fresh empty database per test: a DuckDB file, then a new PostgreSQL database."""
    if request.param == "duckdb":
        return str(tmp_path / "store.duckdb")
    return request.getfixturevalue("postgres_server").create_database()
