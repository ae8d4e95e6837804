"""Throughput of one watch round: N items on a loopback server, coded and stored (issue 15).

    PYTHONPATH=src python scripts/bench_watch.py 200            # the real pipeline
    PYTHONPATH=src python scripts/bench_watch.py 200 --fake     # model-free: fetch + store only

Each item's page is a real story (examples/: the seed and the VOA sample, in turn) with its
number in the title and a first paragraph of its own, so every item is new content. Prints the
round's line (items/s) and the time the pipeline alone takes for the same articles.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.watch.local_server import LocalServer, Route, rss  # noqa: E402

from communique.store import open_store  # noqa: E402
from communique.store.sql_store import SqlStore  # noqa: E402
from communique.watch import SourceSpec, Watcher, WatchOptions  # noqa: E402


def stories() -> list[tuple[str, str]]:
    seed = (ROOT / "examples" / "kazinform_2022-10-18_kazakhstan_belgium.txt").read_text()
    parts = seed.split("\n\n")
    found = [(parts[1].strip(), "\n\n".join(parts[2:]))]
    for line in (ROOT / "examples" / "voa_stories_sample.jsonl").read_text().splitlines():
        record = json.loads(line)
        found.append((record["title"], record["text"]))
    return found


def page(title: str, text: str, number: int) -> bytes:
    paragraphs = [f"Report number {number} of the watch bench.", *text.split("\n\n")]
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p.strip())
    return (
        f"<html><head><title>{escape(title)} ({number})</title></head><body><article>"
        f"<h1>{escape(title)} ({number})</h1>{body}</article></body></html>"
    ).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("items", type=int, nargs="?", default=200)
    parser.add_argument("--fake", action="store_true", help="model-free coder (fetch + store)")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--extract-processes", type=int, default=0)
    args = parser.parse_args()
    server = LocalServer()
    texts = stories()
    listed = []
    for n in range(args.items):
        title, text = texts[n % len(texts)]
        server.routes[f"/news/{n}"] = Route(page(title, text, n))
        listed.append((f"/news/{n}", f"{title} ({n})"))
    half = args.items // 2  # two feeds, as a watcher usually follows several
    server.routes["/a.xml"] = Route(rss(listed[:half], server.url("")))
    server.routes["/b.xml"] = Route(rss(listed[half:], server.url("")))
    if args.fake:
        sys.path.insert(0, str(ROOT / "tests" / "watch"))
        import watch_fake_coder

        coder = watch_fake_coder.code
    else:
        from communique.pipeline import Pipeline

        coder = Pipeline().code
    specs = [SourceSpec(name=n, url=server.url(f"/{n}.xml")) for n in ("a", "b")]
    options = WatchOptions(
        host_delay=0, workers=args.workers, extract_processes=args.extract_processes
    )
    with tempfile.TemporaryDirectory() as folder, open_store(f"{folder}/bench.duckdb") as store:
        assert isinstance(store, SqlStore)
        report = Watcher(store, specs, coder, options=options).round()
        print(report.line())
        articles = [r.article for r in store.results()]
    started = time.monotonic()
    list(coder(articles))
    alone = time.monotonic() - started
    print(f"coding alone: {len(articles)} articles in {alone:.1f} s "
          f"({len(articles) / alone:.1f} articles/s)")  # fmt: skip
    server.close()


if __name__ == "__main__":
    main()
