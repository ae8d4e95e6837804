"""Store commands: ingest, queries, drops/retry, sql, export, db upgrade, bench-store.

A thin layer over `communique.store`: every command opens the store named by --db (default
$COMMUNIQUE_DB or ./communique.duckdb), calls one library function and prints its DataFrame.
"""

from __future__ import annotations

import importlib
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from communique.cli.render import format_cell, table_console
from communique.errors import ConfigError
from communique.settings import STORE_BATCH_SIZE, Settings

if TYPE_CHECKING:
    import pandas as pd

    from communique.store import Store
    from communique.store.ingest import Coder, IngestSummary

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="DuckDB file or postgresql:// URL (default: $COMMUNIQUE_DB)."),
]
DyadOption = Annotated[
    str | None, typer.Option("--dyad", help="Country pair, e.g. KAZ-BEL (either direction).")
]


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOption = Annotated[
    TableFormat, typer.Option("--format", "-f", help="table, csv or json (records).")
]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    for name, command in (
        ("ingest", ingest),
        ("events", events),
        ("timeline", timeline),
        ("actors", actors),
        ("people", people),
        ("organizations", organizations),
        ("figures", figures),
        ("agreements", agreements),
        ("drops", drops),
        ("retry", retry),
        ("sql", sql),
        ("export", export),
        ("bench-store", bench_store),
    ):
        app.command(name)(command)
    db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
    db_app.command("upgrade")(db_upgrade)
    db_app.command("version")(db_version)
    app.add_typer(db_app, name="db")


# -- helpers ---------------------------------------------------------------------------------------
def _open(db: str | None, *, check_version: bool = True) -> Store:
    from communique.store import open_store

    return open_store(db or Settings().db, check_version=check_version)


def parse_dyad(value: str | None) -> tuple[str, str] | None:
    """'KAZ-BEL' -> ('KAZ', 'BEL'); anything else is a ConfigError that shows the form."""
    if value is None:
        return None
    parts = [p.strip().upper() for p in value.replace(",", "-").split("-")]
    if len(parts) != 2 or not all(parts):
        raise ConfigError(f"bad dyad {value!r}", hint="write two country codes: --dyad KAZ-BEL")
    return parts[0], parts[1]


def emit(frame: pd.DataFrame, fmt: TableFormat, title: str | None = None) -> None:
    """Print a DataFrame as a Rich table, CSV or JSON records."""
    if fmt is TableFormat.csv:
        frame.to_csv(sys.stdout, index=False)
        return
    if fmt is TableFormat.json:
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=2) + "\n")
        return
    table = Table(title=title, show_lines=False)
    for column in frame.columns:
        table.add_column(str(column), overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*(format_cell(v) for v in row))
    table_console().print(table)
    if frame.empty:
        typer.echo("(no rows)", err=True)


def load_coder(spec: str) -> Coder:
    """'module:factory' -> the coder the factory returns (a seam for custom coders)."""
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise ConfigError(f"bad --coder {spec!r}", hint="write it as package.module:factory")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"cannot load coder {spec}: {exc}", hint="check the import path") from exc
    coder: Coder = factory()
    return coder


