"""Issue 12 under load: a request that cannot start in time is a clean 503 with Retry-After
(admission control), idle connections outlive the clients' (no request lost to a keep-alive
race), and the pair page and /api/events are answered from memory while the store's revision
stays the same, and read again after a write."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from communique.api import create_app
from communique.api.admission import Admission
from communique.api.cache import AnswerCache, Cached, cached_answer
from communique.settings import Settings
from communique.store import EventQuery, open_store
from communique.store.bench import synthetic_results
from communique.store.sql_store import SqlStore


@pytest.fixture
def fake_store(tmp_path: Path) -> Path:
    """A DuckDB store of 400 synthetic events (KAZ-BEL among their pairs)."""
    db = tmp_path / "load.duckdb"
    with open_store(str(db)) as store:
        store.write(list(synthetic_results(400)))
    return db


# -- admission control --------------------------------------------------------------------------


def _scope(path: str) -> dict[str, Any]:
    return {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(),
            "query_string": b"", "headers": [], "scheme": "http", "http_version": "1.1",
            "server": ("testserver", 80), "client": ("127.0.0.1", 1), "root_path": ""}


async def _call(app: Admission, path: str) -> tuple[int, dict[str, str], bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(_scope(path), receive, send)  # type: ignore[arg-type]
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], headers, body


def _blocking_app() -> tuple[Callable[[Scope, Receive, Send], Any], asyncio.Event, list[str]]:
    release = asyncio.Event()
    started: list[str] = []

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        started.append(scope["path"])
        await release.wait()
        await PlainTextResponse("ok")(scope, receive, send)

    return inner, release, started


@pytest.mark.parametrize("path, kind", [("/api/events", "application/json"),
                                        ("/pair/KAZ-BEL", "text/html")])
def test_a_full_queue_is_refused_at_once_with_retry_after(path: str, kind: str) -> None:
    async def scenario() -> None:
        inner, release, started = _blocking_app()
        app = Admission(inner, running=1, waiting=1, wait_s=60)
        first = asyncio.create_task(_call(app, path))
        second = asyncio.create_task(_call(app, path))
        while len(started) < 1:
            await asyncio.sleep(0)
        await asyncio.sleep(0.01)  # the second is queued behind the running one
        status, headers, body = await _call(app, path)  # the queue (1) is full
        assert status == 503
        assert headers["retry-after"].isdigit()
        assert headers["content-type"].startswith(kind)
        assert b"busy" in body
        assert started == [path]  # the refused request never ran
        release.set()
        assert (await first)[0] == 200 and (await second)[0] == 200
        assert started == [path, path] and app.refused == 1

    asyncio.run(scenario())


def test_a_request_that_waits_too_long_is_a_503_and_never_runs() -> None:
    async def scenario() -> None:
        inner, release, started = _blocking_app()
        app = Admission(inner, running=1, waiting=10, wait_s=0.05)
        first = asyncio.create_task(_call(app, "/api/events"))
        while not started:
            await asyncio.sleep(0)
        status, headers, _ = await _call(app, "/api/events")  # the first still holds the slot
        assert status == 503 and headers["retry-after"].isdigit()
        release.set()
        assert (await first)[0] == 200
        assert started == ["/api/events"]
        assert (await _call(app, "/api/events"))[0] == 200  # the slot is free again

    asyncio.run(scenario())


def test_each_event_loop_has_its_own_gate() -> None:
    """An app served by one event loop after another (test clients do that) queues in each."""
    inner, _, _ = _blocking_app()
    app = Admission(inner, running=1, waiting=5, wait_s=60)

    async def scenario() -> list[int]:
        app.app, release, started = _blocking_app()
        first = asyncio.create_task(_call(app, "/api/events"))
        second = asyncio.create_task(_call(app, "/api/events"))  # waits for the slot
        while not started:
            await asyncio.sleep(0)
        await asyncio.sleep(0.01)
        release.set()
        return [(await first)[0], (await second)[0]]

    assert asyncio.run(scenario()) == [200, 200]
    assert asyncio.run(scenario()) == [200, 200]  # a new loop: its own gate


def test_the_app_answers_503_when_saturated(fake_store: Path, monkeypatch: pytest.MonkeyPatch,
                                            ) -> None:
    """The real app: one running slot, no queue; a request stuck in the store holds the slot."""
    settings = Settings(db=str(fake_store), max_running_requests=1, max_waiting_requests=0)
    app = create_app(str(fake_store), settings)
    inside, release = threading.Event(), threading.Event()
    real = SqlStore.count_events

    def stuck(self: SqlStore, query: EventQuery) -> int:
        inside.set()
        release.wait(30)
        return real(self, query)

    monkeypatch.setattr(SqlStore, "count_events", stuck)

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            first = asyncio.create_task(client.get("/api/events"))
            while not inside.is_set():
                await asyncio.sleep(0.01)
            refused = await client.get("/api/articles")
            assert refused.status_code == 503
            assert refused.headers["retry-after"].isdigit()
            assert refused.json()["error"]["code"] == "unavailable"
            release.set()
            assert (await first).status_code == 200
            assert (await client.get("/api/articles")).status_code == 200

    try:
        asyncio.run(scenario())
    finally:
        release.set()


def test_serve_keeps_idle_connections_longer_than_clients(monkeypatch: pytest.MonkeyPatch,
                                                          fake_store: Path) -> None:
    """A server that closes an idle connection when its clients still reuse it loses the request
    sent at that moment: its keep-alive must outlast the clients' (httpx: 5 s)."""
    import uvicorn

    from communique.cli import serve

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    serve.serve(db=str(fake_store), host="127.0.0.1", port=8123)
    expiry = httpx.Limits().keepalive_expiry
    assert expiry is not None
    assert seen["timeout_keep_alive"] > 2 * expiry


