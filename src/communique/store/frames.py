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
    try:
        import polars as pl
    except ImportError as exc:
        from communique.errors import ConfigError

        raise ConfigError(
            "polars is not installed",
            hint="pip install 'communique[frames]' (or: pip install polars)",
        ) from exc
    return pl.from_pandas(frame)


def _year_of(value: object) -> str | None:
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return value[:4]
    return None


def period_label(start: object, end: object) -> str:
    """A figure's period as a column label: its year ("2021"), or its span of years when it
    covers several ("2005-2021": a total over 2005-2021 is not a 2005 value); "" when undated."""
    first, last = _year_of(start), _year_of(end)
    if first and last and last != first:
        return f"{first}-{last}"
    return first or ""


def _year(row: pd.Series) -> str:
    label = period_label(row.get("period_start"), row.get("period_end"))
    return label or _year_of(row.get("published")) or "undated"


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
