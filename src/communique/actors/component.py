"""spaCy component `communique_actors`: sets `doc._.actors` (sorted, non-overlapping).

Finds states (names, adjectives, capitals acting as governments), sector actors ("Israeli troops",
"the delegation from Belgium"), named institutions, known international organisations and groups,
people with their titles, and the collective "the parties". All matchers are built once in the
factory from the data files (see `gazetteer.py`); each doc costs a few matcher passes and one
walk over its tokens.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from communique.actors.build import (
    STATE_SECTORS,
    acting_for,
    actor_code,
    community_actor,
    main_country,
    make_actor,
    relabel,
    state_actor,
    state_kind,
    with_country,
)
from communique.actors.context import dateline_country
from communique.actors.gazetteer import Gazetteer, gazetteer
from communique.actors.knowledge import KnownActor, knowledge_base
from communique.actors.registry import name_words
from communique.actors.schemas import read_actor_table
from communique.geo import country_name, is_country, seat_on
from communique.ingest.layout import agencies
from communique.models import Actor, PersonRef
from communique.nlp.entities import entity_at
from communique.nlp.extensions import register_extensions

#: Dependency roles in which a capital city acts ("Brussels said", "Washington and Moscow
#: agreed", "Moscow's decision"), as opposed to being a place ("in Brussels": pobj).
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "dative", "poss", "agent"})
#: Small words that may sit inside a title or an institution name ("Minister of Foreign Affairs",
#: "Academy ... under the President of the Republic of Kazakhstan").
CONNECTORS = frozenset({"of", "for", "the", "and", "on", "under", "de", "du", "des", "al"})
#: Entity types that never continue an institution's name.
NOT_NAME_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"})
#: Prepositions linking a sector noun to its country ("delegation from Belgium", "police in
#: Baghdad", "foreign ministries of Kazakhstan and Belgium").
COUNTRY_PREPS = frozenset({"of", "from", "in"})
#: How far left of a sector noun its country modifiers may stand ("Kazakhstan and Belgium foreign
#: ministries" = 4 tokens); five covers every such phrase in the dev set and the VOA corpus.
MAX_MODIFIER_WINDOW = 5
#: How many heads to climb from a person's name to the verb that ties them to a delegation:
#: "led by Director General of the Directorate for Bilateral Affairs of the Foreign Ministry
#: Jeroen Kooreman" puts the name 9 heads below "led"; 12 leaves room for one more "of ..." link.
MAX_HEAD_CLIMB = 12

#: Prepositions whose country or city locates a clause ("in Baghdad", "near Aleppo").
LOCATIVE_PREPS = frozenset({"in", "at", "inside", "near", "across", "throughout"})

#: Sectors that never take the story's country: refugees are, by definition, away from their own.
NO_STORY_COUNTRY_SECTORS = frozenset({"REF"})

#: Words that mark a people's name as an ethnic group living somewhere, not the state that shares
#: the name ("ethnic Uzbeks", "ethnic Turkish villagers").
ETHNIC_MARKERS = frozenset({"ethnic"})
#: Nouns after a people's adjective that make it a community of another country ("the Turkish
#: minority in Bulgaria", "the Lebanese community of Brazil", "the Lebanese diaspora").
MINORITY_NOUNS = frozenset({"minority", "minorities", "community", "communities", "diaspora"})
#: Possessive pronouns that refer a bare noun to a subject ("Ukraine said its troops ...").
OWNING_PRONOUNS = frozenset({"its", "their"})
#: Possessive endings ("Slovakia's Hungarians").
POSSESSIVES = frozenset({"'s", "’s"})

#: CAMEO's international actor codes: organisations whose officials act under the body's code.
INTERNATIONAL = frozenset({"IGO", "NGO"})

#: Nouns that name a person's opposite number from the other party.
COUNTERPART_NOUNS = frozenset({"counterpart", "counterparts", "opposite"})
#: Dependents of a verb that are clauses of their own, not its arguments.
CLAUSE_DEPS = frozenset({"conj", "advcl", "ccomp", "xcomp", "parataxis", "cc", "punct", "relcl"})
#: Words before a country inside a title that make it the posting, not the person's country
#: ("Ambassador in Argentina", "Special Envoy for Syria", "Ambassador to the United States").
POSTING_PREPS = frozenset({"in", "to", "at", "for"})
#: Tokens that end the clause before an appositive title phrase (double quotes, not the
#: apostrophe of "Guterres’ spokesman").
BREAKS = frozenset({",", ";", ":", "(", '"', "“", "”", "«", "»"})
#: Hyphenated prefixes that make a country word an attitude ("anti-American", "pro-Russian").
STANCE_PREFIXES = frozenset({"anti", "pro"})
#: Hyphenated participles after a country word that make it a backer, not the owner
#: ("Iranian-backed militias", "U.S.-funded programmes").
BACKING_SUFFIXES = frozenset(
    {"backed", "sponsored", "funded", "financed", "supported", "armed", "trained", "allied"}
)
#: Entity labels the tagger gives some well-known surnames ("Trump" ORG, "Erdogan" GPE);
#: `Reader.mislabelled_office_holders` re-reads them as people when the knowledge base agrees.
MISLABELLED_NAME_LABELS = frozenset({"ORG", "GPE", "NORP", "PRODUCT", "FAC", "LOC"})

#: Candidate priorities when two candidates cover the same characters (lower wins).
PRIORITY_PERSON, PRIORITY_KNOWN, PRIORITY_INSTITUTION, PRIORITY_SECTOR, PRIORITY_PLAIN = range(5)


class CountryHit(NamedTuple):
    """A country mention over tokens [start, end); ``sector`` for seats of government."""

    start: int
    end: int
    iso3: str
    form: str
    sector: str | None = None


class PersonMention(NamedTuple):
    """A person as the people pass reads them, before they become an `Actor`."""

    span: Span
    ref: PersonRef
    country: str | None
    sector: str | None
    organization: str | None
    boss: tuple[int, int] | None = None
    """Tokens of the name of the person whose aide this one is ("Guterres' spokesman")."""


class CommunityMention(NamedTuple):
    """An ethnic or religious community over tokens [start, end) ("ethnic Uzbeks", "Iraqi
    Kurds", "the Turkish minority"), ``head`` its noun."""

    start: int
    end: int
    head: int
    name: str
    code: str | None
    kin: str | None
    """The state that shares the community's name ("Albanians": ALB): never its country."""
    country: str | None = None
    """The country its own words name ("Iraqi Kurds", "the Hungarians of Slovakia")."""


class Candidate(NamedTuple):
    actor: Actor
    priority: int


def _chars(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


def _longest(hits: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Longest non-overlapping matches, earliest first on ties."""
    chosen: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for start, end, key in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if taken.isdisjoint(range(start, end)):
            chosen.append((start, end, key))
            taken.update(range(start, end))
    return sorted(chosen)


def _own_phrase(token: Token) -> list[Token]:
    """A noun's phrase without its conjuncts: in "militias and the U.S. military" the militias
    are not the United States'."""
    conjoined = {
        t.i for c in token.children if c.dep_ in ("conj", "cc") for t in c.subtree
    }
    return [t for t in token.subtree if t.i not in conjoined]


def _after_stance_prefix(doc: Doc, start: int) -> bool:
    """Whether the token at `start` follows "anti-" or "pro-": "anti-Syria", "pro-Western" say
    what a group is for or against, never whose it is ("anti-American protesters in Cairo")."""
    return (
        start >= 2
        and doc[start - 1].text == "-"
        and doc[start - 2].lower_ in STANCE_PREFIXES
        and not doc[start - 2].whitespace_
        and not doc[start - 1].whitespace_
    )


def _before_backing_suffix(doc: Doc, end: int) -> bool:
    """Whether a country word ending before `end` opens "-backed", "-funded" ...: "Iranian-backed
    militias", "U.S.-funded radio" are backed by that country, not its own (a "-led"
    coalition or a "-based" group is still whose)."""
    return (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and doc[end + 1].lower_ in BACKING_SUFFIXES
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
    )


def _is_cap(token: Token) -> bool:
    """Capitalised word or abbreviation ("Ministry", "U.S.")."""
    initial = token.text[:1].isupper()
    return initial and (token.is_alpha or "." in token.text)


class ActorComponent:
    """Recognises actors; every dictionary and matcher is built once here."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name
        self.gaz: Gazetteer = gazetteer()
        gaz = self.gaz
        self.country_by_alias = {a.alias: a for a in gaz.countries}
        self.org_by_alias = {o.alias: o for o in gaz.organizations}
        self.community_by_form = {c.form: c for c in gaz.communities}
        #: Every written form of a community (name, CAMEO code): CAMEO's full ethnic and
        #: religion lists (kb/communities.tsv) under the curated table, which also gives the
        #: singular of its plurals ("Kurd", "Moslem"). Read where a mark or a place says the
        #: word names a community, never matched on its own ("Arab", "Albanian" are adjectives).
        self.community_words = community_words(gaz)
        #: The community a people's name or adjective names once marked as one ("ethnic
        #: Albanians": alb), by the country alias
        self.kin_communities = kin_communities(gaz, self.community_words)
        self.countries = self._matcher(nlp, (a.alias for a in gaz.countries), "ORTH")
        self.known = self._matcher(
            nlp, [o.alias for o in gaz.organizations] + [c.form for c in gaz.communities], "ORTH"
        )
        self.collectives = self._matcher(nlp, gaz.collectives, "LOWER")
        self.titles = self._matcher(nlp, gaz.titles, "LOWER")
        self.cities = self._matcher(nlp, gaz.cities, "ORTH")
        #: News agencies (lower case): a one-word "name" that is an agency is not a person
        self.agencies = frozenset(agencies())
        #: Titles only one government uses, longest first (actors/data/title_countries.tsv)
        self.title_countries = sorted(
            ((r["phrase"], r["iso3"]) for r in read_actor_table("title_countries.tsv")),
            key=lambda pair: -len(pair[0]),
        )

    @staticmethod
    def _matcher(nlp: Language, phrases: Iterable[str], attr: str) -> PhraseMatcher:
        matcher = PhraseMatcher(nlp.vocab, attr=attr)
        for phrase in set(phrases):
            matcher.add(phrase, [nlp.make_doc(phrase)])
        return matcher

    def _hits(self, matcher: PhraseMatcher, doc: Doc) -> list[tuple[int, int, str]]:
        strings = doc.vocab.strings
        return _longest((s, e, strings[m]) for m, s, e in matcher(doc))

    def __call__(self, doc: Doc) -> Doc:
        doc._.actors = Reader(self, doc).actors()
        return doc


class Reader:
    """The per-doc state of one `ActorComponent` call."""

    def __init__(self, component: ActorComponent, doc: Doc) -> None:
        self.c = component
        self.gaz = component.gaz
        self.doc = doc
        self.candidates: list[Candidate] = []
        self.country_at: dict[int, CountryHit] = {}
        for start, end, alias in component._hits(component.countries, doc):
            entry = component.country_by_alias[alias]
            if self.inside_person_name(start, end):
                continue  # "Jordan" in "Michael Jordan" is a name, not a country
            if _after_stance_prefix(doc, start) or _before_backing_suffix(doc, end):
                continue  # "anti-American protesters", "Iranian-backed militias": not whose
            hit = CountryHit(start, end, entry.iso3, entry.form, entry.sector)
            for i in range(start, end):
                self.country_at[i] = hit
        #: Tokens of a people's name or adjective read as an ethnic community, not a country
        self.ethnic_tokens: set[int] = set()
        self.ethnic = self.ethnic_mentions()
        #: Community mentions left unplaced, by character span: the story's country places them
        self.community_at: dict[tuple[int, int], CommunityMention] = {}
        self.city_at: dict[int, CountryHit] = {}
        for start, end, city in component._hits(component.cities, doc):
            hit = CountryHit(start, end, self.gaz.cities[city], "city")
            for i in range(start, end):
                self.city_at[i] = hit
        self.title_at: dict[int, tuple[int, str]] = {
            start: (end, title) for start, end, title in component._hits(component.titles, doc)
        }
        self.title_tokens = {i for s, (e, _) in self.title_at.items() for i in range(s, e)}
        #: Known organisations and communities, matched once: `people` reads employers off them.
        self.known_hits = component._hits(component.known, doc)
        self.person_tokens: set[int] = set()
        #: Mentions that nothing in their sentence places, by character span, with their head
        #: token: they take the story's country (`with_story_country`) once every mention is known.
        self.unplaced: dict[tuple[int, int], Token] = {}

    # --- helpers -------------------------------------------------------------------------

    def inside_person_name(self, start: int, end: int) -> bool:
        """Whether tokens [start, end) are part of a longer PERSON entity."""
        if self.doc[start].ent_type_ != "PERSON":
            return False
        ent = entity_at(self.doc, start)
        if ent is None or ent.end < end or (ent.end - ent.start) <= (end - start):
            return False
        # "Minister of Foreign Affairs of Armenia Ararat Mirzoyan": a country that opens a
        # PERSON entity of two more words ends the title; "Michael Jordan" keeps its surname
        return not (start == ent.start and ent.end - end >= 2)

    def hits_in(self, start: int, end: int) -> list[CountryHit]:
        seen: list[CountryHit] = []
        for i in range(start, end):
            hit = self.country_at.get(i)
            if hit and hit not in seen and hit.start >= start and hit.end <= end:
                seen.append(hit)
        return seen

    def add(self, span: Span, priority: int, **fields: Any) -> None:
        self.candidates.append(Candidate(make_actor(span.text, _chars(span), **fields), priority))

    def add_state(self, span: Span, iso3: str, sector: str | None, priority: int) -> None:
        actor = state_actor(span.text, _chars(span), iso3, sector)
        self.candidates.append(Candidate(actor, priority))

    # --- communities -----------------------------------------------------------------------

    def ethnic_mentions(self) -> list[CommunityMention]:
        """A people's name or adjective that names an ethnic community, not the state that
        shares the name: marked as one ("ethnic Uzbeks", "the Turkish minority"), or set
        beside another country that it lives in ("Romanian Hungarians", "Slovakia's
        Hungarians", "the Hungarians of Slovakia"). Its tokens leave `country_at`, so no rule
        reads them as that state; an adjective that modifies a noun ("ethnic Albanian rebels")
        leaves the noun to be placed like any bare role. Called before the other passes."""
        doc = self.doc
        found: list[CommunityMention] = []
        for hit in dict.fromkeys(self.country_at.values()):
            if hit.form not in ("people", "adjective"):
                continue
            marked = hit.start > 0 and doc[hit.start - 1].lower_ in ETHNIC_MARKERS
            minority = (
                hit.form == "adjective"
                and hit.end < len(doc)
                and doc[hit.end].lower_ in MINORITY_NOUNS
            )
            first = hit.start - 1 if marked else hit.start
            owner = self.owner_before(first, hit.iso3)
            head = doc[hit.end] if minority else doc[hit.end - 1]
            country = owner.iso3 if owner is not None else None
            if not (marked or minority):
                if hit.form != "people":
                    continue
                country = country or self.of_country(head, hit.iso3)
                if country is None:
                    continue  # "Albanians voted": the state's people
            for i in range(hit.start, hit.end):
                del self.country_at[i]
            self.ethnic_tokens.update(range(hit.start, hit.end))
            if not minority and head.dep_ in ("amod", "compound") and head.head.i > head.i:
                continue  # "ethnic Albanian rebels": the rebels are the actor
            written = doc[hit.start : hit.end].text
            name, code = self.c.kin_communities.get(written, (written, None))
            start = owner.start if owner is not None else first
            found.append(
                CommunityMention(start, head.i + 1, head.i, name, code, hit.iso3, country)
            )
        return found

    def owner_before(self, i: int, kin: str | None) -> CountryHit | None:
        """The country named right before token i as a community's home: an adjective or name
        ("Iraqi Kurds", "Kosovo Albanians") or a possessor ("Slovakia's Hungarians"), never
        the community's own kin state."""
        j = i - 1
        if j >= 1 and self.doc[j].lower_ in POSSESSIVES:
            j -= 1
        hit = self.country_at.get(j)
        if hit is None or hit.end != j + 1 or hit.iso3 == kin:
            return None
        if hit.form not in ("name", "adjective"):
            return None
        return hit

    def of_country(self, head: Token, kin: str) -> str | None:
        """The one country of a people's own "of" phrase ("the Hungarians of southern Slovakia"),
        when it is not the people's kin state."""
        found = {
            hit.iso3
            for child in head.children
            if child.dep_ == "prep" and child.lower_ == "of"
            for t in child.subtree
            if (hit := self.country_at.get(t.i)) and hit.form in ("name", "adjective")
        }
        return found.pop() if len(found) == 1 and kin not in found else None

    def community_word(self, tok: Token) -> bool:
        """A capitalised word naming an ethnic or religious community ("Kurd", "Moslem"), or a
        people's name read as one (`ethnic_mentions`)."""
        return tok.i in self.ethnic_tokens or (
            _is_cap(tok) and tok.i not in self.country_at and tok.text in self.c.community_words
        )

    def communities(self) -> None:
        """Community mentions: the curated communities ("Kurds", "Shiites"), a people read as
        one (`ethnic_mentions`) and any CAMEO community marked as ethnic ("ethnic Kachin"). Each
        takes the country it lives in (`community_country`), never its kin state."""
        doc = self.doc
        mentions = list(self.ethnic)
        taken = {i for m in mentions for i in range(m.start, m.end)}
        for start, end, alias in self.known_hits:
            community = self.c.community_by_form.get(alias)
            if community is None or alias in self.c.org_by_alias or start in taken:
                continue
            owner = self.owner_before(start, None)
            mentions.append(
                CommunityMention(
                    owner.start if owner else start, end, end - 1, community.name,
                    community.code, None, owner.iso3 if owner else None,
                )
            )  # fmt: skip
            taken.update(range(start, end))
        for tok in doc[:-1]:
            word = doc[tok.i + 1]
            if tok.lower_ not in ETHNIC_MARKERS or word.i in taken or word.i in self.ethnic_tokens:
                continue
            if not _is_cap(word) or word.text not in self.c.community_words:
                continue
            self.ethnic_tokens.add(word.i)
            if word.dep_ in ("amod", "compound") and word.head.i > word.i:
                continue  # "ethnic Kachin guerrillas": the guerrillas are the actor
            name, code = self.c.community_words[word.text]
            owner = self.owner_before(tok.i, None)
            mentions.append(
                CommunityMention(
                    owner.start if owner else tok.i, word.i + 1, word.i, name, code, None,
                    owner.iso3 if owner else None,
                )
            )  # fmt: skip
        for m in mentions:
            span = doc[m.start : m.end]
            country = m.country or self.community_country(m, _chars(span))
            self.candidates.append(
                Candidate(
                    community_actor(
                        span.text, _chars(span), name=m.name, community=m.code, country=country
                    ),
                    PRIORITY_KNOWN,
                )
            )

    def community_country(self, m: CommunityMention, chars: tuple[int, int]) -> str | None:
        """Where a community lives, as `bare_country` places a bare role: the one country of its
        own phrase ("ethnic Hungarians in northern Serbia"), else of the sentence's place
        phrases ("Kyrgyz police detained two ethnic Uzbeks in southern Kyrgyzstan"); else, once
        every mention is known, the story's own country (`with_story_country`). Its kin state never
        ("ethnic Uzbeks" are not Uzbekistan's)."""
        head = self.doc[m.head]
        own = self.places_of(
            [t for t in _own_phrase(head) if not m.start <= t.i < m.end], besides=m.kin
        )
        if own:
            return own.pop() if len(own) == 1 else None
        places = self.sentence_places(head, besides=m.kin)
        if not places:
            self.community_at[chars] = m  # the story's country, once every mention is known
        return places.pop() if len(places) == 1 else None

    def places_of(self, tokens: Iterable[Token], besides: str | None = None) -> set[str]:
        """The countries the countries and cities among `tokens` name (seats of government
        aside: they stand for governments), less `besides` (a community's kin state)."""
        return {
            hit.iso3
            for t in tokens
            if (hit := self.country_at.get(t.i) or self.city_at.get(t.i))
            and hit.form != "seat"
            and hit.iso3 != besides
        }

    def sentence_places(self, tok: Token, besides: str | None = None) -> set[str]:
        """The countries of the place phrases of `tok`'s sentence (`locates`)."""
        named = (t for t in tok.sent if t.i in self.country_at or t.i in self.city_at)
        return self.places_of((t for t in named if self.locates(t)), besides)

    # --- the passes ----------------------------------------------------------------------

    def actors(self) -> list[Actor]:
        self.people()
        self.plain_countries()
        self.known_organizations()
        self.communities()
        self.collective_references()
        self.institutions()
        self.sector_nouns()
        actors = self.organization_officials(link_organizations(self.select()))
        return self.with_story_country(actors)

    def with_story_country(self, actors: list[Actor]) -> list[Actor]:
        """Bare role nouns and people that nothing in their sentence places take the story's own
        country (`actors.build.main_country`, the first of the article's main pair): "the
        government", "police", "protesters" in a story about one country are that country's.
        A state role or an official does not when its sentence names, outside a place phrase,
        another country or the story's own as a state ("The government condemned the Russian
        strike" in a story about Russia: not Russia's government; "Minister X met Spanish
        officials": whose minister the sentence does not say). Last resort for a state role or
        a person: the dateline's country. An unplaced community takes the story's country
        unless that is its kin state ("ethnic Uzbeks" in a story about Uzbekistan: none)."""
        home = main_country(actors)
        dateline = dateline_country(self.doc)
        placed: list[Actor] = []
        for actor in actors:
            community = self.community_at.get(actor.span)
            if community is not None and actor.country is None:
                if home is not None and home != community.kin:
                    actor = community_actor(
                        actor.text, actor.span, name=actor.name, community=community.code,
                        country=home,
                    )  # fmt: skip
                placed.append(actor)
                continue
            token = self.unplaced.get(actor.span)
            if actor.country is None and token is not None:
                country = home if home and self.story_owns(token, actor, home, actors) else None
                if country is None and (actor.kind == "person" or actor.sector in STATE_SECTORS):
                    country = dateline
                if country is not None:
                    actor = with_country(actor, country)
            placed.append(actor)
        return placed

    def story_owns(self, token: Token, actor: Actor, home: str, actors: list[Actor]) -> bool:
        """Whether the story's country ``home`` may be this unplaced mention's."""
        if actor.sector in NO_STORY_COUNTRY_SECTORS:
            return False
        if actor.kind == "person" and actor.person is not None and actor.person.title is None:
            return False  # an untitled name says nothing of a role in the story's state
        if actor.kind != "person" and actor.sector not in STATE_SECTORS:
            return True  # "protesters", "students", "rebels" of the story's country
        sentence = token.sent
        start, end = sentence.start_char, sentence.end_char
        for other in actors:
            if other.span == actor.span or not start <= other.span[0] < end:
                continue
            if not is_country(other.country) or (other.country == home and other.sector):
                continue  # "Syrian forces" beside "officials": the story's country at work
            named = self.doc.char_span(*other.span, alignment_mode="expand")
            if named is None or not self.locates(named.root):
                return False  # another state of the sentence, or the story's named as a state
        return True

    def organization_officials(self, actors: list[Actor]) -> list[Actor]:
        """People employed by a known international organisation or NGO act for it, under its
        code ("U.N. Secretary-General Antonio Guterres": IGOUNO)."""
        codes = {
            o.name: actor_code(o.country, o.sector)
            for o in self.gaz.organizations
            if o.kind == "organization" and o.country in INTERNATIONAL and o.sector
        }
        return [
            acting_for(a, code)
            if a.kind == "person" and a.country in INTERNATIONAL
            and (code := codes.get(a.organization or "")) is not None
            else a
            for a in actors
        ]

    def plain_countries(self) -> None:
        """Every country mention; capitals only where they act (subject, object, possessor)."""
        doc = self.doc
        on = article_date(doc)
        for hit in dict.fromkeys(self.country_at.values()):
            span = doc[hit.start : hit.end]
            if hit.form in ("capital", "seat"):
                # a capital stands for its government only once it is the seat (geo.seat_on)
                if self.capital_acts(span.root) and seat_on(span.text, hit.iso3, on):
                    self.add_state(span, hit.iso3, hit.sector or "GOV", PRIORITY_PLAIN)
            else:
                self.add_state(span, hit.iso3, None, PRIORITY_PLAIN)

    @staticmethod
    def capital_acts(token: Token) -> bool:
        """Whether a capital or seat of government acts: subject, object or possessor
        ("Tehran vowed", "the Kremlin said", "Beijing's decision", "warned Washington"), or the
        agent of a passive ("was rejected by Moscow"); never inside a place phrase ("in
        Tehran", "talks at the Kremlin", "flew to Beijing")."""
        while token.dep_ == "conj" and token.head != token:
            token = token.head
        if token.dep_ == "pobj":
            return token.head.dep_ == "agent"
        return token.dep_ in ACTING_DEPS

    def known_organizations(self) -> None:
        doc = self.doc
        for start, end, alias in self.known_hits:
            span = doc[start:end]
            org = self.c.org_by_alias.get(alias)
            if org is None:
                continue  # a community: `communities`
            self.add(
                span, PRIORITY_KNOWN, name=org.name, country=org.country, sector=org.sector,
                kind=org.kind,
                organization=org.name if org.kind != "state" else None,
            )

    def collective_references(self) -> None:
        doc = self.doc
        for start, end, phrase in self.c._hits(self.c.collectives, doc):
            name = self.gaz.collectives[phrase]
            self.add(doc[start:end], PRIORITY_KNOWN, name=name, kind="group")

    # --- named institutions ----------------------------------------------------------------

    def institution_bounds(self, head: int) -> tuple[int, int]:
        """Grow a capitalised run around an institution head word, within the sentence."""
        doc = self.doc
        sent = doc[head].sent
        start = head
        while start - 1 >= sent.start:
            tok = doc[start - 1]
            if tok.i in self.person_tokens or not _is_cap(tok):
                break
            if tok.pos_ not in ("PROPN", "ADJ", "NOUN") and tok.i not in self.country_at:
                break
            start -= 1
        end = head + 1
        while end < sent.end:
            tok = doc[end]
            if tok.i in self.person_tokens or tok.ent_type_ in NOT_NAME_ENTS | {"PERSON"}:
                break
            if _is_cap(tok):
                end += 1
                continue
            if tok.lower_ in CONNECTORS and self.run_continues(end, sent.end):
                end += 1
                continue
            break
        while end > head + 1 and doc[end - 1].lower_ in CONNECTORS:
            end -= 1
        return start, end

    def run_continues(self, i: int, limit: int) -> bool:
        """A connector continues a name only when a capitalised word follows ("and" only if
        that word is not a country: "Kazakhstan and Belgium" are two actors)."""
        doc = self.doc
        j = i + 1
        while j < limit and doc[j].lower_ in ("the", "of"):
            j += 1
        if j >= limit or not _is_cap(doc[j]) or (doc[i].lower_ == "and" and j != i + 1):
            return False
        if doc[j].ent_type_ in NOT_NAME_ENTS:
            return False  # "... Foreign Affairs on Monday"
        return not (doc[i].lower_ == "and" and j in self.country_at)

    def institutions(self) -> None:
        doc = self.doc
        heads = self.gaz.institution_heads
        done = -1
        for tok in doc:
            if tok.i < done or tok.text not in heads or not tok.text[:1].isupper():
                continue
            start, end = self.institution_bounds(tok.i)
            done = end
            if end - start == 1 and tok.is_sent_start:
                continue  # "Police fired ...": a sector noun, read by `sector_nouns`
            sector = next(heads[t.text] for t in doc[start:end] if t.text in heads)
            name_start = start
            while name_start < end and (
                name_start in self.country_at or doc[name_start].lower_ in ("'s", "the")
            ):
                hit = self.country_at.get(name_start)
                name_start = hit.end if hit else name_start + 1
            if name_start >= end:
                continue
            countries = self.hits_in(start, end)
            country = countries[0].iso3 if countries else None
            if country is None:
                cities = [self.city_at[i] for i in range(start, end) if i in self.city_at]
                country = cities[0].iso3 if cities else None
            span_start = start
            if country is None and start >= 2 and doc[start - 1].lower_ == "'s":
                owner = self.country_at.get(start - 2)
                if owner is not None:
                    country, span_start = owner.iso3, owner.start
            name = doc[name_start:end].text
            self.add(
                doc[span_start:end], PRIORITY_INSTITUTION, name=name, country=country,
                sector=sector, kind="organization",
                organization=name,
            )

    # --- sector nouns ----------------------------------------------------------------------

    def sector_nouns(self) -> None:
        doc = self.doc
        nouns = self.gaz.sector_nouns
        for tok in doc:
            entry = nouns.get(tok.lower_)
            if entry is None or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            if not (tok.is_lower or tok.is_sent_start):
                continue
            sector, left = self.left_modifiers(tok.i, entry.sector)
            if left:
                self.emit_sector(tok.i, left, sector, left_side=True)
                continue
            right = self.right_countries(tok.i)
            if right:
                self.emit_sector(tok.i, right, sector, left_side=False)
                continue
            leader = self.leader_country(tok) if sector in STATE_SECTORS else None
            if leader is not None:
                self.add_state(doc[tok.i : tok.i + 1], leader, sector, PRIORITY_SECTOR)
                continue
            if entry.bare:
                country = self.bare_country(tok)
                self.add(
                    doc[tok.i : tok.i + 1], PRIORITY_SECTOR,
                    name=country_name(country) if country else tok.lower_,
                    country=country, sector=sector, kind=state_kind(sector),
                )

    def leader_country(self, tok: Token) -> str | None:
        """The country of the official who owns a state role noun ("the Sharif administration",
        "President Ruto's government", "Assad's forces"): the person read by the people pass
        whose name is the noun's possessor or compound, when they have a country."""
        owners = [
            c for c in tok.children
            if c.dep_ in ("poss", "compound") and c.i < tok.i and c.i in self.person_tokens
        ]  # fmt: skip
        for owner in owners:
            chars = (owner.idx, owner.idx + len(owner))
            for cand in self.candidates:
                actor = cand.actor
                if (
                    actor.kind == "person"
                    and actor.span[0] <= chars[0]
                    and chars[1] <= actor.span[1]
                    and is_country(actor.country)
                ):
                    return actor.country
        return None

    def locates(self, token: Token) -> bool:
        """Whether a place name stands in a place phrase of its clause: the object of a locative
        preposition ("in Baghdad"), or the possessor or "of" object of one ("in Syria's north",
        "in the north of Syria", "near the town of Tikrit"), not of an actor noun ("at Syria's
        troops", "the government of Syria"). An adjective is not read as a place ("at Bolivian
        traders")."""
        while token.head != token:
            if token.dep_ == "poss":
                token = token.head
            elif (
                token.dep_ == "pobj"
                and token.head.lower_ == "of"
                and token.head.dep_ == "prep"
                and token.head.head.pos_ in ("NOUN", "PROPN")
            ):
                token = token.head.head
            else:
                break
            if token.lower_ in self.gaz.sector_nouns or token.i in self.person_tokens:
                return False
        return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS

    def bare_country(self, tok: Token) -> str | None:
        """The country of a bare actor noun ("the government", "officials", "students").

        A country owns it only when it is written as its owner or as a place: inside the noun's
        own phrase ("students throughout Indonesia", "refugees fleeing the war in Liberia"), else
        the one country or city of the sentence's place phrases ("Police fired on protesters in
        Baghdad", "In Kabul, officials said"). A country that is itself an actor of the sentence
        (subject, object, possessor, or modifier of another noun) never is: "The government
        condemned the Russian strike" is not Russia's government. Failing those, the noun is
        left unplaced: once every mention is known it takes the story's own country, else (a
        state sector) the dateline's (`with_story_country`). A phrase that names several
        countries ("Delegations of the
        ministries of A and B") is left to the event coder, which takes each; a named owner we
        cannot place ("Hezbollah guerrillas", "Fatah gunmen") to whoever reads the name.
        """
        if any(
            c.dep_ in ("compound", "poss") and c.pos_ == "PROPN" and not self.community_word(c)
            for c in tok.children
        ):
            return None  # a named owner ("Hezbollah guerrillas"), not a community ("Kachin rebels")
        own = self.places_of(_own_phrase(tok))
        if own:
            return own.pop() if len(own) == 1 else None
        antecedent = self.antecedent_country(tok)
        if antecedent is not None:
            return antecedent
        places = self.sentence_places(tok)
        if len(places) == 1:
            return places.pop()
        if not places:
            # nothing in the sentence places it: the story's country, else the dateline's
            # (`with_story_country`, once every mention of the article is known)
            self.unplaced[(tok.idx, tok.idx + len(tok))] = tok
        return None

    def antecedent_country(self, tok: Token) -> str | None:
        """The country of the subject that "its" or "their" before a bare noun refers to: the
        subject of the noun's clause, else of the clause that reports it ("Ukraine said its
        troops had pulled back", "the rebels said their fighters ..."): the first subject up
        the tree decides, and gives a country only when it names exactly one."""
        if not any(c.dep_ == "poss" and c.lower_ in OWNING_PRONOUNS for c in tok.children):
            return None
        node = tok
        # spaCy makes a new Token on each access: the root is where head.i == i, never "is"
        while node.head.i != node.i:
            node = node.head
            if node.pos_ not in ("VERB", "AUX"):
                continue
            subjects = [
                c for c in node.children
                if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i
                and not c.left_edge.i <= tok.i <= c.right_edge.i
            ]  # fmt: skip
            if not subjects:
                continue
            named = {
                hit.iso3 for t in subjects[0].subtree if (hit := self.country_at.get(t.i))
            }
            return named.pop() if len(named) == 1 else None
        return None

    def left_modifiers(self, i: int, sector: str) -> tuple[str, list[CountryHit]]:
        """Countries modifying a sector noun from the left, and the leftmost sector word."""
        doc = self.doc
        found: list[CountryHit] = []
        j = i - 1
        lowest = max(doc[i].sent.start, i - MAX_MODIFIER_WINDOW)
        while j >= lowest:
            tok = doc[j]
            city = self.city_at.get(j)
            hit = self.country_at.get(j) or (city if city and city.end == j + 1 else None)
            if hit is not None:
                found.append(hit)
                j = hit.start - 1
                continue
            if (
                tok.lower_ in ("and", ",", "'s", "-", "’s")
                or (tok.is_lower and tok.pos_ in ("ADJ", "NOUN"))
                # "Syrian Kurd refugees", "Lebanese Druze militias": a community between the
                # country and the noun; "Soviet GRU troops": an agency's acronym
                or self.community_word(tok)
                or self.unknown_acronym(tok)
            ):
                entry = self.gaz.sector_nouns.get(tok.lower_)
                if entry is not None and tok.is_lower:
                    sector = entry.sector
                j -= 1
                continue
            break
        return sector, sorted(found)

    def unknown_acronym(self, tok: Token) -> bool:
        """An upper-case abbreviation that names no country nor known organisation ("GRU")."""
        return (
            tok.is_upper
            and tok.is_alpha
            and len(tok) > 1
            and tok.pos_ == "PROPN"
            and tok.i not in self.country_at
            and tok.text not in self.c.org_by_alias
        )

    def right_countries(self, i: int) -> list[CountryHit]:
        """Countries named right after a sector noun: "of Kazakhstan and Belgium", "in Baghdad"."""
        doc = self.doc
        j = i + 1
        if j >= len(doc) or doc[j].lower_ not in COUNTRY_PREPS:
            return []
        found: list[CountryHit] = []
        j += 1
        limit = doc[i].sent.end
        while j < limit:
            if doc[j].lower_ == "the":
                j += 1
                continue
            hit = self.country_at.get(j) or self.city_at.get(j)
            if hit is None or hit.start != j:
                break
            found.append(hit)
            j = hit.end
            if j < limit and doc[j].lower_ in ("and", ","):
                j += 1
                continue
            break
        return found

    def emit_sector(self, noun: int, hits: list[CountryHit], sector: str, left_side: bool) -> None:
        """One actor over "Israeli troops"; one per country over "of Kazakhstan and Belgium"."""
        doc = self.doc
        if len(hits) == 1:
            hit = hits[0]
            span = doc[hit.start : noun + 1] if left_side else doc[noun : hit.end]
            self.add_state(span, hit.iso3, sector, PRIORITY_SECTOR)
            return
        for hit in hits:
            self.add_state(doc[hit.start : hit.end], hit.iso3, sector, PRIORITY_SECTOR)

    # --- people ------------------------------------------------------------------------------

    def name_spans(self) -> list[tuple[int, int]]:
        """PERSON entities (less any title words inside them) plus capitalised proper-noun runs
        that follow a title ("President of the Republic of Kazakhstan Kassym-Jomart Tokayev")."""
        doc = self.doc
        names: list[tuple[int, int]] = []
        for ent in doc.ents:
            if ent.label_ != "PERSON" or ent.start in self.country_at:
                continue
            if ent.text in self.c.org_by_alias or ent.text in self.c.community_by_form:
                continue  # "Druze" tagged PERSON is the community
            start, end = ent.start, ent.end
            while start < end and (
                start in self.title_tokens
                or doc[start].lower_ in self.gaz.honorifics
                or doc[start].lower_ in self.gaz.title_modifiers
            ):
                start += 1
            end = _extend_over_particles(doc, end)
            end = self.extend_over_compound_head(end)
            while end > start and doc[end - 1].lower_ in ("'s", "’s"):
                end -= 1
            if end > start and any(_is_cap(t) for t in doc[start:end]):
                names.append((start, end))
        names.extend(self.mislabelled_office_holders({i for s, e in names for i in range(s, e)}))
        taken = {i for s, e in names for i in range(s, e)}
        for tok in doc:
            i = tok.i
            if i in taken or i == 0 or not self.name_token(tok, after_title=True):
                continue
            prev = doc[i - 1]
            after_title = (i - 1) in self.title_tokens or prev.lower_ in self.gaz.honorifics
            after_country_in_title = (i - 1) in self.country_at and self.title_before(
                self.country_at[i - 1].start
            )
            if not (after_title or after_country_in_title) or self.name_token(prev):
                continue
            announced = after_title or after_country_in_title
            if not (announced or self.name_token(tok)):
                continue
            end = i
            while (
                end < tok.sent.end
                and end not in taken
                and (
                    self.name_token(doc[end], announced)
                    or (
                        doc[end].text == "-"
                        and end + 1 < len(doc)
                        and self.name_token(doc[end + 1], announced)
                    )
                )
            ):
                end += 1
            joined = next((n for n in names if n[0] == end), None)
            if joined is not None:
                # "Secretary General Anders" + the tagger's "Fogh Rasmussen": one name
                names.remove(joined)
                end = joined[1]
            names.append((i, end))
            taken.update(range(i, end))
        return sorted(names)

    def extend_over_compound_head(self, end: int) -> int:
        """Extend a name that the tagger cut before its last word: the parser made the name a
        compound of a capitalised proper noun outside any entity ("President Amadou Baba" +
        "Kone received ..."), which is then the name's own last word."""
        doc = self.doc
        while (
            end < len(doc)
            and doc[end - 1].dep_ == "compound"
            and doc[end - 1].head.i == end
            and doc[end].pos_ == "PROPN"
            and _is_cap(doc[end])
            and not doc[end].ent_type_
            and end not in self.country_at
            and end not in self.title_tokens
        ):
            end += 1
        return end

    def mislabelled_office_holders(self, taken: set[int]) -> list[tuple[int, int]]:
        """Names the tagger labelled a place or an organisation ("Trump" as ORG, "Erdogan" as
        GPE) that the knowledge base knows as the holder of a named office on the article's
        date: a sitting president's or minister's surname is that person, whatever the label.
        Only entities made of capitalised proper nouns that are no country, city, known
        organisation, group or community; the office must be dated and current, so a surname
        of some long-gone official ("Paris", "Madrid") never turns a place into a person."""
        doc = self.doc
        on = article_date(doc)
        if on is None:
            return []
        found: list[tuple[int, int]] = []
        for ent in doc.ents:
            if ent.label_ not in MISLABELLED_NAME_LABELS:
                continue
            start, end = ent.start, ent.end
            if doc[start].lower_ == "the":
                start += 1
            while end > start and doc[end - 1].lower_ in ("'s", "’s"):
                end -= 1
            words = doc[start:end]
            if any(i in taken for i in range(start, end)) or (
                start > 0 and doc[start - 1].lower_ in NAME_PARTICLES
            ):
                continue  # part of a longer name ("Ursula von der Leyen")
            if not words or not all(
                t.pos_ == "PROPN" and _is_cap(t) and t.i not in self.country_at
                and t.i not in self.city_at and t.i not in self.title_tokens
                for t in words
            ):
                continue
            text = words.text
            if (
                text in self.c.org_by_alias
                or text in self.c.community_by_form
                or text in self.gaz.cities
                or is_known_group(text)
                or not holds_office(text, on)
            ):
                continue
            found.append((start, end))
        return found

    def name_token(self, tok: Token, after_title: bool = False) -> bool:
        """A word of a personal name. Right after a title the tagger's place or group label
        is not trusted ("adviser Mesut Casin" tagged GPE): a title announces a person."""
        allowed = ("", "PERSON", "GPE", "NORP", "ORG") if after_title else ("", "PERSON")
        return (
            tok.pos_ == "PROPN"
            and _is_cap(tok)
            and tok.i not in self.country_at
            and tok.i not in self.title_tokens
            and tok.text not in self.gaz.institution_heads
            and tok.ent_type_ in allowed
        )

    def title_before(self, i: int) -> bool:
        """Whether a title run ends right before token i (through "of the ..." connectors)."""
        doc = self.doc
        j = i - 1
        # "Minister of Foreign Affairs of Armenia X": over connectors and capitalised words
        while (
            j >= 0
            and j not in self.title_tokens
            and (
                doc[j].lower_ in CONNECTORS | {"republic"}
                or (
                    _is_cap(doc[j]) and doc[j].pos_ in ("PROPN", "ADJ") and j not in self.country_at
                )
            )
        ):
            j -= 1
        return j >= 0 and j in self.title_tokens

    @staticmethod
    def describes_title(tok: Token) -> bool:
        """A lower-case word describing the office holder between a country and a title
        ("Egypt's *visiting* Foreign Minister", "the *outgoing* Prime Minister"): the country
        before it still owns the title."""
        return tok.is_lower and tok.pos_ in ("ADJ", "VERB") and tok.dep_ in ("amod", "compound")

    def title_start(
        self, name_start: int, name_at: dict[int, tuple[int, int]] | None = None
    ) -> int:
        """Walk left from a name over the words a title may contain; trim to its first word.
        Another person's name ends the walk: "President A and Foreign Minister B" are two
        people, each with their own title."""
        doc = self.doc
        sent_start = doc[name_start].sent.start
        j = name_start
        while j - 1 >= sent_start:
            tok = doc[j - 1]
            if (name_at and (j - 1) in name_at) or "\n" in tok.text_with_ws:
                break  # another person's name, or a line break (a headline above)
            if (
                tok.i in self.title_tokens
                or tok.i in self.country_at
                or tok.lower_ in self.gaz.title_modifiers
                or tok.lower_ in self.gaz.honorifics
                or tok.lower_ in CONNECTORS
                or (tok.lower_ in POSTING_PREPS and (tok.i + 1) in self.country_at)
                or tok.text in ("(", ")")  # "Secretary (West) of the ... Ministry"
                or tok.lower_ in ("'s", "’s", "-")
                or (_is_cap(tok) and tok.pos_ in ("PROPN", "ADJ", "NOUN"))
                or (self.describes_title(tok) and j in self.title_tokens)
                # "Turkish presidential adviser", "Egypt's visiting foreign minister"
                or (tok.pos_ == "ADJ" and tok.dep_ == "amod")
                or (tok.pos_ in ("NOUN", "VERB") and tok.dep_ in ("compound", "amod"))
            ):
                j -= 1
                continue
            break
        # The title starts at its first title word, modifier, honorific or country.
        while j < name_start and not (
            j in self.title_tokens
            or j in self.country_at
            or doc[j].lower_ in self.gaz.title_modifiers
            or doc[j].lower_ in self.gaz.honorifics
        ):
            j += 1
        # ... and must contain a title or an honorific; else there is none.
        if not any(
            k in self.title_tokens or doc[k].lower_ in self.gaz.honorifics
            for k in range(j, name_start)
        ):
            return name_start
        return j

    def people(self) -> None:
        """People: a name with its title (before it or in an apposition), country and sector.

        The country comes, in order, from the title ("Omani Foreign Minister ..."), an
        organisation that employs them ("U.N. Secretary-General ..."), an apposition ("X,
        Pakistan's ambassador to ..."), the delegation they head, a title only one country uses
        (title_countries.tsv), the person whose aide they are ("Guterres' spokesman, X"), a
        fuller mention of them in the article (link_people), the dated knowledge base
        (actors/knowledge.py) as of the article's date, and last the dateline's country.
        """
        doc = self.doc
        people: list[PersonMention] = []
        # "U.N. Secretary-General Kofi Annan", "Arab League Secretary-General ...": an
        # organisation right before the title is the person's employer
        org_ending_at = {
            end: self.c.org_by_alias[alias]
            for _start, end, alias in self.known_hits
            if alias in self.c.org_by_alias and self.c.org_by_alias[alias].country
        }
        spans = self.name_spans()
        name_at = {i: (s, e) for s, e in spans for i in range(s, e)}
        for start, end in spans:
            self.person_tokens.update(range(start, end))
            t_start = self.title_start(start, name_at)
            title_tokens = doc[t_start:start]
            countries = [h for h in self.hits_in(t_start, start) if not self.posting(h)]
            country = countries[0].iso3 if countries else None
            title, sector, organization = self.read_title(t_start, start)
            employer = org_ending_at.get(t_start) if t_start < start else None
            if country is None and employer is not None:
                country, organization = employer.country, employer.name
            if country is None:
                country = self.city_country(t_start, start)  # "Kharkiv Mayor X"
            boss: tuple[int, int] | None = None
            apposition = self.apposition(start, end, name_at)
            if apposition is not None:
                a_start, a_end = apposition
                a_title, a_sector, a_org = self.read_title(a_start, a_end)
                title, sector = title or a_title, sector or a_sector
                organization = organization or a_org
                if country is None:
                    country = self.phrase_country(a_start, a_end)
                boss = self.boss_in(a_start, a_end, name_at)
            if country is None and apposition is None:
                plain = self.apposition(start, end, name_at, titled=False)
                if plain is not None:
                    country = self.nationality(*plain)
            if country is None and t_start < start:
                boss = boss or self.boss_in(t_start, start, name_at)
            if country is None:
                country = self.clause_country(start, end, t_start)
            if country is None:
                country = self.title_country(title)
            if sector is None and title is not None:
                sector = self.title_sector(title)
            name = doc[start:end].text
            self.person_tokens.update(range(t_start, start))
            span = doc[t_start:end] if len(title_tokens) else doc[start:end]
            people.append(
                PersonMention(
                    span, PersonRef(name=name, title=title), country, sector, organization, boss
                )
            )
        people = self.counterparts(self.with_bosses(self.known_people(link_people(people))))
        for mention in people:
            if mention.country is None:
                # the story's country for an official, else the dateline's (with_story_country)
                self.unplaced[_chars(mention.span)] = mention.span.root
            self.add(
                mention.span, PRIORITY_PERSON, name=mention.ref.name,
                country=mention.country, sector=mention.sector, kind="person",
                person=mention.ref, organization=mention.organization,
            )  # fmt: skip

    def posting(self, hit: CountryHit) -> bool:
        """Whether a country in a title is where the person is posted ("Ambassador in X")."""
        j = hit.start - 1
        while j >= 0 and self.doc[j].lower_ == "the":
            j -= 1
        # "spokesperson for Pakistan's Ministry ...": a possessor names the employer's country
        return (
            j >= 0
            and self.doc[j].lower_ in POSTING_PREPS
            and not self.possessive_after(hit.end - 1)
        )

    def apposition(
        self, start: int, end: int, name_at: dict[int, tuple[int, int]], titled: bool = True
    ) -> tuple[int, int] | None:
        """The title phrase set beside a name by commas ("X, Pakistan's ambassador to the UN,"
        or "Malaysia's former prime minister, X"): tokens [start, end) of that phrase, when it
        holds a title word."""
        doc = self.doc
        root = doc[start:end].root
        phrases: list[tuple[int, int]] = []
        for child in root.children:
            # "X, his counterpart from Brazil, Y": a phrase opened by a possessive pronoun
            # names someone else
            if child.dep_ == "appos" and child.i >= end and child.left_edge.tag_ != "PRP$":
                phrases.append((child.left_edge.i, child.right_edge.i + 1))
        # "the spokesperson for ..., Ambassador X": the parser sometimes makes the name a
        # conjunct of the title noun instead of its apposition; the comma tells them apart
        before = self.title_start(start, name_at) - 1
        set_off = before >= 0 and doc[before].text == ","
        if root.head.i < start and (root.dep_ == "appos" or (root.dep_ == "conj" and set_off)):
            head = root.head
            phrases.append((head.left_edge.i, start))
        for lo, hi in phrases:
            # the phrase starts after the last quote or clause break before its head
            breaks = [i for i in range(lo, hi) if doc[i].text in BREAKS]
            head_at = next((i for i in range(lo, hi) if i in self.title_tokens), hi)
            lo = max([lo] + [i + 1 for i in breaks if i < head_at])
            while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].lower_ == "and"):
                hi -= 1
            while lo < hi and doc[lo].lower_ in ("a", "an", "the", ",", "and"):
                lo += 1
            others = {name_at[i] for i in range(lo, hi) if i in name_at}
            if any(
                other == (start, end) or not self.possessive_after(other[1] - 1) for other in others
            ):
                continue  # another person's name in the phrase: it is theirs, not an aide's
            if not titled or any(i in self.title_tokens for i in range(lo, hi)):
                return lo, hi
        return None

    def nationality(self, start: int, end: int) -> str | None:
        """The country an untitled apposition opens with ("X, Algeria's best-known lawyer",
        "X, a Kenyan activist"): a country adjective or possessor as its first word after the
        article, not a compound ("an Iranian-backed militia leader")."""
        doc = self.doc
        i = start
        while i < end and doc[i].lower_ in ("a", "an", "the"):
            i += 1
        hit = self.country_at.get(i)
        if hit is None or hit.start != i or hit.end >= end or hit.form not in ("name", "adjective"):
            return None
        after = doc[hit.end]
        if after.text in ("-", "–"):
            return None
        if hit.form == "name" and after.lower_ not in POSSESSIVES:
            return None
        return hit.iso3

    def phrase_country(self, start: int, end: int) -> str | None:
        """The first country, or known organisation's country, named in a title phrase."""
        hits = [h for h in self.hits_in(start, end) if not self.posting(h)]
        if hits:
            return hits[0].iso3
        for s, e, alias in self.known_hits:
            org = self.c.org_by_alias.get(alias)
            if start <= s and e <= end and org is not None and org.country:
                return org.country
        return self.city_country(start, end)  # "X, deputy governor of the Perm region"

    def city_country(self, start: int, end: int) -> str | None:
        """The country of the first city named in a title phrase, unless it is a posting ("the
        Mayor of Kharkiv", "Perm's deputy governor"; not "Consul General in Milan")."""
        for i in range(start, end):
            hit = self.city_at.get(i)
            if hit is not None and hit.start >= start and hit.end <= end and not self.posting(hit):
                return hit.iso3
        return None

    def possessive_after(self, i: int) -> bool:
        """Whether token i is followed by a possessive ending ("Guterres’", "Erdogan's")."""
        doc = self.doc
        return i + 1 < len(doc) and (
            doc[i + 1].lower_ in ("'s", "’s", "'", "’") or doc[i + 1].tag_ == "POS"
        )

    def boss_in(
        self, start: int, end: int, name_at: dict[int, tuple[int, int]]
    ) -> tuple[int, int] | None:
        """A person named as possessor in a title ("Guterres' spokesman", "President Erdogan's
        communication chief"): the aide takes that person's country."""
        doc = self.doc
        by_surname = {doc[e - 1].text: (s, e) for s, e in set(name_at.values())}
        for i in range(start, end):
            if self.possessive_after(i):
                if i in name_at:
                    return name_at[i]
                if doc[i].text in by_surname:  # the surname alone, not tagged as a name
                    return by_surname[doc[i].text]
        return None

    @staticmethod
    def with_bosses(people: list[PersonMention]) -> list[PersonMention]:
        """An aide without a country takes the country of the person they serve."""
        out = []
        for m in people:
            if m.country is None and m.boss is not None:
                boss_end = m.boss[1]
                boss = next((o for o in people if o.span.end == boss_end and o is not m), None)
                if boss is not None and boss.country:
                    m = m._replace(country=boss.country)
            out.append(m)
        return out

    def counterparts(self, people: list[PersonMention]) -> list[PersonMention]:
        """ "A and his counterpart from Brazil" in a sentence naming Vietnam and Brazil: A is
        from the other country the sentence names (when it names exactly one other)."""
        doc = self.doc
        out = []
        for m in people:
            if m.country is None:
                root = doc[m.span.start : m.span.end].root
                for conj in root.children:
                    if conj.dep_ != "conj" or conj.lower_ not in COUNTERPART_NOUNS:
                        continue
                    theirs = {h.iso3 for h in self.hits_in(conj.left_edge.i, conj.right_edge.i + 1)}
                    sent = root.sent
                    named = {h.iso3 for h in self.hits_in(sent.start, sent.end)} - theirs
                    if len(theirs) == 1 and len(named) == 1:
                        m = m._replace(country=named.pop())
                        break
            out.append(m)
        return out

    def title_country(self, title: str | None) -> str | None:
        """The one country whose government uses this title (title_countries.tsv)."""
        if not title:
            return None
        lower = f" {title.lower()} "
        for phrase, iso3 in self.c.title_countries:
            if f" {phrase} " in lower:
                return iso3
        return None

    def title_sector(self, title: str) -> str | None:
        """The sector of the longest title word in a phrase ("communication chief" -> GOV)."""
        lower = title.lower()
        best = max((t for t in self.gaz.titles if f" {t} " in f" {lower} "), key=len, default=None)
        return self.gaz.titles[best] if best else None

    def known_people(self, people: list[PersonMention]) -> list[PersonMention]:
        """Country and sector from the dated knowledge base, for people the text leaves without a
        country; one-word names that are neither a known person nor titled are dropped when the
        knowledge base or the gazetteer knows them as something else (a group, a place)."""
        on = article_date(self.doc)
        out: list[PersonMention] = []
        for m in people:
            if m.country is None:
                country, sector = known_country(m.ref.name, on)
                if country is not None:
                    m = m._replace(country=country, sector=m.sector or sector)
                elif self.not_a_person(m):
                    continue
            out.append(m)
        return out

    def line_start(self, i: int) -> bool:
        return i == 0 or "\n" in self.doc[i - 1].text_with_ws

    def not_a_person(self, m: PersonMention) -> bool:
        """An untitled one-word "name" that is a known group, organisation, community or place."""
        if m.ref.title or " " in m.ref.name.strip():
            return False
        word = m.ref.name.strip()
        head = m.span.root
        return (
            (word.isupper() and self.line_start(m.span.start))  # "YEREVAN, MARCH 27": dateline
            or word in self.c.org_by_alias
            or word in self.c.community_by_form
            # "Kachin rebels", "Luo protesters": a community word modifying a noun
            or (
                word in self.c.community_words
                and head.dep_ in ("amod", "compound")
                and head.head.i > head.i
            )
            or word.title() in self.gaz.cities
            or word.lower() in self.c.agencies
            or is_known_group(word)
        )

    def read_title(self, start: int, end: int) -> tuple[str | None, str | None, str | None]:
        """Title text (without the leading country and honorifics), its sector, and the
        organisation it names ("Minister of Foreign Affairs" -> "Ministry of Foreign Affairs")."""
        doc = self.doc
        j = start
        while j < end and (
            j in self.country_at
            or doc[j].lower_ in ("'s", "’s", "new", "the")
            or doc[j].lower_ in self.gaz.honorifics
            or (
                self.describes_title(doc[j])
                and j not in self.title_tokens
                and doc[j].lower_ not in self.gaz.title_modifiers  # "former", "acting" stay
            )
        ):
            j = self.country_at[j].end if j in self.country_at else j + 1
        if j >= end:
            return None, None, None
        title = doc[j:end].text
        matches = sorted(
            ((e - s, -s, t) for s, (e, t) in self.title_at.items() if j <= s and e <= end),
            reverse=True,
        )
        sector = self.gaz.titles[matches[0][2]] if matches else None
        return title, sector, self.title_organization(j, end)

    def title_organization(self, start: int, end: int) -> str | None:
        doc = self.doc
        heads = self.gaz.institution_heads
        last_head = max((k for k in range(start, end) if doc[k].text in heads), default=None)
        if last_head is not None:
            k = last_head
            while k - 1 > start and doc[k - 1].lower_ not in ("of", "the", "for"):
                k -= 1
            return doc[k : last_head + 1].text
        for k in range(start, end - 2):
            if doc[k].lower_ == "minister" and doc[k + 1].lower_ == "of":
                stop = k + 2
                while stop < end and not (
                    doc[stop].lower_ == "of" or stop in self.country_at or doc[stop].lower_ == "the"
                ):
                    stop += 1
                if stop > k + 2:
                    return "Ministry of " + doc[k + 2 : stop].text
        return None

    def clause_country(self, start: int, end: int, t_start: int) -> str | None:
        """The country of the delegation a person heads, leads or represents."""
        doc = self.doc
        tok = doc[end - 1]
        for _ in range(MAX_HEAD_CLIMB):
            if tok.pos_ in ("VERB", "AUX") or tok.head == tok:
                break
            tok = tok.head
        if tok.lemma_ not in self.gaz.clause_verbs:
            return None
        # the verb's own arguments ("the Belarusian side", "The Pakistani delegation was
        # headed by"), not a clause joined to it ("..., while the Iranian delegation ...")
        # "co-chaired by Minister A and his counterpart from Brazil": a country in a person's
        # conjunct is the other person's
        root = doc[start:end].root
        other = {
            i
            for conj in root.children
            if conj.dep_ == "conj"
            for i in range(conj.left_edge.i, conj.right_edge.i + 1)
        }
        countries: set[str] = set()
        for child in tok.children:
            if child.dep_ in CLAUSE_DEPS:
                continue
            lo, hi = child.left_edge.i, child.right_edge.i + 1
            countries |= {
                h.iso3
                for h in self.hits_in(lo, hi)
                if not (t_start <= h.start < end) and h.start not in other
            }
        return countries.pop() if len(countries) == 1 else None

    # --- choosing --------------------------------------------------------------------------

    def select(self) -> list[Actor]:
        """Longest candidates first, then by priority; drop anything that overlaps a kept one."""
        kept: list[Actor] = []
        taken: list[tuple[int, int]] = []
        ordered = sorted(
            self.candidates,
            key=lambda c: (c.actor.span[0] - c.actor.span[1], c.priority, c.actor.span[0]),
        )
        for cand in ordered:
            start, end = cand.actor.span
            if end <= start or any(s < end and start < e for s, e in taken):
                continue
            kept.append(cand.actor)
            taken.append((start, end))
        return sorted(kept, key=lambda a: a.span)


#: Lower-case particles inside personal names ("Ursula von der Leyen", "Abu Bakr al-Baghdadi").
NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "da", "di", "du",
                            "la", "le", "al", "el", "bin", "ibn", "ben", "dos", "das"})  # fmt: skip


