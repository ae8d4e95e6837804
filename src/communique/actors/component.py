"""spaCy component `communique_actors`: sets `doc._.actors` (sorted, non-overlapping).

Finds states (names, adjectives, capitals acting as governments), sector actors ("Israeli troops",
"the delegation from Belgium"), named institutions, known international organisations and groups,
people with their titles, and the collective "the parties". All matchers are built once in the
factory from the data files (see `gazetteer.py`); each doc costs a few matcher passes and one
walk over its tokens.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from communique.actors.build import (
    STATE_SECTORS,
    acting_for,
    actor_code,
    make_actor,
    relabel,
    state_actor,
    state_kind,
)
from communique.actors.context import dateline_country
from communique.actors.gazetteer import Gazetteer, gazetteer
from communique.actors.registry import name_words
from communique.geo import country_name
from communique.models import Actor, PersonRef
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

#: CAMEO's international actor codes: organisations whose officials act under the body's code.
INTERNATIONAL = frozenset({"IGO", "NGO"})

#: Candidate priorities when two candidates cover the same characters (lower wins).
PRIORITY_PERSON, PRIORITY_KNOWN, PRIORITY_INSTITUTION, PRIORITY_SECTOR, PRIORITY_PLAIN = range(5)


class CountryHit(NamedTuple):
    """A country mention over tokens [start, end); ``sector`` for seats of government."""

    start: int
    end: int
    iso3: str
    form: str
    sector: str | None = None


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
        self.countries = self._matcher(nlp, (a.alias for a in gaz.countries), "ORTH")
        self.known = self._matcher(
            nlp, [o.alias for o in gaz.organizations] + [c.form for c in gaz.communities], "ORTH"
        )
        self.collectives = self._matcher(nlp, gaz.collectives, "LOWER")
        self.titles = self._matcher(nlp, gaz.titles, "LOWER")
        self.cities = self._matcher(nlp, gaz.cities, "ORTH")

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
            hit = CountryHit(start, end, entry.iso3, entry.form, entry.sector)
            for i in range(start, end):
                self.country_at[i] = hit
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

    # --- helpers -------------------------------------------------------------------------

    def inside_person_name(self, start: int, end: int) -> bool:
        """Whether tokens [start, end) are part of a longer PERSON entity."""
        if self.doc[start].ent_type_ != "PERSON":
            return False
        ent = next((e for e in self.doc.ents if e.start <= start and end <= e.end), None)
        return ent is not None and (ent.end - ent.start) > (end - start)

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

    # --- the passes ----------------------------------------------------------------------

    def actors(self) -> list[Actor]:
        self.people()
        self.plain_countries()
        self.known_organizations()
        self.collective_references()
        self.institutions()
        self.sector_nouns()
        return self.organization_officials(link_organizations(self.select()))

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
        for hit in dict.fromkeys(self.country_at.values()):
            span = doc[hit.start : hit.end]
            if hit.form in ("capital", "seat"):
                if self.capital_acts(span.root):
                    self.add_state(span, hit.iso3, hit.sector or "GOV", PRIORITY_PLAIN)
            else:
                self.add_state(span, hit.iso3, None, PRIORITY_PLAIN)

    @staticmethod
    def capital_acts(token: Token) -> bool:
        """Whether a capital or seat of government acts: subject, object or possessor
        ("Tehran vowed", "the Kremlin said", "Beijing's decision", "warned Washington"), or the
        agent of a passive ("was rejected by Moscow"); never inside a place phrase ("in
        Tehran", "talks at the Kremlin", "flew to Beijing")."""
        while token.dep_ == "conj" and token.head is not token:
            token = token.head
        if token.dep_ == "pobj":
            return token.head.dep_ == "agent"
        return token.dep_ in ACTING_DEPS

    def known_organizations(self) -> None:
        doc = self.doc
        for start, end, alias in self.known_hits:
            span = doc[start:end]
            org = self.c.org_by_alias.get(alias)
            if org is not None:
                self.add(
                    span, PRIORITY_KNOWN, name=org.name, country=org.country, sector=org.sector,
                    kind=org.kind,
                    organization=org.name if org.kind != "state" else None,
                )
                continue
            community = self.c.community_by_form[alias]
            self.add(span, PRIORITY_KNOWN, name=community.name, code=community.code, kind="group")

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
            if entry.bare:
                country = self.bare_country(tok, sector)
                self.add(
                    doc[tok.i : tok.i + 1], PRIORITY_SECTOR,
                    name=country_name(country) if country else tok.lower_,
                    country=country, sector=sector, kind=state_kind(sector),
                )

    def bare_country(self, tok: Token, sector: str) -> str | None:
        """The country of a bare actor noun ("the government", "officials", "students").

        A country owns it only when it is written as its owner or as a place: inside the noun's
        own phrase ("students throughout Indonesia", "refugees fleeing the war in Liberia"), else
        the one country or city of the sentence's place phrases ("Police fired on protesters in
        Baghdad", "In Kabul, officials said"). A country that is itself an actor of the sentence
        (subject, object, possessor, or modifier of another noun) never is: "The government
        condemned the Russian strike" is not Russia's government. Failing those, the article's
        dateline country for a state sector (an agency's unnamed officials are its home
        country's), else none. A phrase that names several countries ("Delegations of the
        ministries of A and B") is left to the event coder, which takes each; a named owner we
        cannot place ("Hezbollah guerrillas", "Fatah gunmen") to whoever reads the name.
        """
        if any(c.dep_ in ("compound", "poss") and c.pos_ == "PROPN" for c in tok.children):
            return None
        own = {
            hit.iso3
            for t in tok.subtree
            if (hit := self.country_at.get(t.i) or self.city_at.get(t.i)) and hit.form != "seat"
        }
        if own:
            return own.pop() if len(own) == 1 else None
        places: set[str] = set()
        for t in tok.sent:
            hit = self.country_at.get(t.i) or self.city_at.get(t.i)
            if hit is None or hit.form == "seat" or t.dep_ != "pobj":
                continue
            if t.head.lower_ in LOCATIVE_PREPS:
                places.add(hit.iso3)
        if len(places) == 1:
            return places.pop()
        if not places and sector in STATE_SECTORS:
            return dateline_country(self.doc)
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
            if tok.lower_ in ("and", ",", "'s", "-", "’s") or (
                tok.is_lower and tok.pos_ in ("ADJ", "NOUN")
            ):
                entry = self.gaz.sector_nouns.get(tok.lower_)
                if entry is not None and tok.is_lower:
                    sector = entry.sector
                j -= 1
                continue
            break
        return sector, sorted(found)

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
            while end > start and doc[end - 1].lower_ in ("'s", "’s"):
                end -= 1
            if end > start and any(_is_cap(t) for t in doc[start:end]):
                names.append((start, end))
        taken = {i for s, e in names for i in range(s, e)}
        for tok in doc:
            i = tok.i
            if i in taken or i == 0 or not self.name_token(tok):
                continue
            prev = doc[i - 1]
            after_title = (i - 1) in self.title_tokens or prev.lower_ in self.gaz.honorifics
            after_country_in_title = (i - 1) in self.country_at and self.title_before(
                self.country_at[i - 1].start
            )
            if not (after_title or after_country_in_title) or self.name_token(prev):
                continue
            end = i
            while end < tok.sent.end and end not in taken and (
                self.name_token(doc[end])
                or (doc[end].text == "-" and end + 1 < len(doc) and self.name_token(doc[end + 1]))
            ):
                end += 1
            names.append((i, end))
            taken.update(range(i, end))
        return sorted(names)

    def name_token(self, tok: Token) -> bool:
        return (
            tok.pos_ == "PROPN"
            and _is_cap(tok)
            and tok.i not in self.country_at
            and tok.i not in self.title_tokens
            and tok.text not in self.gaz.institution_heads
            and tok.ent_type_ in ("", "PERSON")
        )

    def title_before(self, i: int) -> bool:
        """Whether a title run ends right before token i (through "of the ..." connectors)."""
        doc = self.doc
        j = i - 1
        while j >= 0 and doc[j].lower_ in CONNECTORS | {"republic"}:
            j -= 1
        return j >= 0 and j in self.title_tokens

    @staticmethod
    def describes_title(tok: Token) -> bool:
        """A lower-case word describing the office holder between a country and a title
        ("Egypt's *visiting* Foreign Minister", "the *outgoing* Prime Minister"): the country
        before it still owns the title."""
        return tok.is_lower and tok.pos_ in ("ADJ", "VERB") and tok.dep_ in ("amod", "compound")

    def title_start(self, name_start: int) -> int:
        """Walk left from a name over the words a title may contain; trim to its first word."""
        doc = self.doc
        sent_start = doc[name_start].sent.start
        j = name_start
        while j - 1 >= sent_start:
            tok = doc[j - 1]
            if (
                tok.i in self.title_tokens
                or tok.i in self.country_at
                or tok.lower_ in self.gaz.title_modifiers
                or tok.lower_ in self.gaz.honorifics
                or tok.lower_ in CONNECTORS
                or tok.lower_ in ("'s", "’s", "-")
                or (_is_cap(tok) and tok.pos_ in ("PROPN", "ADJ", "NOUN"))
                or (self.describes_title(tok) and j in self.title_tokens)
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
        doc = self.doc
        people: list[tuple[Span, PersonRef, str | None, str | None, str | None]] = []
        # "U.N. Secretary-General Kofi Annan", "Arab League Secretary-General ...": an
        # organisation right before the title is the person's employer
        org_ending_at = {
            end: self.c.org_by_alias[alias]
            for _start, end, alias in self.known_hits
            if alias in self.c.org_by_alias and self.c.org_by_alias[alias].kind == "organization"
        }
        for start, end in self.name_spans():
            self.person_tokens.update(range(start, end))
            t_start = self.title_start(start)
            title_tokens = doc[t_start:start]
            countries = self.hits_in(t_start, start)
            country = countries[0].iso3 if countries else None
            title, sector, organization = self.read_title(t_start, start)
            employer = org_ending_at.get(t_start) if t_start < start else None
            if country is None and employer is not None:
                country, organization = employer.country, employer.name
            if country is None:
                country = self.clause_country(start, end, t_start)
            name = doc[start:end].text
            self.person_tokens.update(range(t_start, start))
            span = doc[t_start:end] if len(title_tokens) else doc[start:end]
            people.append((span, PersonRef(name=name, title=title), country, sector, organization))
        people = link_people(people)
        home = dateline_country(self.doc)
        for span, ref, country, sector, organization in people:
            country = country or home
            self.add(
                span, PRIORITY_PERSON, name=ref.name, country=country, sector=sector,
                kind="person", person=ref, organization=organization,
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
            if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
                break
            tok = tok.head
        if tok.lemma_ not in self.gaz.clause_verbs:
            return None
        lo, hi = tok.left_edge.i, tok.right_edge.i + 1
        countries = {
            h.iso3 for h in self.hits_in(lo, hi) if not (t_start <= h.start < end)
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


def link_people(
    people: list[tuple[Span, PersonRef, str | None, str | None, str | None]],
) -> list[tuple[Span, PersonRef, str | None, str | None, str | None]]:
    """Give a short mention ("Deputy Minister Vassilenko", "Tokayev") the full name, the
    fullest title, and the country of the fuller mention with the same surname."""
    full: dict[str, tuple[PersonRef, str | None, str | None, str | None]] = {}
    for _span, ref, country, sector, org in people:
        key = _surname(ref.name)
        held = full.get(key)
        if held is None or len(ref.name) > len(held[0].name) or (
            len(ref.name) == len(held[0].name) and len(ref.title or "") > len(held[0].title or "")
        ):
            full[key] = (ref, country, sector, org)
    linked = []
    for span, ref, country, sector, org in people:
        best = full[_surname(ref.name)]
        best_ref = best[0]
        if best_ref.name == ref.name and len(best_ref.title or "") <= len(ref.title or ""):
            linked.append((span, ref, country, sector, org))
            continue
        if not set(name_words(ref.name)) <= set(name_words(best_ref.name)):
            linked.append((span, ref, country, sector, org))
            continue
        title = best_ref.title if len(best_ref.title or "") >= len(ref.title or "") else ref.title
        linked.append(
            (
                span,
                PersonRef(name=best_ref.name, title=title),
                country or best[1],
                sector or best[2],
                org or best[3],
            )
        )
    return linked


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


@Language.factory("communique_actors", assigns=["doc._.actors"], requires=["doc.ents", "token.dep"])
def make_actor_component(nlp: Language, name: str) -> ActorComponent:
    return ActorComponent(nlp, name)
