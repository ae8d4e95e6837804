"""The declared shape of geo's data files (``geo/data/*.tsv``), read through `communique.datafiles`
(the one loader: validation with file and line, and the ``$COMMUNIQUE_DATA_DIR/geo/`` overlay)."""

from __future__ import annotations

from pathlib import Path

from communique.datafiles import Column, Row, Schema, read_table
from communique.errors import ConfigError

#: An ISO 3166-1 alpha-3 code (or XKX); whether it is a current country is checked on load.
ISO3 = Column("iso3", pattern=r"[A-Z]{3}")

#: How a Russian form names a country (geo/russian.py): a name, an abbreviation ("США"), an
#: adjective ("бельгийский"), the combining first half of a pair adjective ("туркмено-"), a
#: capital, another city.
RUSSIAN_KINDS = frozenset({"name", "abbr", "adjective", "prefix", "capital", "city"})

#: OpenCorpora's six cases, and "-" for a form that does not inflect.
RUSSIAN_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "-"})

SCHEMAS: dict[str, Schema] = {
    "aliases.tsv": Schema.of(
        "alias",
        "iso3",
        "form",
        key=("alias", "iso3"),
        iso3=ISO3,
        form=Column("form", allowed=frozenset({"name", "adjective", "people", "capital"})),
    ),
    "seats.tsv": Schema.of(
        "alias",
        "iso3",
        "sector",
        key=("alias", "iso3"),
        iso3=ISO3,
        sector=Column("sector", allowed=frozenset({"GOV", "MIL", "LEG"})),
    ),
    "names.tsv": Schema.of("iso3", "name", key=("iso3",), iso3=ISO3),
    "icews_names.tsv": Schema.of("iso3", "name", key=("iso3",), iso3=ISO3),
    "cow.tsv": Schema.of(
        "cow", "iso3", key=("iso3",), cow=Column("cow", pattern=r"[0-9]{1,3}"), iso3=ISO3
    ),
    "regions.tsv": Schema.of("name", key=("name",)),
    # scripts/build_geonames_extract.py writes these two from GeoNames (numbers are parsed, and
    # their errors reported with file and line, by their readers in countries.py and cities.py)
    "geonames_countries.tsv": Schema.of(
        "iso3",
        "name",
        "fips",
        "capital",
        "population",
        key=("iso3",),
        iso3=ISO3,
        fips=Column("fips", required=False, pattern=r"[A-Z]{2}"),
        capital=Column("capital", required=False),
        population=Column("population", pattern=r"[0-9]+"),
    ),
    "cities.tsv": Schema.of(
        "geonames_id",
        "name",
        "country",
        "lat",
        "lon",
        "population",
        "aliases",
        key=("geonames_id",),
        country=Column("country", pattern=r"[A-Z]{3}"),
        aliases=Column("aliases", required=False),
    ),
    # Russian (scripts/build_russian_names.py reads ru_sources.tsv and writes names_ru.tsv)
    "ru_sources.tsv": Schema.of(
        "alias",
        "iso3",
        "form",
        "english",
        key=("alias", "iso3"),
        iso3=ISO3,
        form=Column("form", allowed=RUSSIAN_KINDS),
        english=Column("english", required=False),
    ),
    "names_ru.tsv": Schema.of(
        "form",
        "iso3",
        "kind",
        "case",
        "english",
        key=("form", "iso3", "kind", "case"),
        iso3=ISO3,
        kind=Column("kind", allowed=RUSSIAN_KINDS),
        case=Column("case", allowed=RUSSIAN_CASES),
        english=Column("english", required=False),
    ),
    "continents.tsv": Schema.of(
        "iso3", "continent", key=("iso3",), iso3=ISO3,
        continent=Column(
            "continent", allowed=frozenset({"AF", "AN", "AS", "EU", "NA", "OC", "SA"})
        ),
    ),
}


def read_geo_table(name: str, *, data_dir: Path | None = None) -> list[Row]:
    """The rows of ``geo/data/<name>`` (plus the user's overlay), validated by its schema."""
    return read_table("geo", name, SCHEMAS[name], data_dir=data_dir)


def row_error(row: Row, problem: str) -> ConfigError:
    """A load-time error about one row, naming its file and line."""
    return ConfigError(f"{row.origin}: {problem}", hint="fix or remove the row")
