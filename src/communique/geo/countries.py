"""Countries: codes (ISO3, ISO2, FIPS 10-4, COW), canonical names, and every way news writes one.

Sources, read once per process into frozen records:
- pycountry (ISO 3166-1): the current countries, their codes, names, official and common names;
- data/geonames_countries.tsv (GeoNames' country table, written by
  scripts/build_geonames_extract.py): FIPS 10-4 codes, capitals, Kosovo (XKX);
- data/aliases.tsv: short names, adjectives, peoples and capitals ISO and GeoNames lack;
- data/names.tsv: canonical display names where ISO's are inverted or formal;
- data/seats.tsv: seats of government ("Kremlin", "Downing Street") with their sector;
- data/cow.tsv: Correlates of War state codes.

Nothing else in communique imports pycountry: ask this module.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Literal

import pycountry
from pydantic import BaseModel, ConfigDict

from communique.datafiles import Row
from communique.geo.schemas import read_geo_table, row_error
from communique.geo.text import normalize_name

#: Kosovo has no ISO 3166-1 code; XKX is the user-assigned code the EU, IMF and CAMEO users adopt.
KOSOVO = "XKX"

#: How a country is written: its name, adjective ("Belgian"), people ("Belgians"), capital city
#: ("Brussels"), or a seat of government ("the Kremlin"). Capitals and seats stand for the state
#: only where they act (see actors/component.py); the others always name it.
CountryForm = Literal["name", "adjective", "people", "capital", "seat"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Country(_Frozen):
    """One current country (ISO 3166-1, plus Kosovo)."""

    iso3: str
    iso2: str
    name: str
    """Canonical English name ("South Korea", not "Korea, Republic of")."""
    fips: str | None = None
    """FIPS 10-4 code (GeoNames), as ICEWS and older US datasets write countries."""
    cow: int | None = None
    """Correlates of War state code."""
    capital: str | None = None


class CountryAlias(_Frozen):
    """One way of writing a country. ``sector`` is set for seats of government only."""

    alias: str
    iso3: str
    form: CountryForm
    sector: str | None = None


class _Tables(_Frozen):
    countries: dict[str, Country]
    aliases: tuple[CountryAlias, ...]


@lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, Row]:
    """GeoNames' FIPS code and capital of each country, by ISO3."""
    return {row["iso3"]: row for row in read_geo_table("geonames_countries.tsv")}


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    overrides = {row["iso3"]: row["name"] for row in read_geo_table("names.tsv")}
    geonames = _geonames_countries()
    countries: dict[str, Country] = {}
    iso_names: list[CountryAlias] = []
    for entry in pycountry.countries:
        iso3 = str(entry.alpha_3)
        info = geonames.get(iso3)
        common = getattr(entry, "common_name", None)
        countries[iso3] = Country(
            iso3=iso3,
            iso2=str(entry.alpha_2),
            name=overrides.get(iso3) or str(common or entry.name),
            fips=(info["fips"] or None) if info else None,
            capital=(info["capital"] or None) if info else None,
        )
        for attr in ("name", "official_name", "common_name"):
            value = getattr(entry, attr, None)
            # inverted ISO forms ("Korea, Republic of") are not how prose writes a country
            if value and "," not in value and "(" not in value:
                iso_names.append(CountryAlias(alias=str(value), iso3=iso3, form="name"))
    kosovo = geonames.get(KOSOVO)
    countries[KOSOVO] = Country(
        iso3=KOSOVO,
        iso2="XK",
        name=overrides.get(KOSOVO, "Kosovo"),
        fips=(kosovo["fips"] if kosovo else "") or "KV",
        capital=(kosovo["capital"] if kosovo else "") or "Pristina",
    )
    for row in read_geo_table("cow.tsv"):
        _check_current(row, countries)
        iso3 = row["iso3"]
        countries[iso3] = countries[iso3].model_copy(update={"cow": int(row["cow"])})
    return _Tables(countries=countries, aliases=tuple(_aliases(countries, iso_names)))


def _check_current(row: Row, countries: dict[str, Country]) -> None:
    if row["iso3"] not in countries:
        raise row_error(row, f"{row['iso3']!r} is not a current ISO 3166-1 alpha-3 code (or XKX)")


def _aliases(countries: dict[str, Country], iso_names: list[CountryAlias]) -> list[CountryAlias]:
    """ISO names, then data/aliases.tsv, misspellings (variants.tsv), then capitals and seats
    (never shadowing a name)."""
    found: dict[tuple[str, str], CountryAlias] = {(a.alias, a.iso3): a for a in iso_names}
    for row in read_geo_table("aliases.tsv"):
        _check_current(row, countries)
        alias = CountryAlias.model_validate(
            {"alias": row["alias"], "iso3": row["iso3"], "form": row["form"]}
        )
        found[(alias.alias, alias.iso3)] = alias
    names = {a.alias for a in found.values()}
    # misspellings ("Afganistan", "Quatar"): names that never shadow another way of writing
    for row in read_geo_table("variants.tsv"):
        _check_current(row, countries)
        if row["alias"] not in names:
            found[(row["alias"], row["iso3"])] = CountryAlias(
                alias=row["alias"], iso3=row["iso3"], form="name"
            )
    names = {a.alias for a in found.values()}
    # A capital shared by two entries (a territory administered from its state's capital) goes
    # to the more populous one; dissolved states still in GeoNames are not current countries.
    by_capital: dict[str, tuple[int, str]] = {}
    for info in _geonames_countries().values():
        capital, iso3 = info["capital"], info["iso3"]
        if not capital or iso3 not in countries:
            continue
        population = int(info["population"])
        if capital not in by_capital or population > by_capital[capital][0]:
            by_capital[capital] = (population, iso3)
    for capital, (_population, iso3) in by_capital.items():
        # a capital that is also a country's name ("Singapore", "Kuwait") stays the country
        if capital not in names:
            found[(capital, iso3)] = CountryAlias(alias=capital, iso3=iso3, form="capital")
    for row in read_geo_table("seats.tsv"):
        _check_current(row, countries)
        found[(row["alias"], row["iso3"])] = CountryAlias(
            alias=row["alias"], iso3=row["iso3"], form="seat", sector=row["sector"]
        )
    return list(found.values())


