"""The actor dictionaries: titles, sector nouns, known organisations, communities, collectives.

Everything is read from the data files next to this module once per process, into frozen
records. Countries (names, adjectives, capitals, seats of government) and cities come from
`communique.geo`, their one home.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from communique import geo
from communique.actors.schemas import read_actor_table
from communique.datafiles import Row
from communique.geo import CountryAlias
from communique.models import ActorKind

DATA = Path(__file__).parent / "data"

#: Cities at least this populous name their country inside an organisation's name ("Free
#: University of Brussels"). 100k keeps the well-known university/institution cities while
#: leaving out the small towns whose names collide with surnames and common words.
MIN_CITY_POPULATION = 100_000

class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


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


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load every dictionary once per process."""
    countries = geo.aliases()
    cities = dict(geo.city_countries(MIN_CITY_POPULATION))
    for alias in countries:
        if alias.form == "capital":
            cities[alias.alias] = alias.iso3
    words = list(read_tsv("title_words.tsv"))
    return Gazetteer(
        countries=countries,
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
