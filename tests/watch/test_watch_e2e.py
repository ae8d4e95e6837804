"""End to end with the real pipeline: a feed on the loopback server whose article pages are real
stories; the watcher codes them with spaCy, and a later round codes only the new story."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from communique.store import EventQuery, open_store
from communique.store.sql_store import SqlStore
from communique.watch import SourceSpec, Watcher, WatchOptions
from tests.conftest import ROOT, SEED
from tests.watch.local_server import LocalServer, Route, rss


def story_page(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    return (
        f"<html><head><title>{escape(title)}</title></head><body>"
        f"<article><h1>{escape(title)}</h1>{paragraphs}</article></body></html>"
    ).encode()


def test_watch_codes_real_articles_once(pipeline, server: LocalServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = SEED.read_text(encoding="utf-8").split("\n\n")
    seed_title, seed_body = lines[1].strip(), "\n\n".join(lines[2:])
    voa = json.loads((ROOT / "examples" / "voa_stories_sample.jsonl").read_text().splitlines()[0])
    server.routes["/seed"] = Route(story_page(seed_title, seed_body))
    server.routes["/voa"] = Route(story_page(voa["title"], voa["text"]))
    base = server.url("")
    server.routes["/feed.xml"] = Route(rss([("/seed", seed_title)], base), etag='"1"')
    with open_store(str(tmp_path / "w.duckdb")) as store:
        assert isinstance(store, SqlStore)
        spec = SourceSpec(name="agency", url=server.url("/feed.xml"), publisher="Kazinform")
        watcher = Watcher(store, [spec], pipeline.code, options=WatchOptions(host_delay=0))
        first = watcher.round()
        assert first.coded == 1 and first.events > 0
        pair = store.events(EventQuery(dyad=("KAZ", "BEL")))
        assert "CONSULT" in set(pair["plover"])
        article = store.articles()
        assert article["url"][0] == server.url("/seed") and article["source"][0] == "Kazinform"

        server.routes["/feed.xml"] = Route(rss([("/seed", seed_title), ("/voa", voa["title"])],
                                               base), etag='"2"')  # fmt: skip
        second = watcher.round()
        assert second.coded == 1 and second.sources[0].new == 1
        assert store.count_articles() == 2
        assert server.paths().count("/seed") == 1
