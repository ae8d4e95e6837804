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

from communique.cli.options import (
    DEFAULT_LIMIT,
    DbOption,
    DyadOption,
    FormatOption,
    LimitOption,
    ListFormat,
    SinceOption,
    UntilOption,
    emit,
    limited,
    more_rows,
    open_db,
    parse_country,
    parse_date,
    parse_dyad,
)
from communique.errors import ConfigError
from communique.settings import STORE_BATCH_SIZE, Settings

if TYPE_CHECKING:
    import pandas as pd

    from communique.store.ingest import Coder, IngestSummary


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    for name, command in (
        ("ingest", ingest),
        ("events", events),
        ("timeline", timeline),
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


def _listing(frame: pd.DataFrame, fmt: ListFormat, limit: int, title: str) -> None:
    """A whole-table listing: at most `limit` rows (a notice says how many more), then emit."""
    emit(limited(frame, limit), fmt, title)


def _without_keys(frame: pd.DataFrame, fmt: ListFormat) -> pd.DataFrame:
    """Internal key columns (person_key, org_key) go last, and off the table entirely."""
    keys = [c for c in frame.columns if str(c).endswith("_key")]
    if fmt is ListFormat.table:
        return frame.drop(columns=keys)
    return frame[[*(c for c in frame.columns if c not in keys), *keys]]


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
    """Code articles and store them (creating the store); articles stored unchanged are skipped.

    Exit 1 when any input failed (see `communique drops`, then `communique retry`).
    """
    from communique.store.ingest import ingest as run_ingest
    from communique.store.ingest import print_summary

    console = Console(stderr=True)
    interactive = progress and console.is_terminal

    def log_batch(summary: IngestSummary) -> None:
        if not interactive:  # a line per committed batch when stderr is a log, not a terminal
            typer.echo(
                f"stored batch {summary.batches}: {summary.articles} articles, "
                f"{summary.mentions} mentions",
                err=True,
            )

    from contextlib import nullcontext

    from communique.store import open_store

    settings = Settings()
    dask_coder = None
    if workers is not None or scheduler is not None:
        from communique.scale import DaskCoder

        dask_coder = DaskCoder(workers=workers, scheduler=scheduler, ordered=False)
    with dask_coder or nullcontext():
        if dask_coder is not None:
            dask_coder.client  # noqa: B018 - connect first: an unreachable cluster leaves no file
        # shared: on DuckDB the file is let go between batches, so `communique serve` can read
        with open_store(
            db or settings.db, shared=True, busy_wait_s=settings.writer_busy_wait_s
        ) as store:
            chosen: Coder | None = dask_coder or (load_coder(coder) if coder else None)
            summary = run_ingest(
                paths, store, coder=chosen, progress=interactive, batch_size=batch_size,
                published=published, console=console, on_batch=log_batch,
            )  # fmt: skip
    print_summary(summary, console)
    if summary.failed:
        typer.echo(f"{summary.failed} input(s) failed: see `communique drops`", err=True)
        raise typer.Exit(1)


# -- queries ---------------------------------------------------------------------------------------
def events(
    db: DbOption = None,
    dyad: DyadOption = None,
    directed: Annotated[bool, typer.Option(help="With --dyad: only first -> second.")] = False,
    actor: Annotated[str | None, typer.Option(help="Country or actor code.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    plover: Annotated[str | None, typer.Option(help="PLOVER type, e.g. CONSULT.")] = None,
    cameo: Annotated[str | None, typer.Option(help="CAMEO code prefix, e.g. 04.")] = None,
    search: Annotated[str | None, typer.Option(help="Text in the evidence.")] = None,
    limit: LimitOption = DEFAULT_LIMIT,
    fmt: FormatOption = ListFormat.table,
) -> None:
    """Deduplicated events (one row per event, however many articles report it).

    JSON, JSONL and CSV rows have the HTTP API's event shape (GET /api/events).
    """
    from communique.flat import EventRow, rows
    from communique.store import EventQuery
    from communique.store.base import MAX_QUERY_ROWS

    query = EventQuery(
        dyad=parse_dyad(dyad), directed=directed, actor=actor.upper() if actor else None,
        since=parse_date(since, "--since"), until=parse_date(until, "--until"), plover=plover,
        cameo=cameo, search=search, limit=min(limit, MAX_QUERY_ROWS) if limit else MAX_QUERY_ROWS,
    )  # fmt: skip
    with open_db(db) as store:
        total = store.count_events(query)
        pages = [store.events(query)]
        while limit == 0 and sum(map(len, pages)) < total and len(pages[-1]) == query.limit:
            offset = sum(map(len, pages))
            pages.append(store.events(query.model_copy(update={"offset": offset})))
    import pandas as pd

    frame = pd.concat(pages, ignore_index=True) if len(pages) > 1 else pages[0]
    more_rows(total - len(frame))
    shaped = rows(frame, EventRow)
    records = [r.model_dump(mode="json") for r in shaped]
    flat = pd.DataFrame(records, columns=list(EventRow.model_fields))
    if fmt is ListFormat.table:
        flat = flat[
            ["date", "source_country", "target_country", "cameo", "plover",
             "quad_class", "goldstein", "num_articles", "trigger"]
        ]  # fmt: skip
    emit(flat, fmt, "events", records=records)


def timeline(
    pair: Annotated[
        list[str] | None,
        typer.Argument(help="Old form `timeline KAZ BEL` (same as --dyad KAZ-BEL).", hidden=True),
    ] = None,
    db: DbOption = None,
    dyad: DyadOption = None,
    fmt: FormatOption = ListFormat.table,
    limit: LimitOption = DEFAULT_LIMIT,
) -> None:
    """Per month: events by quad class and mean Goldstein for a pair (--dyad, either direction)."""
    if pair and dyad:
        raise ConfigError("give the pair once", hint="use --dyad KAZ-BEL")
    if pair:
        if len(pair) != 2:
            raise ConfigError(f"bad pair {' '.join(pair)!r}", hint="use --dyad KAZ-BEL")
        countries = (parse_country(pair[0]), parse_country(pair[1]))
    else:
        parsed = parse_dyad(dyad)
        if parsed is None:
            raise ConfigError("timeline needs a pair", hint="use --dyad KAZ-BEL")
        countries = parsed
    with open_db(db) as store:
        frame = store.timeline(*countries)
    _listing(frame, fmt, limit, "-".join(countries))


def actors(
    db: DbOption = None, fmt: FormatOption = ListFormat.table, limit: LimitOption = DEFAULT_LIMIT
) -> None:
    """Actors by number of mentions."""
    with open_db(db) as store:
        _listing(store.actors(), fmt, limit, "actors")


def people(
    db: DbOption = None,
    roles: Annotated[bool, typer.Option(help="List dated roles instead of people.")] = False,
    person: Annotated[str | None, typer.Option(help="Roles of one person (name or key).")] = None,
    fmt: FormatOption = ListFormat.table,
    limit: LimitOption = DEFAULT_LIMIT,
) -> None:
    """People (one identity across articles) with their latest title; --roles for all roles."""
    with open_db(db) as store:
        if roles or person:
            frame, title = store.person_roles(person), "roles"
        else:
            frame, title = store.people(), "people"
    _listing(_without_keys(frame, fmt), fmt, limit, title)


def organizations(
    db: DbOption = None, fmt: FormatOption = ListFormat.table, limit: LimitOption = DEFAULT_LIMIT
) -> None:
    """Organisations by number of articles."""
    with open_db(db) as store:
        frame = store.organizations()
    _listing(_without_keys(frame, fmt), fmt, limit, "organizations")


#: What `figures` without a pair shows in a table (JSON and CSV keep every column).
FIGURE_TABLE_COLUMNS = (
    "period", "kind", "value", "unit", "approximate", "from_country", "to_country", "text",
)  # fmt: skip


def figures(
    db: DbOption = None,
    dyad: DyadOption = None,
    fmt: FormatOption = ListFormat.table,
    limit: LimitOption = DEFAULT_LIMIT,
) -> None:
    """With --dyad: a table over years (rows kind/unit/direction); without: every figure."""
    from communique.store.frames import period_label

    pair = parse_dyad(dyad)
    with open_db(db) as store:
        frame = store.figure_table(pair) if pair else store.figures()
    if pair is None and fmt is ListFormat.table:
        frame = frame.assign(
            period=[
                period_label(start, end)
                for start, end in zip(frame["period_start"], frame["period_end"], strict=True)
            ]
        )[list(FIGURE_TABLE_COLUMNS)]
    _listing(frame, fmt, limit, "figures")


def agreements(
    db: DbOption = None,
    dyad: DyadOption = None,
    fmt: FormatOption = ListFormat.table,
    limit: LimitOption = DEFAULT_LIMIT,
) -> None:
    """Agreements, optionally those whose parties include both countries."""
    with open_db(db) as store:
        frame = store.agreements(parse_dyad(dyad))
    if fmt is ListFormat.table:
        frame = frame[["date_start", "name", "kind", "status", "parties", "article_id"]]
    _listing(frame, fmt, limit, "agreements")


def drops(
    db: DbOption = None, fmt: FormatOption = ListFormat.table, limit: LimitOption = DEFAULT_LIMIT
) -> None:
    """Inputs and stages that failed, with the reason, origin and line."""
    with open_db(db) as store:
        _listing(store.drops(), fmt, limit, "drops")


def retry(
    db: DbOption = None,
    coder: Annotated[
        str | None, typer.Option(help="Custom coder factory, package.module:function.")
    ] = None,
) -> None:
    """Read the origin of every drop again and code it; a success removes the drop.

    Exit 1 when an input still fails or an origin cannot be found.
    """
    from communique.store.ingest import print_summary
    from communique.store.ingest import retry as run_retry

    with open_db(db) as store:
        summary = run_retry(store, coder=load_coder(coder) if coder else None)
    print_summary(summary, what="retry")
    if summary.missing:
        typer.echo(
            "not found: " + ", ".join(summary.missing) + " (moved, or a relative path stored "
            "by an older communique: run retry from the folder you ingested from)",
            err=True,
        )
    if summary.failed or summary.missing:
        raise typer.Exit(1)


def sql(
    query: Annotated[str, typer.Argument(help="One SELECT (or WITH ... SELECT) statement.")],
    db: DbOption = None,
    fmt: FormatOption = ListFormat.table,
    limit: LimitOption = DEFAULT_LIMIT,
) -> None:
    """Run one read-only query in a sandbox (no writes, files or extensions; timeout, row cap)."""
    from communique.store import open_store

    settings = Settings()
    with open_store(db or settings.db, read_only=True, create=False) as store:
        frame = store.sql(query, max_rows=settings.sql_max_rows, timeout_s=settings.sql_timeout_s)
    _listing(frame, fmt, limit, "sql")
    if frame.attrs.get("truncated"):
        typer.echo(
            f"(only the first {settings.sql_max_rows:,} rows came back; add a LIMIT, or raise "
            "COMMUNIQUE_SQL_MAX_ROWS)",
            err=True,
        )


# -- export, maintenance, bench -----------------------------------------------------------------
class ExportChoice(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"
    gdelt = "gdelt"
    gdelt1 = "gdelt1"
    icews = "icews"
    polecat = "polecat"


class DialectChoice(StrEnum):
    native = "native"
    rich = "rich"


def export(
    output: Annotated[str, typer.Option("--output", "-o", help="File to write; - for stdout.")],
    fmt: Annotated[ExportChoice, typer.Option("--format", "-f")] = ExportChoice.jsonl,
    dialect: Annotated[
        DialectChoice,
        typer.Option(
            help="gdelt/gdelt1/icews/polecat: native (what the dataset's loaders read, plus a "
            "FILE.side.parquet) or rich (our superset as CSV)."
        ),
    ] = DialectChoice.native,
    db: DbOption = None,
    dyad: DyadOption = None,
) -> None:
    """Export JSONL/Parquet, or GDELT 2.0/1.0, ICEWS, POLECAT files (docs/EXPORTS.md)."""
    from communique.store.exports import Dialect, ExportFormat, side_path
    from communique.store.exports import export as run_export

    chosen, pair = ExportFormat(fmt.value), parse_dyad(dyad)
    with open_db(db) as store:
        target = sys.stdout if output == "-" else Path(output)
        count = run_export(store, chosen, target, pair, Dialect(dialect.value))
    typer.echo(f"wrote {count} records to {'stdout' if output == '-' else output}", err=True)
    native = dialect is DialectChoice.native and chosen not in (
        ExportFormat.jsonl, ExportFormat.parquet
    )
    if native and output != "-":
        typer.echo(f"evidence, date granularity, modality: {side_path(Path(output))}", err=True)
    elif native:
        typer.echo("no side file with -o - (write to a file to get FILE.side.parquet)", err=True)


def db_upgrade(db: DbOption = None) -> None:
    """Create the store, or apply its pending schema migrations."""
    with open_db(db, create=True, check_version=False) as store:
        before = store.schema_version()
        after = store.upgrade()
    typer.echo(f"schema version {before} -> {after}" if after != before else f"at version {after}")


def db_version(db: DbOption = None) -> None:
    """Print the database's schema version and the one this communique expects."""
    from communique.store.schema import LATEST_VERSION

    with open_db(db, check_version=False) as store:
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
        with open_db(url, create=True) as store:
            result = run_bench(store, n_events, batch_size)
    typer.echo(
        f"{result.events} events ({result.articles} articles) in {result.seconds:.2f} s: "
        f"{result.events_per_second:,.0f} events/s [{url}]"
    )
