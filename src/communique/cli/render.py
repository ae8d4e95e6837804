"""Shared rendering for the CLI's tables: one console width rule, one cell format."""

from __future__ import annotations

import math
import sys

from rich.console import Console

#: Width of tables when the output is not a terminal (a pipe, a file, a CI log); 140 columns keep
#: the events table's seven columns on one line each without folding codes and dates.
TABLE_WIDTH = 140


def table_console() -> Console:
    """The terminal's own width on a terminal, a readable fixed width elsewhere."""
    return Console(width=None if sys.stdout.isatty() else TABLE_WIDTH)


def format_cell(value: object) -> str:
    """Blank for missing values, thousands separators for large numbers, scores as written."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if abs(value) >= 10_000:
            return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
        return str(round(value, 2))
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return str(value)
