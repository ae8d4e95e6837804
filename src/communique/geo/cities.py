"""Cities: one alias index over GeoNames' cities, built once per process.

The cities are ``data/cities.tsv``, an extract of GeoNames' cities15000 list that
scripts/build_geonames_extract.py writes (their Latin- and Cyrillic-script alternate names
included). We read them once and keep a case- and accent-insensitive alias index: primary
names, ASCII names and the Latin-script alternate names (Nur-Sultan and Akmola -> Astana,
Alma-Ata -> Almaty, Kiev -> Kyiv).

What is left out of the index, and why:
- country names (countries.normalized_names(): ISO, GeoNames and data/aliases.tsv): "Kuwait" or
  "Mexico" in a sentence names the state, not its capital, so countries are never places here;
  continents and regions (data/regions.tsv) likewise ("Asia" is also a town in the Philippines);
- all-lowercase alternate names (GeoNames romanisations like "a si ta na") and alternate names
  of one or two letters or all-capital airport codes ("ALA", "BRU"): English prose does not
  write a city that way, and they collide with words and acronyms;
- towns below 15k people that are not national capitals (the file lists a few oddities).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from communique.datafiles import Row
from communique.geo.countries import countries, normalized_names
from communique.geo.schemas import read_geo_table, row_error
from communique.geo.text import is_cyrillic, is_latin, normalize_name
from communique.models import Place

#: Smallest city kept. GeoNames' cities15000 list, minus the few small non-capitals it carries;
#: data/cities.tsv holds no smaller city (scripts/build_geonames_extract.py's MIN_POPULATION).
MIN_POPULATION = 15_000

#: Shortest alternate name kept: one- and two-letter alternates ("Ko" for Kyiv) are codes.
MIN_ALIAS_LENGTH = 3


@dataclass(frozen=True)
class City:
    geonames_id: int
    name: str
    country: str
    lat: float
    lon: float
    population: int
    aliases: tuple[str, ...] = ()
    """GeoNames' Latin- and Cyrillic-script alternate names."""


def _keep_alias(alias: str) -> bool:
    if len(alias) < MIN_ALIAS_LENGTH or alias.islower():
        return False
    # Latin, and Cyrillic for Russian-language articles ("Астана", "Москва")
    if not (is_latin(alias) or is_cyrillic(alias)):
        return False
    return not (alias.isupper() and len(alias) <= 4)


def _city(row: Row) -> City:
    try:
        return City(
            geonames_id=int(row["geonames_id"]),
            name=row["name"],
            country=row["country"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            population=int(row["population"]),
            aliases=tuple(a for a in row["aliases"].split("|") if a),
        )
    except ValueError as exc:
        raise row_error(row, f"not a number where one is expected: {exc}") from exc


@lru_cache(maxsize=1)
def _all_cities() -> tuple[City, ...]:
    """Every row of data/cities.tsv (plus the user's overlay), read once."""
    return tuple(_city(row) for row in read_geo_table("cities.tsv"))


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """Continents and regions (data/regions.tsv): never cities."""
    return frozenset(normalize_name(row["name"]) for row in read_geo_table("regions.tsv"))


@lru_cache(maxsize=1)
def _cities() -> tuple[City, ...]:
    """Cities of MIN_POPULATION or more, plus every smaller national capital."""
    capitals = {
        (c.iso3, normalize_name(c.capital)) for c in countries().values() if c.capital
    }
    return tuple(
        city
        for city in _all_cities()
        if city.population >= MIN_POPULATION
        or (city.country, normalize_name(city.name)) in capitals
    )


@lru_cache(maxsize=4)
def city_countries(min_population: int) -> dict[str, str]:
    """Primary city name -> ISO3 of the most populous city of that name with at least
    ``min_population`` people (the actor recogniser reads countries off organisation names)."""
    found: dict[str, str] = {}
    best: dict[str, int] = {}
    for city in _cities():
        if city.population >= min_population and city.population > best.get(city.name, -1):
            best[city.name] = city.population
            found[city.name] = city.country
    return found


class PlaceIndex:
    """Case-insensitive alias index of cities of MIN_POPULATION or more (and every capital)."""

    def __init__(self) -> None:
        self._countries = normalized_names()
        self._excluded = self._countries | region_names()
        index: dict[str, list[tuple[bool, City]]] = {}
        for city in _cities():
            primary = normalize_name(city.name)
            aliases = {normalize_name(alias) for alias in city.aliases if _keep_alias(alias)}
            for key in ({primary} | aliases) - self._excluded:
                if key:
                    index.setdefault(key, []).append((key != primary, city))
        for cities in index.values():
            cities.sort(key=lambda entry: (entry[0], -entry[1].population))
        self._index = {key: [city for _, city in cities] for key, cities in index.items()}

    def __len__(self) -> int:
        return len(self._index)

    def is_country(self, name: str) -> bool:
        """True when `name` names a country (countries are never event locations)."""
        return normalize_name(name) in self._countries

    def lookup(self, name: str, country: str | None = None) -> Place | None:
        """The most populous city called `name` (optionally in ISO3 `country`); never a country.

        Cities whose own name matches outrank cities that only carry it as an alternate name:
        "Islamabad" is Pakistan's capital even though Chattogram (more populous) lists it as an
        old name; among equals the most populous wins ("Paris" is the French one).
        """
        cities = self._index.get(normalize_name(name))
        if not cities:
            return None
        for city in cities:
            if country is None or city.country == country:
                return Place(
                    name=city.name,
                    country=city.country,
                    lat=city.lat,
                    lon=city.lon,
                    geonames_id=city.geonames_id,
                )
        return None


@lru_cache(maxsize=1)
def place_index() -> PlaceIndex:
    """The process-wide index (building it reads data/cities.tsv once)."""
    return PlaceIndex()
