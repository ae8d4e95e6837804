"""`communique actors`: the store's actors by mentions, and `actors lookup NAME [--date D]`: how a
name resolves and from which source."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from communique.actors.explain import explain
from communique.cli import store_cmds
from communique.cli.options import DEFAULT_LIMIT, DbOption, FormatOption, LimitOption, ListFormat
from communique.errors import InputError

actors_app = typer.Typer(
    help="Actors by mentions (with no subcommand), and actor knowledge: `actors lookup NAME`.",
    invoke_without_command=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(actors_app, name="actors")


@actors_app.callback()
def actors(
    ctx: typer.Context,
    db: DbOption = None,
    fmt: FormatOption = ListFormat.table,
    limit: LimitOption = DEFAULT_LIMIT,
) -> None:
    """Actors by number of mentions in the store; `actors lookup NAME` explains a name."""
    if ctx.invoked_subcommand is None:
        store_cmds.actors(db=db, fmt=fmt, limit=limit)


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(
            f"--date {text!r} is not a date", hint="write it as YYYY-MM-DD, e.g. 2022-01-05"
        ) from exc


@actors_app.command("lookup")
def lookup(
    name: Annotated[str, typer.Argument(help='A name as written: "Tokayev", "Hamas", "Belgian".')],
    on: Annotated[
        str | None,
        typer.Option("--date", help="The article's date (YYYY-MM-DD): picks the role held then."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per reading.")] = False,
) -> None:
    """Show every reading of NAME: person (with the role held on --date), group, organisation or
    country, and the data file (and line) it comes from."""
    readings = explain(name, _date(on))
    if as_json:
        for r in readings:
            row = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in vars(r).items()}
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    console = Console()
    if not readings:
        console.print(
            f"[bold]{name}[/bold]: not in the knowledge base, the organisations or the countries; "
            "the recogniser will only know what the article says. Add it through "
            "COMMUNIQUE_DATA_DIR (docs/ACTORS.md, 'Adding your own data')."
        )
        raise typer.Exit(1)
    table = Table(title=f"{name}" + (f" on {on}" if on else ""))
    for column in ("kind", "name", "country", "sector", "office", "from", "to", "held then",
                   "matched by", "source"):  # fmt: skip
        table.add_column(column)
    for r in readings:
        table.add_row(
            r.kind, r.name, r.country or "", r.sector or "", r.office or "",
            r.start.isoformat() if r.start else "", r.end.isoformat() if r.end else "",
            "yes" if r.current else "no", r.by, f"{r.source} ({r.origin})",
        )  # fmt: skip
    console.print(table)
