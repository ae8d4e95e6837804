"""Exports: JSONL (CodingResults), Parquet (events), and GDELT/ICEWS/POLECAT files.

The GDELT/ICEWS/POLECAT files come in two dialects. `native` (the default) writes what the
dataset's own loaders read unchanged: GDELT tab-separated without a header, FIPS 10-4 place
codes, IGOs as known groups; ICEWS and POLECAT tab-separated with their header, their country
spellings and codes; plus a Parquet side file with what those shapes cannot hold (evidence spans,
date granularity, modality, confidence). `rich` writes our superset as CSV with a header.

The column sets live in data/exports.yaml (documented column by column in docs/EXPORTS.md);
each column names a field computed here from the deduplicated events joined with their
representative article.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TextIO

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
GEO_NONE = 0  # GDELT's Geo_Type when there is no place
# Ids are kept below 2**53 so spreadsheets and JavaScript (IEEE doubles) keep every digit.
ID_BITS = 52
# The key of the mirrored copy of a symmetric event (GDELT's both directions).
REVERSED_SUFFIX = "~reversed"
# The side file's name: the export's file name plus this suffix.
SIDE_SUFFIX = ".side.parquet"
# Columns of the side file (what the native shapes cannot hold), from the wide events.
SIDE_COLUMNS = (
    "event_key", "article_id", "sentence", "date_start", "date_end", "date_granularity",
    "date_kind", "date_text", "date_reason", "date_from", "tense", "negated", "hypothetical",
    "confidence", "trigger_text", "trigger_start", "trigger_end", "evidence_text",
    "evidence_start", "evidence_end", "source_text", "target_text", "location_name",
    "location_origin", "plover", "plover_mode",
)  # fmt: skip


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"
    gdelt = "gdelt"
    gdelt1 = "gdelt1"
    icews = "icews"
    polecat = "polecat"


class Dialect(StrEnum):
    native = "native"
    rich = "rich"


class ExportColumn(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    field: str | None = None
    doc: str
    dtype: Literal["int", "float", "str"] = "str"
    """The type the dataset's documentation gives the column (native shapes)."""


class ExportShape(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    separator: str = ","
    header: bool = True
    side_id: str | None = None
    """The column whose value the side file repeats, to join the two (native shapes)."""
    columns: tuple[ExportColumn, ...]


@lru_cache(maxsize=1)
def shapes() -> dict[str, ExportShape]:
    """Every export shape by name: `gdelt`, `gdelt1`, `icews`, `polecat` (native) and
    `gdelt_rich`, `icews_rich`, `polecat_rich`."""
    text = resources.files("communique.store").joinpath("data/exports.yaml").read_text("utf-8")
    return {name: ExportShape.model_validate(spec) for name, spec in yaml.safe_load(text).items()}


def shape_name(fmt: ExportFormat, dialect: Dialect) -> str:
    if dialect is Dialect.rich:
        return f"{'gdelt' if fmt is ExportFormat.gdelt1 else fmt.value}_rich"
    return fmt.value


@lru_cache(maxsize=1)
def _actor_codes() -> dict[str, dict[str, str]]:
    """kind (type | group) -> CAMEO code -> label (data/cameo_actor_codes.tsv)."""
    text = resources.files("communique.store").joinpath("data/cameo_actor_codes.tsv")
    table: dict[str, dict[str, str]] = {"type": {}, "group": {}}
    lines = [x for x in text.read_text("utf-8").splitlines() if x and not x.startswith("#")]
    for number, line in enumerate(lines[1:], start=2):
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] not in table:
            raise StoreError(
                f"store/data/cameo_actor_codes.tsv: bad row {number}: {line!r}",
                hint="write kind<TAB>code<TAB>label, kind type or group",
            )
        table[parts[0]].setdefault(parts[1], parts[2])
    return table


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
    """A stable integer id below 2**53 (the first 52 bits of SHA-256 of the key)."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[: ID_BITS // 4], 16)


def _story_id(article_id: Any) -> int:
    """ICEWS Story IDs are integers: a numeric article id as it is, else a 52-bit hash."""
    text = str(article_id)
    if text.isdigit() and int(text) < 2**ID_BITS:
        return int(text)
    return _global_id("article:" + text)


def _day(value: Any) -> str:
    """YYYY-MM-DD of an ISO date or timestamp, the first day of a bare month (YYYY-MM) or year
    (YYYY); "" when there is none."""
    text = _text(value)
    if not text[:4].isdigit():
        return ""
    if len(text) >= 10:
        return text[:10]
    return {4: f"{text}-01-01", 7: f"{text}-01"}.get(len(text), "")


def _is_state(code: Any) -> bool:
    return isinstance(code, str) and geo.country(code) is not None


def _state(code: Any) -> str:
    """An actor's country code when it is a state (CAMEO international codes such as IGO, NGO or
    MNC are not countries: GDELT leaves CountryCode empty for them)."""
    return str(code) if _is_state(code) else ""


def _known_group(sector: Any, code: Any) -> str:
    """The CAMEO known group of an international actor: its sector when that is a group code
    (EEC, UNO, NAT), else its code without the IGO/NGO prefix when that is one."""
    groups = _actor_codes()["group"]
    if isinstance(sector, str) and sector in groups:
        return sector
    if isinstance(code, str) and len(code) >= 6 and code[3:6] in groups:
        return code[3:6]
    return ""


def _type_code(sector: Any, country: Any) -> str:
    """A CAMEO type code (GOV, MIL, ...; IGO, NGO, MNC for international actors) or ""."""
    types = _actor_codes()["type"]
    if isinstance(country, str) and country in types:  # IGO, NGO, MNC: the kind comes first
        return country
    if isinstance(sector, str) and sector in types:
        return sector
    return ""


def _sector_names(sector: Any, country: Any) -> str:
    """ICEWS lists sectors by name ("Government", "Military"): the CAMEO type's label."""
    code = _type_code(sector, country)
    return _actor_codes()["type"].get(code, "") if code else ""


