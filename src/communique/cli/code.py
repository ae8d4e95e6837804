"""`communique code`: read articles, print their coded content."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from communique.cli.render import table_console
from communique.models import CodingResult, ResolvedDate
from communique.settings import Settings

#: Actor names longer than this are shortened in the table (the JSON keeps them whole).
LABEL_WIDTH = 28


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def register(app: typer.Typer) -> None:
    app.command("code")(code)


def code(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, feed URLs, or - for stdin.")],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="jsonl (one object per article), json, table"),
    ] = OutputFormat.jsonl,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (ISO) for inputs that do not state one."),
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline to use.")] = None,
) -> None:
    """Code articles and print the output contract of DESIGN.md. Exit 1 if any input failed."""
    from communique.ingest import read_sources
    from communique.pipeline import Pipeline

    settings = Settings(model=model) if model else Settings()
    pipeline = Pipeline(settings)
    results = pipeline.code(read_sources(paths, published=published))
    failed = 0
    console = table_console()
    collected: list[CodingResult] = []
    # progress goes to stderr, and only to a terminal: stdout stays the clean JSON stream (the
    # table is its own progress)
    progress_console = Console(stderr=True)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("coding"),
        MofNCompleteColumn(),
        TextColumn("articles"),
        TimeElapsedColumn(),
        console=progress_console,
        transient=True,
        disable=not progress_console.is_terminal or output_format is OutputFormat.table,
    )
    task = progress.add_task("coding", total=None)
    with progress:
        for result in results:
            _emit(result, output_format, console, collected)
            failed += result.failed
            progress.advance(task)
    if output_format is OutputFormat.json:
        payload = [r.to_json_dict() for r in collected]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if failed:
        typer.echo(f"{failed} input(s) failed; see the warnings above", err=True)
        raise typer.Exit(1)


def _emit(
    result: CodingResult,
    output_format: OutputFormat,
    console: Console,
    collected: list[CodingResult],
) -> None:
    """Warn about drops on stderr and write one result in the chosen format."""
    for drop in result.dropped:
        where = result.article.origin or result.article.id
        typer.echo(
            f"warning: {where}: {drop.stage}: {drop.reason} {drop.detail}".rstrip(), err=True
        )
    if output_format is OutputFormat.jsonl:
        sys.stdout.write(json.dumps(result.to_json_dict(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    elif output_format is OutputFormat.json:
        collected.append(result)
    else:
        print_table(console, result)


def _actor_label(actor: object) -> str:
    from communique.models import Actor

    if not isinstance(actor, Actor):
        return "-"
    who = actor.person.name if actor.person else actor.name
    if len(who) > LABEL_WIDTH:
        who = who[: LABEL_WIDTH - 1] + "…"
    return f"{who} [{actor.code or actor.country or '?'}]"


def _date_label(date: ResolvedDate) -> str:
    """The date at its own granularity: 2022-10-17, 2021-11, 2021; '?' when unresolved."""
    if not date.start:
        return "?"
    width = {"month": 7, "quarter": 7, "year": 4}.get(date.granularity or "day", 10)
    label = date.start[:width]
    return f"{label}..{date.end[:width]}" if date.kind == "range" and date.end else label


def print_table(console: Console, result: CodingResult) -> None:
    """A readable summary of one article: title, date, events with codes, source -> target."""
    article = result.article
    if result.failed:
        console.print(f"[red]failed[/red] {article.origin}: {result.dropped[0].reason}")
        return
    dateline = f" — {article.dateline.name}" if article.dateline else ""
    console.rule(f"[bold]{article.title or article.id}")
    console.print(f"{article.published or 'date unknown'}{dateline}  {article.source or ''}")
    table = Table(show_lines=False)
    for column in ("CAMEO", "PLOVER", "source", "target", "date", "where", "trigger"):
        table.add_column(column, no_wrap=column in ("CAMEO", "PLOVER", "date"))
    for event in result.events:
        table.add_row(
            event.cameo,
            event.plover + (f"/{event.plover_mode}" if event.plover_mode else ""),
            _actor_label(event.source),
            _actor_label(event.target),
            _date_label(event.date),
            event.location.name if event.location else "",
            event.trigger.text + (" (future)" if event.modality.tense == "future" else ""),
        )
    console.print(table)
    if result.figures:
        console.print(
            "figures: " + "; ".join(f"{f.kind} {f.value:,.0f} {f.unit}" for f in result.figures)
        )
    if result.people:
        console.print(
            "people: "
            + "; ".join(f"{p.name} ({p.title})" if p.title else p.name for p in result.people)
        )
