"""`communique watch`, `communique sources`: a thin layer over `communique.watch`."""

from __future__ import annotations

import re
import signal
import threading
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from communique.cli.options import DbOption, DyadOption, FormatOption, ListFormat, emit
from communique.errors import ConfigError
from communique.settings import Settings

if TYPE_CHECKING:
    from communique.store.sql_store import SqlStore


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("watch")(watch)
    app.command("sources")(sources)
    app.command("subscribe")(subscribe)
    app.command("subscriptions")(subscriptions)
    app.command("unsubscribe")(unsubscribe)
    app.command("digest")(digest)


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
    extract_processes: Annotated[
        int, typer.Option(min=0, help="Processes extracting pages (0: in the fetching threads).")
    ] = 0,
    coder: Annotated[
        str | None, typer.Option(help="Custom coder factory, package.module:function.")
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(help="This watcher's name for source leases (default: watch@HOST)."),
    ] = None,
    digests: Annotated[
        bool, typer.Option(help="After each round, make and deliver the subscriptions' digests.")
    ] = True,
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
    options = WatchOptions(
        host_delay=host_delay, workers=workers, batch_size=batch_size,
        extract_processes=extract_processes,
    )  # fmt: skip
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
        if digests and not stop.is_set():
            _digests(watcher.store)

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


def _digests(store: SqlStore, subscription: str | None = None) -> int:
    """Make and deliver digests; print one line per delivery; returns how many failed."""
    from communique.watch.digest import deliver_pending

    failed = 0
    for outcome in deliver_pending(store, printer=typer.echo, subscription=subscription):
        state = "delivered" if outcome.delivered else f"not delivered ({outcome.error})"
        failed += not outcome.delivered
        typer.echo(
            f"digest {outcome.digest} of {outcome.subscription}: {outcome.events} events, "
            f"{outcome.via}, {state}",
            err=True,
        )
    return failed


def _sql_store(db: str | None, *, create: bool) -> SqlStore:
    from communique.cli.options import open_db
    from communique.store.sql_store import SqlStore

    store = open_db(db, create=create)
    if not isinstance(store, SqlStore):
        store.close()
        raise ConfigError("this store holds no watch state", hint="use DuckDB or PostgreSQL")
    return store


def subscribe(
    dyad: DyadOption = None,
    db: DbOption = None,
    types: Annotated[
        str | None, typer.Option(help="PLOVER types, comma-separated, e.g. CONSULT,AGREE.")
    ] = None,
    min_goldstein: Annotated[
        float | None, typer.Option(help="Only events at or above this Goldstein score.")
    ] = None,
    webhook: Annotated[
        str | None, typer.Option(help="POST each digest as JSON to this URL.")
    ] = None,
    secret: Annotated[
        str | None, typer.Option(help="Shared secret of the webhook's HMAC-SHA256 signature.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option(help="Write each digest to this file (.md, or .html).")
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="The subscription's name (default: DYAD[:TYPES]).")
    ] = None,
) -> None:
    """Subscribe to what is new for a country pair; digests are printed, written or POSTed."""
    from communique.cli.options import parse_dyad
    from communique.store.watch_store import Subscription
    from communique.watch.digest import check_types

    pair = parse_dyad(dyad)
    if pair is None:
        raise ConfigError("no --dyad given", hint="name the pair, e.g. --dyad KAZ-BEL")
    if webhook and file:
        raise ConfigError("both --webhook and --file given", hint="choose one delivery")
    if webhook and not webhook.startswith(("http://", "https://")):
        raise ConfigError(f"bad --webhook {webhook!r}", hint="give an http(s):// URL")
    if webhook and not secret:
        raise ConfigError("a webhook needs --secret", hint="receivers check the signature")
    chosen = check_types(tuple((types or "").split(",")))
    label = name or f"{pair[0]}-{pair[1]}" + (f":{','.join(chosen)}" if chosen else "")
    subscription = Subscription(
        name=label, country_a=pair[0], country_b=pair[1], types=chosen,
        min_goldstein=min_goldstein, webhook=webhook, secret=secret,
        file=str(file) if file else None,
    )  # fmt: skip
    with closing(_sql_store(db, create=True)) as store:
        store.add_subscription(subscription)
    typer.echo(f"subscribed {label}: events stored from now on go into its digests")


def subscriptions(db: DbOption = None, fmt: FormatOption = ListFormat.table) -> None:
    """The subscriptions (secrets not shown)."""
    import pandas as pd

    with closing(_sql_store(db, create=False)) as store:
        rows = [
            s.model_dump(exclude={"secret"}) | {"types": ",".join(s.types)}
            for s in store.subscriptions()
        ]
    columns = ["name", "country_a", "country_b", "types", "min_goldstein", "webhook", "file",
               "created_at"]  # fmt: skip
    emit(pd.DataFrame(rows, columns=columns), fmt, "subscriptions")


def unsubscribe(name: Annotated[str, typer.Argument(help="The subscription's name.")],
                db: DbOption = None) -> None:  # fmt: skip
    """Remove a subscription (its delivered digests stay in the store)."""
    with closing(_sql_store(db, create=False)) as store:
        if not store.remove_subscription(name):
            raise ConfigError(f"no subscription {name!r}", hint="see `communique subscriptions`")
    typer.echo(f"unsubscribed {name}")


def digest(
    db: DbOption = None,
    subscription: Annotated[
        str | None, typer.Option(help="Only this subscription (default: all).")
    ] = None,
) -> None:
    """Make each subscription's digest of what is new and deliver every undelivered digest.

    Exit 1 when a delivery failed (it is retried by the next run).
    """
    with closing(_sql_store(db, create=False)) as store:
        failed = _digests(store, subscription)
    if failed:
        raise typer.Exit(1)