def _fips(code: Any) -> str:
    country = geo.country(code) if isinstance(code, str) else None
    return country.fips or "" if country is not None else ""


def _cow(code: Any) -> int | None:
    country = geo.country(code) if isinstance(code, str) else None
    return country.cow if country is not None else None


def _icews_country(code: Any) -> str:
    if not _is_state(code):
        return ""
    return geo.icews_name(str(code))


def _sentence_case(name: str) -> str:
    """CAMEO names as ICEWS words them: "Make an appeal or request" (the tables write some in
    capitals, "MAKE PUBLIC STATEMENT")."""
    return name[:1].upper() + name[1:].lower() if name.isupper() else name


def _domain(url: Any) -> str:
    if not isinstance(url, str) or "://" not in url:
        return ""
    from urllib.parse import urlparse

    host = urlparse(url).hostname or ""
    return host.removeprefix("www.")


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


def _symmetric_ids(store: Store) -> set[str]:
    """Ids of the events coded as symmetric (Event.symmetric: talks, meetings, joint acts); the
    flag lives in each stored CodingResult, not in the events table."""
    return {e.id for result in store.results() for e in result.events if e.symmetric}


def both_directions(events: pd.DataFrame, symmetric: set[str]) -> pd.DataFrame:
    """The events plus, for each symmetric one, a copy with source and target swapped (as GDELT
    writes a meeting between A and B both as A->B and B->A). The copy's key ends in
    REVERSED_SUFFIX, so its ids differ and the side file tells the two apart."""
    mirrored = events[events["event_id"].isin(symmetric)]
    if mirrored.empty:
        return events
    swap = {}
    for column in events.columns:
        if column.startswith("source_"):
            swap[column] = "target_" + column.removeprefix("source_")
            swap["target_" + column.removeprefix("source_")] = column
    reversed_rows = mirrored.rename(columns=swap)[list(events.columns)].assign(
        event_key=mirrored["event_key"].astype(str) + REVERSED_SUFFIX
    )
    return pd.concat([events, reversed_rows], ignore_index=True)


