"""The seed article's people and organisations, the registry, and `actor_for_span`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from communique.actors.lookup import actor_for_span
from communique.actors.registry import build_registry
from communique.models import Actor, PersonRef

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
#: The English seed; the Russian edition beside it (*.ru.txt) has its own expectations.
_SEED_PATH = SHARED / "seed" / "kazinform_2022-10-18_kazakhstan_belgium.txt"
SEED = _SEED_PATH if _SEED_PATH.exists() else None
EXPECTED = SHARED / "eval" / "seed_expected.json"

needs_seed = pytest.mark.skipif(SEED is None, reason="../shared/seed is not beside the repo")


@pytest.fixture(scope="module")
def seed_actors(actors_nlp: Language) -> list[Actor]:
    assert SEED is not None
    return list(actors_nlp(SEED.read_text(encoding="utf-8"))._.actors)


@needs_seed
def test_seed_people(seed_actors: list[Actor]) -> None:
    registry = build_registry(seed_actors)
    people = {p.name: p for p in registry.people}
    for want in json.loads(EXPECTED.read_text())["people"]:
        person = people[want["name"]]
        assert want["title_contains"] in (person.title or "")
        assert person.country == want["country"]
    vassilenko = people["Roman Vassilenko"]
    assert len(vassilenko.mentions) == 3  # the full mention and two "Deputy Minister Vassilenko"
    assert vassilenko.title == "Deputy Minister of Foreign Affairs"


@needs_seed
def test_seed_organizations(seed_actors: list[Actor]) -> None:
    registry = build_registry(seed_actors)
    for want in json.loads(EXPECTED.read_text())["organizations"]:
        sectors = want["sector"] if isinstance(want["sector"], list) else [want["sector"]]
        assert any(
            want["name_contains"] in o.name and o.country == want["country"] and o.sector in sectors
            for o in registry.organizations
        ), want
    assert not any(o.name in ("Kazakhstan", "Belgium") for o in registry.organizations)


@needs_seed
def test_seed_short_mentions_carry_the_full_person(seed_actors: list[Actor]) -> None:
    short = [a for a in seed_actors if a.text == "Deputy Minister Vassilenko"]
    assert len(short) == 2
    for actor in short:
        assert actor.person == PersonRef(
            name="Roman Vassilenko", title="Deputy Minister of Foreign Affairs"
        )
        assert actor.code == "KAZGOV"


def person(text: str, span: tuple[int, int], name: str, title: str | None = None,
           country: str | None = None) -> Actor:
    return Actor(text=text, span=span, name=name, country=country, kind="person",
                 person=PersonRef(name=name, title=title), sector="GOV")


def org(text: str, span: tuple[int, int], name: str, country: str | None,
        sector: str | None = "GOV") -> Actor:
    return Actor(text=text, span=span, name=name, country=country, sector=sector,
                 kind="organization", organization=name)


REGISTRY_CASES = [
    # short surname mention joins the full name, fullest title kept
    ([person("Foreign Minister Sergei Lavrov", (0, 30), "Sergei Lavrov", "Foreign Minister", "RUS"),
      person("Lavrov", (50, 56), "Lavrov")],
     [("Sergei Lavrov", "Foreign Minister", "RUS", [(0, 30), (50, 56)])]),
    # two different people with different surnames stay apart
    ([person("President Joe Biden", (0, 19), "Joe Biden", "President", "USA"),
      person("Xi Jinping", (30, 40), "Xi Jinping", None, "CHN")],
     [("Joe Biden", "President", "USA", [(0, 19)]), ("Xi Jinping", None, "CHN", [(30, 40)])]),
    # a surname shared by two full names is ambiguous: it stays on its own
    ([person("Ali Khan", (0, 8), "Ali Khan"), person("Imran Khan", (10, 20), "Imran Khan"),
      person("Khan", (30, 34), "Khan")],
     [("Ali Khan", None, None, [(0, 8)]), ("Imran Khan", None, None, [(10, 20)]),
      ("Khan", None, None, [(30, 34)])]),
    # hyphenated given names: "Tokayev" is the surname of "Kassym-Jomart Tokayev"
    ([person("Tokayev", (90, 97), "Tokayev"),
      person("President Kassym-Jomart Tokayev", (0, 31), "Kassym-Jomart Tokayev", "President",
             "KAZ")],
     [("Kassym-Jomart Tokayev", "President", "KAZ", [(0, 31), (90, 97)])]),
]


@pytest.mark.parametrize(("actors", "expected"), REGISTRY_CASES)
def test_registry_people(
    actors: list[Actor], expected: list[tuple[str, str | None, str | None, list[tuple[int, int]]]]
) -> None:
    people = build_registry(actors).people
    got = sorted((p.name, p.title, p.country, p.mentions) for p in people)
    assert got == sorted(expected)


def test_registry_organizations_group_by_name_and_country() -> None:
    actors = [
        org("Kazakh Ministry of Foreign Affairs", (0, 34), "Ministry of Foreign Affairs", "KAZ"),
        org("Belgian Ministry of Foreign Affairs", (40, 75), "Ministry of Foreign Affairs", "BEL"),
        org("Ministry of Foreign Affairs", (200, 227), "Ministry of Foreign Affairs", "KAZ"),
        org("Academy of Public Administration", (300, 332), "Academy of Public Administration",
            "KAZ", "EDU"),
        org("Academy", (400, 407), "Academy", None, "EDU"),
        Actor(text="Kazakhstan", span=(500, 510), name="Kazakhstan", country="KAZ"),
    ]
    orgs = {(o.name, o.country): o for o in build_registry(actors).organizations}
    assert set(orgs) == {
        ("Ministry of Foreign Affairs", "KAZ"),
        ("Ministry of Foreign Affairs", "BEL"),
        ("Academy of Public Administration", "KAZ"),
    }
    assert orgs[("Ministry of Foreign Affairs", "KAZ")].mentions == [(0, 34), (200, 227)]
    assert orgs[("Academy of Public Administration", "KAZ")].mentions == [(300, 332), (400, 407)]


def test_registry_of_nothing_is_empty() -> None:
    registry = build_registry([])
    assert registry.people == [] and registry.organizations == []


ACTORS = [
    Actor(text="Kazakhstan", span=(0, 10), name="Kazakhstan", country="KAZ"),
    Actor(text="Belgian side", span=(20, 32), name="Belgium", country="BEL", sector="GOV"),
    Actor(text="NATO", span=(40, 44), name="NATO", country="IGO", kind="organization"),
]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 10, "Kazakhstan"),  # exact
        (2, 5, "Kazakhstan"),  # inside
        (28, 32, "Belgian side"),  # the head noun of a longer actor
        (15, 25, "Belgian side"),  # overlapping from the left
        (30, 42, "Belgian side"),  # overlapping two: the first one
        (10, 20, None),  # the gap between two actors
        (45, 50, None),  # after the last
        (40, 40, "NATO"),  # an empty span at an actor's first character
    ],
)
def test_actor_for_span(start: int, end: int, expected: str | None) -> None:
    found = actor_for_span(ACTORS, start, end)
    assert (found.text if found else None) == expected


def test_actor_for_span_prefers_containment() -> None:
    assert actor_for_span(ACTORS, 5, 41) is not None
    found = actor_for_span(ACTORS, 41, 43)
    assert found is not None and found.text == "NATO"
    assert actor_for_span([], 0, 5) is None
