"""Crash safety for real: `communique ingest` is killed with SIGKILL mid-way, then re-run; every
table must then hold exactly the rows of an uninterrupted run. On DuckDB and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from communique.store import open_store
from communique.store.schema import ALL_TABLES

HERE = Path(__file__).resolve().parent
ARTICLES = 240
BATCH = 8
KILL_AFTER_BATCH = 4
COUNTRIES = ("KAZ", "BEL", "RUS", "USA", "CHN")
CODES = ("040", "036", "057", "043", "112")
# Columns that legitimately differ between two runs (wall-clock time of the write).
VOLATILE = {"stored_at"}


def write_corpus(path: Path) -> None:
    """Many small articles whose events collide on (dyad, root, day) across articles."""
    lines = []
    for i in range(ARTICLES):
        clauses = [
            f"{COUNTRIES[(i + k) % 5]} {COUNTRIES[(i + k + 1) % 5]} {CODES[(i * k) % 5]} "
            f"2022-10-{1 + (i + k) % 9:02d}"
            for k in range(1 + i % 4)
        ]
        lines.append(json.dumps({"id": f"a{i}", "text": "|".join(clauses)}))
        if i % 60 == 30:
            lines.append("{not json")  # an input that fails: stored as a drop
    path.write_text("\n".join(lines) + "\n")


def ingest_command(corpus: Path, url: str) -> list[str]:
    return [
        sys.executable, "-c", "from communique.cli import main; main()",
        "ingest", str(corpus), "--db", url, "--batch-size", str(BATCH),
        "--coder", "store_fake_coder:make", "--no-progress",
    ]  # fmt: skip


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
    }


def snapshot(url: str) -> dict[str, list[str]]:
    """Every table's rows (without volatile columns), as sorted strings."""
    with open_store(url) as store:
        out = {}
        for table in ALL_TABLES:
            frame: pd.DataFrame = store.table(table.name)
            frame = frame.drop(columns=[c for c in frame.columns if c in VOLATILE])
            out[table.name] = sorted(
                repr(tuple(map(str, row))) for row in frame.itertuples(index=False)
            )
        return out


@pytest.fixture
def reference_url(store_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if store_url.startswith("postgresql://"):
        return str(request.getfixturevalue("postgres_server").create_database())
    return str(tmp_path / "reference.duckdb")


def test_sigkill_mid_ingest_then_rerun_equals_uninterrupted_run(
    store_url: str, reference_url: str, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus)
    env = environment()
    # exit 1: the corpus has failed inputs on purpose
    reference = subprocess.run(ingest_command(corpus, reference_url), env=env, capture_output=True)
    assert reference.returncode == 1, reference.stderr

    process = subprocess.Popen(
        ingest_command(corpus, store_url), env=env, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith(f"stored batch {KILL_AFTER_BATCH}:"):
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"

    with open_store(store_url) as store:
        stored = len(store.articles(limit=10_000))
    assert 0 < stored < ARTICLES, "the kill must land mid-way"

    rerun = subprocess.run(
        ingest_command(corpus, store_url), env=env, capture_output=True, text=True
    )
    assert rerun.returncode == 1, rerun.stderr
    assert "unchanged" in rerun.stderr
    expected = snapshot(reference_url)
    assert len(expected["articles"]) == ARTICLES + 4 and len(expected["drops"]) == 4
    assert snapshot(store_url) == expected
