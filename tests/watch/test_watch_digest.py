"""Subscriptions and digests: what is new per subscription, delivered once; webhooks signed and
retried; files in Markdown or HTML with evidence and links. On DuckDB and PostgreSQL."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.store import open_store
from communique.store.sql_store import SqlStore
from communique.store.watch_store import Subscription
from communique.watch import SourceSpec, Watcher, WatchOptions
from communique.watch.digest import (
    DIGEST_HEADER,
    SIGNATURE_HEADER,
    deliver_pending,
    sign,
    verify,
)
from tests.watch import watch_fake_coder
from tests.watch.local_server import LocalServer, Route, page, rss

SECRET = "s3cret"


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    with open_store(store_url) as opened:
        assert isinstance(opened, SqlStore)
        yield opened


def publish(server: LocalServer, store: SqlStore, numbers: range) -> None:
    """Serve stories `numbers` in the feed and run a watch round (fake coder: KAZ-BEL 040)."""
    base = server.url("")
    server.routes["/feed.xml"] = Route(rss([(f"/news/{n}", f"Story {n}") for n in numbers], base))
    for n in numbers:
        server.routes[f"/news/{n}"] = Route(page(f"Story {n}", [
            f"Kazakhstan and Belgium held consultations number {n} in Brussels on trade.",
            f"The ministers discussed {n} joint projects in energy and logistics.",
        ]))  # fmt: skip
    spec = SourceSpec(name="agency", url=server.url("/feed.xml"))
    Watcher(store, [spec], watch_fake_coder.code, options=WatchOptions(host_delay=0)).round()


def test_webhook_gets_each_digest_once_signed(server: LocalServer, store: SqlStore) -> None:
    store.add_subscription(Subscription(
        name="kb", country_a="BEL", country_b="KAZ", webhook=server.url("/hook"), secret=SECRET,
    ))  # fmt: skip
    publish(server, store, range(0, 3))
    server.post_status = [500]  # the receiver fails once: the delivery is retried
    with httpx.Client() as client:
        first = deliver_pending(store, client=client, backoff_s=0)
        assert [o.delivered for o in first] == [True]
        assert deliver_pending(store, client=client, backoff_s=0) == []  # nothing new
        publish(server, store, range(0, 5))  # two more stories
        second = deliver_pending(store, client=client, backoff_s=0)
    assert [o.delivered for o in second] == [True]
    assert len(server.posts) == 3  # 500, then the first digest, then the second
    bodies = [b for _, h, b in server.posts[1:]]
    digests = [json.loads(b) for b in bodies]
    assert [h[DIGEST_HEADER] for _, h, _ in server.posts[1:]] == [d["id"] for d in digests]
    for _, headers, body in server.posts:
        assert verify(SECRET, body, headers[SIGNATURE_HEADER])
        assert not verify("wrong", body, headers[SIGNATURE_HEADER])
    first_keys = {e["event_key"] for e in digests[0]["events"]}
    second_keys = {e["event_key"] for e in digests[1]["events"]}
    assert first_keys and second_keys and not first_keys & second_keys
    event = digests[0]["events"][0]
    assert event["evidence"].startswith("Kazakhstan and Belgium") and event["url"]
    assert len(store.digests()) == 2 and store.digests(pending=True) == []


def test_failed_delivery_stays_pending_and_goes_out_next_time(
    server: LocalServer, store: SqlStore
) -> None:
    store.add_subscription(Subscription(
        name="kb", country_a="KAZ", country_b="BEL", webhook=server.url("/hook"), secret=SECRET,
    ))  # fmt: skip
    publish(server, store, range(0, 2))
    server.post_status = [503, 503, 503]  # every retry of this run fails
    with httpx.Client() as client:
        failed = deliver_pending(store, client=client, backoff_s=0)
        assert [(o.delivered, o.error) for o in failed] == [(False, "HTTP 503")]
        assert len(store.digests(pending=True)) == 1
        again = deliver_pending(store, client=client, backoff_s=0)
    assert [o.delivered for o in again] == [True] and again[0].digest == failed[0].digest
    ok = [b for (_, _, b), n in zip(server.posts, range(len(server.posts)), strict=True) if n >= 3]
    assert len(ok) == 1 and json.loads(ok[0])["id"] == failed[0].digest


def test_file_digest_markdown_and_html(
    server: LocalServer, store: SqlStore, tmp_path: Path
) -> None:
    md, html = tmp_path / "kb.md", tmp_path / "kb.html"
    store.add_subscription(Subscription(name="md", country_a="KAZ", country_b="BEL", file=str(md)))
    store.add_subscription(Subscription(
        name="html", country_a="KAZ", country_b="BEL", types=("CONSULT",), file=str(html)
    ))  # fmt: skip
    store.add_subscription(Subscription(
        name="none", country_a="KAZ", country_b="BEL", types=("FIGHT",)
    ))  # fmt: skip
    publish(server, store, range(0, 2))
    outcomes = deliver_pending(store, backoff_s=0)
    assert sorted(o.subscription for o in outcomes) == ["html", "md"]  # FIGHT: nothing new
    text = md.read_text()
    assert text.startswith("# KAZ-BEL: ") and "> Kazakhstan and Belgium held" in text
    assert f"]({server.url('/news/0')})" in text or f"]({server.url('/news/1')})" in text
    assert "<blockquote>Kazakhstan and Belgium held" in html.read_text()


def test_min_goldstein_filters(server: LocalServer, store: SqlStore) -> None:
    store.add_subscription(Subscription(name="high", country_a="KAZ", country_b="BEL",
                                        min_goldstein=9.0))  # fmt: skip
    store.add_subscription(Subscription(name="low", country_a="KAZ", country_b="BEL",
                                        min_goldstein=0.0))  # fmt: skip
    publish(server, store, range(0, 2))
    printed: list[str] = []
    outcomes = deliver_pending(store, printer=printed.append, backoff_s=0)
    assert [o.subscription for o in outcomes] == ["low"] and len(printed) == 1


def test_signature_is_hmac_sha256_of_the_body() -> None:
    expected = "sha256=" + hmac.new(b"key", b"{}", hashlib.sha256).hexdigest()
    assert sign("key", b"{}") == expected and verify("key", b"{}", expected)
    assert not verify("key", b"{ }", expected)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dyad", "KAZBEL"], "bad --dyad"),
        (["--dyad", "KAZ-BEL", "--types", "CONSULT,PARTY"], "unknown PLOVER type 'PARTY'"),
        (["--dyad", "KAZ-BEL", "--webhook", "http://x/"], "a webhook needs --secret"),
        (["--dyad", "KAZ-BEL", "--webhook", "ftp://x/", "--secret", "s"], "bad --webhook"),
        ([], "no --dyad given"),
    ],
)
def test_subscribe_refuses_bad_options(args: list[str], message: str, tmp_path: Path) -> None:
    from communique.errors import ConfigError

    with pytest.raises(ConfigError, match=message):
        CliRunner().invoke(app, ["subscribe", "--db", str(tmp_path / "s.duckdb"), *args],
                           catch_exceptions=False)  # fmt: skip


def test_cli_subscribe_list_digest(server: LocalServer, tmp_path: Path) -> None:
    db = str(tmp_path / "c.duckdb")
    runner = CliRunner()
    done = runner.invoke(app, ["subscribe", "--db", db, "--dyad", "kaz-bel", "--types", "consult"])
    assert done.exit_code == 0 and "subscribed KAZ-BEL:CONSULT" in done.output
    listed = runner.invoke(app, ["subscriptions", "--db", db, "--format", "jsonl"])
    assert json.loads(listed.output.splitlines()[0])["types"] == "CONSULT"
    with open_store(db) as store:
        assert isinstance(store, SqlStore)
        publish(server, store, range(0, 2))
    printed = runner.invoke(app, ["digest", "--db", db])
    assert printed.exit_code == 0 and "# KAZ-BEL:" in printed.output
    assert "# KAZ-BEL:" not in runner.invoke(app, ["digest", "--db", db]).output
    assert runner.invoke(app, ["unsubscribe", "KAZ-BEL:CONSULT", "--db", db]).exit_code == 0