def _extend_over_particles(doc: Doc, end: int) -> int:
    """Extend a name that the tagger cut at a particle ("Ursula von" + "der Leyen")."""
    probe = end
    while probe < len(doc) and doc[probe].lower_ in NAME_PARTICLES:
        probe += 1
    if probe > end and probe < len(doc) and _is_cap(doc[probe]) and doc[probe].pos_ == "PROPN":
        while probe < len(doc) and _is_cap(doc[probe]) and doc[probe].pos_ == "PROPN":
            probe += 1
        return probe
    return end


def _surname(name: str) -> str:
    words = name_words(name)
    return words[-1] if words else ""


def link_people(people: list[PersonMention]) -> list[PersonMention]:
    """Give a short mention ("Deputy Minister Vassilenko", "Tokayev") the full name, the
    fullest title, and the country of the fuller mention with the same surname; a one-word
    mention that is the first name of exactly one fuller mention ("Anwar" after "Anwar
    Ibrahim") is that person too."""
    full: dict[str, PersonMention] = {}
    for m in people:
        key = _surname(m.ref.name)
        held = full.get(key)
        if (
            held is None
            or len(m.ref.name) > len(held.ref.name)
            or (
                len(m.ref.name) == len(held.ref.name)
                and len(m.ref.title or "") > len(held.ref.title or "")
            )
        ):
            full[key] = m
    by_first: dict[str, set[str]] = {}
    for m in people:
        words = name_words(m.ref.name)
        if len(words) > 1:
            by_first.setdefault(words[0], set()).add(_surname(m.ref.name))
    linked = []
    for m in people:
        words = name_words(m.ref.name)
        best = full[_surname(m.ref.name)]
        if len(words) == 1 and best.ref.name == m.ref.name:
            surnames = by_first.get(words[0], set())
            if len(surnames) == 1:
                best = full[next(iter(surnames))]
        if best.ref.name == m.ref.name and len(best.ref.title or "") <= len(m.ref.title or ""):
            linked.append(m)
            continue
        if not set(words) <= set(name_words(best.ref.name)):
            linked.append(m)
            continue
        title = (
            best.ref.title if len(best.ref.title or "") >= len(m.ref.title or "") else m.ref.title
        )
        linked.append(
            m._replace(
                ref=PersonRef(name=best.ref.name, title=title),
                country=m.country or best.country,
                sector=m.sector or best.sector,
                organization=m.organization or best.organization,
            )
        )
    return linked


