"""Exports: native JSONL (CodingResults) and Parquet (events), and GDELT/ICEWS/POLECAT-shaped CSV.

The CSV column sets live in data/exports.yaml (documented column by column in docs/EXPORTS.md);
each column names a field computed here from the deduplicated events joined with their
representative article.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict

from communique import geo
from communique.errors import StoreError
from communique.store.base import MAX_QUERY_ROWS, EventQuery, Store

# Event rows an export reads per query: EventQuery caps a page, so exports page through.
EXPORT_PAGE = MAX_QUERY_ROWS
QUAD_LABELS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
GEO_WORLD_CITY = 4  # GDELT ActionGeo_Type for a place with coordinates
GEO_COUNTRY = 1  # GDELT ActionGeo_Type for a country-only place


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"
    gdelt = "gdelt"
    icews = "icews"
    polecat = "polecat"


class ExportColumn(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    field: str | None = None
    doc: str


class ExportShape(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    columns: tuple[ExportColumn, ...]


@lru_cache(maxsize=1)
def shapes() -> dict[str, ExportShape]:
    text = resources.files("communique.store").joinpath("data/exports.yaml").read_text("utf-8")
    return {name: ExportShape.model_validate(spec) for name, spec in yaml.safe_load(text).items()}


def _all_events(store: Store, dyad: tuple[str, str] | None) -> pd.DataFrame:
    pages: list[pd.DataFrame] = []
    offset = 0
    while True:
        page = store.events(EventQuery(dyad=dyad, limit=EXPORT_PAGE, offset=offset))
        pages.append(page)
        if len(page) < EXPORT_PAGE:
            break
        offset += EXPORT_PAGE
    return pd.concat(pages, ignore_index=True) if len(pages) > 1 else pages[0]


def _global_id(key: str) -> int:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:15], 16)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _country_name(code: Any) -> str:
    if not isinstance(code, str) or not code:
        return ""
    return geo.country_name(code)


def _fraction_date(day: str) -> str:
    if len(day) < 10:
        return ""
    year, month, dom = int(day[:4]), int(day[5:7]), int(day[8:10])
    return f"{year + (month * 30 + dom) / 365:.4f}"


def _joined(frame: pd.DataFrame, key: str, value: str) -> dict[str, str]:
    if frame.empty:
        return {}
    grouped = frame.groupby(key)[value].apply(
        lambda s: ";".join(dict.fromkeys(v for v in s if isinstance(v, str)))
    )
    return {str(k): str(v) for k, v in grouped.items()}


def wide_events(store: Store, dyad: tuple[str, str] | None = None) -> pd.DataFrame:
    """Deduplicated events with every field an export column can name."""
    from communique import __version__
    from communique.ontology import cameo_table

    events = _all_events(store, dyad)
    articles = store.sql(
        "SELECT id AS article_id, url, source AS publisher, published, language, origin, "
        "dateline_name, stored_at FROM articles"
    )
    frame = events.merge(articles, on="article_id", how="left")
    people = store.sql("SELECT article_id, name FROM article_people ORDER BY article_id, position")
    orgs = store.sql(
        "SELECT article_id, name FROM article_organizations ORDER BY article_id, position"
    )
    places = store.sql(
        "SELECT article_id, location_name FROM mentions WHERE location_name IS NOT NULL "
        "ORDER BY article_id, position"
    )
    story_people = _joined(people, "article_id", "name")
    story_orgs = _joined(orgs, "article_id", "name")
    story_places = _joined(places, "article_id", "location_name")
    table = cameo_table()
    fields: dict[str, Callable[[pd.Series], Any]] = {
        "global_event_id": lambda r: _global_id(r["event_key"]),
        "sql_date": lambda r: _text(r["date_start"])[:10].replace("-", ""),
        "month_year": lambda r: _text(r["date_start"])[:7].replace("-", ""),
        "year": lambda r: _text(r["date_start"])[:4],
        "fraction_date": lambda r: _fraction_date(_text(r["date_start"])),
        "source_name_upper": lambda r: _text(r["source_name"]).upper(),
        "target_name_upper": lambda r: _text(r["target_name"]).upper(),
        "is_root_event": lambda r: 1 if r["sentence"] == 0 else 0,
        "cameo_base": lambda r: _text(r["cameo"])[:3],
        "geo_type": lambda r: (
            GEO_WORLD_CITY
            if pd.notna(r["location_lat"])
            else GEO_COUNTRY
            if isinstance(r["location_country"], str)
            else ""
        ),
        "geo_feature": lambda r: "PPL" if pd.notna(r["location_geonames_id"]) else "",
        "location_full_name": lambda r: ", ".join(
            v for v in (_text(r["location_name"]), _text(r["location_country"])) if v
        ),
        "date_added": lambda r: (
            pd.Timestamp(r["stored_at"]).tz_convert("UTC").strftime("%Y%m%d%H%M%S")
            if pd.notna(r["stored_at"])
            else ""
        ),
        "source_url": lambda r: _text(r["url"]) or _text(r["publisher"]) or _text(r["origin"]),
        "source_display": lambda r: _text(r["source_person"]) or _text(r["source_name"]),
        "target_display": lambda r: _text(r["target_person"]) or _text(r["target_name"]),
        "source_country_name": lambda r: _country_name(r["source_country"]),
        "target_country_name": lambda r: _country_name(r["target_country"]),
        "location_country_name": lambda r: _country_name(r["location_country"]),
        "cameo_name": lambda r: table[r["cameo"]].name if r["cameo"] in table else "",
        "sentence_number": lambda r: int(r["sentence"]) + 1,
        "plover_lower": lambda r: _text(r["plover"]).lower(),
        "quad_label": lambda r: QUAD_LABELS.get(int(r["quad_class"]), ""),
        "plover_context": lambda r: (
            table[r["cameo"]].plover_context or "" if r["cameo"] in table else ""
        ),
        "story_people": lambda r: story_people.get(r["article_id"], ""),
        "story_organizations": lambda r: story_orgs.get(r["article_id"], ""),
        "story_locations": lambda r: ";".join(
            v
            for v in dict.fromkeys(
                [_text(r["dateline_name"]), *story_places.get(r["article_id"], "").split(";")]
            )
            if v
        ),
        "version": lambda r: __version__,
    }
    titles = store.sql(
        "SELECT ref_id, role, person_title FROM actor_mentions "
        "WHERE role IN ('source', 'target') AND person_title IS NOT NULL"
    )
    title_of = {(str(r), str(k)): str(t) for r, k, t in titles.itertuples(index=False)}
    fields["source_title"] = lambda r: title_of.get((r["event_id"], "source"), "")
    fields["target_title"] = lambda r: title_of.get((r["event_id"], "target"), "")
    # one pass over the rows for every field: iterrows builds a Series per row, once was enough
    records = [row for _, row in frame.iterrows()]
    computed = {name: [compute(row) for row in records] for name, compute in fields.items()}
    return frame.assign(**computed)


def shaped(store: Store, shape_name: str, dyad: tuple[str, str] | None = None) -> pd.DataFrame:
    """The events as the named export shape: its columns, in order, empty where we lack them."""
    shape = shapes()[shape_name]
    frame = wide_events(store, dyad)
    out = pd.DataFrame(index=frame.index)
    for column in shape.columns:
        if column.field is None:
            out[column.name] = ""
        elif column.field not in frame.columns:
            raise StoreError(
                f"export column {column.name} names unknown field {column.field}",
                hint="fix store/data/exports.yaml",
            )
        else:
            out[column.name] = frame[column.field].map(lambda v: "" if _missing(v) else v)
    return out


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def export(
    store: Store,
    fmt: ExportFormat,
    output: Path | TextIO,
    dyad: tuple[str, str] | None = None,
) -> int:
    """Write one export to a file or an open text stream (stdout); returns the records written."""
    if isinstance(output, Path):
        output.parent.mkdir(parents=True, exist_ok=True)
        if fmt is ExportFormat.parquet:
            return _write(store, fmt, output, dyad)
        with output.open("w", encoding="utf-8", newline="") as sink:
            return _write(store, fmt, sink, dyad)
    if fmt is ExportFormat.parquet:
        return _write(store, fmt, output.buffer if hasattr(output, "buffer") else output, dyad)
    return _write(store, fmt, output, dyad)


def _write(store: Store, fmt: ExportFormat, sink: Any, dyad: tuple[str, str] | None) -> int:
    if fmt is ExportFormat.jsonl:
        count = 0
        query = EventQuery(dyad=dyad) if dyad else None
        for result in store.results(query):
            sink.write(json.dumps(result.to_json_dict(), ensure_ascii=False) + "\n")
            count += 1
        return count
    if fmt is ExportFormat.parquet:
        events = _all_events(store, dyad)
        events.to_parquet(sink, index=False)
        return len(events)
    frame = shaped(store, fmt.value, dyad)
    frame.to_csv(sink, index=False)
    return len(frame)
