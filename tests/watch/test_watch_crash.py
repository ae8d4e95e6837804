"""Crash safety of `communique watch` for real: SIGKILL mid-round, then a restart, leaves exactly
the rows of an uninterrupted run; SIGTERM stops cleanly after the batch in hand. On DuckDB and
PostgreSQL (the store_url fixture)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from communique.store import open_store
from communique.store.sql_store import SqlStore
from communique.watch import Watcher, WatchOptions, load_sources
from tests.watch import watch_fake_coder
from tests.watch.local_server import LocalServer, Route, page, rss

HERE = Path(__file__).resolve().parent
ITEMS = 24
BATCH = 4
KILL_AFTER_BATCH = 2
TABLES = ("articles", "mentions", "events", "watch_items", "drops")


def serve(server: LocalServer) -> None:
    base = server.url("")
    numbers = range(ITEMS)
    server.routes["/feed.xml"] = Route(
        rss([(f"/news/{n}", f"Story {n}") for n in numbers], base),
        content_type="application/rss+xml", etag='"v1"',
    )  # fmt: skip
    for n in numbers:
        server.routes[f"/news/{n}"] = Route(page(f"Story {n}", [
            f"Kazakhstan and Belgium held consultations number {n} in Brussels on trade.",
            f"The ministers discussed {n} joint projects in energy and logistics.",
        ]))  # fmt: skip
    server.routes["/news/7"] = Route(b"gone", status=500)  # one article that fails


def feeds_file(tmp_path: Path, server: LocalServer) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(f'[[source]]\nname = "agency"\nurl = "{server.url("/feed.xml")}"\n')
    return path


def command(feeds: Path, url: str, *extra: str) -> list[str]:
    return [
        sys.executable, "-c", "from communique.cli import main; main()",
        "watch", str(feeds), "--db", url, "--batch-size", str(BATCH), "--host-delay", "0",
        "--workers", "4", "--coder", "watch_fake_coder:make", *extra,
    ]  # fmt: skip


def environment(seconds: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        "WATCH_FAKE_SECONDS": seconds,
    }


def counts(url: str) -> dict[str, int]:
    with open_store(url) as store:
        return {t: int(store.sql(f"SELECT count(*) AS n FROM {t}")["n"][0]) for t in TABLES}


def ids(url: str) -> list[str]:
    with open_store(url) as store:
        return sorted(store.sql("SELECT id FROM articles")["id"])


def run_until_batch(cmd: list[str], batch: int, env: dict[str, str]) -> subprocess.Popen[str]:
    """Start the watcher and return once it reports batch `batch` stored (it runs on)."""
    process = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                               env=env)  # fmt: skip
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith(f"stored batch {batch}:"):
            return process
    process.wait()
    raise AssertionError(f"the watcher ended before batch {batch} (exit {process.returncode})")


def other_store(store_url: str, tmp_path: Path, postgres_server: object | None) -> str:
    if store_url.startswith("postgresql://"):
        return postgres_server.create_database()  # type: ignore[attr-defined]
    return str(tmp_path / "reference.duckdb")


@pytest.fixture
def reference_url(store_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    pg = store_url.startswith("postgres")
    server = request.getfixturevalue("postgres_server") if pg else None
    return other_store(store_url, tmp_path, server)


def test_sigkill_mid_round_then_restart_equals_uninterrupted_run(
    server: LocalServer, tmp_path: Path, store_url: str, reference_url: str
) -> None:
    serve(server)
    feeds = feeds_file(tmp_path, server)
    fast = environment("0")
    with open_store(reference_url) as reference:  # the uninterrupted run, in this process
        assert isinstance(reference, SqlStore)
        specs = load_sources(feeds)
        options = WatchOptions(host_delay=0, batch_size=BATCH, workers=4)
        Watcher(reference, specs, watch_fake_coder.code, options=options).round()
    expected = counts(reference_url)
    assert expected["articles"] == ITEMS and expected["drops"] == 1

    process = run_until_batch(command(feeds, store_url, "--once"), KILL_AFTER_BATCH,
                              environment("0.2"))  # fmt: skip
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    partial = counts(store_url)
    assert BATCH * KILL_AFTER_BATCH <= partial["watch_items"] < ITEMS
    assert partial["articles"] == partial["watch_items"]  # seen exactly when stored

    again = subprocess.run(command(feeds, store_url, "--once"), env=fast, capture_output=True,
                           text=True, timeout=300)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert counts(store_url) == expected
    assert ids(store_url) == ids(reference_url)
    pages = [p for p, _ in server.hits if p.startswith("/news/")]
    # the reference run fetched each page once; the killed run and the restart together fetch
    # each page once, plus the pages in flight at the kill (at most the fetch window and the
    # batch being coded): what was stored is never fetched again
    assert ITEMS <= len(pages) - ITEMS <= ITEMS + 4 * 4 + BATCH


def test_sigterm_stops_cleanly_and_the_next_round_finishes(
    server: LocalServer, tmp_path: Path
) -> None:
    serve(server)
    feeds = feeds_file(tmp_path, server)
    url = str(tmp_path / "store.duckdb")
    process = run_until_batch(command(feeds, url, "--every", "1h"), 2, environment("0.2"))
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    partial = counts(url)
    assert partial["watch_items"] < ITEMS and partial["articles"] == partial["watch_items"]
    done = subprocess.run(command(feeds, url, "--once"), env=environment("0"),
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert counts(url)["articles"] == ITEMS and counts(url)["watch_items"] == ITEMS
