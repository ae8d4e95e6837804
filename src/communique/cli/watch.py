"""`communique watch`, `communique sources`: a thin layer over `communique.watch`."""

from __future__ import annotations

import re
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer

from communique.cli.options import DbOption, FormatOption, ListFormat, emit
from communique.errors import ConfigError
from communique.settings import Settings


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("watch")(watch)
    app.command("sources")(sources)


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: str) -> float:
    """'15m', '30s', '1h', '2d' or plain seconds, as seconds."""
    match = _DURATION.match(value)
    if not match or float(match.group(1)) <= 0:
        raise ConfigError(
            f"bad duration {value!r}", hint="write it as 30s, 15m, 1h or 1d (more than zero)"
        )
    return float(match.group(1)) * _UNIT_S[match.group(2) or "s"]


def watch(
    feeds: Annotated[Path, typer.Argument(help="FEEDS.toml: [[source]] tables (docs/WATCH.md).")],
    db: DbOption = None,
    once: Annotated[
        bool, typer.Option(help="One round, then exit (cron, systemd timers).")
    ] = False,
    every: Annotated[str, typer.Option(help="Time between rounds: 30s, 15m, 1h.")] = "15m",
    host_delay: Annotated[
        float, typer.Option(min=0, help="Seconds between two requests to one host.")
    ] = 1.0,
    workers: Annotated[int, typer.Option(min=1, help="Fetching threads.")] = 8,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per transaction.")] = 16,
    coder: Annotated[
        str | None, typer.Option(help="Custom coder factory, package.module:function.")
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(help="This watcher's name for source leases (default: watch@HOST)."),
    ] = None,
) -> None:
    """Follow feeds and listing pages: code what is new, store it, and repeat.

    Stops cleanly on SIGTERM or Ctrl-C (the batch in hand is stored first). Exit 1 when a
    --once round had a failing source (see `communique sources`).
    """
    from communique.cli.store_cmds import load_coder
    from communique.store import open_store
    from communique.store.sql_store import SqlStore
    from communique.watch import Watcher, WatchOptions, load_sources
    from communique.watch.watcher import RoundReport

    specs = load_sources(feeds)
    interval = parse_duration(every)
    options = WatchOptions(host_delay=host_delay, workers=workers, batch_size=batch_size)
    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        typer.echo(f"stopping ({signal.Signals(signum).name}): storing the batch in hand", err=True)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    def on_batch(report: RoundReport) -> None:
        typer.echo(f"stored batch {report.batches}: {report.items} items", err=True)

    def on_round(report: RoundReport) -> None:
        for source in report.sources:
            detail = f": {source.error}" if source.error else ""
            typer.echo(f"  {source.name}: {source.status}, {source.new} new{detail}", err=True)
        typer.echo(report.line())

    settings = Settings()
    url = db or settings.db
    with open_store(url, shared=True, busy_wait_s=settings.writer_busy_wait_s) as store:
        if not isinstance(store, SqlStore):
            raise ConfigError("this store cannot hold watch state", hint="use DuckDB or PostgreSQL")
        if coder:
            chosen = load_coder(coder)
        else:
            from communique.pipeline import Pipeline

            chosen = Pipeline(settings).code
        watcher = Watcher(
            store, specs, chosen, options=options, owner=name, stop=stop, on_batch=on_batch
        )
        if once:
            report = watcher.round()
            on_round(report)
            if any(s.status == "failed" for s in report.sources):
                raise typer.Exit(1)
            return
        watcher.run(interval, on_round)


def sources(db: DbOption = None, fmt: FormatOption = ListFormat.table) -> None:
    """Each followed source's last success, last error, failures in a row and items seen."""
    from communique.cli.options import open_db
    from communique.store.sql_store import SqlStore

    with open_db(db) as store:
        if not isinstance(store, SqlStore):
            raise ConfigError("this store holds no watch state", hint="use DuckDB or PostgreSQL")
        frame = store.source_health()
    emit(frame, fmt, "sources")