# --- lookups -------------------------------------------------------------------------------


def countries() -> dict[str, Country]:
    """Every current country by ISO3."""
    return _tables().countries


def country(iso3: str | None) -> Country | None:
    """The country with this ISO3 code (any case), or None."""
    return _tables().countries.get((iso3 or "").upper())


def is_country(iso3: str | None) -> bool:
    """Whether ``iso3`` is a current country's code (not IGO, NGO or another CAMEO code)."""
    return country(iso3) is not None


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    return {row["iso3"]: row["continent"] for row in read_geo_table("continents.tsv")}


def continent(iso3: str | None) -> str | None:
    """The GeoNames continent code of a country (AF AN AS EU NA OC SA), None if not a country."""
    return _continents().get(iso3 or "")


def country_name(iso3: str) -> str:
    """The canonical name of a country, or the code itself (IGO, unknown codes)."""
    found = country(iso3)
    return found.name if found is not None else iso3


def aliases() -> tuple[CountryAlias, ...]:
    """Every way of writing every country (names, adjectives, peoples, capitals, seats)."""
    return _tables().aliases


@lru_cache(maxsize=1)
def _by_code() -> dict[tuple[str, str], str]:
    table: dict[tuple[str, str], str] = {}
    for c in countries().values():
        table[("iso2", c.iso2)] = c.iso3
        if c.fips:
            table[("fips", c.fips)] = c.iso3
        if c.cow is not None:
            table[("cow", str(c.cow))] = c.iso3
    return table


@lru_cache(maxsize=1)
def _capitals_since() -> dict[tuple[str, str], date]:
    found: dict[tuple[str, str], date] = {}
    for row in read_geo_table("capitals_since.tsv"):
        _check_current(row, countries())
        found[(row["capital"], row["iso3"])] = date.fromisoformat(row["since"])
    return found


def seat_on(capital: str, iso3: str, on: date | None) -> bool:
    """Whether ``capital`` was the seat of ``iso3``'s government on ``on`` (data/capitals_since.tsv:
    "Juba" stands for South Sudan from 9 July 2011, "Berlin" for Germany from 3 October 1990).
    Without a date, or for a capital not listed, it always was."""
    since = _capitals_since().get((capital, iso3))
    return since is None or on is None or on >= since


def from_iso2(code: str) -> str | None:
    """ISO3 of an ISO 3166-1 alpha-2 code ("KZ" -> "KAZ"; "XK" -> "XKX")."""
    return _by_code().get(("iso2", code.upper()))


def from_fips(code: str) -> str | None:
    """ISO3 of a FIPS 10-4 code ("KZ" -> "KAZ", "GM" -> "DEU", "UK" -> "GBR")."""
    return _by_code().get(("fips", code.upper()))


def from_cow(code: int | str) -> str | None:
    """ISO3 of a Correlates of War state code (2 -> "USA", 365 -> "RUS")."""
    return _by_code().get(("cow", str(code).strip()))


@lru_cache(maxsize=1)
def _by_written() -> tuple[dict[str, CountryAlias], dict[str, tuple[CountryAlias, ...]]]:
    exact: dict[str, CountryAlias] = {}
    folded: dict[str, list[CountryAlias]] = {}
    for alias in aliases():
        exact.setdefault(alias.alias, alias)
        folded.setdefault(normalize_name(alias.alias), []).append(alias)
    return exact, {key: tuple(found) for key, found in folded.items()}


def lookup(text: str) -> CountryAlias | None:
    """How ``text`` names a country: exactly as written first, else case- and accent-folded
    ("U.S." and "us" differ only on the exact pass: the folded pass never takes a form whose
    written alias is an all-capital abbreviation)."""
    exact, folded = _by_written()
    if text in exact:
        return exact[text]
    for alias in folded.get(normalize_name(text), ()):
        if not (alias.alias.isupper() and len(alias.alias) <= 4 and text != alias.alias):
            return alias
    return None


#: Separators of pair adjectives and dyads: "Kazakh-Belgian", "US-Ukraine", "US–China" (en dash).
_PAIR_SPLIT = re.compile(r"\s*[-\u2010-\u2014/]\s*")


def resolve(text: str) -> tuple[str, ...]:
    """The countries ``text`` names, in order: one for a name, adjective, people, capital or seat;
    both for a pair adjective or dyad ("Kazakh-Belgian", "US-Ukraine"); none otherwise."""
    whole = lookup(text.strip())
    if whole is not None:
        return (whole.iso3,)
    parts = [p for p in _PAIR_SPLIT.split(text.strip()) if p]
    if len(parts) < 2:
        return ()
    found = [lookup(part) for part in parts]
    if any(f is None for f in found):
        return ()
    return tuple(dict.fromkeys(f.iso3 for f in found if f is not None))


@lru_cache(maxsize=1)
def normalized_names() -> frozenset[str]:
    """Normalised names of every country (ISO, GeoNames, data/aliases.tsv): never a city."""
    names = {normalize_name(a.alias) for a in aliases() if a.form == "name"}
    names |= {normalize_name(info["name"]) for info in _geonames_countries().values()}
    return frozenset(names)
