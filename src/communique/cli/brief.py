"""`communique brief KAZ BEL`: the brief of one country pair (thin: communique.brief does it)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from communique.cli.options import (
    DbOption,
    SinceOption,
    UntilOption,
    open_db,
    parse_country,
    parse_date,
)
from communique.errors import ConfigError


class BriefFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("brief")(brief)


def brief(
    country_a: Annotated[str, typer.Argument(help="First country, ISO3 (e.g. KAZ).")],
    country_b: Annotated[str, typer.Argument(help="Second country, ISO3 (e.g. BEL).")],
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: Annotated[
        BriefFormat, typer.Option("--format", "-f", help="md (Markdown), html (one page) or pdf.")
    ] = BriefFormat.md,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="File to write (default: stdout; a PDF needs -o)."),
    ] = None,
) -> None:
    """The brief of a country pair: a summary whose every sentence cites its stored records,
    the timeline, key events with quoted evidence and sources, people, agreements, figures."""
    from communique.brief import build_brief, to_html, to_markdown, to_pdf

    a, b = parse_country(country_a, "first country"), parse_country(country_b, "second country")
    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    if fmt is BriefFormat.pdf and output in (None, "-") and sys.stdout.isatty():
        raise ConfigError("a PDF is not written to a terminal", hint="add -o brief.pdf")
    with open_db(db) as store:
        document = build_brief(store, a, b, since=first, until=last)
    if fmt is BriefFormat.pdf:
        data = to_pdf(document)
        if output in (None, "-"):
            sys.stdout.buffer.write(data)
        else:
            Path(output).write_bytes(data)
        return
    text = to_markdown(document) if fmt is BriefFormat.md else to_html(document)
    if output in (None, "-"):
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
