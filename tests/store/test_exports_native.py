"""Native exports read back the way each dataset's own documentation says to read it.

The column names and types below are written from the datasets' documentation (GDELT Event
Codebooks 1.0 and 2.0, the ICEWS coded event data README, the POLECAT data release notes), not
from our exports.yaml, so a drift in the yaml fails here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from store_builders import event, result

from communique.models import Actor, Place
from communique.store import Store, open_store
from communique.store.exports import Dialect, ExportFormat, export, shapes, side_path

_ACTOR = [
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
]  # fmt: skip


def _geo(prefix: str, adm2: bool) -> list[str]:
    return [
        f"{prefix}Geo_Type", f"{prefix}Geo_FullName", f"{prefix}Geo_CountryCode",
        f"{prefix}Geo_ADM1Code", *([f"{prefix}Geo_ADM2Code"] if adm2 else []),
        f"{prefix}Geo_Lat", f"{prefix}Geo_Long", f"{prefix}Geo_FeatureID",
    ]  # fmt: skip


def gdelt_columns(version: int) -> list[str]:
    adm2 = version == 2
    return [
        "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
        *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
        "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
        *_geo("Actor1", adm2), *_geo("Actor2", adm2), *_geo("Action", adm2),
        "DATEADDED", "SOURCEURL",
    ]  # fmt: skip


# The codebooks' types: integers, floats, and codes that must be read as text (leading zeros).
GDELT_DTYPES = {
    "GLOBALEVENTID": "Int64", "SQLDATE": "Int64", "MonthYear": "Int64", "Year": "Int64",
    "FractionDate": "float64", "IsRootEvent": "Int64", "EventCode": "string",
    "EventBaseCode": "string", "EventRootCode": "string", "QuadClass": "Int64",
    "GoldsteinScale": "float64", "NumMentions": "Int64", "NumSources": "Int64",
    "NumArticles": "Int64", "AvgTone": "float64", "Actor1Geo_Type": "Int64",
    "Actor2Geo_Type": "Int64", "ActionGeo_Type": "Int64", "ActionGeo_Lat": "float64",
    "ActionGeo_Long": "float64", "ActionGeo_FeatureID": "string", "DATEADDED": "Int64",
}  # fmt: skip

ICEWS_COLUMNS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
    "Longitude",
]  # fmt: skip
ICEWS_DTYPES = {
    "Event ID": "Int64", "CAMEO Code": "string", "Intensity": "float64", "Story ID": "Int64",
    "Sentence Number": "Int64", "Latitude": "float64", "Longitude": "float64",
}  # fmt: skip

POLECAT_COLUMNS = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors",
    "Actor Title", "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name",
    "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City",
    "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename",
    "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations",
    "Story Locations", "Language", "Version",
]  # fmt: skip
POLECAT_DTYPES = {
    "Event ID": "string", "Intensity": "float64", "Actor COW": "Int64", "Recipient COW": "Int64",
    "Latitude": "float64", "Longitude": "float64", "GeoNames ID": "Int64",
}  # fmt: skip

BRUSSELS = Place(
    name="Brussels", country="BEL", lat=50.85045, lon=4.34878, geonames_id=2800866, origin="text"
)
UN = Actor(
    text="the United Nations", span=(0, 18), name="United Nations", country="IGO",
    sector="UNO", code="IGOUNO", kind="organization", organization="United Nations",
)  # fmt: skip


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    placed = event("8007271", 0, "KAZ", "BEL", cameo="042", date="2022-10-18")
    placed = placed.model_copy(update={"location": BRUSSELS})
    igo = event("8007271", 1, "TUR", "IRN", cameo="036", date="2021-11", granularity="month")
    igo = igo.model_copy(update={"source": UN})
    turkey = event("x-story", 0, "TUR", "PRK", cameo="112", date=None)
    with open_store(store_url) as opened:
        opened.write(
            [
                result("8007271", [placed, igo], published="2022-10-19T08:00:00+00:00"),
                result("x-story", [turkey], published="2022-12-01", source="",
                       text="Turkey\tand North Korea."),
            ]
        )  # fmt: skip
        yield opened


def _read(path: Path, names: list[str] | None, dtypes: dict[str, str]) -> pd.DataFrame:
    return pd.read_csv(
        path, sep="\t", header=None if names else 0, names=names, dtype=dtypes,
        quoting=csv.QUOTE_NONE, keep_default_na=False, na_values=[""],
    )  # fmt: skip


@pytest.mark.parametrize(("fmt", "version"), [(ExportFormat.gdelt, 2), (ExportFormat.gdelt1, 1)])
def test_gdelt_reads_as_the_codebook_says(
    store: Store, tmp_path: Path, fmt: ExportFormat, version: int
) -> None:
    out = tmp_path / "events.tsv"
    assert export(store, fmt, out) == 3
    first = out.read_text().splitlines()[0]
    assert not first.startswith("GLOBALEVENTID") and first.count("\t") == (
        60 if version == 2 else 57
    )
    names = gdelt_columns(version)
    frame = _read(out, names, {k: v for k, v in GDELT_DTYPES.items() if k in names})
    assert list(frame.columns) == names == [c.name for c in shapes()[fmt.value].columns]
    assert (frame["GLOBALEVENTID"] < 2**53).all()
    assert frame["SQLDATE"].notna().all()  # every event has a date: its own or its article's
    by_code = {row.EventCode: row for row in frame.itertuples(index=False)}
    placed = by_code["042"]
    assert (placed.SQLDATE, placed.ActionGeo_Type, placed.ActionGeo_CountryCode) == (
        20221018,
        4,
        "BE",
    )
    assert (
        placed.ActionGeo_FullName == "Brussels, Belgium" and placed.ActionGeo_FeatureID == "2800866"
    )
    igo = by_code["036"]
    assert igo.SQLDATE == 20211101  # a month: its first day (the side file keeps "month")
    assert (igo.Actor1Code, igo.Actor1KnownGroupCode, igo.Actor1Type1Code) == (
        "IGOUNO",
        "UNO",
        "IGO",
    )
    assert pd.isna(igo.Actor1CountryCode)  # an IGO has no country (GDELT)
    undated = by_code["112"]
    assert undated.SQLDATE == 20221201  # the publication day
    assert len(str(frame["DATEADDED"].iloc[0])) == (14 if version == 2 else 8)
    side = pd.read_parquet(side_path(out))
    assert list(side["GLOBALEVENTID"]) == list(frame["GLOBALEVENTID"])
    kinds = dict(zip(side["GLOBALEVENTID"], side["date_granularity"], strict=True))
    assert kinds[igo.GLOBALEVENTID] == "month"
    assert (
        dict(zip(side["GLOBALEVENTID"], side["date_from"], strict=True))[undated.GLOBALEVENTID]
        == "published"
    )
    assert {"evidence_text", "evidence_start", "tense", "confidence"} <= set(side.columns)


def test_icews_reads_as_its_readme_says(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.tab"
    export(store, ExportFormat.icews, out)
    frame = _read(out, None, ICEWS_DTYPES)
    assert list(frame.columns) == ICEWS_COLUMNS
    rows = {row["CAMEO Code"]: row for row in frame.to_dict("records")}
    assert (
        rows["112"]["Source Country"] == "Turkey" and rows["112"]["Target Country"] == "North Korea"
    )
    assert rows["042"]["Story ID"] == 8007271 and rows["042"]["Sentence Number"] == 1
    assert rows["042"]["Source Country"] == "Kazakhstan"
    assert rows["042"]["City"] == "Brussels" and rows["042"]["Country"] == "Belgium"
    assert rows["036"]["Event Text"][0].isupper() and not rows["036"]["Event Text"].isupper()
    assert rows["042"]["Publisher"] == "Kazinform"
    assert (frame["Event ID"] < 2**53).all() and (frame["Story ID"] < 2**53).all()


def test_polecat_reads_with_its_40_columns(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "polecat.txt"
    export(store, ExportFormat.polecat, out)
    frame = _read(out, None, POLECAT_DTYPES)
    assert list(frame.columns) == POLECAT_COLUMNS and len(POLECAT_COLUMNS) == 40
    rows = {row["Event Type"]: row for row in frame.to_dict("records")}
    assert rows["consult"]["Actor COW"] == 705 and rows["consult"]["Recipient COW"] == 211
    assert rows["consult"]["GeoNames ID"] == 2800866


def test_a_tab_in_a_value_does_not_split_the_row(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    export(store, ExportFormat.gdelt, out)
    assert all(line.count("\t") == 60 for line in out.read_text().splitlines())


@pytest.mark.parametrize("fmt", ["gdelt", "icews", "polecat"])
def test_rich_dialect_keeps_the_csv_superset(store: Store, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"{fmt}.csv"
    export(store, ExportFormat(fmt), out, dialect=Dialect.rich)
    header = next(csv.reader(out.open()))
    assert header == [c.name for c in shapes()[f"{fmt}_rich"].columns]
    assert not side_path(out).exists()


def test_gdelt_writes_a_symmetric_event_both_ways(store_url: str, tmp_path: Path) -> None:
    talks = event("s1", 0, "KAZ", "BEL", cameo="043", date="2022-10-18")
    talks = talks.model_copy(update={"symmetric": True})
    visit = event("s1", 1, "KAZ", "BEL", cameo="057", date="2022-10-18")
    with open_store(store_url) as opened:
        opened.write([result("s1", [talks, visit])])
        gdelt, icews = tmp_path / "g.tsv", tmp_path / "i.tab"
        assert export(opened, ExportFormat.gdelt, gdelt) == 3
        assert export(opened, ExportFormat.icews, icews) == 2
    names = gdelt_columns(2)
    frame = _read(gdelt, names, {k: v for k, v in GDELT_DTYPES.items() if k in names})
    pairs = sorted(
        (r.EventCode, r.Actor1CountryCode, r.Actor2CountryCode) for r in frame.itertuples()
    )
    assert pairs == [("043", "BEL", "KAZ"), ("043", "KAZ", "BEL"), ("057", "KAZ", "BEL")]
    assert frame["GLOBALEVENTID"].is_unique
    side = pd.read_parquet(side_path(gdelt))
    assert sum(str(k).endswith("~reversed") for k in side["event_key"]) == 1
