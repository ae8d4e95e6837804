"""Issue 12 in the server: busy stores answer 503 + Retry-After (never a 500 with internals),
serve and ingest run side by side on DuckDB, and the smaller defects (Allow, 400 vs token,
LIKE wildcards, garbage `published`, security headers, offline /docs)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from communique.api import create_app
from communique.settings import Settings
from communique.store import open_store

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
STORE_TESTS = ROOT / "tests" / "store"
TOKEN = "tok-12"

HOLD_LOCK = (
    "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
    "print('locked', flush=True); time.sleep(float(sys.argv[2]))"
)


def _fake_corpus(path: Path, articles: int, first: int = 0) -> None:
    lines = []
    for i in range(first, first + articles):
        clauses = [f"KAZ BEL 04{k % 3} 2022-10-{1 + (i + k) % 9:02d}" for k in range(2)]
        lines.append(json.dumps({"id": f"a{i}", "text": "|".join(clauses)}))
    path.write_text("\n".join(lines) + "\n")


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(STORE_TESTS), str(ROOT / "src"), str(ROOT)]),
    }


def _leaks(text: str, path: Path) -> list[str]:
    """Internals an error body must not show."""
    markers = [str(path), str(path.parent), "Traceback", "PID", "pid ", sys.executable, ".py\""]
    return [m for m in markers if m in text]


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 fake-coded articles, ingested once by a real `communique ingest` process."""
    folder = tmp_path_factory.mktemp("reliability")
    corpus = folder / "first.jsonl"
    _fake_corpus(corpus, 20)
    db = folder / "side.duckdb"
    subprocess.run(
        [sys.executable, "-c", "from communique.cli import main; main()", "ingest", str(corpus),
         "--db", str(db), "--coder", "store_fake_coder:make", "--no-progress"],
        env=_env(), check=True, capture_output=True, timeout=300,
    )
    return db


@pytest.fixture
def fake_store(shared_store: Path, tmp_path: Path) -> Path:
    """A copy of the shared store for one test (the side-by-side test writes to it)."""
    copy = tmp_path / "side.duckdb"
    shutil.copyfile(shared_store, copy)
    wal = Path(f"{shared_store}.wal")
    if wal.exists():
        shutil.copyfile(wal, f"{copy}.wal")
    return copy


@pytest.fixture
def client(fake_store: Path) -> Iterator[TestClient]:
    settings = Settings(db=str(fake_store), token=TOKEN, reader_busy_wait_s=0.2)
    with TestClient(create_app(str(fake_store), settings), raise_server_exceptions=False) as c:
        yield c