def article_date(doc: Doc) -> date | None:
    """The publication date of the doc's article (the `nlp.pipe` context), if known."""
    article = getattr(doc, "_context", None)
    published = getattr(article, "published", None)
    if not isinstance(published, str) or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


#: Each person pass asks the knowledge base about the same few names over and over (every
#: article names the same leaders); 4096 distinct (name, date) answers cost well under 1 MB.
KNOWN_CACHE_SIZE = 4096


@lru_cache(maxsize=KNOWN_CACHE_SIZE)
def known_country(name: str, on: date | None) -> tuple[str | None, str | None]:
    """The country and sector the knowledge base gives a person's name as of ``on``: only when
    every current reading agrees on one country (a surname shared by two countries' officials
    gives nothing)."""
    matches = [k for k in knowledge_base().lookup(name, on) if k.kind == "person"]
    current = [k for k in matches if k.current] or matches
    # a named office held that day outranks an undated or open-ended bare membership: "Pedersen"
    # in 2025 is the UN envoy named to his office in 2019, not an official listed without one
    office = [k for k in current if _named_office(k)]
    if len({k.country for k in office}) == 1:
        current = office
    countries = {k.country for k in current}
    if len(countries) != 1:
        return None, None
    sectors = {k.sector for k in current}
    return countries.pop(), (sectors.pop() if len(sectors) == 1 else None)