def wide_events(
    store: Store, dyad: tuple[str, str] | None = None, *, symmetric_both_ways: bool = False
) -> pd.DataFrame:
    """Deduplicated events with every field an export column can name; with
    `symmetric_both_ways`, symmetric events once in each direction (`both_directions`)."""
    from communique import __version__
    from communique.ontology import cameo_table

    events = _all_events(store, dyad)
    if symmetric_both_ways:
        events = both_directions(events, _symmetric_ids(store))
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
    fields.update(_native_fields(table))
    # one pass over the rows for every field: iterrows builds a Series per row, once was enough
    records = [row for _, row in frame.iterrows()]
    computed = {name: [compute(row) for row in records] for name, compute in fields.items()}
    return frame.assign(**computed)


def _event_day(row: pd.Series) -> str:
    """The event's day; an undated event takes its article's publication day, as GDELT and
    ICEWS date every event (the side file says which: `date_from`)."""
    return _day(row["date_start"]) or _day(row["published"])


def _native_fields(table: Any) -> dict[str, Callable[[pd.Series], Any]]:
    def sql_date(r: pd.Series) -> int | None:
        day = _event_day(r)
        return int(day.replace("-", "")) if day else None

    def geo_type(r: pd.Series) -> int:
        if pd.notna(r["location_lat"]) and pd.notna(r["location_geonames_id"]):
            return GEO_WORLD_CITY
        return GEO_COUNTRY if _is_state(r["location_country"]) else GEO_NONE

    def city(r: pd.Series) -> str:
        return _text(r["location_name"]) if geo_type(r) == GEO_WORLD_CITY else ""

    def full_name(r: pd.Series) -> str:
        code = r["location_country"]
        country = geo.country_name(code) if _is_state(code) else ""
        return ", ".join(dict.fromkeys(v for v in (city(r), country) if v))

    def feature_id(r: pd.Series) -> str:
        kind = geo_type(r)
        if kind == GEO_WORLD_CITY:
            return str(int(r["location_geonames_id"]))
        return _fips(r["location_country"]) if kind == GEO_COUNTRY else ""

    def added(r: pd.Series, fmt: str) -> int | None:
        if not pd.notna(r["stored_at"]):
            return None
        return int(pd.Timestamp(r["stored_at"]).tz_convert("UTC").strftime(fmt))

    return {
        "event_day": _event_day,
        "date_from": lambda r: "event" if _day(r["date_start"]) else "published",
        "sql_date_native": sql_date,
        "month_year_native": lambda r: (d // 100) if (d := sql_date(r)) else None,
        "year_native": lambda r: (d // 10000) if (d := sql_date(r)) else None,
        "fraction_date_native": lambda r: (
            float(_fraction_date(_event_day(r))) if _event_day(r) else None
        ),
        "source_country_state": lambda r: _state(r["source_country"]),
        "target_country_state": lambda r: _state(r["target_country"]),
        "source_known_group": lambda r: _known_group(r["source_sector"], r["source_code"]),
        "target_known_group": lambda r: _known_group(r["target_sector"], r["target_code"]),
        "source_type": lambda r: _type_code(r["source_sector"], r["source_country"]),
        "target_type": lambda r: _type_code(r["target_sector"], r["target_country"]),
        "no_geo": lambda r: GEO_NONE,
        "action_geo_type": geo_type,
        "action_geo_full_name": full_name,
        "action_geo_fips": lambda r: _fips(r["location_country"]) if geo_type(r) else "",
        "action_geo_lat": lambda r: r["location_lat"] if geo_type(r) == GEO_WORLD_CITY else None,
        "action_geo_lon": lambda r: r["location_lon"] if geo_type(r) == GEO_WORLD_CITY else None,
        "action_geo_feature": feature_id,
        "date_added_v2": lambda r: added(r, "%Y%m%d%H%M%S"),
        "date_added_v1": lambda r: added(r, "%Y%m%d"),
        "source_sector_names": lambda r: _sector_names(r["source_sector"], r["source_country"]),
        "target_sector_names": lambda r: _sector_names(r["target_sector"], r["target_country"]),
        "source_country_icews": lambda r: _icews_country(r["source_country"]),
        "target_country_icews": lambda r: _icews_country(r["target_country"]),
        "location_country_icews": lambda r: _icews_country(r["location_country"]),
        "cameo_text": lambda r: (
            _sentence_case(table[r["cameo"]].name) if r["cameo"] in table else ""
        ),
        "story_id": lambda r: _story_id(r["article_id"]),
        "publisher_or_domain": lambda r: _text(r["publisher"]) or _domain(r["url"]),
        "city": city,
        "source_cow": lambda r: _cow(r["source_country"]),
        "target_cow": lambda r: _cow(r["target_country"]),
        "plover_mode_lower": lambda r: _text(r["plover_mode"]).lower(),
        "geonames_id": lambda r: (
            int(r["location_geonames_id"]) if pd.notna(r["location_geonames_id"]) else None
        ),
    }


def shaped(store: Store, shape_name: str, dyad: tuple[str, str] | None = None) -> pd.DataFrame:
    """The events as the named export shape: its columns, in order, empty where we lack them."""
    return _shape(shapes()[shape_name], wide_events(store, dyad))


def _shape(shape: ExportShape, frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for column in shape.columns:
        if column.field is None:
            out[column.name] = ""
        elif column.field not in frame.columns:
            raise StoreError(
                f"export column {column.name} names unknown field {column.field}",
                hint="fix store/data/exports.yaml",
            )
        elif column.dtype == "int":
            out[column.name] = frame[column.field].map(
                lambda v: None if _missing(v) or v == "" else int(v)
            ).astype("Int64")
        elif column.dtype == "float":
            out[column.name] = pd.to_numeric(
                frame[column.field].map(lambda v: None if _missing(v) or v == "" else v)
            ).astype("Float64")
        elif shape.separator == "\t":  # a tab or line break inside a value would split the row
            out[column.name] = frame[column.field].map(
                lambda v: "" if _missing(v) else " ".join(str(v).replace("\x00", "").split())
            )
        else:
            out[column.name] = frame[column.field].map(lambda v: "" if _missing(v) else v)
    return out


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def side_path(output: Path) -> Path:
    """Where the side file of a native export goes: beside it, `<name>.side.parquet`."""
    return output.with_name(output.name + SIDE_SUFFIX)


def export(
    store: Store,
    fmt: ExportFormat,
    output: Path | TextIO,
    dyad: tuple[str, str] | None = None,
    dialect: Dialect = Dialect.native,
) -> int:
    """Write one export to a file or an open text stream (stdout); returns the records written.

    A native GDELT/ICEWS/POLECAT export to a file also writes its side file (`side_path`); to a
    stream it cannot, and says so on the stream's behalf by returning only the records.
    """
    if isinstance(output, Path):
        output.parent.mkdir(parents=True, exist_ok=True)
        if fmt is ExportFormat.parquet:
            return _write(store, fmt, output, dyad, dialect, None)
        with output.open("w", encoding="utf-8", newline="") as sink:
            return _write(store, fmt, sink, dyad, dialect, side_path(output))
    if fmt is ExportFormat.parquet:
        binary = output.buffer if hasattr(output, "buffer") else output
        return _write(store, fmt, binary, dyad, dialect, None)
    return _write(store, fmt, output, dyad, dialect, None)


def _write(
    store: Store,
    fmt: ExportFormat,
    sink: Any,
    dyad: tuple[str, str] | None,
    dialect: Dialect,
    side: Path | None,
) -> int:
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
    shape = shapes()[shape_name(fmt, dialect)]
    # GDELT writes a symmetric event (a meeting of A and B) in both directions; ICEWS and POLECAT
    # files are read one row per event here
    gdelt_native = dialect is Dialect.native and fmt in (ExportFormat.gdelt, ExportFormat.gdelt1)
    wide = wide_events(store, dyad, symmetric_both_ways=gdelt_native)
    frame = _shape(shape, wide)
    if shape.separator == "\t":  # as GDELT's files: no quoting at all (values hold no tab, no NUL)
        frame.to_csv(
            sink, index=False, sep="\t", header=shape.header, lineterminator="\n",
            quoting=csv.QUOTE_NONE, quotechar="\x00",
        )  # fmt: skip
    else:
        frame.to_csv(sink, index=False, header=shape.header, lineterminator="\n")
    if side is not None and dialect is Dialect.native and shape.side_id is not None:
        extra = wide[list(SIDE_COLUMNS)].copy()
        extra.insert(0, shape.side_id, frame[shape.side_id])
        extra.to_parquet(side, index=False)
    return len(frame)
