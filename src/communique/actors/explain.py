"""How a name resolves, and from which source: the library behind `communique actors lookup`.

One place asks every store of actor knowledge about a written name: the dated knowledge base
(actors/data/kb, actors/knowledge.py), the known organisations and communities
(actors/data/organizations.tsv, communities.tsv) and the country forms of the geo package
(names, adjectives, capitals, seats of government).
"""

from __future__ import annotations

from datetime import date

from communique.actors.gazetteer import gazetteer
from communique.actors.knowledge import KnownActor, knowledge_base
from communique.geo import lookup as country_lookup


def explain(name: str, on: date | None = None) -> list[KnownActor]:
    """Every reading of ``name`` as of ``on``: people with their role that day first, then
    groups and organisations, then countries. Empty when nothing knows the name."""
    written = name.strip()
    readings = list(knowledge_base().lookup(written, on))
    gaz = gazetteer()
    for org in gaz.organizations:
        if org.alias == written:
            readings.append(
                KnownActor(
                    name=org.name, kind=org.kind, country=org.country, sector=org.sector,
                    office=None, start=None, end=None, current=True,
                    by="alias" if org.alias != org.name else "name",
                    source="communique/actors/data/organizations.tsv", origin="organizations",
                )
            )  # fmt: skip
    for community in gaz.communities:
        if community.form == written:
            readings.append(
                KnownActor(
                    name=community.name, kind="group", country=None, sector=community.code,
                    office=None, start=None, end=None, current=True, by="name",
                    source="communique/actors/data/communities.tsv", origin=community.source,
                )
            )  # fmt: skip
    alias = country_lookup(written)
    if alias is not None:
        readings.append(
            KnownActor(
                name=alias.alias, kind="state", country=alias.iso3, sector=alias.sector,
                office=None, start=None, end=None, current=True, by="alias",
                source="communique/geo/data", origin=f"country {alias.form}",
            )
        )  # fmt: skip
    return readings
