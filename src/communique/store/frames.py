"""DataFrame helpers shared by the CLI, the API and analysts: polars conversion, figure pivots."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import polars as pl

# Kinds that measure both directions at once ("trade turnover between A and B"): their from/to
# order carries no meaning, so they are shown as one direction "A<->B".
TWO_WAY_KINDS = frozenset({"trade_turnover"})


def to_polars(frame: pd.DataFrame) -> pl.DataFrame:
    """The same rows as a polars DataFrame (through Arrow, no copy of string columns)."""
    import polars as pl

    return pl.from_pandas(frame)


def _year(row: pd.Series) -> str:
    for value in (row.get("period_start"), row.get("published")):
        if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
            return value[:4]
    return "undated"


def figure_pivot(figures: pd.DataFrame, dyad: tuple[str, str]) -> pd.DataFrame:
    """Rows kind/unit/direction, columns years; a cell is the value the latest article reported."""
    index = ["kind", "unit", "direction"]
    if figures.empty:
        return pd.DataFrame(columns=index)
    frame = figures.copy()
    a, b = dyad
    frame["direction"] = [
        f"{a}<->{b}" if kind in TWO_WAY_KINDS else f"{src}->{dst}"
        for kind, src, dst in zip(
            frame["kind"], frame["from_country"], frame["to_country"], strict=True
        )
    ]
    frame["year"] = [_year(row) for _, row in frame.iterrows()]
    frame = frame.sort_values(["published", "article_id", "position"], na_position="first")
    latest = frame.groupby([*index, "year"], sort=True)["value"].last()
    table = latest.unstack("year").reset_index()
    table.columns.name = None
    return table
