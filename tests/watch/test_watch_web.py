"""The dashboard's sources page (health of each source, subscriptions) and the counts behind
"new since your last visit"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from communique.api import create_app
from communique.settings import Settings
from communique.store import open_store
from communique.store.sql_store import SqlStore
from communique.store.watch_store import Subscription
from communique.watch import SourceSpec, Watcher, WatchOptions
from tests.watch import watch_fake_coder
from tests.watch.local_server import LocalServer, Route, page, rss


def test_sources_page_and_new_since(server: LocalServer, tmp_path: Path) -> None:
    db = str(tmp_path / "web.duckdb")
    server.routes["/feed.xml"] = Route(rss([("/news/1", "One")], server.url("")))
    server.routes["/news/1"] = Route(page("One", [
        "Kazakhstan and Belgium held consultations in Brussels on trade and transit routes.",
    ]))  # fmt: skip
    server.routes["/broken.xml"] = Route(b"<b>down for <maintenance>", status=503)
    before = datetime.now(UTC) - timedelta(seconds=1)
    with open_store(db) as store:
        assert isinstance(store, SqlStore)
        specs = [SourceSpec(name="Agency <One>", url=server.url("/feed.xml")),
                 SourceSpec(name="Ministry", url=server.url("/broken.xml"))]  # fmt: skip
        Watcher(store, specs, watch_fake_coder.code, options=WatchOptions(host_delay=0)).round()
        store.add_subscription(Subscription(name="kb", country_a="KAZ", country_b="BEL",
                                            webhook="https://hooks.example/x", secret="hidden"))
    with TestClient(create_app(db, Settings(db=db))) as client:
        html = client.get("/sources").text
        assert "Agency &lt;One&gt;" in html and "<One>" not in html  # escaped
        assert 'class="failing"' in html and "HTTP 503" in html
        assert "kb" in html and "hidden" not in html and "webhook" in html
        assert '<script src="/static/watch.js" defer></script>' in html
        fresh = client.get("/sources/new.json", params={"since": before.isoformat()}).json()
        assert fresh == [{"a": "BEL", "b": "KAZ", "events": 1}]
        later = datetime.now(UTC).isoformat()
        assert client.get("/sources/new.json", params={"since": later}).json() == []
        assert client.get("/sources/new.json", params={"since": "yesterday"}).status_code == 422
        assert client.get("/static/watch.js").status_code == 200


def test_sources_page_without_sources(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.duckdb")
    open_store(db).close()
    with TestClient(create_app(db, Settings(db=db))) as client:
        response = client.get("/sources")
    assert response.status_code == 200 and "No sources yet" in response.text


def test_cli_sources_lists_health(server: LocalServer, tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from communique.cli import app

    db = str(tmp_path / "cli.duckdb")
    server.routes["/feed.xml"] = Route(rss([("/news/1", "One")], server.url("")))
    server.routes["/news/1"] = Route(page("One", [
        "Kazakhstan and Belgium held consultations in Brussels on trade and transit routes.",
    ]))  # fmt: skip
    with open_store(db) as store:
        assert isinstance(store, SqlStore)
        specs = [SourceSpec(name="agency", url=server.url("/feed.xml")),
                 SourceSpec(name="gone", url=server.url("/missing.xml"))]  # fmt: skip
        Watcher(store, specs, watch_fake_coder.code, options=WatchOptions(host_delay=0)).round()
    done = CliRunner().invoke(app, ["sources", "--db", db, "--format", "jsonl"])
    assert done.exit_code == 0, done.output
    rows = {r["name"]: r for r in map(json.loads, done.output.splitlines())}
    assert rows["agency"]["items_seen"] == 1 and rows["agency"]["last_success"]
    assert rows["gone"]["failures"] == 1 and rows["gone"]["last_error"].startswith("HTTP 404")