# -- ingest ----------------------------------------------------------------------------------------
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, feed URLs, or - for stdin.")],
    db: DbOption = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (ISO) for inputs that state none.")
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Articles per transaction.")
    ] = STORE_BATCH_SIZE,
    workers: Annotated[
        int | None, typer.Option(help="Code on N local Dask worker processes.")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Code on a running Dask cluster (tcp://HOST:8786).")
    ] = None,
    coder: Annotated[
        str | None, typer.Option(help="Custom coder factory, package.module:function.")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show the progress bar.")] = True,
) -> None:
    """Code articles and store them; articles already stored unchanged are skipped."""
    from communique.store.ingest import ingest as run_ingest
    from communique.store.ingest import print_summary

    console = Console(stderr=True)
    interactive = progress and console.is_terminal

    def log_batch(summary: IngestSummary) -> None:
        if not interactive:  # a line per committed batch when stderr is a log, not a terminal
            typer.echo(
                f"stored batch {summary.batches}: {summary.articles} articles, "
                f"{summary.events} events",
                err=True,
            )

    with _open(db) as store:
        if workers is not None or scheduler is not None:
            from communique.scale import DaskCoder

            with DaskCoder(workers=workers, scheduler=scheduler, ordered=False) as dask_coder:
                summary = run_ingest(
                    paths, store, coder=dask_coder, progress=interactive, batch_size=batch_size,
                    published=published, console=console, on_batch=log_batch,
                )  # fmt: skip
        else:
            summary = run_ingest(
                paths, store, coder=load_coder(coder) if coder else None, progress=interactive,
                batch_size=batch_size, published=published, console=console, on_batch=log_batch,
            )  # fmt: skip
    print_summary(summary, console)
    if summary.failed:
        typer.echo(f"{summary.failed} input(s) failed: see `communique drops`", err=True)


# -- queries ---------------------------------------------------------------------------------------
def events(
    db: DbOption = None,
    dyad: DyadOption = None,
    directed: Annotated[bool, typer.Option(help="With --dyad: only first -> second.")] = False,
    actor: Annotated[str | None, typer.Option(help="Country or actor code.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (ISO, inclusive).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (ISO prefix).")] = None,
    plover: Annotated[str | None, typer.Option(help="PLOVER type, e.g. CONSULT.")] = None,
    cameo: Annotated[str | None, typer.Option(help="CAMEO code prefix, e.g. 04.")] = None,
    search: Annotated[str | None, typer.Option(help="Text in the evidence.")] = None,
    # max is store.base.MAX_QUERY_ROWS, written out: importing it would load pandas at start-up
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 1000,
    fmt: FormatOption = TableFormat.table,
) -> None:
    """Deduplicated events (one row per event, however many articles report it)."""
    from communique.store import EventQuery

    query = EventQuery(
        dyad=parse_dyad(dyad), directed=directed, actor=actor.upper() if actor else None,
        since=since, until=until, plover=plover, cameo=cameo, search=search, limit=limit,
    )  # fmt: skip
    with _open(db) as store:
        frame = store.events(query)
    if fmt is TableFormat.table:
        frame = frame[
            ["date_start", "source_country", "target_country", "cameo", "plover",
             "quad_class", "goldstein", "num_articles", "trigger_text"]
        ]  # fmt: skip
    emit(frame, fmt, "events")


def timeline(
    country_a: Annotated[str, typer.Argument(help="First country (ISO3).")],
    country_b: Annotated[str, typer.Argument(help="Second country (ISO3).")],
    db: DbOption = None,
    fmt: FormatOption = TableFormat.table,
) -> None:
    """Per month: events by quad class and mean Goldstein for a pair (either direction)."""
    with _open(db) as store:
        emit(store.timeline(country_a.upper(), country_b.upper()), fmt, f"{country_a}-{country_b}")


def actors(db: DbOption = None, fmt: FormatOption = TableFormat.table) -> None:
    """Actors by number of mentions."""
    with _open(db) as store:
        emit(store.actors(), fmt, "actors")


def people(
    db: DbOption = None,
    roles: Annotated[bool, typer.Option(help="List dated roles instead of people.")] = False,
    person: Annotated[str | None, typer.Option(help="Roles of one person (name or key).")] = None,
    fmt: FormatOption = TableFormat.table,
) -> None:
    """People (one identity across articles) with their latest title; --roles for all roles."""
    with _open(db) as store:
        if roles or person:
            emit(store.person_roles(person), fmt, "roles")
        else:
            emit(store.people(), fmt, "people")


def organizations(db: DbOption = None, fmt: FormatOption = TableFormat.table) -> None:
    """Organisations by number of articles."""
    with _open(db) as store:
        emit(store.organizations(), fmt, "organizations")


def figures(
    db: DbOption = None, dyad: DyadOption = None, fmt: FormatOption = TableFormat.table
) -> None:
    """With --dyad: a table over years (rows kind/unit/direction); without: every figure."""
    pair = parse_dyad(dyad)
    with _open(db) as store:
        frame = store.figure_table(pair) if pair else store.figures()
    emit(frame, fmt, "figures")


def agreements(
    db: DbOption = None, dyad: DyadOption = None, fmt: FormatOption = TableFormat.table
) -> None:
    """Agreements, optionally those whose parties include both countries."""
    with _open(db) as store:
        frame = store.agreements(parse_dyad(dyad))
    if fmt is TableFormat.table:
        frame = frame[["date_start", "name", "kind", "status", "parties", "article_id"]]
    emit(frame, fmt, "agreements")


def drops(db: DbOption = None, fmt: FormatOption = TableFormat.table) -> None:
    """Inputs and stages that failed, with the reason, origin and line."""
    with _open(db) as store:
        emit(store.drops(), fmt, "drops")


def retry(
    db: DbOption = None,
    coder: Annotated[
        str | None, typer.Option(help="Custom coder factory, package.module:function.")
    ] = None,
) -> None:
    """Read the origin of every drop again and code it; a success removes the drop."""
    from communique.store.ingest import print_summary
    from communique.store.ingest import retry as run_retry

    with _open(db) as store:
        summary = run_retry(store, coder=load_coder(coder) if coder else None)
    print_summary(summary)


def sql(
    query: Annotated[str, typer.Argument(help="One SELECT (or WITH ... SELECT) statement.")],
    db: DbOption = None,
    fmt: FormatOption = TableFormat.table,
) -> None:
    """Run read-only SQL against the store."""
    with _open(db) as store:
        emit(store.sql(query), fmt)


# -- export, maintenance, bench -----------------------------------------------------------------
class ExportChoice(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"
    gdelt = "gdelt"
    icews = "icews"
    polecat = "polecat"


def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[ExportChoice, typer.Option("--format", "-f")] = ExportChoice.jsonl,
    db: DbOption = None,
    dyad: DyadOption = None,
) -> None:
    """Export native JSONL/Parquet, or CSV shaped like GDELT, ICEWS, POLECAT (docs/EXPORTS.md)."""
    from communique.store.exports import ExportFormat
    from communique.store.exports import export as run_export

    with _open(db) as store:
        count = run_export(store, ExportFormat(fmt.value), output, parse_dyad(dyad))
    typer.echo(f"wrote {count} records to {output}", err=True)


def db_upgrade(db: DbOption = None) -> None:
    """Apply pending schema migrations."""
    with _open(db, check_version=False) as store:
        before = store.schema_version()
        after = store.upgrade()
    typer.echo(f"schema version {before} -> {after}" if after != before else f"at version {after}")


def db_version(db: DbOption = None) -> None:
    """Print the database's schema version and the one this communique expects."""
    from communique.store.schema import LATEST_VERSION

    with _open(db, check_version=False) as store:
        typer.echo(f"database: {store.schema_version()}, communique: {LATEST_VERSION}")


def bench_store(
    db: Annotated[
        str | None, typer.Option("--db", help="Where to bench (default: a temporary DuckDB file).")
    ] = None,
    n_events: Annotated[int, typer.Option("--events", min=1, help="Events to store.")] = 20_000,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Articles per transaction (ingest's default).")
    ] = STORE_BATCH_SIZE,
) -> None:
    """Events stored per second, with their actors and spans, on synthetic results."""
    import tempfile

    from communique.store.bench import bench_store as run_bench

    with tempfile.TemporaryDirectory() as folder:
        url = db or str(Path(folder) / "bench.duckdb")
        with _open(url) as store:
            result = run_bench(store, n_events, batch_size)
    typer.echo(
        f"{result.events} events ({result.articles} articles) in {result.seconds:.2f} s: "
        f"{result.events_per_second:,.0f} events/s [{url}]"
    )
