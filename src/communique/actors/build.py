"""The one place that builds or rewrites an `Actor`.

Every stage that needs an actor asks here: the actor recogniser (component.py) for its mentions,
the event coder for the actors it derives from a mention (a state with the role of the bare noun
beside it, the two countries behind "the parties", a city standing for its government), and the
fact finders for the article's main pair. An actor's `code` is always its country followed by
its sector (CAMEO style, "KAZGOV"), its `name` the canonical country name for a state, and its
`kind` follows from its sector, so those fields cannot drift apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Token

from communique.geo import CountryAlias, aliases, country_name, is_country, place_index
from communique.models import Actor, ActorKind, PersonRef, Place, Span
from communique.nlp.entities import entity_at

#: Sectors of the state itself: an actor of these sectors is kind "state", others kind "group".
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})

#: Normalised names the actors component gives collective references ("the parties", "both sides").
COLLECTIVE_NAMES = frozenset({"parties"})

#: Entity labels under which a city standing for its government may be tagged.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

#: CAMEO's sector of armed actors of no named side, "Unaligned Armed Forces" (the PETRARCH2
#: agents file codes "assailant", "armed men", "gunmen" so).
UNIDENTIFIED_ARMED_SECTOR = "UAF"
#: The canonical name of the doer of violence that a sentence leaves unnamed.
UNIDENTIFIED_ATTACKERS = "unidentified attackers"


def actor_code(country: str | None, sector: str | None) -> str | None:
    """CAMEO-style code: country then sector ("KAZGOV"), either alone, or None."""
    return (country or "") + (sector or "") or None


def make_actor(
    text: str,
    span: Span,
    *,
    name: str,
    kind: ActorKind,
    country: str | None = None,
    sector: str | None = None,
    code: str | None = None,
    person: PersonRef | None = None,
    organization: str | None = None,
) -> Actor:
    """An actor mention; ``code`` defaults to country + sector (a known group passes its own)."""
    return Actor(
        text=text,
        span=span,
        name=name,
        country=country,
        sector=sector,
        code=code if code is not None else actor_code(country, sector),
        kind=kind,
        person=person,
        organization=organization,
    )


def state_kind(sector: str | None) -> ActorKind:
    return "state" if sector is None or sector in STATE_SECTORS else "group"


def state_actor(text: str, span: Span, iso3: str, sector: str | None = None) -> Actor:
    """A state, or one of its sectors ("Israeli troops": ISR MIL), named canonically."""
    return make_actor(
        text, span, name=country_name(iso3), country=iso3, sector=sector, kind=state_kind(sector)
    )


def unidentified_attackers(article_text: str, place: Place) -> Actor | None:
    """The doer of violence that the sentence does not name ("a roadside bomb near Kirkuk killed
    two soldiers"): the unidentified armed actors of the country where it struck, as ICEWS
    records "Unidentified Gunmen (Iraq)" and CAMEO codes IRQUAF. The place name that gives the
    country is the mention quoted. None for a place without a country or a span in the text.
    """
    if place.country is None or place.span is None:
        return None
    start, end = place.span
    return make_actor(
        article_text[start:end],
        place.span,
        name=UNIDENTIFIED_ATTACKERS,
        country=place.country,
        sector=UNIDENTIFIED_ARMED_SECTOR,
        kind="group",
    )


def with_sector(actor: Actor, sector: str) -> Actor:
    """The same actor in a role ("the Belgian side" read as the Belgian government)."""
    return actor.model_copy(update={"sector": sector, "code": actor_code(actor.country, sector)})


def acting_for(person: Actor, organization_code: str) -> Actor:
    """An official of an international organisation acts for it: the UN Secretary-General
    carries the UN's CAMEO code (IGOUNO), not a generic IGOGOV."""
    return person.model_copy(update={"code": organization_code})


def relabel(
    actor: Actor, *, name: str, country: str | None, sector: str | None, organization: str | None
) -> Actor:
    """A short mention given the identity of its fuller one ("the Academy" -> its full name)."""
    return actor.model_copy(
        update={
            "name": name,
            "country": country,
            "sector": sector,
            "code": actor_code(country, sector),
            "organization": organization,
        }
    )


def is_sector_only(actor: Actor) -> bool:
    """A role or group without a country ("delegations", "officials", "guerrillas", "Kurds"):
    its modifiers may still say whose it is ("Hezbollah guerrillas", "Iraqi Kurds")."""
    return (
        actor.country is None
        and actor.person is None
        and actor.kind in ("state", "group")
        and actor.name not in COLLECTIVE_NAMES
    )


def merge_modifiers(text: str, actors: list[Actor]) -> list[Actor]:
    """A state and a sector-only actor side by side are one actor: country plus sector
    ("Ugandan opposition candidates"); a known group beside a role is the group ("Taliban
    fighters"). ``text`` is the article text the spans index."""
    if len(actors) != 2:
        return actors
    first, second = actors
    state, sector = (first, second) if first.country else (second, first)
    adjacent = abs(first.span[1] - second.span[0]) <= 1 or abs(second.span[1] - first.span[0]) <= 1
    if (
        not adjacent
        or not state.country
        or sector.country
        or not sector.sector
        or state.kind == "person"
    ):
        return actors
    start, end = min(first.span[0], second.span[0]), max(first.span[1], second.span[1])
    # a group with a code of its own names who the role's members are ("Taliban fighters",
    # "al-Shabab militants" are the Taliban, al-Shabab), a state only whose
    merged = state if state.kind != "state" and state.sector else with_sector(state, sector.sector)
    return [merged.model_copy(update={"span": (start, end), "text": text[start:end]})]


def absorb_sector_only(actors: list[Actor]) -> list[Actor]:
    """When a phrase names states beside a bare role, the states are the actors, in that role
    ("Delegations of the foreign ministries of A and B": A GOV and B GOV)."""
    roles = [a for a in actors if is_sector_only(a)]
    states = [a for a in actors if not is_sector_only(a)]
    if not roles or not states:
        return actors
    sector = roles[0].sector
    return [
        with_sector(s, sector) if sector and s.country and not s.sector and s.kind == "state" else s
        for s in states
    ]


def ranked_countries(actors: Sequence[Actor]) -> list[Actor]:
    """The article's real countries, most mentioned first (ties: the first mentioned), each
    represented by its first state mention (else its first mention).

    Only real countries count (geo.is_country): IGOs, NGOs and other CAMEO codes do not. The one
    ranking behind `main_pair` and `main_country`.
    """
    counts: Counter[str] = Counter()
    first: dict[str, Actor] = {}
    order: dict[str, int] = {}
    for actor in sorted(actors, key=lambda a: a.span):
        country = actor.country
        if not is_country(country):
            continue
        assert country is not None
        counts[country] += 1
        order.setdefault(country, actor.span[0])
        if country not in first or (first[country].kind != "state" and actor.kind == "state"):
            first[country] = actor
    return [first[c] for c in sorted(counts, key=lambda c: (-counts[c], order[c]))]


def main_pair(actors: Sequence[Actor]) -> tuple[Actor, Actor] | None:
    """The article's dyad: its two most mentioned countries (`ranked_countries`); None without
    two. The one rule for the event coder ("the parties") and the fact finders (figures,
    agreements and milestones of the pair)."""
    ranked = ranked_countries(actors)
    if len(ranked) < 2:
        return None
    return ranked[0], ranked[1]


def main_country(actors: Sequence[Actor]) -> str | None:
    """The story's own country: the first of its ranking (`ranked_countries`, the first of
    `main_pair` when there is a pair), or None when it names no country."""
    ranked = ranked_countries(actors)
    return ranked[0].country if ranked else None


def with_country(actor: Actor, iso3: str) -> Actor:
    """A mention without a country given one from its context ("the government" of the story's
    country): a state or group takes the country's canonical name, a person keeps theirs."""
    update: dict[str, object] = {"country": iso3, "code": actor_code(iso3, actor.sector)}
    if actor.kind != "person" and actor.organization is None:
        update["name"] = country_name(iso3)
    return actor.model_copy(update=update)


def expand_collective(actor: Actor, pair: tuple[Actor, Actor] | None) -> list[Actor]:
    """'the parties' / 'both sides' -> the article's two main countries, anchored on the
    collective's own words (empty when the article has no pair); any other actor as it is."""
    if actor.kind != "group" or actor.country or actor.name not in COLLECTIVE_NAMES:
        return [actor]
    if pair is None:
        return []
    return [
        a.model_copy(
            update={
                "text": actor.text,
                "span": actor.span,
                "sector": a.sector or "GOV",
                "code": actor_code(a.country, a.sector or "GOV"),
            }
        )
        for a in pair
    ]


@lru_cache(maxsize=1)
def _seats() -> dict[str, CountryAlias]:
    """Seats of government by their written form ("Kremlin", "White House")."""
    return {a.alias: a for a in aliases() if a.form == "seat"}


def place_government(token: Token) -> Actor | None:
    """A city or a seat of government in the phrase under ``token`` stands for its country's
    government ('a visit to Brussels', 'a visit to the Kremlin', 'the leadership of the city of
    Almaty'); None when the phrase names neither. A seat is never read as a city (a city's
    alternate names include some seats' names)."""
    doc = token.doc
    for node in token.subtree:
        entity = entity_at(doc, node.i)
        if entity is None:
            continue
        words = entity[1:] if entity[0].lower_ == "the" else entity
        seat = _seats().get(words.text)
        if seat is not None:
            span = (words.start_char, words.end_char)
            return state_actor(words.text, span, seat.iso3, seat.sector or "GOV")
        if node.ent_type_ not in PLACE_LABELS:
            continue
        place = place_index().lookup(entity.text)
        if place is None or not place.country:
            continue
        return state_actor(entity.text, (entity.start_char, entity.end_char), place.country, "GOV")
    return None


def community_actor(
    text: str, span: Span, *, name: str, community: str | None, country: str | None
) -> Actor:
    """An ethnic or religious community ("Kurds", "ethnic Uzbeks", "Iraqi Kurds"), kind
    group, placed in the country where it lives (None when the text does not say; never the
    state that shares its name: CAMEO codes a minority by its country of residence). Its code is
    that country followed by the community's CAMEO code ("IRQkur", "EGYMOS"), or either alone."""
    code = (country or "") + (community or "")
    return make_actor(text, span, name=name, kind="group", country=country, code=code or None)