@lru_cache(maxsize=KNOWN_CACHE_SIZE)
def holds_office(name: str, on: date) -> bool:
    """Whether the knowledge base knows ``name`` as one person holding a named, dated office on
    ``on`` (every current reading on one country): "Trump" in 2025, not a surname shared by two
    countries' officials nor one known only from another period."""
    held = [k for k in knowledge_base().lookup(name, on) if k.kind == "person" and k.current]
    office = [k for k in held if _named_office(k)]
    return len({k.country for k in office}) == 1


def _named_office(known: KnownActor) -> bool:
    """A current reading that names its office and when it began (not a bare membership)."""
    return known.current and bool(known.office) and known.start is not None


def is_known_group(name: str) -> bool:
    """Whether the knowledge base knows ``name`` as an organisation or group, not a person."""
    found = knowledge_base().lookup(name)
    return bool(found) and all(k.kind != "person" for k in found)


def link_organizations(actors: list[Actor]) -> list[Actor]:
    """Give a short mention of an institution ("the Academy") the country, sector and full name
    of the one fuller mention earlier in the article whose name starts with it."""
    linked: list[Actor] = []
    for actor in actors:
        if actor.kind == "organization" and actor.country is None:
            short = actor.name.lower().removeprefix("the ").strip()
            fuller = {
                (a.name, a.country, a.sector)
                for a in linked
                if a.kind == "organization" and a.country
                and a.name.lower().removeprefix("the ").startswith(short)
                and len(a.name) > len(actor.name)
            }
            if short and len(fuller) == 1:
                name, country, sector = fuller.pop()
                actor = relabel(
                    actor, name=name, country=country, sector=sector, organization=name
                )
        linked.append(actor)
    return linked


