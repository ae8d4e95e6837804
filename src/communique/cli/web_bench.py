"""`bench-web`: the dashboard's page latency on a store of synthetic events (web/bench.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("bench-web")(bench_web)


def bench_web(
    db: Annotated[str | None, typer.Option(
        "--db", help="A store to fill (new) or, with --no-fill, one bench-web filled before "
        "(default: a temporary DuckDB file).")] = None,
    n_events: Annotated[int, typer.Option("--events", min=1, help="Events to load.")] = 1_000_000,
    countries: Annotated[int, typer.Option(min=2, help="Countries they involve.")] = 200,
    years: Annotated[int, typer.Option(min=1, help="Years they span (from 2021).")] = 5,
    runs: Annotated[int, typer.Option(min=1, help="Requests per page.")] = 20,
    fill: Annotated[bool, typer.Option(help="Fill the store first.")] = True,
) -> None:
    """Fill a store with synthetic events (fast bulk load), then print p50/p95 latency of the
    dashboard's pages (overview, busiest pair, events with facets, search, country, map,
    network, and the brief when communique has one). A benchmark, not a test."""
    import time

    from communique.cli.options import open_db
    from communique.store.sql_store import SqlStore
    from communique.web.bench import bench_web as run_bench
    from communique.web.bench import fill_synthetic

    with tempfile.TemporaryDirectory() as folder:
        url = db or str(Path(folder) / "bench-web.duckdb")
        if fill:
            start = time.perf_counter()
            with open_db(url, create=True) as store:
                assert isinstance(store, SqlStore)
                articles = fill_synthetic(store, n_events, countries, years, progress=typer.echo)
            typer.echo(f"filled {n_events:,} events, {articles:,} articles in "
                       f"{time.perf_counter() - start:.1f} s [{url}]")
        latencies = run_bench(url, runs, progress=typer.echo)
        if not any(lat.page == "brief" for lat in latencies):
            typer.echo("brief: not measured (this communique has no brief page yet)")
