"""Typed response models of the HTTP API (they are what the OpenAPI spec documents).

Store queries return pandas DataFrames; `rows()` turns a frame into these models, taking each
field from the column of the same name (missing columns and NaN become null), so the API's
shape is fixed here and does not drift with the store's internal column order.
"""

from __future__ import annotations

from typing import ClassVar, Generic

from pydantic import Field

from communique.flat import EventRow, Row, rows
from communique.flat import FlatRow as ApiModel

__all__ = ["ApiModel", "EventRow", "Row", "rows"]

# Bounds of the `limit` query parameter: 50 rows keep a page light for the dashboard; 1000 is the
# most one response may carry (a full VOA-sized store's events fit in a few pages).
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


class Page(ApiModel, Generic[Row]):
    """A page: `total` rows match the filters; `items` are rows offset..offset+limit."""

    total: int = Field(ge=0)
    limit: int
    offset: int
    items: list[Row]


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
    low: float | None = None
    high: float | None = None
    per: str | None = None
    item: str | None = None
    share_of: str | None = None
    event_id: str | None = None


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
