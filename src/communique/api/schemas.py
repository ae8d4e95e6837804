"""Typed response models of the HTTP API (they are what the OpenAPI spec documents).

Store queries return pandas DataFrames; `rows()` turns a frame into these models, taking each
field from the column of the same name (missing columns and NaN become null), so the API's
shape is fixed here and does not drift with the store's internal column order.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    import pandas as pd

Row = TypeVar("Row", bound=BaseModel)

# Bounds of the `limit` query parameter: 50 rows keep a page light for the dashboard; 1000 is the
# most one response may carry (a full VOA-sized store's events fit in a few pages).
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


class ApiModel(BaseModel):
    """A response row; `columns` maps a field to the store column it comes from when they differ."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    columns: ClassVar[dict[str, tuple[str, ...]]] = {}


class Page(ApiModel, Generic[Row]):
    """A page: `total` rows match the filters; `items` are rows offset..offset+limit."""

    total: int = Field(ge=0)
    limit: int
    offset: int
    items: list[Row]


class EventRow(ApiModel):
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
    cameo: str
    cameo_root: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    plover: str | None = None
    plover_mode: str | None = None
    source_name: str | None = None
    source_country: str | None = None
    source_code: str | None = None
    source_person: str | None = None
    target_name: str | None = None
    target_country: str | None = None
    target_code: str | None = None
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


class TimelineRow(ApiModel):
    """One month of a pair's relations: events per quad class and the mean Goldstein score."""

    month: str
    events: int = 0
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0
    mean_goldstein: float | None = None


class ActorRow(ApiModel):
    code: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    kind: str | None = None
    mentions: int = 0
    articles: int = 0


class PersonRow(ApiModel):
    name: str
    title: str | None = None
    organization: str | None = None
    country: str | None = None
    articles: int = 0
    first_seen: str | None = None
    last_seen: str | None = None


class OrganizationRow(ApiModel):
    name: str
    country: str | None = None
    sector: str | None = None
    articles: int = 0


class FigureRow(ApiModel):
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "id": ("figure_id", "id"), "from_": ("from_country", "from"), "to": ("to_country", "to"),
    }

    id: str
    article_id: str | None = None
    kind: str
    value: float
    unit: str
    approximate: bool | None = None
    period_start: str | None = None
    period_end: str | None = None
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    text: str | None = None
    published: str | None = None


class AgreementRow(ApiModel):
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "id": ("agreement_id", "id"), "date": ("date_start", "date"),
    }

    id: str
    article_id: str | None = None
    name: str
    kind: str | None = None
    status: str | None = None
    date: str | None = None
    parties: str | None = Field(
        default=None, description="ISO3 codes of the parties, comma-separated"
    )
    party_names: str | None = None
    witnesses: str | None = None
    text: str | None = None


class DyadRow(ApiModel):
    """A country pair (alphabetical order) with its events and their mean Goldstein score."""

    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "a": ("country_a", "a"), "b": ("country_b", "b"),
    }

    a: str
    b: str
    events: int = 0
    mean_goldstein: float | None = None


class ArticleRow(ApiModel):
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "events": ("n_events", "events"), "dropped": ("n_dropped", "dropped"),
        "dateline": ("dateline_name", "dateline"),
    }

    id: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    dateline: str | None = None
    events: int | None = None
    dropped: int | None = None


def _clean(value: Any) -> Any:
    """Plain JSON-ready values from what pandas hands out (NaN/NaT -> None, numpy -> Python)."""
    if value is None:
        return None
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
    for record in frame.to_dict("records"):
        values = {field: _clean(record[col]) for field, col in present.items()}
        out.append(model.model_validate(
            {k: v for k, v in values.items() if v is not None}, by_name=True
        ))
    return out