def community_words(gaz: Gazetteer) -> dict[str, tuple[str, str]]:
    """Every written form of a community with its name and CAMEO code: CAMEO's full ethnic and
    religion lists (kb/communities.tsv), the curated table over them, and the singular of each
    curated plural ("Kurds" -> "Kurd", "Moslems" -> "Moslem")."""
    words = {form: (name, code) for form, (name, code, _) in knowledge_base().communities.items()}
    for community in gaz.communities:
        words[community.form] = (community.name, community.code)
    for community in gaz.communities:
        if community.form.endswith("s"):
            words.setdefault(community.form[:-1], (community.name, community.code))
    return words


def kin_communities(
    gaz: Gazetteer, words: dict[str, tuple[str, str]]
) -> dict[str, tuple[str, str | None]]:
    """The community each people's name or adjective of a country names ("Albanians" -> the
    Albanian community, alb; "Turks" -> through its adjective "Turkish", tur), by alias."""
    adjectives: dict[str, list[str]] = {}
    for alias in gaz.countries:
        if alias.form == "adjective":
            adjectives.setdefault(alias.iso3, []).append(alias.alias)
    found: dict[str, tuple[str, str | None]] = {}
    for alias in gaz.countries:
        if alias.form not in ("people", "adjective"):
            continue
        forms = [alias.alias, *adjectives.get(alias.iso3, [])]
        known = next((words[f] for f in forms if f in words), None)
        found[alias.alias] = (known[0], known[1]) if known else (alias.alias, None)
    return found


@Language.factory("communique_actors", assigns=["doc._.actors"], requires=["doc.ents", "token.dep"])
def make_actor_component(nlp: Language, name: str) -> ActorComponent:
    return ActorComponent(nlp, name)
