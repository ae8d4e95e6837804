"""Following sources (issue 15): `communique watch FEEDS.toml`, subscriptions and digests.

    sources = load_sources(Path("FEEDS.toml"))
    with open_store("communique.duckdb") as store:
        report = Watcher(store, sources, Pipeline().code).round()

docs/WATCH.md describes the round, its politeness, crash safety and several watchers.
"""

from __future__ import annotations

from communique.watch.config import SourceSpec, load_sources, parse_sources
from communique.watch.watcher import RoundReport, SourceReport, Watcher, WatchOptions

__all__ = [
    "RoundReport",
    "SourceReport",
    "SourceSpec",
    "WatchOptions",
    "Watcher",
    "load_sources",
    "parse_sources",
]
