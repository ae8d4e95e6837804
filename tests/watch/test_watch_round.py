"""Watch rounds against a loopback server whose feeds and pages change between rounds (issue 15):
new items coded once, 304 honoured, slow/failing/malformed/oversized sources isolated, robots.txt
honoured, HTML listings, duplicates by content hash, backoff. Model-free (watch_fake_coder)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from communique.settings import InputLimits
from communique.store import open_store
from communique.store.sql_store import SqlStore
from communique.watch import SourceSpec, Watcher, WatchOptions
from tests.watch import watch_fake_coder
from tests.watch.local_server import LocalServer, Route, page, rss

#: the fetch deadline is far above a loopback fetch even on a loaded machine (a 1 s deadline failed
#: a good source under a load average of 10), and far below the slow source's delay
LIMITS = InputLimits(fetch_max_bytes=64_000, fetch_deadline_s=5.0)
FAST = WatchOptions(host_delay=0, workers=4, batch_size=4, backoff_first_s=0)


def body(n: int) -> list[str]:
    return [
        f"Kazakhstan and Belgium held consultations number {n} in Brussels on trade and transit.",
        f"The ministers discussed {n} joint projects in energy, logistics and agriculture.",
    ]


def serve_feed(server: LocalServer, path: str, numbers: list[int], etag: str | None = None) -> None:
    base = server.url("")
    server.routes[path] = Route(
        rss([(f"/news/{n}", f"Story {n}") for n in numbers], base),
        content_type="application/rss+xml", etag=etag,
    )  # fmt: skip
    for n in numbers:
        server.routes[f"/news/{n}"] = Route(page(f"Story {n}", body(n)))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    with open_store(str(tmp_path / "watch.duckdb")) as opened:
        assert isinstance(opened, SqlStore)
        yield opened


def watcher(store: SqlStore, specs: list[SourceSpec]) -> Watcher:
    return Watcher(store, specs, watch_fake_coder.code, options=FAST, limits=LIMITS)


def count(store: SqlStore, table: str) -> int:
    return int(store.sql(f"SELECT count(*) AS n FROM {table}")["n"][0])


def test_new_items_are_coded_once_and_304_is_honoured(server: LocalServer, store: SqlStore) -> None:
    serve_feed(server, "/feed.xml", [1, 2, 3], etag='"v1"')
    w = watcher(store, [SourceSpec(name="agency", url=server.url("/feed.xml"))])
    first = w.round()
    assert (first.coded, first.failed) == (3, 0)
    assert count(store, "articles") == 3

    second = w.round()  # unchanged feed: the server answers 304, nothing is fetched again
    assert second.sources[0].status == "not modified" and second.items == 0
    feed_hits = [h for p, h in server.hits if p == "/feed.xml"]
    assert feed_hits[-1].get("If-None-Match") == '"v1"'
    assert server.paths().count("/news/1") == 1

    serve_feed(server, "/feed.xml", [2, 3, 4, 5], etag='"v2"')  # two new stories
    third = w.round()
    assert (third.coded, third.sources[0].listed, third.sources[0].new) == (2, 4, 2)
    assert count(store, "articles") == 5 and count(store, "watch_items") == 5
    assert server.paths().count("/news/2") == 1  # seen items are never fetched again
    health = store.source_health()
    assert health["items_seen"][0] == 5 and health["failures"][0] == 0


def test_bad_sources_never_stop_the_round(server: LocalServer, store: SqlStore) -> None:
    serve_feed(server, "/good.xml", [1, 2])
    server.routes["/slow.xml"] = Route(rss([], server.url("")), delay_s=15.0)
    server.routes["/failing.xml"] = Route(b"boom", status=500)
    server.routes["/malformed.xml"] = Route(b"this is {not} a feed", content_type="text/plain")
    server.routes["/huge.xml"] = Route(b"<rss>" + b" " * 100_000 + b"</rss>")
    specs = [SourceSpec(name="good", url=server.url("/good.xml"))] + [
        SourceSpec(name=name, url=server.url(f"/{name}.xml"), kind="rss")
        for name in ("slow", "failing", "malformed", "huge")
    ]
    report = watcher(store, specs).round()
    status = {s.name: (s.status, s.error or "") for s in report.sources}
    assert status["good"][0] == "fetched" and report.coded == 2
    assert status["slow"][0] == "failed" and "longer than 5 s" in status["slow"][1]
    assert status["failing"] == ("failed", "HTTP 500: the server refused it; retried later")
    assert status["malformed"][0] == "failed"
    assert "not a readable RSS/Atom feed" in status["malformed"][1]
    assert status["huge"][0] == "failed" and "larger than 64,000 bytes" in status["huge"][1]
    health = store.source_health().set_index("name")
    assert health.loc["failing", "failures"] == 1
    assert "HTTP 500" in health.loc["failing", "last_error"]
    assert health.loc["good", "last_success"] and pd.isna(health.loc["good", "last_error"])


def test_failing_source_backs_off_exponentially(server: LocalServer, store: SqlStore) -> None:
    server.routes["/failing.xml"] = Route(b"boom", status=500)
    options = FAST.model_copy(update={"backoff_first_s": 3600})
    w = Watcher(store, [SourceSpec(name="f", url=server.url("/failing.xml"))],
                watch_fake_coder.code, options=options, limits=LIMITS)  # fmt: skip
    assert w.round().sources[0].status == "failed"
    second = w.round()
    assert second.sources[0].status == "backing off"
    assert server.paths().count("/failing.xml") == 1
    state = store.source_states()[0]
    assert state.failures == 1 and state.next_attempt is not None


def test_robots_disallow_is_honoured(server: LocalServer, store: SqlStore) -> None:
    serve_feed(server, "/feed.xml", [1, 2])
    server.routes["/private/feed.xml"] = server.routes["/feed.xml"]
    server.routes["/robots.txt"] = Route(
        b"User-agent: communique\nDisallow: /news/2\nDisallow: /private/\n",
        content_type="text/plain",
    )
    specs = [SourceSpec(name="open", url=server.url("/feed.xml")),
             SourceSpec(name="closed", url=server.url("/private/feed.xml"))]  # fmt: skip
    report = watcher(store, specs).round()
    status = {s.name: (s.status, s.error or "") for s in report.sources}
    assert status["closed"][0] == "failed" and "disallowed by robots.txt" in status["closed"][1]
    assert "/news/2" not in server.paths() and "/private/feed.xml" not in server.paths()
    assert report.coded == 1 and report.failed == 1  # /news/2: no page, no summary: a drop
    items = store.watch_items().set_index("url")
    assert items.loc[server.url("/news/2"), "status"] == "failed"


def test_html_listing_with_link_pattern_and_duplicate_content(
    server: LocalServer, store: SqlStore
) -> None:
    listing = (
        b"<html><body><a href='/news/1'>One</a> <a href='/news/2#top'>Two</a>"
        b"<a href='/about'>About</a> <a href='/news/3'>Three</a></body></html>"
    )
    server.routes["/press"] = Route(listing)
    for n in (1, 2):
        server.routes[f"/news/{n}"] = Route(page(f"Story {n}", body(n)))
    server.routes["/news/3"] = Route(page("Story 1 again", body(1)))  # same text as /news/1
    spec = SourceSpec(name="mfa", url=server.url("/press"), kind="html", link_pattern=r"/news/\d+$")
    report = watcher(store, [spec]).round()
    assert report.sources[0].listed == 3 and "/about" not in server.paths()
    assert (report.coded, report.duplicates) == (2, 1)
    assert count(store, "articles") == 2 and count(store, "watch_items") == 3


def test_same_url_in_two_feeds_is_coded_once(server: LocalServer, store: SqlStore) -> None:
    serve_feed(server, "/a.xml", [1, 2])
    serve_feed(server, "/b.xml", [2, 3])
    specs = [SourceSpec(name="a", url=server.url("/a.xml")),
             SourceSpec(name="b", url=server.url("/b.xml"))]  # fmt: skip
    report = watcher(store, specs).round()
    assert report.coded == 3 and server.paths().count("/news/2") == 1


def test_host_delay_spaces_requests(server: LocalServer, store: SqlStore) -> None:
    """Politeness is a count here, not a clock: every request after the first waited its turn."""
    serve_feed(server, "/feed.xml", [1, 2])
    w = Watcher(store, [SourceSpec(name="a", url=server.url("/feed.xml"))], watch_fake_coder.code,
                options=FAST.model_copy(update={"host_delay": 0.05}), limits=LIMITS)  # fmt: skip
    report = w.round()
    assert report.coded == 2
    user_agents = {h.get("User-Agent", "") for _, h in server.hits}
    assert all(ua.startswith("communique/") for ua in user_agents)


def test_watchers_share_a_store_through_leases(server: LocalServer, store_url: str) -> None:
    """A source leased by one watcher is skipped by another; the same watcher restarted after a
    crash (its lease still running) takes it back at once. On DuckDB and PostgreSQL."""
    serve_feed(server, "/feed.xml", [1, 2])
    spec = SourceSpec(name="agency", url=server.url("/feed.xml"))
    with open_store(store_url) as opened:
        assert isinstance(opened, SqlStore)
        first = Watcher(opened, [spec], watch_fake_coder.code, options=FAST, limits=LIMITS,
                        owner="watch@a")  # fmt: skip
        assert opened.claim_sources(["agency"], "watch@a", "9999-01-01") == ["agency"]  # a crash
        other = Watcher(opened, [spec], watch_fake_coder.code, options=FAST, limits=LIMITS,
                        owner="watch@b")  # fmt: skip
        report = other.round()
        assert report.sources[0].status == "held by another watcher" and report.items == 0
        assert first.round().coded == 2  # the restarted watcher@a resumes its own lease
        state = opened.source_states()[0]
        assert state.lease_owner is None  # released at the end of the round
        assert other.round().items == 0  # nothing new for the other one either
        assert opened.source_health()["items_seen"][0] == 2


def test_extraction_in_a_process_pool_reads_the_same(server: LocalServer, store: SqlStore) -> None:
    serve_feed(server, "/feed.xml", [1, 2, 3])
    options = FAST.model_copy(update={"extract_processes": 1})
    w = Watcher(store, [SourceSpec(name="a", url=server.url("/feed.xml"))],
                watch_fake_coder.code, options=options, limits=LIMITS)  # fmt: skip
    assert w.round().coded == 3
    titles = sorted(store.articles()["title"])
    assert titles == ["Story 1", "Story 2", "Story 3"]
