"""The CLI's one grammar: options every command spells the same way, and one way to print rows.

    --db URL            a store (default $COMMUNIQUE_DB, else ./communique.duckdb)
    --dyad A-B          a country pair, ISO3-ISO3 (the API's pattern)
    --since/--until     an event date bound: YYYY, YYYY-MM or YYYY-MM-DD (the API's pattern)
    --limit N           rows to print (0: all); a notice on stderr says how many more there are
    --format table|json|jsonl|csv
    -o FILE             where an export goes; `-o -` is stdout

Values are validated with the patterns the HTTP API uses (`communique.store.base`), so a value
the API rejects with 422 is rejected here with a message and exit 2, instead of matching no rows.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from communique.cli.render import format_cell, table_console
from communique.errors import ConfigError
from communique.settings import Settings
from communique.store.base import COUNTRY_PATTERN, DATE_PATTERN, DYAD_PATTERN

if TYPE_CHECKING:
    import pandas as pd

    from communique.store import Store

#: Rows a listing prints when --limit is not given (0 prints all). A terminal table of more rows
#: is not read; a file wants all and says so with --limit 0, which the notice tells.
DEFAULT_LIMIT = 1000



class ListFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="DuckDB file or postgresql:// URL (default: $COMMUNIQUE_DB, else "
        "./communique.duckdb)."
    ),
]
DyadOption = Annotated[
    str | None, typer.Option("--dyad", help="Country pair, ISO3-ISO3, e.g. KAZ-BEL.")
]
SinceOption = Annotated[
    str | None, typer.Option(help="From this date: YYYY, YYYY-MM or YYYY-MM-DD (inclusive).")
]
UntilOption = Annotated[
    str | None, typer.Option(help="Up to this date: YYYY, YYYY-MM or YYYY-MM-DD (inclusive).")
]
LimitOption = Annotated[
    int, typer.Option(min=0, help=f"Rows to print (default {DEFAULT_LIMIT}; 0 for all).")
]
FormatOption = Annotated[
    ListFormat,
    typer.Option("--format", "-f", help="table, json (one array), jsonl (a record a line), csv."),
]


def open_db(db: str | None, *, create: bool = False, check_version: bool = True) -> Store:
    """The store named by --db; commands that only read never create one."""
    from communique.store import open_store

    return open_store(db or Settings().db, create=create, check_version=check_version)


def parse_dyad(value: str | None) -> tuple[str, str] | None:
    """'KAZ-BEL' -> ('KAZ', 'BEL'); lower case is accepted; anything else is a ConfigError."""
    if value is None:
        return None
    text = value.strip().upper()
    if not re.match(DYAD_PATTERN, text):
        raise ConfigError(
            f"bad --dyad {value!r}",
            hint="write two ISO 3166-1 alpha-3 codes joined by '-', e.g. --dyad KAZ-BEL",
        )
    a, b = text.split("-")
    return a, b


def parse_country(value: str, what: str = "country") -> str:
    text = value.strip().upper()
    if not re.match(COUNTRY_PATTERN, text):
        raise ConfigError(
            f"bad {what} {value!r}", hint="write an ISO 3166-1 alpha-3 code, e.g. KAZ"
        )
    return text


def parse_date(value: str | None, option: str) -> str | None:
    """An ISO date bound (YYYY, YYYY-MM or YYYY-MM-DD) or a ConfigError naming the option."""
    if value is None:
        return None
    text = value.strip()
    if not re.match(DATE_PATTERN, text):
        raise ConfigError(
            f"bad {option} {value!r}",
            hint=f"write an ISO date, YYYY-MM-DD, YYYY-MM or YYYY: {option} 2022-10-17",
        )
    return text


def emit(
    frame: pd.DataFrame,
    fmt: ListFormat,
    title: str | None = None,
    *,
    records: Sequence[dict[str, Any]] | None = None,
) -> None:
    """Print rows as a Rich table, JSON (one array), JSONL or CSV.

    `records` are the JSON shape of the rows when it differs from the frame's (events use the
    API's shape); the table and CSV print the frame.
    """
    if fmt is ListFormat.csv:
        frame.to_csv(sys.stdout, index=False)
        return
    if fmt in (ListFormat.json, ListFormat.jsonl):
        payload = list(records) if records is not None else json_records(frame)
        if fmt is ListFormat.json:
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        else:
            for record in payload:
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for column in frame.columns:
        table.add_column(str(column), overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*(format_cell(v) for v in row))
    table_console().print(table)
    if frame.empty:
        typer.echo("(no rows)", err=True)


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Plain JSON values (NaN/NaT -> null, numpy scalars -> Python) for each row."""
    parsed: list[dict[str, Any]] = json.loads(frame.to_json(orient="records", force_ascii=False))
    return parsed


def limited(frame: pd.DataFrame, limit: int, total: int | None = None) -> pd.DataFrame:
    """The first `limit` rows (all for 0), with a notice on stderr when rows were left out."""
    total = len(frame) if total is None else total
    shown = frame if limit == 0 else frame.head(limit)
    more_rows(total - len(shown))
    return shown


def more_rows(hidden: int) -> None:
    if hidden > 0:
        typer.echo(f"{hidden:,} more rows; use --limit 0 for all", err=True)
