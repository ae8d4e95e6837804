"""The per-article registry: one Person per person and one Organization per organisation.

Mentions are grouped by identity: a person by full name (a short mention "Vassilenko" joins the
one full name it is the surname of), an organisation by name and country (a bare head such as
"the Academy" joins the one longer name that starts with it). Bare states are not organisations.
"""

from __future__ import annotations

from collections import Counter

from communique.models import Actor, Organization, Person, Registry, Span


def name_words(name: str) -> list[str]:
    """The lower-case words of a personal name, hyphens splitting ("Kassym-Jomart" is two)."""
    return name.replace("-", " ").lower().split()


def _person_key(name: str, full_names: list[str]) -> str:
    """The full name a (possibly short) name refers to: the one longer name containing all of
    its words, ending with the same surname; the name itself when none or several do."""
    words = name_words(name)
    if not words:
        return name
    matches = [
        full
        for full in full_names
        if full != name
        and name_words(full)[-1:] == words[-1:]
        and set(words) <= set(name_words(full))
    ]
    return matches[0] if len(set(matches)) == 1 else name


def _most_common(values: list[str | None]) -> str | None:
    present = [v for v in values if v]
    return Counter(present).most_common(1)[0][0] if present else None


def _longest(values: list[str | None]) -> str | None:
    present = [v for v in values if v]
    return max(present, key=len) if present else None


def _people(actors: list[Actor]) -> list[Person]:
    mentions = [a for a in actors if a.kind == "person" and a.person is not None]
    names = [a.person.name for a in mentions if a.person is not None]
    groups: dict[str, list[Actor]] = {}
    for actor in mentions:
        assert actor.person is not None
        groups.setdefault(_person_key(actor.person.name, names), []).append(actor)
    people = []
    for name, group in groups.items():
        spans: list[Span] = sorted({a.span for a in group})
        people.append(
            Person(
                name=name,
                title=_longest([a.person.title for a in group if a.person is not None]),
                organization=_longest([a.organization for a in group]),
                country=_most_common([a.country for a in group]),
                mentions=spans,
            )
        )
    return sorted(people, key=lambda p: p.mentions[0])


def _org_key(name: str, names: list[str]) -> str:
    """A one-word name ("Academy") joins the one longer name that starts with it."""
    if " " in name:
        return name
    longer = {n for n in names if n.lower().startswith(name.lower() + " ")}
    return longer.pop() if len(longer) == 1 else name


def _organizations(actors: list[Actor]) -> list[Organization]:
    mentions = [a for a in actors if a.kind != "person" and a.organization]
    names = [a.organization for a in mentions if a.organization]
    groups: dict[tuple[str, str | None], list[Actor]] = {}
    countries: dict[str, set[str | None]] = {}
    for actor in mentions:
        assert actor.organization is not None
        countries.setdefault(_org_key(actor.organization, names), set()).add(actor.country)
    for actor in mentions:
        assert actor.organization is not None
        key = _org_key(actor.organization, names)
        # A mention without a country joins the named organisation when only one country has it.
        known = {c for c in countries[key] if c}
        country = actor.country or (next(iter(known)) if len(known) == 1 else None)
        groups.setdefault((key, country), []).append(actor)
    organizations = []
    for (name, country), group in groups.items():
        organizations.append(
            Organization(
                name=name,
                country=country,
                sector=_most_common([a.sector for a in group]),
                mentions=sorted({a.span for a in group}),
            )
        )
    return sorted(organizations, key=lambda o: o.mentions[0])


def build_registry(actors: list[Actor]) -> Registry:
    """People and organisations of one article, each with every span that mentions it."""
    return Registry(people=_people(actors), organizations=_organizations(actors))
