"""The `communique` command line: a thin layer over the library.

Each command group lives in its own module with a ``register(app)`` function, so the CLI stays thin
and every area owns its commands.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from communique.cli import actors, bench, brief, code, ops, serve, store_cmds, watch, web_bench
from communique.errors import CommuniqueError

app = typer.Typer(
    name="communique",
    help="Diplomatic and political news into structured, sourced event data.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for module in (code, ops, store_cmds, serve, bench, actors, watch, brief, web_bench):
    module.register(app)


def _version(value: bool) -> None:
    if value:
        from communique import __version__

        typer.echo(f"communique {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Diplomatic and political news into structured, sourced event data."""


def main() -> None:
    """Entry point: runs the app and turns CommuniqueError into a one-line message and exit 2."""
    try:
        app()
    except CommuniqueError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