# -- answers kept per store revision -------------------------------------------------------------


def _settle(db: Path, seconds: float = 30.0) -> None:
    """Date the database files back, as if the last write was `seconds` ago."""
    for name in (db, Path(f"{db}.wal")):
        if name.exists():
            then = time.time() - seconds
            os.utime(name, (then, then))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the event queries the store runs."""
    calls: list[str] = []
    for name in ("events", "count_events"):
        real = getattr(SqlStore, name)

        def counting(self: SqlStore, *args: Any, _real: Any = real, _name: str = name,
                     **kwargs: Any) -> Any:
            calls.append(_name)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(SqlStore, name, counting)
    return calls


@pytest.fixture
def cache_client(fake_store: Path) -> Iterator[TestClient]:
    settings = Settings(db=str(fake_store), token=None)
    with TestClient(create_app(str(fake_store), settings), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("path", ["/pair/KAZ-BEL", "/api/events?limit=5&dyad=KAZ-BEL", "/"])
def test_an_answer_is_reused_until_a_write(
    path: str, cache_client: TestClient, fake_store: Path, counted: list[str]
) -> None:
    _settle(fake_store)
    first = cache_client.get(path)
    assert first.status_code == 200 and counted
    queried = len(counted)
    again = cache_client.get(path)
    assert again.status_code == 200
    assert len(counted) == queried  # no query: the kept answer
    assert again.content == first.content
    assert again.headers["content-type"] == first.headers["content-type"]
    assert "content-security-policy" in again.headers  # the middleware still runs

    state = cache_client.app.state.communique  # type: ignore[attr-defined]
    state.with_writer(lambda s: s.write(list(synthetic_results(300, seed="later"))))
    _settle(fake_store)
    after = cache_client.get(path)
    assert after.status_code == 200
    assert len(counted) > queried  # read again
    assert after.content != first.content  # the write changed these events' counts
    uncached = Settings(db=str(fake_store), page_cache_bytes=0)
    with TestClient(create_app(str(fake_store), uncached)) as fresh:
        assert after.content == fresh.get(path).content


def test_nothing_is_kept_while_the_file_was_just_written(
    cache_client: TestClient, fake_store: Path, counted: list[str]
) -> None:
    os.utime(fake_store)  # written now: its time may be shared with the next write
    cache_client.get("/pair/KAZ-BEL")
    queried = len(counted)
    cache_client.get("/pair/KAZ-BEL")
    assert len(counted) == 2 * queried


def test_errors_are_not_kept(cache_client: TestClient, fake_store: Path,
                             counted: list[str]) -> None:
    _settle(fake_store)
    assert cache_client.get("/pair/KAZ-XX1").status_code == 404
    assert cache_client.get("/pair/KAZ-XX1").status_code == 404
    state = cache_client.app.state.communique  # type: ignore[attr-defined]
    assert state.answers is not None and len(state.answers) == 0


def test_the_cache_can_be_off(fake_store: Path, counted: list[str]) -> None:
    settings = Settings(db=str(fake_store), page_cache_bytes=0)
    _settle(fake_store)
    with TestClient(create_app(str(fake_store), settings)) as client:
        client.get("/api/events")
        queried = len(counted)
        client.get("/api/events")
        assert len(counted) == 2 * queried


@pytest.mark.parametrize(
    "sizes, budget, kept",
    [
        ([10, 10, 10], 100, ["a0", "a1", "a2"]),
        ([10, 10, 10, 10, 10], 40, ["a1", "a2", "a3", "a4"]),  # least recently used out first
        ([10, 30, 10], 100, ["a0", "a2"]),  # over a quarter of the budget: not kept
    ],
)
def test_answer_cache_stays_within_its_bytes(sizes: list[int], budget: int,
                                             kept: list[str]) -> None:
    cache = AnswerCache(budget)
    for n, size in enumerate(sizes):
        cache.put(f"a{n}", "r1", Cached(b"x" * size, "text/plain"))
    assert [k for k in (f"a{n}" for n in range(len(sizes))) if cache.get(k, "r1")] == kept
    assert cache.get("a0", "r2") is None  # another revision is another answer


def test_concurrent_requests_for_a_missing_answer_build_it_once() -> None:
    cache = AnswerCache(1_000_000)
    release, built = threading.Event(), []

    def build() -> Response:
        built.append(1)
        release.wait(30)
        return PlainTextResponse("page")

    with ThreadPoolExecutor(6) as pool:
        answers = [pool.submit(cached_answer, cache, lambda: "r1", "/pair/KAZ-BEL", build)
                   for _ in range(6)]
        while cache.following < 5:  # one builds, five wait for it
            time.sleep(0.01)
        release.set()
        bodies = [bytes(a.result().body) for a in answers]
    assert built == [1]
    assert bodies == [b"page"] * 6


def test_followers_build_their_own_when_the_first_is_not_kept() -> None:
    cache = AnswerCache(1_000_000)
    release, built = threading.Event(), []

    def build() -> Response:
        built.append(1)
        if len(built) == 1:
            release.wait(30)
            return PlainTextResponse("not found", status_code=404)
        return PlainTextResponse("page")

    with ThreadPoolExecutor(3) as pool:
        answers = [pool.submit(cached_answer, cache, lambda: "r1", "/x", build)
                   for _ in range(3)]
        while cache.following < 2:
            time.sleep(0.01)
        release.set()
        statuses = sorted(a.result().status_code for a in answers)
    assert statuses == [200, 200, 404]  # the 404 was not handed to the others
    assert 2 <= len(built) <= 3  # the second follower may find the first one's answer


# -- the store's revision, both backends ----------------------------------------------------------


def test_store_revision_changes_with_every_write(store_url: str) -> None:
    duck = not store_url.startswith("postgresql")
    with open_store(store_url) as store:
        store.write(list(synthetic_results(50, seed="one")))
        if duck:
            assert store.revision() is None  # just written: not settled
            _settle(Path(store_url))
        before = store.revision()
        assert before is not None
        if duck:
            assert store.revision() == before  # nothing written
        store.write(list(synthetic_results(50, seed="two")))
        if duck:
            _settle(Path(store_url))
        assert store.revision() not in (None, before)


@pytest.mark.postgres
def test_postgres_answers_are_kept_per_wal_position(
    postgres_server, counted: list[str]  # type: ignore[no-untyped-def]
) -> None:
    url = postgres_server.create_database()
    with open_store(url) as store:
        store.write(list(synthetic_results(200)))
    app = create_app(url, Settings(db=url, token=None, read_pool_size=2))
    state = app.state.communique
    with TestClient(app) as client:
        revision = state.revision()
        assert revision is not None
        first = client.get("/api/events?limit=5")
        queried = len(counted)
        again = client.get("/api/events?limit=5")
        assert again.content == first.content
        if state.revision() == revision:  # the server wrote no WAL in between (it may: vacuum)
            assert len(counted) == queried
        with open_store(url) as store:
            store.write(list(synthetic_results(300, seed="later")))
        assert state.revision() != revision
        after = client.get("/api/events?limit=5")
        assert len(counted) > queried  # read again
        with open_store(url) as store:
            assert after.json()["total"] == store.count_events(EventQuery())
