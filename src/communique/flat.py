"""The flat shape of an event (one row, plain columns), shared by the HTTP API, the CLI's
`events --format json|jsonl|csv` and `communique.events_frame`: one JSON shape for an event.

Store queries return pandas DataFrames; `rows()` turns a frame into models, taking each field
from the column of the same name (missing columns and NaN become null), so the shape is fixed
here and does not drift with the store's internal column order.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    import pandas as pd

Row = TypeVar("Row", bound=BaseModel)


class FlatRow(BaseModel):
    """A response row; `columns` maps a field to the store column it comes from when they differ."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    columns: ClassVar[dict[str, tuple[str, ...]]] = {}


class EventRow(FlatRow):
    """One event (reports of the same event in several articles are merged; see num_articles)."""

    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "id": ("event_id", "id"), "date": ("date_start", "date"),
        "location": ("location_name", "location"), "trigger": ("trigger_text", "trigger"),
        "evidence": ("evidence_text", "evidence"),
    }

    id: str
    event_key: str | None = None
    article_id: str
    sentence: int | None = None
    date: str | None = None
    date_end: str | None = None
    date_granularity: str | None = None
    date_kind: str | None = None
    cameo: str
    cameo_root: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    plover: str | None = None
    plover_mode: str | None = None
    source_name: str | None = None
    source_country: str | None = None
    source_code: str | None = None
    source_sector: str | None = None
    source_person: str | None = None
    target_name: str | None = None
    target_country: str | None = None
    target_code: str | None = None
    target_sector: str | None = None
    target_person: str | None = None
    location: str | None = None
    location_country: str | None = None
    tense: str | None = None
    negated: bool | None = None
    hypothetical: bool | None = None
    trigger: str | None = None
    evidence: str | None = None
    confidence: float | None = None
    num_articles: int | None = None


def _clean(value: Any) -> Any:
    """Plain JSON-ready values from what pandas hands out (NaN/NaT -> None, numpy -> Python)."""
    if value is None:
        return None
    if type(value) is str or type(value) is int or type(value) is bool:
        return value  # the common cells, at once
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    try:
        import pandas as pd

        if value is pd.NaT or value is pd.NA:
            return None
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return value


def rows(frame: pd.DataFrame, model: type[Row]) -> list[Row]:
    """One model per frame row, each field from its column; absent columns and NaN -> null."""
    mapping: dict[str, tuple[str, ...]] = getattr(model, "columns", {})
    present: dict[str, str] = {}
    for name in model.model_fields:
        for column in mapping.get(name, (name,)):
            if column in frame.columns:
                present[name] = column
                break
    out: list[Row] = []
    # only the columns the model reads (an events frame has ~60 columns, a row model ~30),
    # column by column: to_dict("records") cost twice as much on pandas' Arrow-backed strings
    columns = frame[list(dict.fromkeys(present.values()))].to_dict("list")
    fields = [(field, columns[col]) for field, col in present.items()]
    for i in range(len(frame)):
        values = {field: _clean(column[i]) for field, column in fields}
        out.append(model.model_validate(
            {k: v for k, v in values.items() if v is not None}, by_name=True
        ))
    return out
