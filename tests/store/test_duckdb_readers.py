"""The warm read connection of `communique serve` on DuckDB (store/duckdb_readers.py): requests
share one open, and it lets go of the file for writers (of other processes that announce
themselves, of this process, after an idle time, and after a broken connection)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from store_builders import result

from communique.errors import StoreBusy, StoreError
from communique.store import open_store
from communique.store.duckdb_readers import DuckDBReaders
from communique.store.duckdb_store import DuckDBStore, writer_waiting_file

ROOT = Path(__file__).resolve().parents[2]

WRITE_ONE = """
import sys
from store_builders import result
from communique.store import open_store
with open_store(sys.argv[1], shared=True, busy_wait_s=float(sys.argv[2])) as store:
    store.write([result("late")])
"""


@pytest.fixture
def path(tmp_path: Path) -> str:
    db = str(tmp_path / "readers.duckdb")
    with open_store(db) as store:
        store.write([result(f"a{i}") for i in range(5)])
    return db


def _articles(readers: DuckDBReaders) -> int:
    with readers.reader() as store:
        return store.count_articles()


def _in_threads(work: Callable[[], None], threads: int) -> list[BaseException]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:
            errors.append(exc)

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return errors


def test_concurrent_requests_share_one_open(path: str) -> None:
    readers = DuckDBReaders(path, busy_wait_s=5.0, idle_s=60.0)
    counts: list[int] = []

    def work() -> None:
        for _ in range(20):
            counts.append(_articles(readers))

    assert _in_threads(work, 8) == []
    assert counts == [5] * 160
    assert readers.opens == 1
    readers.close()


def test_a_writer_of_another_process_gets_in_while_requests_keep_coming(path: str) -> None:
    readers = DuckDBReaders(path, busy_wait_s=1.0, idle_s=60.0)
    assert _articles(readers) == 5
    stop = threading.Event()
    answers: dict[str, int] = {"ok": 0, "busy": 0}

    def keep_reading() -> None:  # never idle: without the writer's notice it would starve
        while not stop.wait(0.01):
            try:
                _articles(readers)
                answers["ok"] += 1
            except StoreBusy:
                answers["busy"] += 1

    pool = [threading.Thread(target=keep_reading) for _ in range(2)]
    for t in pool:
        t.start()
    try:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(ROOT / "tests" / "store"), str(ROOT / "src")])}
        writer = subprocess.run(
            [sys.executable, "-c", WRITE_ONE, path, "20"], env=env, capture_output=True,
            text=True, timeout=120,
        )
    finally:
        stop.set()
        for t in pool:
            t.join()
    assert writer.returncode == 0, writer.stderr
    assert _articles(readers) == 6  # opened again after the write: it reads the new article
    assert readers.opens >= 2 and answers["ok"] > 0
    assert not writer_waiting_file(path).exists()  # the writer cleaned up its notice
    readers.close()


def test_a_writer_of_this_process_waits_for_running_reads(path: str) -> None:
    readers = DuckDBReaders(path, busy_wait_s=0.2, idle_s=60.0)
    done = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with readers.writer_turn(30.0), DuckDBStore(path) as store:
                store.write([result("mine")])
        except BaseException as exc:
            errors.append(exc)
        done.set()

    with readers.reader() as store:
        writer = threading.Thread(target=write)
        writer.start()
        assert not done.wait(0.3)  # still waiting for this read
        assert store.count_articles() == 5
    writer.join()
    assert errors == []
    assert _articles(readers) == 6
    readers.close()


def test_requests_wait_for_a_writer_of_this_process_then_answer_busy(path: str) -> None:
    readers = DuckDBReaders(path, busy_wait_s=0.1, idle_s=60.0)
    with readers.writer_turn(5.0), pytest.raises(StoreBusy):
        _articles(readers)
    assert _articles(readers) == 5


def test_a_broken_connection_is_opened_again(path: str) -> None:
    readers = DuckDBReaders(path, busy_wait_s=1.0, idle_s=60.0)
    assert _articles(readers) == 5
    with pytest.raises(StoreError), readers.reader() as store:
        assert readers._warm is not None
        readers._warm.con.close()  # as after a fatal error: every cursor of it fails
        store.count_articles()
    assert _articles(readers) == 5
    assert readers.opens == 2
    readers.close()


SHELL_WRITER = """
import sys, time, duckdb
deadline = time.monotonic() + float(sys.argv[2])
while True:
    try:
        con = duckdb.connect(sys.argv[1])
        break
    except duckdb.IOException:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.05)
con.execute("CREATE TABLE shell_was_here (x INTEGER)")
con.close()
"""


def test_an_idle_connection_lets_go_of_the_file(path: str) -> None:
    readers = DuckDBReaders(path, busy_wait_s=1.0, idle_s=0.05)
    assert _articles(readers) == 5
    # a writer that does not announce itself (the duckdb shell) gets in once serve is idle
    shell = subprocess.run([sys.executable, "-c", SHELL_WRITER, path, "20"],
                           capture_output=True, text=True, timeout=120)
    assert shell.returncode == 0, shell.stderr
    with readers.reader() as store:
        assert store.sql("SELECT count(*) AS n FROM shell_was_here")["n"].tolist() == [0]
    readers.close()


def test_a_stale_notice_of_a_killed_writer_is_ignored(path: str) -> None:
    notice = writer_waiting_file(path)
    notice.touch()
    os.utime(notice, (1, 1))  # written long ago: its writer is gone
    readers = DuckDBReaders(path, busy_wait_s=0.1, idle_s=60.0)
    assert _articles(readers) == 5
    notice.touch()  # a fresh one: requests step aside (and answer busy after their wait)
    with pytest.raises(StoreBusy):
        _articles(readers)
    readers.close()