def test_busy_store_is_a_503_with_retry_after_and_no_internals(
    client: TestClient, fake_store: Path
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(fake_store), "30"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        for path in ("/api/events", "/api/articles", "/", "/pair/KAZ-BEL", "/network"):
            response = client.get(path)
            assert response.status_code == 503, (path, response.text)
            assert response.headers["retry-after"].isdigit()
            assert not _leaks(response.text, fake_store), (path, response.text)
            if path.startswith("/api"):
                assert response.json()["error"]["code"] == "unavailable"
            else:
                assert response.headers["content-type"].startswith("text/html")
    finally:
        holder.kill()
        holder.wait()
    assert client.get("/api/events").status_code == 200  # free again: answers at once


@pytest.mark.slow
def test_ingest_and_serve_side_by_side(
    client: TestClient, fake_store: Path, tmp_path: Path
) -> None:
    before = client.get("/api/articles", params={"limit": 1}).json()["total"]
    corpus = tmp_path / "second.jsonl"
    _fake_corpus(corpus, 600, first=1000)
    ingest = subprocess.Popen(
        [sys.executable, "-c", "from communique.cli import main; main()", "ingest", str(corpus),
         "--db", str(fake_store), "--coder", "store_fake_coder:make", "--no-progress",
         "--batch-size", "50"],
        env=_env(), stderr=subprocess.PIPE, text=True,
    )
    statuses: list[int] = []
    seen_between: set[int] = set()
    while ingest.poll() is None:
        for path in ("/api/articles?limit=5", "/api/events?limit=5", "/", "/pair/KAZ-BEL"):
            response = client.get(path)
            statuses.append(response.status_code)
            assert response.status_code in (200, 503), (path, response.text[:500])
            if response.status_code == 503:
                assert response.headers["retry-after"].isdigit()
                assert not _leaks(response.text, fake_store)
            elif path.startswith("/api/articles"):
                seen_between.add(response.json()["total"])
        time.sleep(0.05)
    assert ingest.returncode == 0, ingest.stderr.read() if ingest.stderr else ""
    after = client.get("/api/articles", params={"limit": 1})
    assert after.status_code == 200
    assert after.json()["total"] == before + 600
    assert 200 in statuses
    # pages were answered while the ingest ran, not only before and after it
    assert any(before < total < after.json()["total"] for total in seen_between) or (
        statuses.count(200) > 3
    )


def test_405_lists_the_allowed_methods(client: TestClient) -> None:
    response = client.delete("/api/events")
    assert response.status_code == 405
    assert "GET" in response.headers["allow"].split(", ")
    response = client.put("/api/articles")
    assert set(response.headers["allow"].split(", ")) >= {"GET", "POST"}


def test_token_is_checked_before_the_body(client: TestClient, fake_store: Path) -> None:
    broken = {"content": b"{not json", "headers": {"content-type": "application/json"}}
    assert client.post("/api/articles", **broken).status_code == 401  # type: ignore[arg-type]
    with_token = {**broken["headers"], "Authorization": f"Bearer {TOKEN}"}  # type: ignore[dict-item]
    response = client.post("/api/articles", content=b"{not json", headers=with_token)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_writing_off_answers_403_before_the_body(fake_store: Path) -> None:
    app = create_app(str(fake_store), Settings(db=str(fake_store), token=None))
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.post(
            "/api/articles", content=b"{", headers={"content-type": "application/json"}
        )
    assert response.status_code == 403


def test_garbage_published_is_refused_not_nulled(client: TestClient) -> None:
    response = client.post(
        "/api/articles", json={"text": "Kazakhstan met Belgium.", "published": "yesterday-ish"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["detail"][0]["loc"][-1] == "published"


@pytest.mark.parametrize("q", ["%", "_", "K_Z", "%BEL"])
def test_search_wildcards_are_literal(client: TestClient, q: str) -> None:
    assert client.get("/api/events", params={"q": q}).json()["total"] == 0
    assert client.get("/api/articles", params={"q": q}).json()["total"] == 0


def test_search_still_finds_text(client: TestClient) -> None:
    assert client.get("/api/events", params={"q": "KAZ BEL"}).json()["total"] > 0


def test_pages_are_paged_in_sql_with_sql_totals(client: TestClient, fake_store: Path) -> None:
    with open_store(str(fake_store), read_only=True) as store:
        total = int(store.sql("SELECT count(*) AS n FROM events")["n"][0])
    page = client.get("/api/events", params={"limit": 3, "offset": 2}).json()
    assert page["total"] == total and len(page["items"]) == 3
    articles = client.get("/api/articles", params={"limit": 5}).json()
    assert articles["total"] == 20 and len(articles["items"]) == 5


@pytest.mark.parametrize("path", ["/", "/api/events", "/api/nothing", "/docs", "/pair/KAZ-BEL"])
def test_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_docs_work_offline(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/api/events" in page.text and "/api/articles" in page.text
    assert "http://" not in page.text and "https://" not in page.text and "<script" not in page.text
    assert client.get("/openapi.json").status_code == 200


@pytest.mark.postgres
def test_postgres_requests_share_a_pool(postgres_server) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    from communique.store import EventQuery
    from communique.store.bench import synthetic_results

    url = postgres_server.create_database()
    with open_store(url) as store:
        store.write(list(synthetic_results(200)))
        expected = store.count_events(EventQuery())
    app = create_app(url, Settings(db=url, token=None, read_pool_size=3))
    with TestClient(app, raise_server_exceptions=False) as c, ThreadPoolExecutor(8) as pool:
        pages = list(pool.map(lambda _: c.get("/api/events", params={"limit": 7}), range(24)))
        assert {p.status_code for p in pages} == {200}
        assert {p.json()["total"] for p in pages} == {expected}
        assert len(app.state.communique._all) <= 3
        assert c.get("/pair/KAZ-BEL").status_code == 200


@pytest.mark.postgres
def test_postgres_writer_has_the_store_timeout(postgres_server) -> None:  # type: ignore[no-untyped-def]
    from communique.api.state import AppState

    url = postgres_server.create_database()
    open_store(url).close()
    state = AppState(url, Settings(db=url, store_timeout_s=3))
    shown = state.with_writer(lambda s: s._rows("SHOW statement_timeout"))  # type: ignore[attr-defined]
    assert shown == [("3s",)]
    state.close()
